package dev.weft;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A channel without a buffer: a send completes only when a receiver takes its value.
 *
 * <p>One short lock orders the queues of parked receivers and of parked senders, so a sender and a
 * receiver can never both park without seeing each other. Any number of receivers may wait at once:
 * a sender hands its value to the first one still waiting, and a receiver takes the value of the
 * first sender still waiting (each queue skips the parties that gave up). The value moves in the
 * same CAS that decides the other party's wait ({@link Waiter#wake}): a sender wakes a parked
 * receiver with a {@link Wake.Delivered}; a receiver wakes a parked sender with this channel as the
 * wake ("taken", see {@link Wake}) and keeps the node's value. A party that gives up must first win
 * its own CAS ({@link Waiter#cancel}); if it loses, the exchange happened and it reports success.
 * So an interrupted send either sent (and returns, the interrupt flag still set) or did not (and
 * throws), never both.
 */
final class RendezvousCore extends ChannelCore {

    private final ReentrantLock lock = new ReentrantLock();

    RendezvousCore() {
        super(0);
    }

    @Override
    int size() {
        return 0; // nothing is ever buffered
    }

    /** Hands {@code value} to a parked receiver, if there is one; the caller holds the lock. */
    private boolean deliverLocked(Object value) {
        return waitingReceivers() > 0 && wakeOneReceiver(new Wake.Delivered(this, value));
    }

    @Override
    boolean trySend(Object value) {
        lock.lock();
        try {
            if (receiverClosed || sendersClosed) {
                throw closedForSend(value);
            }
            return deliverLocked(value);
        } finally {
            lock.unlock();
        }
    }

    @Override
    boolean send(Object value, long deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Waiter waiter = new Waiter(Thread.currentThread());
        WaitQueue.Node node;
        lock.lock();
        try {
            if (receiverClosed || sendersClosed) {
                throw closedForSend(value);
            }
            if (deliverLocked(value)) {
                return true;
            }
            node = sendQueue.add(waiter, value);
        } finally {
            lock.unlock();
        }
        Wake wake = spinThenAwait(waiter, deadline);
        if (wake == null) {
            wake = waiter.cancelUnlessWoken(); // taken at the same moment: the send happened
        }
        return switch (wake) {
            case Wake.Signal.CANCELLED -> {
                sendQueue.remove(node);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                yield false;
            }
            case RendezvousCore taken -> true; // the receiver took the value
            default -> throw closedForSend(value); // Wake.Signal.CLOSED
        };
    }

    @Override
    Object tryRecv() {
        return takeFromSender();
    }

    /**
     * Takes a parked sender's value: the value, {@link NoValue#NOTHING} or {@link NoValue#CLOSED}.
     */
    private Object takeFromSender() {
        WaitQueue.Node node = sendQueue.size() > 0 ? sendQueue.wakeFirst(this) : null;
        if (node != null) {
            return node.value;
        }
        return sendersClosed || receiverClosed ? NoValue.CLOSED : NoValue.NOTHING;
    }

    @Override
    Object recv(long deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        WaitQueue queue = receivers();
        while (true) {
            Waiter waiter = new Waiter(Thread.currentThread());
            WaitQueue.Node node;
            lock.lock();
            try {
                Object now = takeFromSender();
                if (now != NoValue.NOTHING) {
                    return now;
                }
                node = queue.add(waiter, null);
            } finally {
                lock.unlock();
            }
            Wake wake = spinThenAwait(waiter, deadline);
            if (wake == null) {
                wake = waiter.cancelUnlessWoken(); // a sender may deliver at the same moment
            }
            switch (wake) {
                case Wake.Delivered d -> {
                    return d.value();
                }
                case Wake.Signal.CANCELLED -> {
                    queue.remove(node);
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    return NoValue.TIMED_OUT;
                }
                default -> {} // Wake.Signal.CLOSED: loop to report the close (or take a value)
            }
        }
    }

    @Override
    WaitQueue.Node registerReceiver(Waiter waiter) {
        lock.lock();
        try {
            if (sendQueue.size() > 0 || sendersClosed || receiverClosed) {
                return null;
            }
            return receivers().add(waiter, null);
        } finally {
            lock.unlock();
        }
    }

    @Override
    WaitQueue.Node registerSender(Waiter waiter, Object value) {
        lock.lock();
        try {
            if (receiverClosed || sendersClosed || waitingReceivers() > 0) {
                return null; // ready: fails, or hands the value over, when the select polls
            }
            return sendQueue.add(waiter, value);
        } finally {
            lock.unlock();
        }
    }

    private static Wake spinThenAwait(Waiter waiter, long deadline) {
        for (int spin = 0; spin < SPINS && waiter.isWaiting(); spin++) {
            Thread.yield(); // let the partner, likely queued on our carrier, run first
        }
        return waiter.await(deadline);
    }

    @Override
    void closeReceiver() {
        lock.lock();
        try {
            receiverClosed = true;
            sendQueue.wakeAll(Wake.Signal.CLOSED);
            wakeAllReceivers();
        } finally {
            lock.unlock();
        }
        wakeCloseWatchers();
    }

    /**
     * Refuses every parked send before {@code sendersClosed} is set, all under the lock that sends
     * take to park: a receiver that sees the flag (isDone, tryRecv, which take no lock) finds no
     * send still waiting, and a send that takes the lock afterwards sees the flag and fails.
     */
    @Override
    void lastSenderClosed() {
        lock.lock();
        try {
            sendQueue.wakeAll(Wake.Signal.CLOSED);
            sendersClosed = true;
            wakeAllReceivers();
        } finally {
            lock.unlock();
        }
    }
}

package dev.weft;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A channel without a buffer: a send completes only when a receiver takes its value.
 *
 * <p>One short lock orders the parked receiver and the queue of parked senders, so a sender and a
 * receiver can never both park without seeing each other. The value moves in the same CAS that
 * decides the other party's wait ({@link Waiter#wake}): a sender wakes a parked receiver with a
 * {@link Wake.Delivered}; a receiver wakes a parked sender with this channel as the wake ("taken",
 * see {@link Wake}) and keeps the node's value. A party that gives up must first win its own CAS
 * ({@link Waiter#cancel}); if it loses, the exchange happened and it reports success. So an
 * interrupted send either sent (and returns, the interrupt flag still set) or did not (and throws),
 * never both.
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
        Waiter r = receiverWaiter;
        if (r != null) {
            receiverWaiter = null;
            return r.wake(new Wake.Delivered(this, value));
        }
        return false;
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
        SendQueue.Node node;
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
        enterReceive();
        try {
            return takeFromSender();
        } finally {
            exitReceive();
        }
    }

    /**
     * Takes a parked sender's value: the value, {@link NoValue#NOTHING} or {@link NoValue#CLOSED}.
     */
    private Object takeFromSender() {
        SendQueue.Node node = sendQueue.size() > 0 ? sendQueue.wakeFirst(this) : null;
        if (node != null) {
            return node.value;
        }
        return sendersClosed || receiverClosed ? NoValue.CLOSED : NoValue.NOTHING;
    }

    @Override
    Object recv(long deadline) throws InterruptedException {
        enterReceive();
        try {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            while (true) {
                Waiter waiter = new Waiter(Thread.currentThread());
                lock.lock();
                try {
                    Object now = takeFromSender();
                    if (now != NoValue.NOTHING) {
                        return now;
                    }
                    receiverWaiter = waiter;
                } finally {
                    lock.unlock();
                }
                Wake wake = spinThenAwait(waiter, deadline);
                if (wake == null) {
                    lock.lock();
                    try {
                        if (waiter.cancel()) {
                            if (receiverWaiter == waiter) {
                                receiverWaiter = null;
                            }
                            if (Thread.interrupted()) {
                                throw new InterruptedException();
                            }
                            return NoValue.TIMED_OUT;
                        }
                    } finally {
                        lock.unlock();
                    }
                    wake = waiter.cancelUnlessWoken(); // a sender delivered at the same moment
                }
                if (wake instanceof Wake.Delivered d) {
                    return d.value();
                }
                // Wake.Signal.CLOSED: loop to report the close (or take a late sender's value)
            }
        } finally {
            exitReceive();
        }
    }

    @Override
    Object receiveNow() {
        return takeFromSender();
    }

    @Override
    boolean registerReceiver(Waiter waiter) {
        lock.lock();
        try {
            if (sendQueue.size() > 0 || sendersClosed || receiverClosed) {
                return true;
            }
            receiverWaiter = waiter;
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    void unregisterReceiver(Waiter waiter) {
        lock.lock();
        try {
            super.unregisterReceiver(waiter);
        } finally {
            lock.unlock();
        }
    }

    @Override
    SendQueue.Node registerSender(Waiter waiter, Object value) {
        lock.lock();
        try {
            if (receiverClosed || sendersClosed || receiverWaiter != null) {
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
            wakeReceiver(Wake.Signal.CLOSED);
        } finally {
            lock.unlock();
        }
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
            wakeReceiver(Wake.Signal.CLOSED);
        } finally {
            lock.unlock();
        }
    }
}

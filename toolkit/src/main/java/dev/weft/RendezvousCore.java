package dev.weft;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A channel without a buffer: a send completes only when a receiver takes its value.
 *
 * <p>One short lock orders the parked receiver and the queue of parked senders, so a sender and a
 * receiver can never both park without seeing each other. The value moves in the same CAS that
 * decides the other party's wait ({@link Waiter#wake}): a sender wakes a parked receiver with a
 * {@link Delivery}; a receiver wakes a parked sender with this channel as the token and keeps the
 * node's value. A party that gives up must first win its own CAS ({@link Waiter#cancel}); if it
 * loses, the exchange happened and it reports success. So an interrupted send either sent (and
 * returns, the interrupt flag still set) or did not (and throws), never both.
 */
final class RendezvousCore extends ChannelCore {
    /**
     * Wake token for a parked receiver, carrying the value a sender handed it and the channel it
     * came through (a select may wait on several). A parked sender whose value a receiver took is
     * woken with the channel itself as the token.
     */
    record Delivery(RendezvousCore channel, Object value) {}

    private final ReentrantLock lock = new ReentrantLock();

    RendezvousCore() {
        super(0);
    }

    @Override
    int offer(Object value) {
        return FULL; // nothing is ever buffered
    }

    @Override
    void closeBuffer() {
        // no buffer: the lock orders sends and the close
    }

    @Override
    Object poll() {
        return null;
    }

    @Override
    boolean hasPendingOffer() {
        return false;
    }

    @Override
    int size() {
        return 0;
    }

    /** Hands {@code value} to a parked receiver, if there is one; the caller holds the lock. */
    private boolean deliverLocked(Object value) {
        Waiter r = receiverWaiter;
        if (r != null) {
            receiverWaiter = null;
            return r.wake(new Delivery(this, value));
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
        Object state = spinThenAwait(waiter, deadline);
        if (state == Waiter.WAITING) {
            if (waiter.cancel()) {
                sendQueue.remove(node);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                return false;
            }
            state = waiter.state; // taken at the same moment: the send happened
        }
        if (state == this) {
            return true; // taken
        }
        throw closedForSend(value); // CLOSE_TOKEN
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

    /** Takes a parked sender's value: the value, {@link #NOTHING} or {@link #CLOSED}. */
    private Object takeFromSender() {
        SendQueue.Node node = sendQueue.size() > 0 ? sendQueue.wakeFirst(this) : null;
        if (node != null) {
            return node.value;
        }
        return sendersClosed || receiverClosed ? CLOSED : NOTHING;
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
                    if (now != NOTHING) {
                        return now;
                    }
                    receiverWaiter = waiter;
                } finally {
                    lock.unlock();
                }
                Object state = spinThenAwait(waiter, deadline);
                if (state == Waiter.WAITING) {
                    lock.lock();
                    try {
                        if (waiter.cancel()) {
                            if (receiverWaiter == waiter) {
                                receiverWaiter = null;
                            }
                            if (Thread.interrupted()) {
                                throw new InterruptedException();
                            }
                            return TIMED_OUT;
                        }
                    } finally {
                        lock.unlock();
                    }
                    state = waiter.state; // a sender delivered at the same moment: keep it
                }
                if (state instanceof Delivery d) {
                    return d.value();
                }
                // CLOSE_TOKEN: loop to report the close (or take a late sender's value)
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

    @Override
    boolean tookValue(Object token) {
        return token == this;
    }

    @Override
    Object deliveredValue(Object token) {
        return token instanceof Delivery d && d.channel() == this ? d.value() : null;
    }

    private static Object spinThenAwait(Waiter waiter, long deadline) {
        for (int spin = 0; spin < SPINS && waiter.isWaiting(); spin++) {
            Thread.yield(); // let the partner, likely queued on our carrier, run first
        }
        return waiter.await(deadline);
    }

    @Override
    void closeReceiver() {
        lock.lock();
        try {
            super.closeReceiver();
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
            sendQueue.wakeAll(CLOSE_TOKEN);
            sendersClosed = true;
            Waiter w = receiverWaiter;
            if (w != null) {
                w.wake(CLOSE_TOKEN);
            }
        } finally {
            lock.unlock();
        }
    }
}

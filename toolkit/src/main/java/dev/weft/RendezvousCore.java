package dev.weft;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A channel without a buffer: a send completes only when a receiver takes its value.
 *
 * <p>One short lock orders the queues of parked receivers and of parked senders, so a sender and a
 * receiver can never both park without seeing each other. Any number of receivers may wait at once:
 * a sender hands its value to the first one still waiting, and a receiver takes the value of the
 * first sender still waiting (each queue skips the parties that gave up). The value moves in the
 * same CAS that decides the other party's wait ({@link Waiter#decide}): a sender writes its value
 * into a parked receiver's node and then wakes it with this channel as the wake ("delivered"); a
 * receiver wakes a parked sender with this channel as the wake ("taken") and keeps the node's
 * value. A party that gives up must first win its own CAS ({@link Waiter#cancel}); if it loses, the
 * exchange happened and it reports success. So an interrupted send either sent (and returns, the
 * interrupt flag still set) or did not (and throws), never both.
 *
 * <p>Design note: what a hand-off costs. When the partner already waits, a send or a receive takes
 * the channel's lock once, unlinks the partner's node, CASes its waiter and lets go; it allocates
 * nothing (no waiter of its own, no wake object: the value rides in the partner's node, which only
 * the party that unlinked it under the lock writes, before its CAS, and the partner reads after it
 * saw the CAS), and it unparks the partner after unlocking, so the partner does not wake into a
 * held lock. Both queues share that one lock ({@link WaitQueue#WaitQueue(WaitQueue)}); there is no
 * second lock per hand-off. Only a party that must wait allocates: its waiter and its node.
 *
 * <p>Design note: how long a party yields before it parks ({@link #SPINS}). It yields, as a
 * buffered channel's party does ({@link ChannelCore#SPINS}): the partner that will complete the
 * exchange is usually queued on our own carrier, and only a yield lets it run. One yield is almost
 * always enough, so it yields twice, not eight times, before it parks.
 */
final class RendezvousCore extends ChannelCore {

    /**
     * How often a party that queued yields and re-checks before it parks: 2, not the buffered
     * channels' {@link ChannelCore#SPINS} (8). In a ping-pong between two virtual threads (200,000
     * round trips, counted with a temporary probe) 99% of the waits ended after exactly one yield:
     * the partner was queued on the same carrier and completed the exchange in that yield; the
     * other 1% parked whether the limit was 2 or 8. With no yield at all every wait parked, and a
     * round trip took 1.5 to 2.5 times as long. RendezvousBench could not tell 1, 2, 3, 4 and 8
     * apart on the shared machine; 2 leaves one spare yield for a partner that needs a second turn.
     * Spinning with {@code onSpinWait} first (100 or 500 turns) made a round trip 20 to 60 times
     * slower on the loaded machine: the partner was queued behind the spinner.
     */
    static final int SPINS = 2;

    private final ReentrantLock lock;
    private final WaitQueue receiveQueue;

    RendezvousCore() {
        super(0);
        this.lock = sendQueue.lock();
        this.receiveQueue = new WaitQueue(sendQueue); // the same lock orders both queues
        this.recvQueue = receiveQueue;
    }

    @Override
    int size() {
        return 0; // nothing is ever buffered
    }

    @Override
    boolean trySend(Object value) {
        WaitQueue.Node taker;
        lock.lock();
        try {
            if (receiverClosed || sendersClosed) {
                throw closedForSend(value);
            }
            taker = receiveQueue.claimFirstLocked(this, value);
        } finally {
            lock.unlock();
        }
        if (taker == null) {
            return false;
        }
        taker.waiter.unpark();
        return true;
    }

    @Override
    boolean send(Object value, long deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Waiter waiter;
        WaitQueue.Node node;
        lock.lock();
        try {
            if (receiverClosed || sendersClosed) {
                throw closedForSend(value);
            }
            node = receiveQueue.claimFirstLocked(this, value);
            if (node == null) {
                waiter = new Waiter(Thread.currentThread());
                node = sendQueue.addLocked(waiter, value);
            } else {
                waiter = null; // a receiver was waiting: it has the value
            }
        } finally {
            lock.unlock();
        }
        if (waiter == null) {
            node.waiter.unpark();
            return true;
        }
        Object wait = Jfr.ON ? Jfr.waitBegun() : null; // a ChannelWait event, if recorded
        if (wait == null) {
            return awaitTaken(waiter, node, value, deadline);
        }
        boolean sent;
        try {
            sent = awaitTaken(waiter, node, value, deadline);
        } catch (Throwable e) {
            Jfr.waitEnded(wait, "send", this, deadline, null, e);
            throw e;
        }
        Jfr.sendEnded(wait, this, deadline, sent);
        return sent;
    }

    /** The part of {@link #send} that waits, queued: until a receiver takes the value. */
    private boolean awaitTaken(Waiter waiter, WaitQueue.Node node, Object value, long deadline)
            throws InterruptedException {
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
        if (sendQueue.size() == 0) { // no sender waits: no lock (a select polls this often)
            return sendersClosed || receiverClosed ? NoValue.CLOSED : NoValue.NOTHING;
        }
        WaitQueue.Node giver;
        lock.lock();
        try {
            giver = sendQueue.claimFirstLocked(this, null);
            if (giver == null) {
                return sendersClosed || receiverClosed ? NoValue.CLOSED : NoValue.NOTHING;
            }
        } finally {
            lock.unlock();
        }
        giver.waiter.unpark();
        return giver.value;
    }

    @Override
    Object recv(long deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Object wait = null; // a ChannelWait event, begun when it first has to wait, if recorded
        while (true) {
            Waiter waiter;
            WaitQueue.Node node;
            lock.lock();
            try {
                node = sendQueue.claimFirstLocked(this, null);
                if (node == null) {
                    if (sendersClosed || receiverClosed) {
                        return received(wait, deadline, NoValue.CLOSED);
                    }
                    waiter = new Waiter(Thread.currentThread());
                    node = receiveQueue.addLocked(waiter, null);
                } else {
                    waiter = null; // a sender was waiting: its value is ours
                }
            } finally {
                lock.unlock();
            }
            if (waiter == null) {
                node.waiter.unpark();
                return received(wait, deadline, node.value);
            }
            if (Jfr.ON && wait == null) {
                wait = Jfr.waitBegun();
            }
            Wake wake = spinThenAwait(waiter, deadline);
            if (wake == null) {
                wake = waiter.cancelUnlessWoken(); // a sender may deliver at the same moment
            }
            switch (wake) {
                case RendezvousCore delivered -> {
                    // the sender wrote it into our node before its CAS
                    return received(wait, deadline, node.value);
                }
                case Wake.Signal.CANCELLED -> {
                    receiveQueue.remove(node);
                    if (Thread.interrupted()) {
                        InterruptedException e = new InterruptedException();
                        if (Jfr.ON && wait != null) {
                            Jfr.waitEnded(wait, "receive", this, deadline, null, e);
                        }
                        throw e;
                    }
                    return received(wait, deadline, NoValue.TIMED_OUT);
                }
                default -> {} // Wake.Signal.CLOSED: loop to report the close (or take a value)
            }
        }
    }

    /** What {@link #recv} returns, recorded if it waited and JFR records its wait. */
    private Object received(Object wait, long deadline, Object got) {
        if (Jfr.ON && wait != null) {
            Jfr.recvEnded(wait, this, deadline, got);
        }
        return got;
    }

    @Override
    WaitQueue.Node registerReceiver(Waiter waiter) {
        lock.lock();
        try {
            if (sendQueue.size() > 0 || sendersClosed || receiverClosed) {
                return null;
            }
            return receiveQueue.addLocked(waiter, null);
        } finally {
            lock.unlock();
        }
    }

    @Override
    WaitQueue.Node registerSender(Waiter waiter, Object value) {
        lock.lock();
        try {
            if (receiverClosed || sendersClosed || receiveQueue.size() > 0) {
                return null; // ready: fails, or hands the value over, when the select polls
            }
            return sendQueue.addLocked(waiter, value);
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
     * take to park: a receiver that sees the flag (isDone, tryRecv, which read it without the lock)
     * finds no send still waiting, and a send that takes the lock afterwards sees the flag and
     * fails.
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

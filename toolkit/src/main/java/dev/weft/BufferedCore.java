package dev.weft;

/**
 * The blocking algorithm of the buffered kinds of channel, shared by {@link ArrayCore} (bounded)
 * and {@link LinkedCore} (unbounded), which supply the buffer ({@link #offer}, {@link #poll}).
 *
 * <p>A wake from a buffered channel carries no value: the channel itself is the token (see {@link
 * Wake}), and only says "look again". A woken receiver retries the buffer, and one that is woken
 * for a value it then does not take (a select that commits another arm) passes the wake on ({@link
 * #signalValue}); a woken sender retries its offer, and one that is woken for room it then does not
 * use passes the wake on ({@link #signalRoom}). Since values never travel through a waiter, an
 * interrupted send or receive cannot lose or duplicate a value: it simply was not sent, or not
 * taken.
 *
 * <p>Design note: several consumers. Any number of threads may receive at once. They take values
 * out of the buffer one at a time, inside the take lock ({@link #lockTake}), which is held only
 * around a take that cannot block ({@link #tryRecv}); a receiver that finds nothing queues itself
 * in the receive queue and parks outside it. A send that put a value in wakes one parked receiver.
 * A woken receiver may find the value gone (a receiver that was not parked took it first): it
 * queues itself again, and that is right, since the value it was woken for was received. No value
 * can sit in the buffer while every receiver sleeps: each value's send reads the queue after it
 * wrote the value, and each receiver reads the buffer after it queued itself.
 */
abstract non-sealed class BufferedCore extends ChannelCore {

    /** {@link #offer} put the value into the buffer. */
    static final int OFFERED = 0;

    /** {@link #offer}: no room. */
    static final int FULL = 1;

    /** {@link #offer}: the receiver is closed; the value was not taken. */
    static final int REFUSED = 2;

    BufferedCore(int capacity) {
        super(capacity);
    }

    // ---- the buffer, by kind ----------------------------------------------------------------

    /**
     * Puts {@code value} into the buffer if there is room and the receiver is not closed; never
     * blocks. The close is checked in the same atomic step that claims room, so a value is never
     * put into a buffer after the receiver has finished draining it.
     *
     * @return {@link #OFFERED}, {@link #FULL} or {@link #REFUSED}
     */
    abstract int offer(Object value);

    /** Marks the buffer closed for senders, atomically with respect to {@link #offer}. */
    abstract void closeBuffer();

    /** Takes the oldest value, or {@code null}; called inside the take lock only. */
    abstract Object poll();

    /**
     * Whether a send has claimed room but not yet written its value (or is undoing a refused
     * claim); any thread may ask.
     */
    abstract boolean hasPendingOffer();

    // ---- sending ----------------------------------------------------------------------------

    @Override
    final boolean trySend(Object value) {
        switch (offer(value)) {
            case OFFERED:
                afterOffer();
                return true;
            case FULL:
                return false;
            default:
                throw closedForSend(value);
        }
    }

    @Override
    final boolean send(Object value, long deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        for (int spin = 0; spin < SPINS; spin++) {
            if (trySend(value)) {
                return true;
            }
            Thread.yield();
        }
        Object wait = Jfr.ON ? Jfr.waitBegun() : null; // a ChannelWait event, if recorded
        if (wait == null) {
            return sendWaiting(value, deadline);
        }
        boolean sent;
        try {
            sent = sendWaiting(value, deadline);
        } catch (Throwable e) {
            Jfr.waitEnded(wait, "send", this, deadline, null, e);
            throw e;
        }
        Jfr.sendEnded(wait, this, deadline, sent);
        return sent;
    }

    /** The part of {@link #send} that waits: the buffer stayed full while it yielded. */
    private boolean sendWaiting(Object value, long deadline) throws InterruptedException {
        while (true) {
            Waiter waiter = new Waiter(Thread.currentThread());
            WaitQueue.Node node = sendQueue.add(waiter, null);
            int offered;
            try {
                offered = offer(value);
            } catch (RuntimeException | Error e) {
                // offer allocates when a bounded ring grows, and that can fail (OutOfMemoryError):
                // leave nothing registered, and hand on a wake we may have got meanwhile.
                if (!waiter.cancel()) {
                    signalRoom();
                }
                sendQueue.remove(node);
                throw e;
            }
            boolean sent = offered == OFFERED;
            if (offered != FULL) {
                // Room (or a close) appeared while registering: leave the queue; if a consumer
                // woke us meanwhile for room we did not need, hand that wake on.
                boolean wasWoken = !waiter.cancel();
                sendQueue.remove(node);
                if (!sent) {
                    throw closedForSend(value);
                }
                if (wasWoken) {
                    signalRoom();
                }
                afterOffer();
                return true;
            }
            if (waiter.awaitOrCancel(deadline) == Wake.Signal.CANCELLED) {
                sendQueue.remove(node);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                return false; // the deadline passed
            }
            // Woken (perhaps at the same moment as the interrupt or deadline) because room was
            // made or the receiver closed: take the room, or wait again if another sender was
            // faster.
            int retried;
            try {
                retried = offer(value);
            } catch (RuntimeException | Error e) {
                signalRoom(); // the room we were woken for goes to another sender
                throw e;
            }
            if (retried == OFFERED) {
                afterOffer();
                return true; // an interrupt that arrived meanwhile stays set
            }
            if (retried == REFUSED) {
                throw closedForSend(value);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0) {
                return false;
            }
        }
    }

    /** After a value entered the buffer: wake one parked receiver, if any. */
    final void afterOffer() {
        wakeOneReceiver(this);
    }

    /**
     * A receiver woken for a value did not take it (a select that committed another arm, or a
     * receive that found a value while it was registering): wake another parked receiver.
     */
    final void signalValue() {
        wakeOneReceiver(this);
    }

    /**
     * After room was made: wake one parked sender. The token is this channel, so that a select with
     * several send arms knows which channel has room (and can pass the wake on if it uses another
     * arm).
     */
    final void signalRoom() {
        if (sendQueue.size() > 0) {
            sendQueue.wakeFirst(this);
        }
    }

    // ---- receiving --------------------------------------------------------------------------

    @Override
    final Object tryRecv() {
        Object value;
        lockTake();
        try {
            value = takeNow();
        } finally {
            unlockTake();
        }
        if (!(value instanceof NoValue)) {
            signalRoom(); // outside the take lock: it may unpark a sender
        }
        return value;
    }

    /** {@link #tryRecv}'s take, inside the take lock. */
    private Object takeNow() {
        Object value = poll();
        while (value == null && hasPendingOffer()) {
            // A send has claimed the next slot but not written it yet, and later sends may have
            // finished behind it: wait out that write (it cannot block), as tokio's try_recv
            // does, so that a value whose send returned is never reported missing.
            Thread.onSpinWait();
            value = poll();
        }
        if (value != null) {
            return value;
        }
        if (sendersClosed || receiverClosed) {
            return drainAfterClose();
        }
        return NoValue.NOTHING;
    }

    @Override
    final Object recv(long deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        for (int spin = 0; spin < SPINS; spin++) {
            Object value = tryRecv();
            if (value != NoValue.NOTHING) {
                return value;
            }
            Thread.yield();
        }
        Object wait = Jfr.ON ? Jfr.waitBegun() : null; // a ChannelWait event, if recorded
        if (wait == null) {
            return recvWaiting(deadline);
        }
        Object got;
        try {
            got = recvWaiting(deadline);
        } catch (Throwable e) {
            Jfr.waitEnded(wait, "receive", this, deadline, null, e);
            throw e;
        }
        Jfr.recvEnded(wait, this, deadline, got);
        return got;
    }

    /** The part of {@link #recv} that waits: the buffer stayed empty while it yielded. */
    private Object recvWaiting(long deadline) throws InterruptedException {
        while (true) {
            Waiter waiter = new Waiter(Thread.currentThread());
            // The slot if it is free (a single consumer), else the queue: see firstReceiver.
            WaitQueue.Node node = takeReceiverSlot(waiter) ? null : receivers().add(waiter, null);
            Object value = tryRecv();
            if (value != NoValue.NOTHING) {
                // Found while registering: leave the slot or queue; if a sender woke us meanwhile
                // for a value we may not have taken, hand that wake on.
                boolean wasWoken = !waiter.cancel();
                leave(waiter, node);
                if (wasWoken) {
                    signalValue();
                }
                return value;
            }
            Wake wake = waiter.await(deadline);
            if (wake == null && waiter.cancel()) {
                leave(waiter, node);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                return NoValue.TIMED_OUT;
            }
            // Woken (the waker took us out of the slot or the queue): a value arrived or the
            // channel closed; loop to take
            // it, or to queue again if another receiver was faster.
        }
    }

    /** Stops waiting in the receiver slot ({@code node == null}) or the receive queue. */
    private void leave(Waiter waiter, WaitQueue.Node node) {
        if (node == null) {
            leaveReceiverSlot(waiter);
        } else {
            receivers().remove(node);
        }
    }

    private Object drainAfterClose() {
        Object value;
        while ((value = poll()) == null && hasPendingOffer()) {
            Thread.onSpinWait(); // a send that began before the close is finishing its write
        }
        return value != null ? value : NoValue.CLOSED;
    }

    // ---- select -----------------------------------------------------------------------------

    @Override
    final WaitQueue.Node registerReceiver(Waiter waiter) {
        WaitQueue queue = receivers();
        WaitQueue.Node node = queue.add(waiter, null);
        if (size() > 0 || hasPendingOffer() || sendersClosed || receiverClosed) {
            queue.remove(node);
            return null;
        }
        return node;
    }

    /** Registers a sender waiting for room; the node carries no value (see the class note). */
    @Override
    final WaitQueue.Node registerSender(Waiter waiter, Object value) {
        WaitQueue.Node node = sendQueue.add(waiter, null);
        if (size() < capacity || receiverClosed || sendersClosed) {
            sendQueue.remove(node);
            return null;
        }
        return node;
    }

    // ---- closing ----------------------------------------------------------------------------

    /**
     * Every sender handle is closed: refuse the sends still under way (see "Closing" in {@link
     * Channel}'s design note), then let the receiver see the end. The order matters: the buffer
     * refuses new claims before {@code sendersClosed} is set, so a receiver that sees the flag and
     * then finds nothing buffered or pending is right that nothing more can come.
     */
    @Override
    final void lastSenderClosed() {
        closeBuffer();
        sendersClosed = true;
        sendQueue.wakeAll(Wake.Signal.CLOSED); // parked sends retry, are refused, hand back
        wakeAllReceivers();
    }

    /**
     * The receiving side was closed (its last handle): parked and future sends fail; values already
     * buffered can still be received (tokio's {@code Receiver::close}) and are dropped with the
     * channel otherwise.
     */
    @Override
    final void closeReceiver() {
        closeBuffer();
        receiverClosed = true;
        sendQueue.wakeAll(Wake.Signal.CLOSED);
        wakeAllReceivers();
        wakeCloseWatchers();
    }
}

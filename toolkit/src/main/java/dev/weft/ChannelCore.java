package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ConcurrentModificationException;

/**
 * The shared state of one channel and the blocking algorithm of its buffered kinds; see {@link
 * Channel} for the design. Subclasses supply the buffer ({@link #offer}, {@link #poll}); {@link
 * RendezvousCore} replaces the blocking paths with a direct hand-off.
 */
abstract class ChannelCore extends ChannelLayout.PadAfterReceiver {
    /** What {@link #recv} returns once the channel is closed and drained. */
    static final Object CLOSED = new Object();

    /** What {@link #recv} returns when its deadline passed. */
    static final Object TIMED_OUT = new Object();

    /** What {@link #tryRecv} returns when nothing is there now. */
    static final Object NOTHING = new Object();

    /** Wake token: the channel closed. */
    static final Object CLOSE_TOKEN = new Object();

    /**
     * How often a blocked party yields and re-checks before it parks. Yielding, not spinning: a
     * virtual thread that wakes another queues it on its own carrier, so the party we wait for is
     * often queued behind us, and only yielding lets it run (spinning with onSpinWait cost ~1.8 µs
     * per wait and made bounded(16) 5x slower in a measured A/B).
     */
    static final int SPINS = 8;

    private static final VarHandle RECEIVING;
    private static final VarHandle OPEN_SENDERS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RECEIVING =
                    l.findVarHandle(ChannelLayout.ReceiverLine.class, "receiving", Thread.class);
            OPEN_SENDERS = l.findVarHandle(ChannelCore.class, "openSenders", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int capacity;

    /** Open sender handles (an int and a VarHandle: an AtomicInteger would cost 16 bytes more). */
    volatile int openSenders = 1;

    volatile boolean sendersClosed;
    volatile boolean receiverClosed;
    volatile Waiter receiverWaiter;
    final SendQueue sendQueue = new SendQueue();

    ChannelCore(int capacity) {
        this.capacity = capacity;
    }

    // ---- the buffer, by kind ----------------------------------------------------------------

    /** {@link #offer} put the value into the buffer. */
    static final int OFFERED = 0;

    /** {@link #offer}: no room. */
    static final int FULL = 1;

    /** {@link #offer}: the receiver is closed; the value was not taken. */
    static final int REFUSED = 2;

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

    /** Takes the oldest value, or {@code null}; called by the one receiving thread only. */
    abstract Object poll();

    /**
     * Whether a send has claimed room but not yet written its value (or is undoing a refused
     * claim); receiving thread only.
     */
    abstract boolean hasPendingOffer();

    /** The number of buffered values (a snapshot). */
    abstract int size();

    // ---- sending ----------------------------------------------------------------------------

    /** Sends without blocking; false if the buffer is full. */
    boolean trySend(Object value) {
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

    /**
     * Sends, waiting for room until {@code deadline} ({@code Long.MAX_VALUE}: no deadline).
     *
     * @return true if sent, false if the deadline passed first
     */
    boolean send(Object value, long deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        for (int spin = 0; spin < SPINS; spin++) {
            if (trySend(value)) {
                return true;
            }
            Thread.yield();
        }
        while (true) {
            Waiter waiter = new Waiter(Thread.currentThread());
            SendQueue.Node node = sendQueue.add(waiter, null);
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
            if (waiter.await(deadline) == Waiter.WAITING && waiter.cancel()) {
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

    /** After a value entered the buffer: wake the receiver if it is parked. */
    final void afterOffer() {
        Waiter w = receiverWaiter;
        if (w != null) {
            w.wake(this);
        }
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

    /**
     * The failure of a send the channel refused, carrying its value. Refused means the receiver is
     * closed, or every sender handle was closed while this send was under way (through a handle
     * that another thread closed). {@link #lastSenderClosed} takes the count to 0 before it closes
     * the buffer, so when the count is 0 the second reason holds whichever close refused it.
     */
    final ChannelClosedException closedForSend(Object value) {
        boolean everyHandleClosed = openSenders == 0 && !receiverClosed;
        return new ChannelClosedException(
                everyHandleClosed
                        ? "cannot send: every sender handle of this channel was closed while the"
                                + " send was under way"
                        : "cannot send: the receiver of this channel is closed",
                value);
    }

    // ---- receiving --------------------------------------------------------------------------

    /** Receives without blocking: a value, {@link #NOTHING}, or {@link #CLOSED}. */
    Object tryRecv() {
        enterReceive();
        try {
            return tryRecvLocked();
        } finally {
            exitReceive();
        }
    }

    private Object tryRecvLocked() {
        Object value = poll();
        while (value == null && hasPendingOffer()) {
            // A send has claimed the next slot but not written it yet, and later sends may have
            // finished behind it: wait out that write (it cannot block), as tokio's try_recv
            // does, so that a value whose send returned is never reported missing.
            Thread.onSpinWait();
            value = poll();
        }
        if (value != null) {
            signalRoom();
            return value;
        }
        if (sendersClosed || receiverClosed) {
            return drainAfterClose();
        }
        return NOTHING;
    }

    /**
     * Receives, waiting until {@code deadline}: a value, {@link #CLOSED} once closed and drained,
     * or {@link #TIMED_OUT}.
     */
    Object recv(long deadline) throws InterruptedException {
        enterReceive();
        try {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            for (int spin = 0; spin < SPINS; spin++) {
                Object value = tryRecvLocked();
                if (value != NOTHING) {
                    return value;
                }
                Thread.yield();
            }
            while (true) {
                Waiter waiter = new Waiter(Thread.currentThread());
                receiverWaiter = waiter;
                Object value = tryRecvLocked();
                if (value != NOTHING) {
                    receiverWaiter = null;
                    return value;
                }
                Object state = waiter.await(deadline);
                receiverWaiter = null;
                if (state == Waiter.WAITING && waiter.cancel()) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    return TIMED_OUT;
                }
                // Woken: a value arrived or the channel closed; loop to take it.
            }
        } finally {
            exitReceive();
        }
    }

    // ---- select -----------------------------------------------------------------------------
    //
    // A select holds the receive guard of each channel it receives from for the whole select,
    // and registers one Waiter everywhere. A registration that finds the channel ready leaves
    // nothing registered and returns "ready": the select then cancels its waiter and polls.

    /**
     * Receives without blocking, by a thread that already holds the receive guard: a value, {@link
     * #NOTHING} or {@link #CLOSED}.
     */
    Object receiveNow() {
        return tryRecvLocked();
    }

    /**
     * Registers {@code waiter} as the receiver's, unless a value or a close is already there.
     *
     * @return true if the channel is ready now (and nothing was registered)
     */
    boolean registerReceiver(Waiter waiter) {
        receiverWaiter = waiter;
        if (size() > 0 || hasPendingOffer() || sendersClosed || receiverClosed) {
            receiverWaiter = null;
            return true;
        }
        return false;
    }

    /** Removes {@code waiter} if it is still the registered receiver. */
    void unregisterReceiver(Waiter waiter) {
        if (receiverWaiter == waiter) {
            receiverWaiter = null;
        }
    }

    /**
     * Registers {@code waiter} as a sender waiting for room, unless there is room or the receiver
     * is closed.
     *
     * @return the registration, or {@code null} if the channel is ready now
     */
    SendQueue.Node registerSender(Waiter waiter, Object value) {
        SendQueue.Node node = sendQueue.add(waiter, null);
        if (size() < capacity || receiverClosed || sendersClosed) {
            sendQueue.remove(node);
            return null;
        }
        return node;
    }

    /**
     * Whether a wake with {@code token} sent the value of a select's send arm (rendezvous only; a
     * buffered channel's wake only says there is room).
     */
    boolean tookValue(Object token) {
        return false;
    }

    /**
     * The value a wake with {@code token} delivered to a select's receive arm, or {@code null}
     * (rendezvous only).
     */
    Object deliveredValue(Object token) {
        return null;
    }

    private Object drainAfterClose() {
        Object value;
        while ((value = poll()) == null && hasPendingOffer()) {
            Thread.onSpinWait(); // a send that began before the close is finishing its write
        }
        return value != null ? value : CLOSED;
    }

    final void enterReceive() {
        Thread me = Thread.currentThread();
        Thread other = (Thread) RECEIVING.compareAndExchange(this, null, me);
        if (other != null) {
            throw new ConcurrentModificationException(
                    "a channel has a single consumer: thread '"
                            + me.getName()
                            + "' tried to receive while thread '"
                            + (other == me ? "(itself)" : other.getName())
                            + "' is receiving");
        }
    }

    final void exitReceive() {
        // Release, not volatile: no later read of ours needs ordering after it, and a fence here
        // cost more than the rest of a receive (BoundedChannelBench).
        RECEIVING.setRelease(this, (Thread) null);
    }

    // ---- closing ----------------------------------------------------------------------------

    /** One sender handle was closed; the last one closes the channel for sending. */
    final void closeSender() {
        if ((int) OPEN_SENDERS.getAndAdd(this, -1) == 1) {
            lastSenderClosed();
        }
    }

    /**
     * Every sender handle is closed: refuse the sends still under way (see "Closing" in {@link
     * Channel}'s design note), then let the receiver see the end. The order matters: the buffer
     * refuses new claims before {@code sendersClosed} is set, so a receiver that sees the flag and
     * then finds nothing buffered or pending is right that nothing more can come.
     */
    void lastSenderClosed() {
        closeBuffer();
        sendersClosed = true;
        sendQueue.wakeAll(
                CLOSE_TOKEN); // parked sends retry, are refused, and hand their value back
        Waiter w = receiverWaiter;
        if (w != null) {
            w.wake(CLOSE_TOKEN);
        }
    }

    /** A new sender handle (a clone); false if every handle was already closed. */
    boolean openSender() {
        int n;
        do {
            n = openSenders;
            if (n == 0) {
                return false;
            }
        } while (!OPEN_SENDERS.compareAndSet(this, n, n + 1));
        return true;
    }

    /**
     * The receiver was closed: parked and future sends fail; values already buffered can still be
     * received (tokio's {@code Receiver::close}) and are dropped with the channel otherwise.
     */
    void closeReceiver() {
        closeBuffer();
        receiverClosed = true;
        sendQueue.wakeAll(CLOSE_TOKEN);
        Waiter w = receiverWaiter;
        if (w != null) {
            w.wake(CLOSE_TOKEN);
        }
    }
}

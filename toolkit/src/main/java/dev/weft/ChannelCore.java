package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ConcurrentModificationException;

/**
 * The shared state of one channel and what every kind does alike: the receive guard, the count of
 * open sender handles, the parked receiver and senders; see {@link Channel} for the design. The
 * algorithms are the kinds': {@link BufferedCore} (a buffer: {@link ArrayCore}, {@link LinkedCore})
 * and {@link RendezvousCore} (a direct hand-off).
 *
 * <p>A channel is also a {@link Wake}: the one it sends to a waiter it wakes (see {@link Wake}).
 */
abstract sealed class ChannelCore extends ChannelLayout.PadAfterReceiver implements Wake
        permits BufferedCore, RendezvousCore {

    /**
     * What a receive returns in place of a value.
     *
     * <p>Design note: why these stay sentinels. A receive returns the caller's value itself; a
     * typed result (a value record, say) would allocate on every receive, the hot path. So a
     * receive returns {@code Object}: the value, or one of these constants, which no caller's value
     * can be (the type is package-private). Every sentinel of the channels lives here, and the
     * select's arms have theirs in {@link SelectArm.Polled}.
     */
    enum NoValue {
        /** The channel is closed and drained: no value can come any more. */
        CLOSED,
        /** The receive's deadline passed first. */
        TIMED_OUT,
        /** A receive that does not wait found nothing there now. */
        NOTHING
    }

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

    // ---- what each kind does its own way ----------------------------------------------------

    /**
     * Sends without blocking; false if it cannot now (no room, or no receiver waiting).
     *
     * @throws ChannelClosedException if the channel refused the value
     */
    abstract boolean trySend(Object value);

    /**
     * Sends, waiting until {@code deadline} ({@code Long.MAX_VALUE}: no deadline).
     *
     * @return true if sent, false if the deadline passed first
     * @throws ChannelClosedException if the channel refused the value
     */
    abstract boolean send(Object value, long deadline) throws InterruptedException;

    /** Receives without blocking: a value, {@link NoValue#NOTHING}, or {@link NoValue#CLOSED}. */
    abstract Object tryRecv();

    /**
     * Receives, waiting until {@code deadline}: a value, {@link NoValue#CLOSED} once closed and
     * drained, or {@link NoValue#TIMED_OUT}.
     */
    abstract Object recv(long deadline) throws InterruptedException;

    /** The number of buffered values (a snapshot). */
    abstract int size();

    /** The receiver was closed: parked and future sends fail; see the kinds. */
    abstract void closeReceiver();

    /** Every sender handle is closed; see the kinds. */
    abstract void lastSenderClosed();

    // ---- select -----------------------------------------------------------------------------
    //
    // A select holds the receive guard of each channel it receives from for the whole select,
    // and registers one Waiter everywhere (ChannelRecvArm, SendArm). A registration that finds
    // the channel ready leaves nothing registered and says so: the select then cancels its
    // waiter and polls.

    /**
     * Receives without blocking, by a thread that already holds the receive guard: a value, {@link
     * NoValue#NOTHING} or {@link NoValue#CLOSED}.
     */
    abstract Object receiveNow();

    /**
     * Registers {@code waiter} as the receiver's, unless a value or a close is already there.
     *
     * @return true if the channel is ready now (and nothing was registered)
     */
    abstract boolean registerReceiver(Waiter waiter);

    /** Removes {@code waiter} if it is still the registered receiver. */
    void unregisterReceiver(Waiter waiter) {
        if (receiverWaiter == waiter) {
            receiverWaiter = null;
        }
    }

    /**
     * Registers {@code waiter} as a sender of {@code value}, unless the channel is ready for it now
     * (room, a waiting receiver, or a close).
     *
     * @return the registration, or {@code null} if the channel is ready now
     */
    abstract SendQueue.Node registerSender(Waiter waiter, Object value);

    /** Removes a registration of {@link #registerSender}, if it is still queued. */
    final void unregisterSender(SendQueue.Node node) {
        sendQueue.remove(node);
    }

    // ---- what tests observe -------------------------------------------------------------------

    /** Whether a receiver (a receive or a select) is registered as waiting now. */
    final boolean hasWaitingReceiver() {
        return receiverWaiter != null;
    }

    /** How many senders (sends or selects) are queued as waiting now. */
    final int waitingSenders() {
        return sendQueue.size();
    }

    // ---- shared by the kinds --------------------------------------------------------------------

    /** Wakes the registered receiver, if any, with {@code reason}. */
    final void wakeReceiver(Wake reason) {
        Waiter w = receiverWaiter;
        if (w != null) {
            w.wake(reason);
        }
    }

    /**
     * The failure of a send the channel refused, carrying its value. Refused means the receiver is
     * closed, or every sender handle was closed while this send was under way (through a handle
     * that another thread closed). {@link #closeSender} takes the count to 0 before it calls {@link
     * #lastSenderClosed}, so when the count is 0 the second reason holds whichever close refused
     * it.
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

    // ---- sender handles -----------------------------------------------------------------------

    /** One sender handle was closed; the last one closes the channel for sending. */
    final void closeSender() {
        if ((int) OPEN_SENDERS.getAndAdd(this, -1) == 1) {
            lastSenderClosed();
        }
    }

    /** A new sender handle (a clone); false if every handle was already closed. */
    final boolean openSender() {
        int n;
        do {
            n = openSenders;
            if (n == 0) {
                return false;
            }
        } while (!OPEN_SENDERS.compareAndSet(this, n, n + 1));
        return true;
    }
}

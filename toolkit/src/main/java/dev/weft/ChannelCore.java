package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The shared state of one channel and what every kind does alike: the take lock, the counts of open
 * sender and receiver handles, the queues of parked receivers and senders; see {@link Channel} for
 * the design. The algorithms are the kinds': {@link BufferedCore} (a buffer: {@link ArrayCore},
 * {@link LinkedCore}) and {@link RendezvousCore} (a direct hand-off).
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
     * per wait and made bounded(16) 5x slower in a measured A/B). A rendezvous party yields fewer
     * times ({@link RendezvousCore#SPINS}).
     */
    static final int SPINS = 8;

    private static final VarHandle RECEIVING;
    private static final VarHandle OPEN_SENDERS;
    private static final VarHandle OPEN_RECEIVERS;
    private static final VarHandle RECV_QUEUE;
    private static final VarHandle FIRST_RECEIVER;
    private static final VarHandle CLOSE_WATCHERS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RECEIVING =
                    l.findVarHandle(ChannelLayout.ReceiverLine.class, "receiving", Thread.class);
            OPEN_SENDERS = l.findVarHandle(ChannelCore.class, "openSenders", int.class);
            OPEN_RECEIVERS = l.findVarHandle(ChannelCore.class, "openReceivers", int.class);
            RECV_QUEUE = l.findVarHandle(ChannelCore.class, "recvQueue", WaitQueue.class);
            FIRST_RECEIVER = l.findVarHandle(ChannelCore.class, "firstReceiver", Waiter.class);
            CLOSE_WATCHERS = l.findVarHandle(ChannelCore.class, "closeWatchers", WaitQueue.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int capacity;

    /** Open sender handles (an int and a VarHandle: an AtomicInteger would cost 16 bytes more). */
    volatile int openSenders = 1;

    /** Open receiver handles; the last one closed closes the receiving side. */
    volatile int openReceivers = 1;

    volatile boolean sendersClosed;

    /** The receiving side is closed: every receiver handle was closed. */
    volatile boolean receiverClosed;

    final WaitQueue sendQueue = new WaitQueue();

    /**
     * The parked receivers (receives and selects); {@code null} until the first one parks, so that
     * an empty channel stays small ({@code ChannelMemoryTest}). Senders read it after they put a
     * value in; see {@link #wakeOneReceiver}.
     */
    volatile WaitQueue recvQueue;

    /**
     * A parked receive of a buffered channel that found this slot free, or {@code null}: the one
     * consumer of a single-consumer channel parks here, without the queue's node and lock.
     *
     * <p>Design note: the slot before the queue. A receive that must park CASes itself into the
     * slot from {@code null}; if another receive holds it, it queues in {@link #recvQueue} as
     * before. Either way it then reads the buffer again, and a sender reads the slot, then the
     * queue, after writing the buffer (all volatile), so no wake-up is lost. A waker takes the slot
     * by CAS to {@code null} before it wakes that waiter, so a waiter is woken at most once and
     * leaves the slot free; a receive that stops waiting on its own (value found while registering,
     * deadline, interrupt) CASes the slot from itself to {@code null}, which fails harmlessly if a
     * waker took it first. Only {@link BufferedCore}'s receive parks here; selects and rendezvous
     * receivers always queue. Why: a parked single consumer used to publish itself in one field
     * (0.1), and the queue's allocation and two lock round trips per park cost the bounded 1 to 1
     * and 4 to 1 channels 1.4 to 1.5 times their time (BoundedChannelBench).
     */
    volatile Waiter firstReceiver;

    /** The threads in {@link Sender#closed()}; {@code null} until the first one waits. */
    volatile WaitQueue closeWatchers;

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
    // A select registers one Waiter everywhere (ChannelRecvArm, SendArm): in the receive queue
    // of each channel it receives from, like any parked receiver, and in the send queue of each
    // channel it sends to. A registration that finds the channel ready leaves nothing registered
    // and says so: the select then cancels its waiter and polls.

    /**
     * Receives without blocking, as {@link #tryRecv} (a select's poll): a value, {@link
     * NoValue#NOTHING} or {@link NoValue#CLOSED}.
     */
    final Object receiveNow() {
        return tryRecv();
    }

    /**
     * Queues {@code waiter} as a receiver, unless a value or a close is already there.
     *
     * @return the registration, or {@code null} if the channel is ready now (and nothing was
     *     registered)
     */
    abstract WaitQueue.Node registerReceiver(Waiter waiter);

    /** Removes a registration of {@link #registerReceiver}, if it is still queued. */
    final void unregisterReceiver(WaitQueue.Node node) {
        receivers().remove(node);
    }

    /**
     * Registers {@code waiter} as a sender of {@code value}, unless the channel is ready for it now
     * (room, a waiting receiver, or a close).
     *
     * @return the registration, or {@code null} if the channel is ready now
     */
    abstract WaitQueue.Node registerSender(Waiter waiter, Object value);

    /** Removes a registration of {@link #registerSender}, if it is still queued. */
    final void unregisterSender(WaitQueue.Node node) {
        sendQueue.remove(node);
    }

    // ---- what tests observe -------------------------------------------------------------------

    /** Whether a receiver (a receive or a select) is registered as waiting now. */
    final boolean hasWaitingReceiver() {
        return waitingReceivers() > 0;
    }

    /** How many receivers (receives or selects) wait now, in the slot or the queue. */
    final int waitingReceivers() {
        WaitQueue q = recvQueue;
        return (firstReceiver == null ? 0 : 1) + (q == null ? 0 : q.size());
    }

    /** How many senders (sends or selects) are queued as waiting now. */
    final int waitingSenders() {
        return sendQueue.size();
    }

    /** How many threads wait in {@link Sender#closed()} now. */
    final int waitingForReceiverClose() {
        WaitQueue q = closeWatchers;
        return q == null ? 0 : q.size();
    }

    // ---- shared by the kinds --------------------------------------------------------------------

    /** The receive queue, created by the first receiver that parks. */
    final WaitQueue receivers() {
        WaitQueue q = recvQueue;
        return q != null ? q : created(RECV_QUEUE);
    }

    /** Creates the queue of {@code field} unless another thread did first; returns the one set. */
    private WaitQueue created(VarHandle field) {
        WaitQueue mine = new WaitQueue();
        WaitQueue theirs = (WaitQueue) field.compareAndExchange(this, null, mine);
        return theirs != null ? theirs : mine;
    }

    /**
     * Wakes the first parked receiver still waiting, if any, with {@code reason}. A sender calls it
     * after it put a value in: the sender wrote the buffer and then reads the queue, a receiver
     * queues itself and then reads the buffer (all volatile), so at least one of them sees the
     * other.
     *
     * @return whether a receiver was woken
     */
    final boolean wakeOneReceiver(Wake reason) {
        Waiter first = firstReceiver;
        if (first != null
                && FIRST_RECEIVER.compareAndSet(this, first, null)
                && first.wake(reason)) {
            return true;
        }
        WaitQueue q = recvQueue;
        return q != null && q.size() > 0 && q.wakeFirst(reason) != null;
    }

    /** Parks {@code waiter} in the receiver slot if it is free; see {@link #firstReceiver}. */
    final boolean takeReceiverSlot(Waiter waiter) {
        return FIRST_RECEIVER.compareAndSet(this, null, waiter);
    }

    /** Frees the receiver slot if {@code waiter} still holds it (no waker took it). */
    final void leaveReceiverSlot(Waiter waiter) {
        FIRST_RECEIVER.compareAndSet(this, waiter, null);
    }

    /** Wakes every parked receiver with {@link Wake.Signal#CLOSED}. */
    final void wakeAllReceivers() {
        Waiter first = firstReceiver;
        if (first != null && FIRST_RECEIVER.compareAndSet(this, first, null)) {
            first.wake(Wake.Signal.CLOSED);
        }
        WaitQueue q = recvQueue;
        if (q != null) {
            q.wakeAll(Wake.Signal.CLOSED);
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

    /**
     * Takes the take lock: the short critical section in which one receiver at a time takes a value
     * out of a buffer ({@link BufferedCore}). It is never held while parked, only around a take
     * that cannot block, so a waiting taker spins a little and then yields.
     *
     * <p>Design note: why a lock and not a lock-free multi-consumer ring. A lock-free take needs a
     * sequence number per slot (Vyukov's bounded MPMC queue): a second write per send and per
     * receive, and a ring layout the growing ring (ArrayCore) would have to be rebuilt around. The
     * lock costs one CAS and one release store per take, which is what the single-consumer guard it
     * replaces cost, on the same padded line; so a single consumer pays nothing more, and there is
     * no separate single-consumer path to choose.
     */
    final void lockTake() {
        Thread me = Thread.currentThread();
        if (RECEIVING.compareAndSet(this, null, me)) {
            return;
        }
        int spins = 0;
        do {
            if (++spins < 32) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // the holder lost its CPU mid-take: let it run
            }
        } while (receiving != null || !RECEIVING.compareAndSet(this, null, me));
    }

    final void unlockTake() {
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

    // ---- receiver handles ---------------------------------------------------------------------

    /** One receiver handle was closed; the last one closes the receiving side. */
    final void closeReceiverHandle() {
        if ((int) OPEN_RECEIVERS.getAndAdd(this, -1) == 1) {
            closeReceiver();
        }
    }

    /** A new receiver handle (a clone); false if every handle was already closed. */
    final boolean openReceiver() {
        int n;
        do {
            n = openReceivers;
            if (n == 0) {
                return false;
            }
        } while (!OPEN_RECEIVERS.compareAndSet(this, n, n + 1));
        return true;
    }

    /**
     * After {@code receiverClosed} was set: wakes the threads in {@link Sender#closed()}. The close
     * writes the flag and then reads the queue; a watcher queues itself and then reads the flag.
     */
    final void wakeCloseWatchers() {
        WaitQueue q = closeWatchers;
        if (q != null) {
            q.wakeAll(Wake.Signal.CLOSED);
        }
    }

    /**
     * Waits until the receiving side is closed ({@link Sender#closed()}).
     *
     * @return true once it is closed, false if the deadline passed first
     */
    final boolean awaitReceiverClosed(long deadline) throws InterruptedException {
        if (receiverClosed) {
            return true;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        WaitQueue q = closeWatchers;
        if (q == null) {
            q = created(CLOSE_WATCHERS);
        }
        while (true) {
            Waiter waiter = new Waiter(Thread.currentThread());
            WaitQueue.Node node = q.add(waiter, null);
            if (receiverClosed) {
                waiter.cancel();
                q.remove(node);
                return true;
            }
            if (waiter.awaitOrCancel(deadline) == Wake.Signal.CANCELLED) {
                q.remove(node);
                if (receiverClosed) {
                    return true; // closed at the same moment: report it, the interrupt stays set
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                return false;
            }
            if (receiverClosed) {
                return true;
            }
        }
    }
}

package dev.weft;

import java.util.Optional;

/**
 * A select's {@code recv} or {@code recvOrClosed} arm on one channel, through one receiver handle.
 * It registers the select's waiter in the channel's receive queue, like any parked receiver, so
 * other threads (and other selects) may receive from the channel meanwhile. A buffered channel's
 * wake is a hint: if the select then commits another arm, or finds the value gone, it passes the
 * wake on ({@link #passOn}), so that a value is never left buffered while another receiver sleeps.
 * A rendezvous sender's wake through this channel (the channel itself) is the commit: the sender
 * wrote its value into this arm's node and then moved the select's waiter in that CAS.
 *
 * <p>Through a closed handle the arm never waits, as a receive through it does not ({@link
 * Receiver#close()}): it takes what is there, and is closed otherwise.
 *
 * @param <T> the type of the values
 * @param <R> the select's result type
 */
final class ChannelRecvArm<T, R> extends SelectArm<R> {
    private final Receiver<T> rx;
    private final ChannelCore core;
    private final Select.Handler<Object, ? extends R> handler; // gets a T, or an Optional<T>
    private final boolean orClosed;

    /** A {@code recv} arm: disabled once the channel is closed and drained. */
    @SuppressWarnings("unchecked")
    static <T, R> ChannelRecvArm<T, R> recv(
            int index, Receiver<T> rx, Select.Handler<? super T, ? extends R> handler) {
        // The handler only ever gets a value of the channel, a T.
        return new ChannelRecvArm<>(index, rx, (Select.Handler<Object, R>) handler, false);
    }

    /** A {@code recvOrClosed} arm: commits with empty once the channel is closed and drained. */
    @SuppressWarnings("unchecked")
    static <T, R> ChannelRecvArm<T, R> recvOrClosed(
            int index, Receiver<T> rx, Select.Handler<? super Optional<T>, ? extends R> handler) {
        // The handler only ever gets an Optional<T>, made in handle().
        return new ChannelRecvArm<>(index, rx, (Select.Handler<Object, R>) handler, true);
    }

    private ChannelRecvArm(
            int index,
            Receiver<T> rx,
            Select.Handler<Object, ? extends R> handler,
            boolean orClosed) {
        super(index);
        this.rx = rx;
        this.core = rx.core();
        this.handler = handler;
        this.orClosed = orClosed;
    }

    @Override
    String kind() {
        return orClosed ? "recvOrClosed" : "recv";
    }

    @Override
    Object source() {
        return core;
    }

    @Override
    String sourceKind() {
        return "channel";
    }

    @Override
    Object poll(long now) {
        Object got = core.receiveNow();
        if (got == ChannelCore.NoValue.NOTHING) {
            if (!rx.isHandleClosed()) {
                return Polled.NOT_READY;
            }
            got = ChannelCore.NoValue.CLOSED; // a closed handle does not wait
        }
        if (got == ChannelCore.NoValue.CLOSED && !orClosed) {
            return Polled.DISABLED;
        }
        return got;
    }

    @Override
    Object register(Waiter waiter) {
        return rx.isHandleClosed() ? null : core.registerReceiver(waiter);
    }

    @Override
    void unregister(Waiter waiter, Object registration) {
        core.unregisterReceiver((WaitQueue.Node) registration);
    }

    @Override
    Object committedBy(Wake wake, Object registration) {
        if (wake == core && core instanceof RendezvousCore) {
            // A rendezvous sender wrote its value into our node, then won the waking CAS.
            return ((WaitQueue.Node) registration).value;
        }
        return Polled.NOT_READY;
    }

    /**
     * A buffered channel woke the select for a value it did not take: the value is still buffered,
     * so wake another parked receiver for it (a rendezvous channel never sends this wake).
     */
    @Override
    void passOn(Wake wake) {
        if (wake == core && core instanceof BufferedCore buffered) {
            buffered.signalValue();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    R handle(Object got) throws Exception {
        if (!orClosed) {
            return handler.handle(got);
        }
        return handler.handle(
                got == ChannelCore.NoValue.CLOSED ? Optional.empty() : Optional.of((T) got));
    }
}

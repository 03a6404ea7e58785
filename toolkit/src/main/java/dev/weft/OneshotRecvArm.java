package dev.weft;

import java.util.Objects;
import java.util.Optional;

/**
 * A select's {@code recv} or {@code recvOrClosed} arm on a {@link Oneshot}.
 *
 * <p>Design note: the one waiter. A oneshot has one waiter slot ({@link Oneshot#receiverWaiter}),
 * and a select that waits on it takes that slot with its waiter, by the same CAS from {@code null}
 * that a parked {@code recv} uses; so while the select waits, a {@code recv} on another thread that
 * would have to wait fails, and the select fails the same way if another thread is waiting when it
 * would park. That failure cannot be thrown while the select is registering (its other arms are
 * registered and a rendezvous partner may already have committed one), so {@link #register} only
 * notes it and says "ready"; the select then cancels its waiter, unregisters, and polls again,
 * where {@link #poll} turns the note into a {@link SelectArm.Failed}: {@code await()} throws {@link
 * IllegalStateException}, and no arm took anything.
 *
 * <p>No lost wake-up: {@link #register} publishes the waiter before it reads the state again, and
 * every move of the state away from empty is followed by a read of the waiter slot and a wake
 * ({@link Wake.Signal#ONESHOT_SETTLED}, a hint: the select polls and takes the value by CAS). The
 * value is taken only by the poll of the arm that commits, so a losing arm leaves it there.
 *
 * @param <T> the type of the value
 * @param <R> the select's result type
 */
final class OneshotRecvArm<T, R> extends SelectArm<R> {
    private final Oneshot<T> channel;
    private final Select.Handler<? super T, ? extends R> handler;
    private final Select.Handler<? super Optional<T>, ? extends R> orClosedHandler;

    /** {@link #register} found another thread waiting; the next poll fails unless a value came. */
    private boolean anotherWaiter;

    /**
     * A {@code recv} arm: disabled once no value can come.
     *
     * @throws NullPointerException if an argument is {@code null}
     */
    static <T, R> OneshotRecvArm<T, R> recv(
            int index, OneshotReceiver<T> rx, Select.Handler<? super T, ? extends R> handler) {
        return new OneshotRecvArm<>(index, rx, Objects.requireNonNull(handler, "handler"), null);
    }

    /**
     * A {@code recvOrClosed} arm: commits with empty once no value can come.
     *
     * @throws NullPointerException if an argument is {@code null}
     */
    static <T, R> OneshotRecvArm<T, R> recvOrClosed(
            int index,
            OneshotReceiver<T> rx,
            Select.Handler<? super Optional<T>, ? extends R> handler) {
        return new OneshotRecvArm<>(index, rx, null, Objects.requireNonNull(handler, "handler"));
    }

    /** One of {@code handler} and {@code orClosedHandler} is {@code null}. */
    private OneshotRecvArm(
            int index,
            OneshotReceiver<T> rx,
            Select.Handler<? super T, ? extends R> handler,
            Select.Handler<? super Optional<T>, ? extends R> orClosedHandler) {
        super(index);
        this.channel = Objects.requireNonNull(rx, "rx").oneshot();
        this.handler = handler;
        this.orClosedHandler = orClosedHandler;
    }

    @Override
    String kind() {
        return handler != null ? "recv" : "recvOrClosed";
    }

    @Override
    Object source() {
        return channel;
    }

    @Override
    String sourceKind() {
        return "oneshot";
    }

    @Override
    void begin() {
        anotherWaiter = false;
    }

    /**
     * Takes the value if it is there; a {@link Oneshot.Mark} (what {@link #handle} reads as empty)
     * or {@link Polled#DISABLED} once no value can come: sender closed without sending, receiver
     * closed, or the value already taken (by an earlier select or a {@code recv}).
     */
    @Override
    Object poll(long now) {
        boolean conflict = anotherWaiter;
        anotherWaiter = false;
        Oneshot.Slot s = channel.state;
        while (s instanceof Oneshot.Sent sent) {
            if (Oneshot.STATE.compareAndSet(channel, s, Oneshot.Mark.TAKEN)) {
                return sent.value();
            }
            s = channel.state; // closed or taken meanwhile
        }
        if (s == Oneshot.Mark.EMPTY) {
            return conflict ? new Failed(anotherWaiterWaits()) : Polled.NOT_READY;
        }
        return handler != null ? Polled.DISABLED : s;
    }

    private static IllegalStateException anotherWaiterWaits() {
        return new IllegalStateException(
                "cannot select: another thread is already waiting on this oneshot receiver (only"
                        + " one thread may wait at a time)");
    }

    @Override
    Object register(Waiter waiter) {
        if (!Oneshot.RECEIVER_WAITER.compareAndSet(channel, null, waiter)) {
            anotherWaiter = true; // the poll that follows tells a conflict from a settled state
            return null;
        }
        if (channel.state != Oneshot.Mark.EMPTY) {
            Oneshot.RECEIVER_WAITER.compareAndSet(channel, waiter, null);
            return null;
        }
        return channel;
    }

    @Override
    void unregister(Waiter waiter, Object registration) {
        Oneshot.RECEIVER_WAITER.compareAndSet(channel, waiter, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    R handle(Object got) throws Exception {
        if (orClosedHandler == null) {
            return handler.handle((T) got);
        }
        boolean none = got instanceof Oneshot.Mark; // a Mark: no value can come
        return orClosedHandler.handle(none ? Optional.empty() : Optional.of((T) got));
    }
}

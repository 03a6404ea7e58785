package dev.weft;

import java.util.Objects;

/**
 * A select's arm on a receiving handle of a {@link ChangeCore} channel: {@code recv} on a {@link
 * BroadcastReceiver} commits by receiving the subscriber's next value, {@code changed} on a {@link
 * WatchReceiver} by marking its unseen version seen and taking the latest value. Each commits by
 * what the handle's own never-waiting receive finds, and is disabled by the handle's end (every
 * sender closed and all read, or the handle closed). A broadcast subscriber's lag commits the arm
 * too, as a {@link SelectArm.Failed}: the poll that found it has moved the subscriber past the gap,
 * and {@code await()} throws the {@link LaggedException}, so a lag is never skipped in silence.
 *
 * <p>Design note: registering without taking. A select cannot wait on the core's condition, so
 * {@link #register} adds a waker ({@link ChangeCore#addWaker}) that wakes the select's waiter with
 * {@link Wake.Signal#CHANGED}, and only then asks whether the handle has something ({@link
 * ChangeCore#tryHasNews}) without taking it; if so it removes the waker and says "ready", and the
 * select polls. A change after the waker was added runs it, one before it is seen by the question,
 * so no wake-up is lost. The wake is a hint: only the poll of the arm that commits takes anything,
 * so a losing arm leaves the value (or the change) for later. A waker that a change read just
 * before it was removed may still run: it finds the waiter decided, and does nothing.
 *
 * @param <T> the type of the values
 * @param <R> the select's result type
 */
final class ChangeArm<T, R> extends SelectArm<R> {
    private final ChangeCore core;
    private final Object receiver;
    private final Select.Handler<? super T, ? extends R> handler;
    private final boolean watch; // a watch receiver's changed arm, else a broadcast recv arm

    /**
     * A {@code recv} arm on a broadcast subscriber.
     *
     * @throws NullPointerException if an argument is {@code null}
     */
    static <T, R> ChangeArm<T, R> recv(
            int index, BroadcastReceiver<T> rx, Select.Handler<? super T, ? extends R> handler) {
        BroadcastCore core = Objects.requireNonNull(rx, "rx").core();
        return new ChangeArm<>(index, false, core, rx, handler);
    }

    /**
     * A {@code changed} arm on a watch receiver.
     *
     * @throws NullPointerException if an argument is {@code null}
     */
    static <T, R> ChangeArm<T, R> changed(
            int index, WatchReceiver<T> rx, Select.Handler<? super T, ? extends R> handler) {
        WatchCore<T> core = Objects.requireNonNull(rx, "rx").core();
        return new ChangeArm<>(index, true, core, rx, handler);
    }

    private ChangeArm(
            int index,
            boolean watch,
            ChangeCore core,
            Object receiver,
            Select.Handler<? super T, ? extends R> handler) {
        super(index);
        this.watch = watch;
        this.core = core;
        this.receiver = receiver;
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    String kind() {
        return watch ? "changed" : "recv";
    }

    @Override
    Object source() {
        return receiver;
    }

    @Override
    String sourceKind() {
        return watch ? "watch receiver" : "broadcast subscriber";
    }

    @Override
    Object poll(long now) {
        Object found;
        try {
            found = core.tryPoll(receiver);
        } catch (LaggedException lagged) {
            return new Failed(lagged); // the subscriber moved past the gap: await() throws it
        }
        if (found == ChangeCore.NOTHING) {
            return Polled.NOT_READY;
        }
        return core.isEnd(found) ? Polled.DISABLED : found;
    }

    @Override
    Object register(Waiter waiter) {
        Runnable waker = () -> waiter.wake(Wake.Signal.CHANGED);
        core.addWaker(waker);
        if (core.tryHasNews(receiver)) {
            core.removeWaker(waker);
            return null;
        }
        return waker;
    }

    @Override
    void unregister(Waiter waiter, Object registration) {
        core.removeWaker((Runnable) registration);
    }

    @Override
    @SuppressWarnings("unchecked")
    R handle(Object got) throws Exception {
        return handler.handle((T) got);
    }
}

package dev.weft;

import java.time.Duration;

/**
 * A select's {@code tick} arm on one {@link Interval}. Nothing to register: the select parks until
 * the tick is due ({@link #due()}), and the poll takes it with the interval's one CAS, so a tick is
 * taken only by the arm that commits.
 *
 * @param <R> the select's result type
 */
final class TickArm<R> extends SelectArm<R> {
    private final Interval interval;
    private final Select.Handler<? super Duration, ? extends R> handler;

    TickArm(int index, Interval interval, Select.Handler<? super Duration, ? extends R> handler) {
        super(index);
        this.interval = interval;
        this.handler = handler;
    }

    @Override
    String kind() {
        return "tick";
    }

    @Override
    Object source() {
        return interval;
    }

    @Override
    String sourceKind() {
        return "interval";
    }

    @Override
    Object poll(long now) {
        Duration due = interval.takeIfDue(now);
        return due != null ? due : Polled.NOT_READY;
    }

    @Override
    Object register(Waiter waiter) {
        return interval; // nothing registered, nothing to undo
    }

    @Override
    void unregister(Waiter waiter, Object registration) {}

    @Override
    long due() {
        return interval.nextDue();
    }

    @Override
    R handle(Object got) throws Exception {
        return handler.handle((Duration) got);
    }
}

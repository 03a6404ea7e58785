package dev.weft;

/**
 * A select's {@code changed} arm on a {@link WatchReceiver}: it commits when the receiver has an
 * unseen version, marking it seen and handing the latest value to the handler. Once every sender is
 * closed and the last version is seen, or the receiver is closed, the arm is disabled. How it
 * waits: {@link ChangeArm}.
 *
 * @param <T> the type of the value
 * @param <R> the select's result type
 */
final class WatchChangedArm<T, R> extends ChangeArm<R> {
    private final WatchReceiver<T> rx;
    private final WatchCore<T> core;
    private final Select.Handler<? super T, ? extends R> handler;

    WatchChangedArm(
            int index, WatchReceiver<T> rx, Select.Handler<? super T, ? extends R> handler) {
        super(index, "changed", rx.core(), rx, "watch receiver");
        this.rx = rx;
        this.core = rx.core();
        this.handler = handler;
    }

    @Override
    Object poll(long now) {
        Object found = core.tryPoll(rx);
        if (found == ChangeCore.NOTHING) {
            return Polled.NOT_READY;
        }
        if (found == WatchCore.ENDED || found == WatchCore.UNSUBSCRIBED) {
            return Polled.DISABLED;
        }
        return found;
    }

    @Override
    boolean hasNews() {
        return rx.hasChanged() || rx.isClosed() || core.sendersClosed;
    }

    @Override
    @SuppressWarnings("unchecked")
    R handle(Object got) throws Exception {
        return handler.handle((T) got);
    }
}

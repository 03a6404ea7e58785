package dev.weft;

/**
 * A select's {@code recv} arm on a {@link BroadcastReceiver}: it commits by receiving the
 * subscriber's next value. A lag is a commit too: the poll that finds it has moved the subscriber
 * past the gap, and {@code await()} throws the {@link LaggedException} (a {@link SelectArm.Failed})
 * so that a lag is never skipped in silence. Closed and drained, or unsubscribed, disables the arm.
 * How it waits: {@link ChangeArm}.
 *
 * @param <T> the type of the values
 * @param <R> the select's result type
 */
final class BroadcastRecvArm<T, R> extends ChangeArm<R> {
    private final BroadcastReceiver<T> rx;
    private final BroadcastCore core;
    private final Select.Handler<? super T, ? extends R> handler;

    BroadcastRecvArm(
            int index, BroadcastReceiver<T> rx, Select.Handler<? super T, ? extends R> handler) {
        super(index, "recv", rx.core(), rx, "broadcast subscriber");
        this.rx = rx;
        this.core = rx.core();
        this.handler = handler;
    }

    @Override
    Object poll(long now) {
        Object found;
        try {
            found = core.tryPoll(rx);
        } catch (LaggedException lagged) {
            return new Failed(lagged); // the subscriber moved past the gap: await() throws it
        }
        if (found == ChangeCore.NOTHING) {
            return Polled.NOT_READY;
        }
        if (found == BroadcastCore.DRAINED || found == BroadcastCore.UNSUBSCRIBED) {
            return Polled.DISABLED;
        }
        return found;
    }

    @Override
    boolean hasNews() {
        return rx.pending() > 0 || rx.isClosed() || core.sendersClosed;
    }

    @Override
    @SuppressWarnings("unchecked")
    R handle(Object got) throws Exception {
        return handler.handle((T) got);
    }
}

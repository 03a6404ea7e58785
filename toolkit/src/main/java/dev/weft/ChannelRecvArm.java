package dev.weft;

import java.util.Optional;

/**
 * A select's {@code recv} or {@code recvOrClosed} arm on one channel. The select holds the
 * channel's receive guard for the whole await ({@link #begin}, {@link #end}) and registers as the
 * channel's receiver. A buffered channel's wake is a hint; a rendezvous sender's {@link
 * Wake.Delivered} through this channel is the commit: the value moved in that CAS.
 *
 * @param <T> the type of the values
 * @param <R> the select's result type
 */
final class ChannelRecvArm<T, R> extends SelectArm<R> {
    private final ChannelCore core;
    private final Select.Handler<? super T, ? extends R> handler;
    private final Select.Handler<? super Optional<T>, ? extends R> orClosedHandler;

    /** A {@code recv} arm: disabled once the channel is closed and drained. */
    static <T, R> ChannelRecvArm<T, R> recv(
            int index, ChannelCore core, Select.Handler<? super T, ? extends R> handler) {
        return new ChannelRecvArm<>(index, "recv", core, handler, null);
    }

    /** A {@code recvOrClosed} arm: commits with empty once the channel is closed and drained. */
    static <T, R> ChannelRecvArm<T, R> recvOrClosed(
            int index, ChannelCore core, Select.Handler<? super Optional<T>, ? extends R> handler) {
        return new ChannelRecvArm<>(index, "recvOrClosed", core, null, handler);
    }

    private ChannelRecvArm(
            int index,
            String kind,
            ChannelCore core,
            Select.Handler<? super T, ? extends R> handler,
            Select.Handler<? super Optional<T>, ? extends R> orClosedHandler) {
        super(index, kind, core, "channel");
        this.core = core;
        this.handler = handler;
        this.orClosedHandler = orClosedHandler;
    }

    @Override
    void begin() {
        core.enterReceive();
    }

    @Override
    void end() {
        core.exitReceive();
    }

    @Override
    Object poll(long now) {
        Object got = core.receiveNow();
        if (got == ChannelCore.NoValue.NOTHING) {
            return Polled.NOT_READY;
        }
        if (got == ChannelCore.NoValue.CLOSED && handler != null) {
            return Polled.DISABLED;
        }
        return got;
    }

    @Override
    Object register(Waiter waiter) {
        return core.registerReceiver(waiter) ? null : core;
    }

    @Override
    void unregister(Waiter waiter, Object registration) {
        core.unregisterReceiver(waiter);
    }

    @Override
    Object committedBy(Wake wake) {
        if (wake instanceof Wake.Delivered delivered && delivered.channel() == core) {
            return delivered.value(); // a rendezvous sender handed it over in the waking CAS
        }
        return Polled.NOT_READY;
    }

    @Override
    @SuppressWarnings("unchecked")
    R handle(Object got) throws Exception {
        if (handler != null) {
            return handler.handle((T) got);
        }
        return orClosedHandler.handle(
                got == ChannelCore.NoValue.CLOSED ? Optional.empty() : Optional.of((T) got));
    }
}

package dev.weft;

import java.util.Objects;

/**
 * A channel that holds one value, the latest: tokio's {@code sync::watch}. Senders ({@link
 * WatchSender}) replace the value or modify it; receivers ({@link WatchReceiver}) read it at any
 * time, or wait until it changed since they last looked. The config-reload pattern: a loader
 * publishes each new configuration, and every worker picks up the newest one when it is ready,
 * never a backlog of old ones.
 *
 * {@snippet :
 * var config = Watch.create(Config.load());
 * WatchReceiver<Config> rx = config.subscribe();     // has seen the current version
 * // the reloader, on another thread:
 * config.sender().send(Config.load());               // wakes every receiver
 * // a worker:
 * Config latest = rx.changed();                      // waits for a version it has not seen
 * Config now = rx.get();                             // the latest, without waiting
 * }
 *
 * <p><b>Versions.</b> Every change (a {@link WatchSender#send send}, an {@link WatchSender#update
 * update}, a {@link WatchSender#modify modify}) makes a new version. Each receiver remembers the
 * last version it saw: {@link WatchReceiver#changed()} returns at once if a newer one exists, and
 * otherwise waits for one; either way it returns the latest value and marks it seen. Changes made
 * while a receiver was not looking are folded into one: a watch keeps no history, so a receiver
 * sees the latest value, not every value. A new receiver ({@link #subscribe()}) has seen the
 * current version.
 *
 * <p><b>On close.</b> When the last sender handle is closed (the first, {@link #sender()}, and
 * every {@link WatchSender#clone() clone}), every waiting receiver wakes: a receiver that has not
 * seen the last version gets it first, and after that {@code changed} and {@code tryChanged} throw
 * {@link ChannelClosedException}; {@link WatchReceiver#get()} keeps returning the last value. A
 * send when no receiver is open throws {@link ChannelClosedException} with the value (tokio's
 * {@code SendError}); {@code update} and {@code modify} work with no receiver open. A change still
 * under way when another thread closes the last sender handle is refused, so no receiver sees a
 * version after it saw the end.
 *
 * <p><b>On cancellation.</b> An interrupted {@code changed} throws {@link InterruptedException}:
 * the change it would have returned is still unseen, and nothing stays registered.
 *
 * <p><b>Memory consistency.</b> Actions before a change happen-before every read ({@code get},
 * {@code changed}, {@code tryChanged}) that returns the value it made. A value changed in place
 * ({@link WatchSender#modify}) must be read under the same rule: the changes made inside {@code
 * modify} are visible to a reader that got the value after it, but a reader that keeps a mutable
 * value and reads it while a later {@code modify} runs races with it; prefer immutable values and
 * {@code send} or {@code update}.
 *
 * @param <T> the type of the value
 */
public final class Watch<T> {
    private final WatchCore<T> core;
    private final WatchSender<T> sender;

    private Watch(WatchCore<T> core) {
        this.core = core;
        this.sender = new WatchSender<>(core);
    }

    /**
     * Creates a watch channel holding {@code initial}, at version 0.
     *
     * @param initial the first value; not {@code null}
     * @param <T> the type of the value
     * @return the channel
     * @throws NullPointerException if {@code initial} is {@code null}
     */
    public static <T> Watch<T> create(T initial) {
        return new Watch<>(new WatchCore<>(Objects.requireNonNull(initial, "initial")));
    }

    /**
     * Returns the channel's first sender handle; more come from {@link WatchSender#clone()}.
     *
     * @return the sender
     */
    public WatchSender<T> sender() {
        return sender;
    }

    /**
     * Returns a new receiver that has seen the current version: its {@code changed()} waits for the
     * next change. Once every sender is closed, the new receiver is at the end at once.
     *
     * @return the new receiver
     */
    public WatchReceiver<T> subscribe() {
        return new WatchReceiver<>(core, null);
    }

    /** The shared state, for tests and for Select. */
    WatchCore<T> core() {
        return core;
    }

    @Override
    public String toString() {
        return "Watch[version="
                + core.version()
                + ", receivers="
                + core.receiverCount()
                + (core.sendersClosed ? ", closed" : "")
                + "]";
    }
}

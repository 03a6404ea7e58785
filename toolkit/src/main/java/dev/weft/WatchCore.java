package dev.weft;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The shared state of a {@link Watch}: the latest value, its version, and the count of open
 * receivers. Every field is guarded by {@link ChangeCore#lock}.
 *
 * <p>Design note: versions. The value starts at version 0 and every change (a send, an update, a
 * modify) adds 1. A receiver remembers the version it saw last ({@link WatchReceiver#seen});
 * subscribing sees the current version, so a new receiver waits for the next change. A change is
 * unseen while {@code version > seen}; {@code changed} then takes the latest value and sets {@code
 * seen = version}, so changes made in between are folded into one (a watch keeps no history). Once
 * every sender is closed, the version never moves again: a receiver that has seen it is at the end,
 * one that has not first gets the last value.
 */
final class WatchCore<T> extends ChangeCore {
    /** A closed marker of {@link #poll}: every sender closed and the latest version seen. */
    static final Object ENDED = new Object();

    /** A closed marker of {@link #poll}: this receiver was closed. */
    static final Object UNSUBSCRIBED = new Object();

    private T value;
    private long version;
    private int receivers;

    WatchCore(T initial) {
        this.value = initial;
    }

    /**
     * Replaces the value and wakes the receivers.
     *
     * @throws ChannelClosedException with the value, if no receiver is open, or if the last sender
     *     handle was closed while this send was under way
     */
    void send(T replacement) {
        lock.lock();
        try {
            checkNotEnded(replacement);
            if (receivers == 0) {
                throw new ChannelClosedException(
                        "cannot send: no watch receiver is open", replacement);
            }
            value = replacement;
            version++;
            signalChange();
        } finally {
            lock.unlock();
        }
        runWakers();
    }

    /** Replaces the value with {@code fn(value)}, atomically; works with no receiver open. */
    void update(UnaryOperator<T> fn) {
        lock.lock();
        try {
            checkNotEnded(null);
            value = Objects.requireNonNull(fn.apply(value), "the update's result");
            version++;
            signalChange();
        } finally {
            lock.unlock();
        }
        runWakers();
    }

    /**
     * Runs {@code fn} on the value in place, under the lock, and notifies, even if {@code fn}
     * throws (it may have changed the value partly).
     */
    void modify(Consumer<? super T> fn) {
        lock.lock();
        try {
            checkNotEnded(null);
            try {
                fn.accept(value);
            } finally {
                version++;
                signalChange();
            }
        } finally {
            lock.unlock();
        }
        runWakers();
    }

    private void checkNotEnded(Object refused) {
        if (sendersClosed) {
            throw new ChannelClosedException(
                    "cannot change the value: the last watch sender was closed meanwhile", refused);
        }
    }

    /** The latest value. */
    T get() {
        lock.lock();
        try {
            return value;
        } finally {
            lock.unlock();
        }
    }

    /**
     * What {@code receiver} gets now: the latest value if it has not seen it (marked seen), {@link
     * #NOTHING}, {@link #ENDED} or {@link #UNSUBSCRIBED}. Under the lock.
     */
    @Override
    Object poll(Object receiver) {
        WatchReceiver<?> rx = (WatchReceiver<?>) receiver;
        if (rx.closed) {
            return UNSUBSCRIBED;
        }
        if (version != rx.seen) {
            rx.seen = version;
            return value;
        }
        return sendersClosed ? ENDED : NOTHING;
    }

    @Override
    boolean hasNews(Object receiver) {
        WatchReceiver<?> rx = (WatchReceiver<?>) receiver;
        return rx.closed || version != rx.seen || sendersClosed;
    }

    @Override
    boolean isEnd(Object found) {
        return found == ENDED || found == UNSUBSCRIBED;
    }

    /** Counts a new receiver that has seen the version {@code from} saw, or the current one. */
    void subscribe(WatchReceiver<?> rx, WatchReceiver<?> from) {
        lock.lock();
        try {
            if (from != null && from.closed) {
                throw new IllegalStateException("cannot clone: this watch receiver is closed");
            }
            receivers++;
            rx.seen = from == null ? version : from.seen;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code rx} is open and has not seen the latest version. */
    boolean hasChanged(WatchReceiver<?> rx) {
        lock.lock();
        try {
            return !rx.closed && version != rx.seen;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code rx} is closed. */
    boolean isClosed(WatchReceiver<?> rx) {
        lock.lock();
        try {
            return rx.closed;
        } finally {
            lock.unlock();
        }
    }

    /** Closes {@code rx}: sends no longer count it, and a thread waiting on it wakes. */
    void unsubscribe(WatchReceiver<?> rx) {
        lock.lock();
        try {
            if (rx.closed) {
                return;
            }
            rx.closed = true;
            receivers--;
            signalChange();
        } finally {
            lock.unlock();
        }
        runWakers();
    }

    /** How many receivers are open now. */
    int receiverCount() {
        lock.lock();
        try {
            return receivers;
        } finally {
            lock.unlock();
        }
    }

    /** The current version (for the tests). */
    long version() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }
}

package dev.weft;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * A receiving handle of a {@link Watch}: tokio's {@code watch::Receiver}. {@link #get()} reads the
 * latest value at any time; {@link #changed()} waits for a version this receiver has not seen,
 * marks it seen and returns its value; {@link #tryChanged()} never waits; {@link #hasChanged()}
 * only asks. Changes made while the receiver was not looking are folded into one: it gets the
 * latest value.
 *
 * <p>Any thread may use a receiver, and several may share one: they share its seen version, so a
 * change is returned by the {@code changed} of one of them. For one view per thread, give each its
 * own {@link #clone()}.
 *
 * <p><b>On close.</b> Once every sender handle is closed, a receiver that has not seen the last
 * version gets it from {@code changed} or {@code tryChanged}; after that both throw {@link
 * ChannelClosedException}, and a thread waiting in {@code changed} wakes and throws it. {@link
 * #get()} keeps returning the last value. {@link #close()} closes this receiver: sends no longer
 * count it, a thread waiting on it wakes, and {@code changed} and {@code tryChanged} throw {@link
 * ChannelClosedException} from then on (its {@code get()} still works).
 *
 * <p><b>On cancellation.</b> A {@code changed} interrupted while it waits throws {@link
 * InterruptedException}; the version it would have returned stays unseen, and nothing stays
 * registered.
 *
 * <p><b>Memory consistency:</b> actions before a change happen-before every read that returns the
 * value it made.
 *
 * <p><b>Forms</b> (its row of the package's <a href="package-summary.html#forms">table of
 * forms</a>): blocks: {@link #changed()}; never blocks: {@link #tryChanged()}, empty when nothing
 * unseen, and {@link #get()}, the latest value; timed: {@link #changed(Duration) changed(timeout)},
 * {@link TimeoutException}; closed (every sender, once the last version is seen; or this receiver):
 * {@link ChannelClosedException} from {@code changed} and {@code tryChanged}, while {@code get()}
 * keeps working; task failed: not applicable.
 *
 * @param <T> the type of the value
 */
public final class WatchReceiver<T> implements AutoCloseable {
    private final WatchCore<T> core;

    /** The version this receiver saw last; guarded by the core's lock. */
    long seen;

    /** Closed; guarded by the core's lock. */
    boolean closed;

    WatchReceiver(WatchCore<T> core, WatchReceiver<T> from) {
        this.core = core;
        core.subscribe(this, from);
    }

    /** The channel behind this handle (for Select). */
    WatchCore<T> core() {
        return core;
    }

    /**
     * Returns the latest value; never waits, and does not mark it seen (tokio's {@code borrow()}).
     * Works after every close.
     *
     * @return the latest value
     */
    public T get() {
        return core.get();
    }

    /**
     * Waits for a version this receiver has not seen (at once if there is one), marks it seen and
     * returns its value: the latest.
     *
     * @return the latest value
     * @throws ChannelClosedException once every sender is closed and this receiver has seen the
     *     last version, or once this receiver is closed
     * @throws InterruptedException if interrupted while waiting; the change stays unseen
     */
    public T changed() throws InterruptedException {
        return valueOrThrow(core.awaitPoll(this, Long.MAX_VALUE));
    }

    /**
     * Waits at most {@code timeout} for a version this receiver has not seen; otherwise as {@link
     * #changed()}.
     *
     * @param timeout how long to wait; positive
     * @return the latest value
     * @throws TimeoutException if nothing changed in time
     * @throws ChannelClosedException once every sender is closed and this receiver has seen the
     *     last version, or once this receiver is closed
     * @throws InterruptedException if interrupted while waiting; the change stays unseen
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public T changed(Duration timeout) throws InterruptedException, TimeoutException {
        Checks.positive(timeout, "timeout");
        Object found = core.awaitPoll(this, Checks.deadline(timeout));
        if (found == ChangeCore.TIMED_OUT) {
            throw new TimeoutException("the watched value did not change within " + timeout);
        }
        return valueOrThrow(found);
    }

    /**
     * Returns the latest value if this receiver has not seen it, and marks it seen; never waits.
     *
     * @return the latest value, or empty if this receiver has seen it
     * @throws ChannelClosedException once every sender is closed and this receiver has seen the
     *     last version, or once this receiver is closed
     */
    public Optional<T> tryChanged() {
        Object found = core.tryPoll(this);
        return found == ChangeCore.NOTHING ? Optional.empty() : Optional.of(valueOrThrow(found));
    }

    /**
     * Returns whether there is a version this receiver has not seen; never waits, marks nothing.
     * After the close it says whether the last version is still unseen; a closed receiver says
     * {@code false}.
     *
     * @return {@code true} if {@code changed()} would return at once with a value
     */
    public boolean hasChanged() {
        return core.hasChanged(this);
    }

    /**
     * Returns a new receiver that has seen the same version as this one.
     *
     * @return the new receiver
     * @throws IllegalStateException if this receiver is closed
     */
    @Override
    public WatchReceiver<T> clone() {
        return new WatchReceiver<>(core, this);
    }

    /**
     * Returns whether this receiver is closed (by {@link #close()}).
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return core.isClosed(this);
    }

    /**
     * Closes this receiver, from any thread: sends no longer count it, a thread waiting in {@code
     * changed} wakes, and {@code changed} and {@code tryChanged} throw {@link
     * ChannelClosedException} from then on; {@link #get()} still works. Closing again does nothing.
     */
    @Override
    public void close() {
        core.unsubscribe(this);
    }

    @SuppressWarnings("unchecked")
    private T valueOrThrow(Object found) {
        if (found == WatchCore.ENDED) {
            throw new ChannelClosedException(
                    "cannot wait for a change: every watch sender is closed and the last value"
                            + " was seen",
                    null);
        }
        if (found == WatchCore.UNSUBSCRIBED) {
            throw new ChannelClosedException(
                    "cannot wait for a change: this watch receiver is closed", null);
        }
        return (T) found;
    }

    @Override
    public String toString() {
        return "WatchReceiver[" + (isClosed() ? "closed" : hasChanged() ? "changed" : "seen") + "]";
    }
}

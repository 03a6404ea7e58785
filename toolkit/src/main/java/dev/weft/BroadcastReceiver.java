package dev.weft;

import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * A subscriber of a {@link Broadcast}: tokio's {@code broadcast::Receiver}. It receives, in order,
 * every value sent after it subscribed: {@link #recv()} waits for the next, {@link #recv(Duration)}
 * waits at most a given time, {@link #tryRecv()} never waits, and the subscriber is an {@link
 * Iterable}.
 *
 * <p><b>Lag.</b> A send never waits for a subscriber. One that falls more than the channel's
 * capacity behind has lost the oldest values it had not read: its next receive, whichever form,
 * throws {@link LaggedException} with the number it missed, and moves it to the oldest value the
 * channel still retains, where the following receive continues. The iterator does the same: {@code
 * hasNext()} (and so {@code next()}) throws the {@link LaggedException}, and a later {@code
 * hasNext()} continues after the gap; a for-each loop ends with the exception, so a subscriber that
 * tolerates gaps loops on {@code recv()} and catches it instead. A lag is never skipped in silence.
 *
 * <p>Any thread may receive through a subscriber, and several threads may share one: each value
 * (and each lag report) then goes to one of them.
 *
 * <p><b>On close.</b> Once every sender handle is closed, the subscriber still receives the values
 * it has not read (a lag among them is still reported), and then every receive throws {@link
 * ChannelClosedException}, while the iteration ends normally. {@link #close()} unsubscribes: later
 * sends do not count this subscriber, the values it had not read are let go, a thread waiting on it
 * wakes, and every receive from then on throws {@link ChannelClosedException}.
 *
 * <p><b>On cancellation.</b> A receive interrupted while it waits throws {@link
 * InterruptedException}; it took nothing, so the next receive gets the value it would have
 * returned, and nothing stays registered. The iterator cannot throw a checked exception:
 * interrupted, it sets the interrupt flag again and throws {@link CancellationException}.
 *
 * <p><b>Memory consistency:</b> actions before a send happen-before the receive that returns the
 * value.
 *
 * <p><b>Forms</b> (its row of the package's <a href="package-summary.html#forms">table of
 * forms</a>): blocks: {@link #recv()}; never blocks: {@link #tryRecv()}, empty when nothing new is
 * there; timed: {@link #recv(Duration) recv(timeout)}, {@link TimeoutException}; closed (every
 * sender, once this subscriber has read all; or this subscriber): {@link ChannelClosedException}
 * from all three, while the iteration ends normally; fell behind: {@link LaggedException} from
 * every form, once; task failed: not applicable.
 *
 * @param <T> the type of the values
 */
public final class BroadcastReceiver<T> implements AutoCloseable, Iterable<T> {
    private final BroadcastCore core;

    /** The sequence of the next value to receive; guarded by the core's lock. */
    long next;

    /** Unsubscribed; guarded by the core's lock. */
    boolean closed;

    BroadcastReceiver(BroadcastCore core) {
        this.core = core;
        core.subscribe(this);
    }

    /** The channel behind this handle (for Select). */
    BroadcastCore core() {
        return core;
    }

    /**
     * Receives the next value, waiting until one is sent.
     *
     * @return the value
     * @throws LaggedException if this subscriber fell behind and lost values; it now continues at
     *     the oldest value retained
     * @throws ChannelClosedException once every sender is closed and this subscriber has received
     *     all it had not read, or once this subscriber is closed
     * @throws InterruptedException if interrupted while waiting; nothing was taken
     */
    public T recv() throws InterruptedException {
        return valueOrThrow(core.awaitPoll(this, Long.MAX_VALUE));
    }

    /**
     * Receives the next value, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait; positive
     * @return the value
     * @throws TimeoutException if no value was sent in time; nothing was taken
     * @throws LaggedException if this subscriber fell behind and lost values; it now continues at
     *     the oldest value retained
     * @throws ChannelClosedException once every sender is closed and this subscriber has received
     *     all it had not read, or once this subscriber is closed
     * @throws InterruptedException if interrupted while waiting; nothing was taken
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public T recv(Duration timeout) throws InterruptedException, TimeoutException {
        Checks.positive(timeout, "timeout");
        Object found = core.awaitPoll(this, Checks.deadline(timeout));
        if (found == ChangeCore.TIMED_OUT) {
            throw new TimeoutException("no value was broadcast within " + timeout);
        }
        return valueOrThrow(found);
    }

    /**
     * Receives the next value if it has been sent; never waits.
     *
     * @return the value, or empty if nothing new has been sent but more can come
     * @throws LaggedException if this subscriber fell behind and lost values; it now continues at
     *     the oldest value retained
     * @throws ChannelClosedException once every sender is closed and this subscriber has received
     *     all it had not read, or once this subscriber is closed
     */
    public Optional<T> tryRecv() {
        Object found = core.tryPoll(this);
        return found == ChangeCore.NOTHING ? Optional.empty() : Optional.of(valueOrThrow(found));
    }

    /**
     * Returns how many values were sent to this subscriber that it has not received yet, those it
     * lost to a lag included (a snapshot; tokio's {@code len()}); 0 once it is closed.
     *
     * @return the number of values behind
     */
    public long pending() {
        return core.pending(this);
    }

    /**
     * Returns whether this subscriber is closed (by {@link #close()}).
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        core.lock.lock();
        try {
            return closed;
        } finally {
            core.lock.unlock();
        }
    }

    /**
     * Unsubscribes, from any thread: later sends do not count this subscriber, the values it had
     * not read are let go, a thread waiting in a receive wakes, and every receive from then on
     * throws {@link ChannelClosedException}. Closing again does nothing.
     */
    @Override
    public void close() {
        core.unsubscribe(this);
    }

    /**
     * Returns an iterator that receives: {@code hasNext()} waits for the next value and returns
     * {@code false} once every sender is closed and this subscriber has received everything (or
     * once it is closed). A lag is thrown, not skipped: {@code hasNext()} throws the {@link
     * LaggedException}, and a later {@code hasNext()} continues at the oldest value retained.
     *
     * @return a blocking iterator over the values
     */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Object found; // null: not read yet; DRAINED or UNSUBSCRIBED: the end

            @Override
            public boolean hasNext() {
                if (found == null) {
                    try {
                        found = core.awaitPoll(BroadcastReceiver.this, Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        CancellationException c =
                                new CancellationException(
                                        "interrupted while waiting for the next broadcast value");
                        c.initCause(e);
                        throw c;
                    }
                }
                return found != BroadcastCore.DRAINED && found != BroadcastCore.UNSUBSCRIBED;
            }

            @Override
            @SuppressWarnings("unchecked")
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the broadcast is closed and drained");
                }
                T value = (T) found;
                found = null;
                return value;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private T valueOrThrow(Object found) {
        if (found == BroadcastCore.DRAINED) {
            throw new ChannelClosedException(
                    "cannot receive: every broadcast sender is closed and this subscriber has"
                            + " received all",
                    null);
        }
        if (found == BroadcastCore.UNSUBSCRIBED) {
            throw new ChannelClosedException(
                    "cannot receive: this broadcast subscriber is closed", null);
        }
        return (T) found;
    }

    @Override
    public String toString() {
        return "BroadcastReceiver[" + (isClosed() ? "closed" : pending() + " pending") + "]";
    }
}

package dev.weft;

import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The receiving half of a {@link Channel}: Rust's {@code mpsc::Receiver}.
 *
 * {@snippet :
 * for (String x : rx) {       // while let Some(x) = rx.recv().await
 *     handle(x);              // ends once every sender is closed and the buffer is drained
 * }
 * String one = rx.recv();     // or one at a time: ChannelClosedException at the end
 * }
 *
 * <p><b>Single consumer.</b> A channel has one receiver, used by one thread at a time. It may be
 * handed from thread to thread, but two threads receiving at the same moment is a bug, and the
 * second gets {@link java.util.ConcurrentModificationException} (nothing is taken or lost).
 *
 * <p><b>On close.</b> When every {@link Sender} handle is closed, {@code recv()} returns the values
 * still buffered and then throws {@link ChannelClosedException}; so do {@code recv(timeout)} and
 * {@code tryRecv()} (which tells "empty now" from "closed" in one call). The iteration and the
 * {@link #stream()} end normally instead. The end (the exception, the end of the iteration, {@link
 * #isDone()}) comes only after every value whose send returned normally; a send that was still
 * under way when the last handle closed fails instead and hands its value back (see {@link
 * Sender#close()}), so no value whose send returned can arrive after the end. {@link #close()}
 * closes the receiving side: sends fail from then on (handing their value back), values already
 * buffered can still be drained, and a receive that would wait throws {@link
 * ChannelClosedException} instead.
 *
 * <p><b>On cancellation.</b> A receive interrupted while it waits throws {@link
 * InterruptedException}; no value was taken, so the next receive gets it. The iterator cannot throw
 * a checked exception: interrupted, it sets the interrupt flag again and throws {@link
 * CancellationException}.
 *
 * <p><b>Memory consistency:</b> actions before a send happen-before the receive that returns the
 * value.
 *
 * <p><b>Forms</b> (its row of the package's <a href="package-summary.html#forms">table of
 * forms</a>): blocks: {@link #recv()}; never blocks: {@link #tryRecv()}, empty when nothing is
 * there; timed: {@link #recv(java.time.Duration) recv(timeout)}, {@link TimeoutException}; closed
 * and drained: {@link ChannelClosedException} from all three, while the iteration and the stream
 * end normally; task failed: not applicable.
 *
 * @param <T> the type of the values
 */
public final class Receiver<T> implements AutoCloseable, Iterable<T> {
    private final ChannelCore core;

    Receiver(ChannelCore core) {
        this.core = core;
    }

    /** The channel behind this handle (for {@link Select}). */
    ChannelCore core() {
        return core;
    }

    /**
     * Receives the next value, waiting until one arrives.
     *
     * @return the value
     * @throws ChannelClosedException once every sender is closed and the buffer is drained, or this
     *     receiver is closed and drained
     * @throws InterruptedException if interrupted while waiting; nothing was taken
     * @throws java.util.ConcurrentModificationException if another thread is receiving
     */
    public T recv() throws InterruptedException {
        return valueOrThrow(core.recv(Long.MAX_VALUE));
    }

    /**
     * Receives the next value, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait; positive
     * @return the value
     * @throws TimeoutException if no value arrived in time; nothing was taken
     * @throws ChannelClosedException once the channel is closed and drained
     * @throws InterruptedException if interrupted while waiting; nothing was taken
     * @throws java.util.ConcurrentModificationException if another thread is receiving
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public T recv(Duration timeout) throws InterruptedException, TimeoutException {
        Checks.positive(timeout, "timeout");
        Object r = core.recv(Checks.deadline(timeout));
        if (r == ChannelCore.NoValue.TIMED_OUT) {
            throw new TimeoutException("no value arrived within " + timeout);
        }
        return valueOrThrow(r);
    }

    /**
     * Receives a value if one is there now; never waits. On a rendezvous channel that means a
     * sender is waiting right now.
     *
     * @return the value, or empty if none is there now but one can still come
     * @throws ChannelClosedException if the channel is closed and drained: none can come any more
     * @throws java.util.ConcurrentModificationException if another thread is receiving
     */
    public Optional<T> tryRecv() {
        Object r = core.tryRecv();
        return r == ChannelCore.NoValue.NOTHING ? Optional.empty() : Optional.of(valueOrThrow(r));
    }

    /**
     * Returns whether no value can come any more: the channel is closed (every sender, or this
     * receiver) and nothing is buffered. Once it says {@code true} after every sender closed, no
     * send can still return normally: one still waiting (a rendezvous sender included) has been
     * refused, with its value handed back.
     *
     * @return {@code true} once closed and drained
     */
    public boolean isDone() {
        return (core.sendersClosed || core.receiverClosed) && core.size() == 0;
    }

    /**
     * Returns how many values are buffered now (a snapshot; always 0 on a rendezvous channel).
     *
     * @return the number of buffered values
     */
    public int size() {
        return core.size();
    }

    /**
     * Closes the receiving side: sends fail from now on and hand their value back; parked senders
     * wake up and fail. Values already buffered can still be received. Closing again does nothing.
     */
    @Override
    public void close() {
        if (!core.receiverClosed) {
            core.closeReceiver();
        }
    }

    /**
     * Returns an iterator that receives: {@code hasNext()} waits for the next value and returns
     * {@code false} once the channel is closed and drained.
     *
     * @return a blocking iterator over the values
     */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Object next; // null: not read yet; ChannelCore.NoValue.CLOSED: the end

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = core.recv(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        CancellationException c =
                                new CancellationException(
                                        "interrupted while waiting for the next value");
                        c.initCause(e);
                        throw c;
                    }
                }
                return next != ChannelCore.NoValue.CLOSED;
            }

            @Override
            @SuppressWarnings("unchecked")
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the channel is closed and drained");
                }
                T value = (T) next;
                next = null;
                return value;
            }
        };
    }

    /**
     * Returns a sequential stream of the values, ending when the channel is closed and drained.
     *
     * @return a blocking, ordered stream
     */
    public Stream<T> stream() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(
                        iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    @SuppressWarnings("unchecked")
    private T valueOrThrow(Object r) {
        if (r == ChannelCore.NoValue.CLOSED) {
            throw new ChannelClosedException(
                    core.receiverClosed
                            ? "cannot receive: this receiver is closed and drained"
                            : "cannot receive: every sender is closed and the channel is drained",
                    null);
        }
        return (T) r;
    }

    @Override
    public String toString() {
        return "Receiver[" + (isDone() ? "done" : core.size() + " buffered") + "]";
    }
}

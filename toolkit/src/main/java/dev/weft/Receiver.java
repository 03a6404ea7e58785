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
 * Optional<String> next;
 * while ((next = rx.recv()).isPresent()) {   // while let Some(x) = rx.recv().await
 *     handle(next.get());
 * }
 * for (String x : rx) { handle(x); }          // the same, as a loop
 * }
 *
 * <p><b>Single consumer.</b> A channel has one receiver, used by one thread at a time. It may be
 * handed from thread to thread, but two threads receiving at the same moment is a bug, and the
 * second gets {@link java.util.ConcurrentModificationException} (nothing is taken or lost).
 *
 * <p><b>On close.</b> When every {@link Sender} handle is closed, {@code recv()} returns the values
 * still buffered and then {@link Optional#empty()}. The end (empty, the end of the iteration,
 * {@link #isDone()}) comes only after every value whose send returned normally; a send that was
 * still under way when the last handle closed fails instead and hands its value back (see {@link
 * Sender#close()}), so no value whose send returned can arrive after the end. {@link #close()}
 * closes the receiving side: sends fail from then on (handing their value back), values already
 * buffered can still be drained, and a receive that would wait returns empty instead.
 *
 * <p><b>On cancellation.</b> A receive interrupted while it waits throws {@link
 * InterruptedException}; no value was taken, so the next receive gets it. The iterator cannot throw
 * a checked exception: interrupted, it sets the interrupt flag again and throws {@link
 * CancellationException}.
 *
 * <p><b>Memory consistency:</b> actions before a send happen-before the receive that returns the
 * value.
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
     * @return the value, or empty once every sender is closed and the buffer is drained (or this
     *     receiver is closed and drained)
     * @throws InterruptedException if interrupted while waiting; nothing was taken
     * @throws java.util.ConcurrentModificationException if another thread is receiving
     */
    public Optional<T> recv() throws InterruptedException {
        return result(core.recv(Long.MAX_VALUE));
    }

    /**
     * Receives the next value, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait; positive
     * @return the value, or empty once the channel is closed and drained
     * @throws TimeoutException if no value arrived in time; nothing was taken
     * @throws InterruptedException if interrupted while waiting; nothing was taken
     * @throws java.util.ConcurrentModificationException if another thread is receiving
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Optional<T> recv(Duration timeout) throws InterruptedException, TimeoutException {
        Checks.positive(timeout, "timeout");
        Object r = core.recv(Sender.deadline(timeout));
        if (r == ChannelCore.TIMED_OUT) {
            throw new TimeoutException("no value arrived within " + timeout);
        }
        return result(r);
    }

    /**
     * Receives a value if one is there now; never waits. On a rendezvous channel that means a
     * sender is waiting right now.
     *
     * @return the value, or empty if none is there now; {@link #isDone()} tells whether one can
     *     still come
     * @throws java.util.ConcurrentModificationException if another thread is receiving
     */
    public Optional<T> tryRecv() {
        Object r = core.tryRecv();
        return r == ChannelCore.NOTHING ? Optional.empty() : result(r);
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
            core.receiverClosed();
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
            private Optional<T> next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = recv();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        CancellationException c =
                                new CancellationException(
                                        "interrupted while waiting for the next value");
                        c.initCause(e);
                        throw c;
                    }
                }
                return next.isPresent();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the channel is closed and drained");
                }
                T value = next.get();
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
    private Optional<T> result(Object r) {
        return r == ChannelCore.CLOSED ? Optional.empty() : Optional.of((T) r);
    }

    @Override
    public String toString() {
        return "Receiver[" + (isDone() ? "done" : core.size() + " buffered") + "]";
    }
}

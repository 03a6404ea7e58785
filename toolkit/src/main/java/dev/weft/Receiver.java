package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The receiving half of a {@link Channel}: Rust's {@code mpsc::Receiver}, shared like Go's channel
 * or a {@code BlockingQueue}: any number of threads may receive at once, and each value goes to
 * exactly one of them.
 *
 * {@snippet :
 * for (String x : rx) {       // while let Some(x) = rx.recv().await
 *     handle(x);              // ends once every sender is closed and the buffer is drained
 * }
 * String one = rx.recv();     // or one at a time: ChannelClosedException at the end
 * }
 *
 * <p><b>Several consumers.</b> One receiver may be used by several threads at once (three workers
 * iterating it share the values), and {@link #clone()} makes more handles, each closed separately,
 * like {@link Sender#clone()}. A value is received exactly once, by one of them; the values one
 * sender sent are taken in the order it sent them, though consumers running side by side may finish
 * handling them in another order.
 *
 * <p><b>On close.</b> When every {@link Sender} handle is closed, {@code recv()} returns the values
 * still buffered and then throws {@link ChannelClosedException}; so do {@code recv(timeout)} and
 * {@code tryRecv()} (which tells "empty now" from "closed" in one call). The iteration and the
 * {@link #stream()} end normally instead. The end (the exception, the end of the iteration, {@link
 * #isDone()}) comes only after every value whose send returned normally; a send that was still
 * under way when the last handle closed fails instead and hands its value back (see {@link
 * Sender#close()}), so no value whose send returned can arrive after the end. {@link #close()}
 * closes this handle: a receive through it takes what is buffered and, where it would wait, throws
 * {@link ChannelClosedException} instead. Closing the last open handle closes the receiving side:
 * sends fail from then on (handing their value back), parked senders and {@link Sender#closed()}
 * wake up, and what is buffered can still be drained through any handle.
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
 * forms</a>): blocks: {@link #recv()}, and {@link #recvMany(Collection, int) recvMany(buffer, max)}
 * for the first of a batch; never blocks: {@link #tryRecv()}, empty when nothing is there; timed:
 * {@link #recv(java.time.Duration) recv(timeout)}, {@link TimeoutException}; closed and drained:
 * {@link ChannelClosedException} from all four, while the iteration and the stream end normally;
 * closed, perhaps not drained: {@link #isClosed()}; task failed: not applicable.
 *
 * @param <T> the type of the values
 */
public final class Receiver<T> implements AutoCloseable, Iterable<T> {
    private static final VarHandle CLOSING;

    static {
        try {
            CLOSING =
                    MethodHandles.lookup().findVarHandle(Receiver.class, "closing", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ChannelCore core;

    /** {@link #close()} was called: set first, by CAS, so that only one call closes the handle. */
    private volatile boolean closing;

    /**
     * The handle is closed, and if it was the last one the receiving side is closed: set only after
     * the channel's close, so that a receive that sees it cannot end before a send that the close
     * did not refuse (a receive on a closing handle still waits, as on an open one).
     */
    private volatile boolean closed;

    Receiver(ChannelCore core) {
        this.core = core;
    }

    /** Whether {@link #close()} was called on this handle (a select's arm asks). */
    boolean isHandleClosed() {
        return closed;
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
     */
    public T recv() throws InterruptedException {
        return valueOrThrow(take(Long.MAX_VALUE));
    }

    /**
     * Receives a batch: waits for the first value, then adds what else is there now, up to {@code
     * max} values in all, without waiting again. Tokio's {@code recv_many}; one call takes a burst
     * for the cost of one wait.
     *
     * <p>On close: the values still buffered are returned, in batches, and once the channel is
     * closed and drained it throws {@link ChannelClosedException} and adds nothing. On interrupt
     * while waiting for the first value: {@link InterruptedException}, nothing taken. If {@code
     * buffer.add} throws, the value it was given is lost (it had been taken) and the exception
     * passes, the values added before it stay added.
     *
     * @param buffer where the values go, in the order they were received
     * @param max how many values to take at most; at least 1
     * @return how many values were added, at least 1
     * @throws ChannelClosedException once the channel is closed and drained (nothing was added)
     * @throws InterruptedException if interrupted while waiting for the first value; nothing was
     *     taken
     * @throws NullPointerException if {@code buffer} is {@code null}
     * @throws IllegalArgumentException if {@code max} is less than 1
     */
    public int recvMany(Collection<? super T> buffer, int max) throws InterruptedException {
        Objects.requireNonNull(buffer, "buffer");
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        buffer.add(valueOrThrow(take(Long.MAX_VALUE)));
        int added = 1;
        while (added < max) {
            Object next = core.tryRecv();
            if (next instanceof ChannelCore.NoValue) {
                break; // nothing more now, or the end: the next call reports it
            }
            buffer.add(cast(next));
            added++;
        }
        return added;
    }

    /**
     * Receives the next value, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait; positive
     * @return the value
     * @throws TimeoutException if no value arrived in time; nothing was taken
     * @throws ChannelClosedException once the channel is closed and drained
     * @throws InterruptedException if interrupted while waiting; nothing was taken
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public T recv(Duration timeout) throws InterruptedException, TimeoutException {
        Checks.positive(timeout, "timeout");
        Object r = take(Checks.deadline(timeout));
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
     *     (through this handle, once it is closed)
     */
    public Optional<T> tryRecv() {
        Object r = core.tryRecv();
        if (r == ChannelCore.NoValue.NOTHING && !closed) {
            return Optional.empty();
        }
        return Optional.of(valueOrThrow(r));
    }

    /**
     * Returns whether no value can come any more: the channel is {@linkplain #isClosed() closed}
     * and nothing is buffered. Once it says {@code true} after every sender closed, no send can
     * still return normally: one still waiting (a rendezvous sender included) has been refused,
     * with its value handed back.
     *
     * @return {@code true} once closed and drained
     */
    public boolean isDone() {
        return isClosed() && core.size() == 0;
    }

    /**
     * Returns whether the channel is closed for this handle: every sender handle is closed, or the
     * receiving side is (its last receiver handle was closed), or this handle is. Values may still
     * be buffered; {@link #isDone()} says whether they are drained too.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return closed || core.sendersClosed || core.receiverClosed;
    }

    /**
     * Returns a new, open handle to the same channel, for another consumer. The receiving side
     * stays open until every handle is closed. Sharing one handle between threads works as well; a
     * clone is for a consumer that closes on its own.
     *
     * @return the new handle
     * @throws IllegalStateException if this handle is closed
     */
    @Override
    public Receiver<T> clone() {
        if (closing || !core.openReceiver()) {
            throw new IllegalStateException("cannot clone: this receiver is closed");
        }
        return new Receiver<>(core);
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
     * Closes this handle. A receive through it from now on takes what is buffered and, where it
     * would wait, throws {@link ChannelClosedException} (the iteration and the stream end); a
     * receive already waiting through it goes on waiting, unless this close closes the receiving
     * side. Closing again does nothing.
     *
     * <p>When this is the channel's last open receiver handle, the receiving side closes: sends
     * fail from now on and hand their value back; parked senders, and threads in {@link
     * Sender#closed()}, wake up. Values already buffered can still be received through any handle;
     * then every receive throws {@link ChannelClosedException}.
     */
    @Override
    public void close() {
        if (CLOSING.compareAndSet(this, false, true)) {
            core.closeReceiverHandle();
            closed = true;
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
                        next = take(Long.MAX_VALUE);
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

    /**
     * Receives through this handle: a value, {@link ChannelCore.NoValue#CLOSED} or {@link
     * ChannelCore.NoValue#TIMED_OUT}. A closed handle does not wait.
     */
    private Object take(long deadline) throws InterruptedException {
        if (!closed) {
            return core.recv(deadline);
        }
        Object r = core.tryRecv();
        return r == ChannelCore.NoValue.NOTHING ? ChannelCore.NoValue.CLOSED : r;
    }

    private T valueOrThrow(Object r) {
        if (r instanceof ChannelCore.NoValue) {
            throw new ChannelClosedException(
                    core.receiverClosed
                            ? "cannot receive: the receiving side is closed and drained"
                            : core.sendersClosed
                                    ? "cannot receive: every sender is closed and the channel is"
                                            + " drained"
                                    : "cannot receive: this receiver handle is closed and nothing"
                                            + " is buffered",
                    null);
        }
        return cast(r);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    @Override
    public String toString() {
        return "Receiver[" + (isDone() ? "done" : core.size() + " buffered") + "]";
    }
}

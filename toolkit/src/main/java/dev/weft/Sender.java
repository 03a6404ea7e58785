package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * The sending half of a {@link Channel}: Rust's {@code mpsc::Sender}. Any number of threads may
 * send through one sender at once, and {@link #clone()} makes more handles for more producers.
 *
 * <p>Each handle is closed separately ({@link #close()}, the idiom is try-with-resources); when the
 * last open handle of a channel is closed, the receiver drains what is buffered and then ends, like
 * Rust's {@code drop(sender)}. A handle that is closed can no longer send or clone; closing it
 * again does nothing.
 *
 * <p><b>On close of the last handle:</b> a send that returned normally before is received; a send
 * still under way through any handle of the channel (another thread closed the handle it sends
 * through, while it was parked or just begun) fails with {@link ChannelClosedException} carrying
 * its value, because the receiver may already have seen the end. See {@link #close()}.
 *
 * <p><b>On close of the receiver:</b> when the last open {@link Receiver} handle is closed, every
 * send fails with {@link ChannelClosedException}, whose {@link ChannelClosedException#unsentValue()
 * unsentValue()} is the value, so nothing is lost; senders parked for room wake up and fail the
 * same way, and {@link #closed()} returns. A producer with nothing to send can wait for that with
 * {@link #closed()}, to stop its work when nobody listens any more (tokio's {@code
 * Sender::closed()}).
 *
 * <p><b>On cancellation:</b> a send interrupted while it waits throws {@link InterruptedException}
 * and the value was not sent; a send that completed in the same instant as the interrupt returns
 * normally with the interrupt flag still set. Either way the value is delivered at most once and
 * nothing stays registered.
 *
 * <p><b>Memory consistency:</b> actions before a send happen-before the receive that returns the
 * value.
 *
 * <p><b>Forms</b> (its row of the package's <a href="package-summary.html#forms">table of
 * forms</a>): blocks: {@link #send(Object) send(v)}; never blocks: {@link #trySend(Object)
 * trySend(v)}, {@code false} when full; timed: {@link #send(Object, java.time.Duration) send(v,
 * timeout)}, {@link java.util.concurrent.TimeoutException}; the receiver closed: {@link
 * ChannelClosedException} with the value, from all three. Waiting for the receiver to go: blocks:
 * {@link #closed()}; never blocks: {@link #isReceiverClosed()}; timed: {@link
 * #closed(java.time.Duration) closed(timeout)}, {@link java.util.concurrent.TimeoutException}. Task
 * failed: not applicable.
 *
 * @param <T> the type of the values
 */
public final class Sender<T> implements AutoCloseable {
    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(Sender.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ChannelCore core;
    private volatile boolean closed;

    Sender(ChannelCore core) {
        this.core = core;
    }

    /** The channel behind this handle (for {@link Select}). */
    ChannelCore core() {
        return core;
    }

    /**
     * Sends a value, waiting while the buffer is full (backpressure); on a rendezvous channel,
     * waits until a receiver has taken it.
     *
     * @param value the value; not {@code null}
     * @throws InterruptedException if interrupted while waiting; the value was not sent
     * @throws ChannelClosedException if the receiver is closed, or the channel's last sender handle
     *     was closed while this send was under way; carries the value
     * @throws IllegalStateException if this handle is closed
     * @throws NullPointerException if {@code value} is {@code null}
     */
    public void send(T value) throws InterruptedException {
        check(value);
        core.send(value, Long.MAX_VALUE);
    }

    /**
     * Sends a value if that is possible without waiting: there is room in the buffer, or (on a
     * rendezvous channel) a receiver is waiting right now.
     *
     * @param value the value; not {@code null}
     * @return {@code true} if sent, {@code false} if the channel is full
     * @throws ChannelClosedException if the receiver is closed, or the channel's last sender handle
     *     was closed while this send was under way; carries the value
     * @throws IllegalStateException if this handle is closed
     * @throws NullPointerException if {@code value} is {@code null}
     */
    public boolean trySend(T value) {
        check(value);
        return core.trySend(value);
    }

    /**
     * Sends a value, waiting at most {@code timeout} for room (or, on a rendezvous channel, for a
     * receiver to take it).
     *
     * @param value the value; not {@code null}
     * @param timeout how long to wait; positive
     * @throws TimeoutException if the timeout passed first; the value was not sent
     * @throws InterruptedException if interrupted while waiting; the value was not sent
     * @throws ChannelClosedException if the receiver is closed, or the channel's last sender handle
     *     was closed while this send was under way; carries the value
     * @throws IllegalStateException if this handle is closed
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public void send(T value, Duration timeout) throws InterruptedException, TimeoutException {
        Checks.positive(timeout, "timeout");
        check(value);
        if (!core.send(value, Checks.deadline(timeout))) {
            throw new TimeoutException("the value was not sent within " + timeout);
        }
    }

    /**
     * Returns a new, open handle to the same channel, for another producer: Rust's {@code
     * tx.clone()}. The channel stays open for sending until every handle is closed.
     *
     * @return the new handle
     * @throws IllegalStateException if this handle is closed
     */
    @Override
    public Sender<T> clone() {
        checkOpen("clone");
        if (!core.openSender()) {
            throw new IllegalStateException("cannot clone: every sender of the channel is closed");
        }
        return new Sender<>(core);
    }

    /**
     * Returns whether the receiving side is closed (every receiver handle), so that sends fail:
     * Rust's {@code is_closed()}.
     *
     * @return {@code true} once the receiving side is closed
     */
    public boolean isReceiverClosed() {
        return core.receiverClosed;
    }

    /**
     * Waits until the receiving side is closed (every {@link Receiver} handle of the channel was
     * closed), so that every send fails: tokio's {@code Sender::closed()}. Returns at once if it
     * already is. Works through a closed handle too. It does not return when the senders close, or
     * when the receivers merely stop receiving: only a receiver's close ends it.
     *
     * @throws InterruptedException if interrupted while waiting (nothing stays registered); if the
     *     receiving side closed at the same moment, it returns normally with the interrupt flag set
     */
    public void closed() throws InterruptedException {
        core.awaitReceiverClosed(Long.MAX_VALUE);
    }

    /**
     * Waits at most {@code timeout} until the receiving side is closed; see {@link #closed()}.
     *
     * @param timeout how long to wait; positive
     * @throws TimeoutException if the receiving side was still open when the timeout passed
     * @throws InterruptedException if interrupted while waiting (nothing stays registered)
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public void closed(Duration timeout) throws InterruptedException, TimeoutException {
        Checks.positive(timeout, "timeout");
        if (!core.awaitReceiverClosed(Checks.deadline(timeout))) {
            throw new TimeoutException("the receiving side was still open after " + timeout);
        }
    }

    /**
     * Returns whether this handle is closed.
     *
     * @return {@code true} once {@link #close()} was called on this handle
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes this handle. When it is the channel's last open handle, the channel is closed for
     * sending: the receiver drains what is buffered and then sees the end. Closing a closed handle
     * does nothing.
     *
     * <p>Sends through a handle may run on other threads while it is closed. Each such send either
     * completed before the close took effect, and then its value is received before the end, or it
     * is refused: a send still parked (for room, or for a receiver on a rendezvous channel), or one
     * that checked its handle just before the close and had not yet put its value in, throws {@link
     * ChannelClosedException} with its value, and sends nothing. Refusing such a send, rather than
     * letting the receiver wait for it, keeps the receiver's end prompt and costs the sends
     * nothing; the alternative would count every send in flight. A select's {@code send} arm on
     * such a channel is disabled instead (see {@link Select}).
     */
    @Override
    public void close() {
        if (CLOSED.compareAndSet(this, false, true)) {
            core.closeSender();
        }
    }

    private void check(T value) {
        Objects.requireNonNull(value, "value");
        checkOpen("send");
    }

    void checkOpen(String operation) {
        if (closed) {
            throw new IllegalStateException("cannot " + operation + ": this sender is closed");
        }
    }

    @Override
    public String toString() {
        return "Sender[" + (closed ? "closed" : "open") + "]";
    }
}

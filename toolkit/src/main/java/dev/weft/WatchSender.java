package dev.weft;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A sending handle of a {@link Watch}: tokio's {@code watch::Sender}. It replaces the value ({@link
 * #send}), replaces it with a function of the current one ({@link #update}), or changes it in place
 * ({@link #modify}); every change makes a new version and wakes the receivers. Nothing waits: a
 * watch is never full. Any number of threads may change the value through one handle, and {@link
 * #clone()} makes more handles.
 *
 * <p>Each handle is closed separately ({@link #close()}); when the last open handle is closed,
 * every receiver wakes and, once it has seen the last version, sees the end. A closed handle can no
 * longer change the value, clone or subscribe (it can still {@link #get()}); closing it again does
 * nothing.
 *
 * <p><b>On close.</b> With no receiver open, {@link #send} throws {@link ChannelClosedException}
 * whose {@link ChannelClosedException#unsentValue() unsentValue()} is the value, and the value is
 * not replaced (tokio's {@code send}); {@link #update} and {@link #modify} change the value all the
 * same, for receivers that subscribe later (tokio's {@code send_replace} and {@code send_modify}).
 * A change still under way when another thread closes the last handle is refused with {@link
 * ChannelClosedException} (carrying the value of a {@code send}).
 *
 * <p><b>On cancellation.</b> Not applicable: nothing here waits, and nothing looks at the interrupt
 * flag.
 *
 * <p><b>Memory consistency:</b> actions before a change happen-before every read that returns the
 * value it made.
 *
 * <p><b>Forms</b> (its row of the package's <a href="package-summary.html#forms">table of
 * forms</a>): blocks: never; never blocks: {@link #send(Object) send(v)}, {@link #update
 * update(f)}, {@link #modify modify(f)} (never full); timed: not applicable; no receiver open:
 * {@link ChannelClosedException} with the value from {@code send(v)}, while {@code update} and
 * {@code modify} still change the value; task failed: not applicable.
 *
 * @param <T> the type of the value
 */
public final class WatchSender<T> implements AutoCloseable {
    private final WatchCore<T> core;
    private final SenderHandle handle;

    WatchSender(WatchCore<T> core) {
        this.core = core;
        this.handle = new SenderHandle(core, "watch");
    }

    /**
     * Replaces the value and wakes every receiver waiting for a change; never waits.
     *
     * @param value the new value; not {@code null}
     * @throws ChannelClosedException if no receiver is open (the value was not replaced), or the
     *     channel's last sender handle was closed while this send was under way; carries the value
     * @throws IllegalStateException if this handle is closed
     * @throws NullPointerException if {@code value} is {@code null}
     */
    public void send(T value) {
        Objects.requireNonNull(value, "value");
        handle.checkOpen("send");
        core.send(value);
    }

    /**
     * Replaces the value with {@code fn} applied to the current one, atomically (no other change
     * comes in between), and wakes the receivers, even if none is open. {@code fn} runs under the
     * channel's lock, so it should be short and must not use this channel; if it throws, the value
     * is unchanged, no receiver is woken and the exception propagates.
     *
     * @param fn computes the new value from the current one; it must not return {@code null}
     * @throws ChannelClosedException if the channel's last sender handle was closed while this
     *     update was under way; the value was not changed
     * @throws IllegalStateException if this handle is closed
     * @throws NullPointerException if {@code fn} is {@code null} or returns {@code null}
     */
    public void update(UnaryOperator<T> fn) {
        Objects.requireNonNull(fn, "fn");
        handle.checkOpen("update");
        core.update(fn);
    }

    /**
     * Changes the value in place, for a mutable value: runs {@code fn} on it under the channel's
     * lock and wakes the receivers, even if none is open (tokio's {@code send_modify}). {@code fn}
     * should be short and must not use this channel. If it throws, the value may be partly changed,
     * so the receivers are woken all the same, and the exception propagates.
     *
     * @param fn changes the value
     * @throws ChannelClosedException if the channel's last sender handle was closed while this
     *     modification was under way; {@code fn} did not run
     * @throws IllegalStateException if this handle is closed
     * @throws NullPointerException if {@code fn} is {@code null}
     */
    public void modify(Consumer<? super T> fn) {
        Objects.requireNonNull(fn, "fn");
        handle.checkOpen("modify");
        core.modify(fn);
    }

    /**
     * Returns the latest value; never waits.
     *
     * @return the latest value
     */
    public T get() {
        return core.get();
    }

    /**
     * Returns a new receiver that has seen the current version: tokio's {@code tx.subscribe()}.
     *
     * @return the new receiver
     * @throws IllegalStateException if this handle is closed
     */
    public WatchReceiver<T> subscribe() {
        handle.checkOpen("subscribe");
        return new WatchReceiver<>(core, null);
    }

    /**
     * Returns a new, open handle to the same channel: the channel stays open until every handle is
     * closed.
     *
     * @return the new handle
     * @throws IllegalStateException if this handle is closed
     */
    @Override
    public WatchSender<T> clone() {
        handle.openAnother();
        return new WatchSender<>(core);
    }

    /**
     * Returns how many receivers are open now (a snapshot); {@link #send} fails when there are
     * none.
     *
     * @return the number of open receivers
     */
    public int receiverCount() {
        return core.receiverCount();
    }

    /**
     * Returns whether this handle is closed.
     *
     * @return {@code true} once {@link #close()} was called on this handle
     */
    public boolean isClosed() {
        return handle.isClosed();
    }

    /**
     * Closes this handle. When it is the channel's last open handle, every receiver wakes; each
     * gets the last version if it has not seen it, and then sees the end. Closing a closed handle
     * does nothing.
     */
    @Override
    public void close() {
        handle.close();
    }

    @Override
    public String toString() {
        return "WatchSender[" + handle + "]";
    }
}

package dev.weft;

import java.util.Objects;

/**
 * A sending handle of a {@link Broadcast}: tokio's {@code broadcast::Sender}. Any number of threads
 * may send through one handle at once, and {@link #clone()} makes more handles. A send never waits:
 * it hands the value to every open subscriber, overwriting the oldest retained value once {@code
 * capacity} are retained (a subscriber that had not read it is told it lagged).
 *
 * <p>Each handle is closed separately ({@link #close()}, the idiom is try-with-resources); when the
 * last open handle is closed, the channel is closed for sending, and every subscriber sees the end
 * once it has received what it had not read. A closed handle can no longer send, clone or
 * subscribe; closing it again does nothing.
 *
 * <p><b>On close.</b> With no subscriber open, a send throws {@link ChannelClosedException} whose
 * {@link ChannelClosedException#unsentValue() unsentValue()} is the value (tokio's {@code
 * SendError}); a subscriber that subscribes later does not see it. A send still under way when
 * another thread closes the channel's last handle is refused the same way, so no value arrives
 * after a subscriber saw the end.
 *
 * <p><b>On cancellation.</b> Not applicable: a send never waits, and it does not look at the
 * interrupt flag.
 *
 * <p><b>Memory consistency:</b> actions before a send happen-before every receive that returns the
 * value.
 *
 * <p><b>Forms</b> (its row of the package's <a href="package-summary.html#forms">table of
 * forms</a>): blocks: never; never blocks: {@link #send(Object) send(v)} (never full: it overwrites
 * the oldest value); timed: not applicable; no subscriber open: {@link ChannelClosedException} with
 * the value; task failed: not applicable.
 *
 * @param <T> the type of the values
 */
public final class BroadcastSender<T> implements AutoCloseable {
    private final BroadcastCore core;
    private final SenderHandle handle;

    BroadcastSender(BroadcastCore core) {
        this.core = core;
        this.handle = new SenderHandle(core, "broadcast");
    }

    /**
     * Sends a value to every open subscriber and wakes those waiting; never waits. Once {@code
     * capacity} values are retained, the oldest is overwritten.
     *
     * @param value the value; not {@code null}
     * @return how many subscribers it was sent to, at least 1
     * @throws ChannelClosedException if no subscriber is open, or the channel's last sender handle
     *     was closed while this send was under way; carries the value
     * @throws IllegalStateException if this handle is closed
     * @throws NullPointerException if {@code value} is {@code null}
     */
    public int send(T value) {
        Objects.requireNonNull(value, "value");
        handle.checkOpen("send");
        return core.send(value);
    }

    /**
     * Returns a new subscriber that receives every value sent after this call: tokio's {@code
     * tx.subscribe()}.
     *
     * @return the new subscriber
     * @throws IllegalStateException if this handle is closed
     */
    public BroadcastReceiver<T> subscribe() {
        handle.checkOpen("subscribe");
        return new BroadcastReceiver<>(core);
    }

    /**
     * Returns a new, open handle to the same channel, for another producer: tokio's {@code
     * tx.clone()}. The channel stays open for sending until every handle is closed.
     *
     * @return the new handle
     * @throws IllegalStateException if this handle is closed
     */
    @Override
    public BroadcastSender<T> clone() {
        handle.openAnother();
        return new BroadcastSender<>(core);
    }

    /**
     * Returns how many subscribers are open now: how many a send would reach (a snapshot).
     *
     * @return the number of open subscribers
     */
    public int subscriberCount() {
        return core.subscriberCount();
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
     * Closes this handle. When it is the channel's last open handle, the channel is closed for
     * sending: each subscriber receives what it has not read, and then sees the end. Closing a
     * closed handle does nothing.
     */
    @Override
    public void close() {
        handle.close();
    }

    @Override
    public String toString() {
        return "BroadcastSender[" + handle + "]";
    }
}

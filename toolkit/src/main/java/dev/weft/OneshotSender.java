package dev.weft;

import java.util.Objects;

/**
 * The sending half of a {@link Oneshot}: tokio's {@code oneshot::Sender}. It sends at most one
 * value, and never waits; see {@link Oneshot} for the states and the rules on close.
 *
 * <p><b>Forms</b> (its row of the package's <a href="package-summary.html#forms">table of
 * forms</a>): blocks: never; never blocks: {@link #send(Object) send(v)} (a oneshot is never full);
 * timed: not applicable; the receiver closed: {@link ChannelClosedException} with the value; task
 * failed: not applicable.
 *
 * @param <T> the type of the value
 */
public final class OneshotSender<T> implements AutoCloseable {
    private final Oneshot<T> channel;

    OneshotSender(Oneshot<T> channel) {
        this.channel = channel;
    }

    /**
     * Sends the value, waking the thread waiting in {@code recv} if there is one; never waits.
     *
     * @param value the value; not {@code null}
     * @throws ChannelClosedException if the receiver is closed; the value, not delivered, is its
     *     {@linkplain ChannelClosedException#unsentValue() unsent value}. (A value that was
     *     delivered may still be dropped unread if the receiver closes before taking it.)
     * @throws IllegalStateException if a value was already sent, or this sender is closed
     * @throws NullPointerException if {@code value} is {@code null}
     */
    public void send(T value) {
        Objects.requireNonNull(value, "value");
        Oneshot.Slot s =
                (Oneshot.Slot)
                        Oneshot.STATE.compareAndExchange(
                                channel, Oneshot.Mark.EMPTY, new Oneshot.Sent(value));
        if (s == Oneshot.Mark.EMPTY) {
            channel.wakeReceiver();
            return;
        }
        throw switch (s) {
            case Oneshot.Mark.RECEIVER_CLOSED ->
                    new ChannelClosedException(
                            "cannot send: the oneshot receiver is closed", value);
            case Oneshot.Mark.SENDER_CLOSED ->
                    new IllegalStateException("cannot send: this oneshot sender is closed");
            default -> new IllegalStateException("cannot send: this oneshot already sent a value");
        };
    }

    /**
     * Returns whether the receiver is closed, so a send would not be delivered.
     *
     * @return {@code true} once the receiver is closed
     */
    public boolean isReceiverClosed() {
        return channel.state == Oneshot.Mark.RECEIVER_CLOSED;
    }

    /**
     * Closes the sender. If nothing was sent and the receiver is open, a parked {@code recv} wakes,
     * and every receive from then on throws {@link ChannelClosedException}. After a send, after the
     * receiver's close, or a second time, this does nothing.
     */
    @Override
    public void close() {
        if (Oneshot.STATE.compareAndSet(channel, Oneshot.Mark.EMPTY, Oneshot.Mark.SENDER_CLOSED)) {
            channel.wakeReceiver();
        }
    }
}

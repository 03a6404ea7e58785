package dev.weft;

import java.io.Serial;

/**
 * Thrown when an operation cannot happen because a side it needs is closed, for good: the package's
 * rule for "the other side is closed" (see its table of forms).
 *
 * <ul>
 *   <li>A send after the receiver was closed, or one still under way when the last sender handle
 *       closed: the unsent value comes back in {@link #unsentValue()}, so nothing is lost (Rust's
 *       {@code SendError(value)}). The same for {@link OneshotSender#send}.
 *   <li>A receive once the channel is closed (every sender, or the receiver itself) and drained; a
 *       oneshot receive after the sender closed without sending, or after the receiver closed.
 *       Iterating a receiver ends normally instead.
 *   <li>A {@link WorkQueue} request after the queue was closed, or whose workers stopped (the input
 *       comes back); a {@link BlockingPool} call after the pool was closed (the work comes back).
 * </ul>
 */
public final class ChannelClosedException extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    private final transient Object unsentValue;

    /**
     * Creates the exception.
     *
     * @param message what was closed
     * @param unsentValue the value a failed send hands back, or {@code null}
     */
    public ChannelClosedException(String message, Object unsentValue) {
        super(message);
        this.unsentValue = unsentValue;
    }

    /**
     * Returns the value a failed send could not deliver, so that nothing is lost: Rust's {@code
     * SendError(value)}.
     *
     * @return the unsent value, or {@code null} if this was not a failed send
     */
    public Object unsentValue() {
        return unsentValue;
    }
}

package dev.weft;

import java.io.Serial;

/**
 * Thrown when a channel operation cannot happen because the other side is gone: a send after the
 * receiver was closed (the unsent value comes back in {@link #unsentValue()}), or a oneshot receive
 * after the sender was closed without sending, or after the oneshot's own receiver was closed.
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

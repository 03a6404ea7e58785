package dev.weft;

import java.io.Serial;

/**
 * Thrown by a receive of a {@link BroadcastReceiver} that fell behind: more than the channel's
 * capacity of values were sent since it last received, so the oldest of those it had not read were
 * overwritten. Tokio's {@code RecvError::Lagged(n)}.
 *
 * <p>The subscriber is not closed: the exception moves it to the oldest value the channel still
 * retains, and its next receive continues there. {@link #missed()} says how many values it lost.
 * Unchecked, like the package's other channel exceptions: a subscriber that can tolerate gaps
 * catches it and receives on; one that cannot lets it propagate.
 */
public final class LaggedException extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    private final long missed;

    /**
     * Creates the exception.
     *
     * @param missed how many values the subscriber lost; positive
     * @throws IllegalArgumentException if {@code missed} is zero or negative
     */
    public LaggedException(long missed) {
        super("receiver lagged behind by " + missed + " values");
        if (missed < 1) {
            throw new IllegalArgumentException("missed must be at least 1, was " + missed);
        }
        this.missed = missed;
    }

    /**
     * Returns how many values the subscriber lost: they were overwritten before it received them.
     *
     * @return the number of values missed, at least 1
     */
    public long missed() {
        return missed;
    }
}

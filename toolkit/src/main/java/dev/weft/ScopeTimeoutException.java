package dev.weft;

import java.io.Serial;
import java.time.Duration;
import java.util.List;

/**
 * Thrown by {@link Scope#join()} when the scope's deadline passed before its outcome was decided.
 * By then every fork has been interrupted and has ended.
 *
 * <p>Nothing is lost: the {@linkplain #getCause() cause} is the first failure of the scope's forks
 * (a fork that failed for real before or after the deadline, not one that ended by the deadline's
 * interrupt), if any, and every later failure is {@linkplain #getSuppressed() suppressed} on this
 * exception.
 */
public final class ScopeTimeoutException extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    private final transient Duration timeout;

    /**
     * Creates the exception for a scope and its timeout.
     *
     * @param scopeName the scope's name
     * @param timeout the timeout the scope was opened with
     */
    public ScopeTimeoutException(String scopeName, Duration timeout) {
        this(scopeName, timeout, List.of());
    }

    /**
     * Creates the exception for a scope and its timeout, with the forks' failures: the first as
     * cause, the rest suppressed.
     *
     * @param scopeName the scope's name
     * @param timeout the timeout the scope was opened with
     * @param failures the failures of the scope's forks in the order they happened; may be empty
     */
    public ScopeTimeoutException(String scopeName, Duration timeout, List<Throwable> failures) {
        super("scope '" + scopeName + "' timed out after " + timeout);
        this.timeout = timeout;
        Failures.attach(this, failures);
    }

    /**
     * Returns the timeout that passed.
     *
     * @return the scope's timeout
     */
    public Duration timeout() {
        return timeout;
    }
}

package dev.weft;

import java.io.Serial;
import java.time.Duration;

/**
 * Thrown by {@link Scope#join()} when the scope's deadline passed before its outcome was decided.
 * By then every fork has been interrupted and has ended.
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
        super("scope '" + scopeName + "' timed out after " + timeout);
        this.timeout = timeout;
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

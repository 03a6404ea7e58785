package dev.weft;

import java.io.Serial;
import java.util.List;

/**
 * Thrown by {@link Scope#join()} when the scope's {@link Policy} reports failure: under fail-fast,
 * a fork failed; under first-success, no fork succeeded.
 *
 * <p>The {@linkplain #getCause() cause} is the first failure (in the order the forks ended); every
 * later failure is {@linkplain #getSuppressed() suppressed} on this exception, so nothing is lost.
 * Forks that were cancelled are not failures and are not reported.
 *
 * <p>It is a {@link TaskFailedException}, the exception of the package's "a task failed" rule, so a
 * {@code catch (TaskFailedException e)} also handles a scope's failure.
 */
public final class ScopeFailedException extends TaskFailedException {
    @Serial private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with the first failure as cause and the rest suppressed.
     *
     * @param message what failed, naming the scope
     * @param failures the failures in the order they happened; may be empty
     */
    public ScopeFailedException(String message, List<Throwable> failures) {
        super(message, failures.isEmpty() ? null : failures.get(0));
        for (int i = 1; i < failures.size(); i++) {
            addSuppressed(failures.get(i));
        }
    }
}

package dev.weft;

import java.io.Serial;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Thrown by {@link Scope#join()} when the scope was cancelled from outside before it had its
 * outcome, so that its work cannot be reported as a success: the scope it is nested in was
 * cancelled, or {@code join()} is called again after it threw {@link InterruptedException}.
 *
 * <p>The message names the scope and what cancelled it, for example {@code scope 'inner' was
 * cancelled: the scope it is nested in, 'outer', was cancelled (its policy cancelled it after fork
 * 'outer-fork-2' failed)}. Nothing is lost: the {@linkplain #getCause() cause} is the first failure
 * of the scope's forks (in the order they ended), if any fork failed, and every later failure is
 * {@linkplain #getSuppressed() suppressed} on this exception. Forks that were cancelled are not
 * failures and are not reported.
 *
 * <p>It is a {@link CancellationException}: a fork whose task ends with it after its own scope was
 * cancelled is {@linkplain Fork.State#CANCELLED cancelled}, not failed.
 */
public final class ScopeCancelledException extends CancellationException {
    @Serial private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with the forks' failures: the first as cause, the rest suppressed.
     *
     * @param message what was cancelled and why, naming the scope
     * @param failures the failures of the scope's forks in the order they happened; may be empty
     */
    public ScopeCancelledException(String message, List<Throwable> failures) {
        super(message);
        Failures.attach(this, failures);
    }
}

package dev.weft;

import java.io.Serial;

/**
 * Thrown where you asked for a task's value and the task failed: {@link Fork#get()} of a failed
 * fork, {@link Result#getOrThrow()} of an {@link Result.Err}, {@link WorkQueue#request(Object)} and
 * {@link BlockingPool#call(java.util.concurrent.Callable)} when the work threw, and a {@link
 * Select} whose handler threw a checked exception. Its {@linkplain #getCause() cause} is the task's
 * exception.
 *
 * <p>A scope's {@code join()} and the combinators of {@link Tasks} throw the subclass {@link
 * ScopeFailedException}, which also carries the failures of the other forks; so one {@code catch
 * (TaskFailedException e)} handles every task failure in Weft. A task that was <em>cancelled</em>
 * is not a failure: reading its value throws {@link java.util.concurrent.CancellationException}
 * instead.
 *
 * <p>This is the rule of the package's table of forms, "a task failed"; the JDK's {@code
 * Future.get} says the same with the checked {@code ExecutionException}, and its {@code
 * StructuredTaskScope.join} with the unchecked {@code FailedException}.
 */
public class TaskFailedException extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the task (the fork, the input, the scope)
     * @param cause the task's exception, or {@code null} if there is none to report (a policy that
     *     reports failure with no fork failed)
     */
    public TaskFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

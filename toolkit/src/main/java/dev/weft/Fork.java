package dev.weft;

/**
 * A task forked in a {@link Scope}, running on its own virtual thread.
 *
 * <p>A fork is created by {@link Scope#fork(java.util.concurrent.Callable)}. Its outcome is read
 * after the owner has called {@link Scope#join()}: {@link #get()} for the value of a fork that
 * {@linkplain State#SUCCEEDED succeeded}, {@link #exception()} for the exception of one that
 * {@linkplain State#FAILED failed}. {@link #state()} may be read at any time, from any thread.
 *
 * <p><b>Memory consistency:</b> everything the fork's task did happens-before {@code join()}
 * returns (or throws) in the owner, so the value and any other writes of the task are visible to
 * the owner after {@code join()}.
 *
 * <p><b>Forms</b> (its row of the package's <a href="package-summary.html#forms">table of
 * forms</a>): never blocks: {@link #get()} and {@link #exception()}, read after the owner's {@code
 * join()}; failed: {@code get()} throws {@link TaskFailedException} with the task's exception as
 * the cause; cancelled: {@code get()} throws {@link java.util.concurrent.CancellationException}.
 *
 * @param <T> the type of the task's value
 */
public interface Fork<T> {

    /** The states of a fork. A fork starts {@link #RUNNING} and ends in exactly one other state. */
    enum State {
        /** The task has not ended yet. */
        RUNNING,
        /** The task returned a value; {@link Fork#get()} gives it. */
        SUCCEEDED,
        /**
         * The task threw an exception that was not caused by cancellation; see {@link
         * #exception()}.
         */
        FAILED,
        /**
         * The scope was cancelled and the task ended with an {@link InterruptedException}, an
         * interrupted I/O exception or a {@link ScopeCancelledException} in its cause chain (or
         * never started). A cancelled fork is not a failure: it is not reported by {@link
         * Scope#join()}.
         */
        CANCELLED
    }

    /**
     * Returns the value of a task that succeeded.
     *
     * @return the task's value (may be {@code null} if the task returned {@code null})
     * @throws TaskFailedException if the task failed; its exception is the cause
     * @throws java.util.concurrent.CancellationException if the fork was cancelled (the interrupt
     *     or exception it ended with, if any, is the cause)
     * @throws IllegalStateException if the owner has not joined yet
     */
    T get();

    /**
     * Returns the exception of a task that failed.
     *
     * @return the exception the task threw
     * @throws IllegalStateException if the owner has not joined yet, or the fork did not fail
     */
    Throwable exception();

    /**
     * Returns this fork's state now. Never blocks, may be called from any thread.
     *
     * @return the state
     */
    State state();

    /**
     * Returns the name of this fork, {@code <scope name>-fork-<n>}. For a fork of a root scope it
     * is also its thread's name, as seen in thread dumps; a fork of a nested scope runs on a thread
     * whose name starts with the chain of enclosing scopes, {@code <chain>-fork-<n>} (see "Threads"
     * in {@link Scope}).
     *
     * @return the fork's name
     */
    String name();
}

package dev.weft;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.Function;

/**
 * The one mapping between how a task ended and what its caller sees, shared by {@link ForkImpl}
 * (and so {@link Tasks}, {@link JoinSet} and {@link Select}'s fork arm), {@link WorkQueue} and
 * {@link BlockingPool}.
 *
 * <ul>
 *   <li>A task that ran ends as a {@link Result}: {@code Ok} with its value, {@code Err} with
 *       whatever it threw ({@link #capture}).
 *   <li>A caller that asked for the value gets it from an {@code Ok}, and a {@link
 *       TaskFailedException} with the exception as its cause for an {@code Err} ({@link #value}).
 *   <li>A cancelled task is, wherever it is a {@code Result} or an exception, a {@link
 *       CancellationException} {@code "<what> was cancelled"}, whose cause is how the task ended if
 *       it ran ({@link #cancelled}).
 * </ul>
 */
final class Outcomes {
    private Outcomes() {}

    /**
     * Runs {@code task} on the calling thread: {@code Ok} with its value, or {@code Err} with what
     * it threw, an {@link Error} or an {@link InterruptedException} too (the caller decides what to
     * rethrow, and whether an interrupt was a cancellation).
     */
    static <T> Result<T> capture(Callable<? extends T> task) {
        try {
            return new Result.Ok<>(task.call());
        } catch (Throwable e) {
            return new Result.Err<>(e);
        }
    }

    /**
     * The value of an {@code Ok}; for an {@code Err}, throws {@link TaskFailedException} with its
     * exception as the cause and {@code message} (given that exception) as the message.
     */
    static <T> T value(Result<T> result, Function<Throwable, String> message) {
        if (result instanceof Result.Ok<T> ok) {
            return ok.value();
        }
        Throwable e = ((Result.Err<T>) result).exception();
        throw new TaskFailedException(message.apply(e), e);
    }

    /**
     * A cancelled task: {@code "<what> was cancelled"}, with {@code how} (how the task ended, an
     * interrupt for example) as the cause, or none if it never ran.
     */
    static CancellationException cancelled(String what, Throwable how) {
        CancellationException e = new CancellationException(what + " was cancelled");
        if (how != null) {
            e.initCause(how);
        }
        return e;
    }
}

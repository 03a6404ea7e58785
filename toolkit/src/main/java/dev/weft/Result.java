package dev.weft;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The outcome of a task as a value: {@link Ok} with the task's value, or {@link Err} with the
 * exception it threw. Weft returns {@code Result}s where the caller asked for every outcome (for
 * example {@link Tasks#joinAll(java.util.List)}), and throws where the caller asked for values.
 *
 * {@snippet :
 * for (Result<Integer> r : Tasks.joinAll(tasks)) {
 *     if (r instanceof Result.Ok<Integer> ok) {
 *         System.out.println("size " + ok.value());
 *     } else if (r instanceof Result.Err<Integer> err) {
 *         System.out.println("failed: " + err.exception());
 *     }
 * }
 * }
 *
 * <p><b>Forms</b> (its row of the package's <a href="package-summary.html#forms">table of
 * forms</a>): never blocks: {@link #getOrThrow()} gives an {@code Ok}'s value and throws {@link
 * TaskFailedException} for an {@code Err}, its exception as the cause; {@link #orElse} and pattern
 * matching read it without an exception.
 *
 * @param <T> the type of the value
 */
public sealed interface Result<T> permits Result.Ok, Result.Err {

    /**
     * A success.
     *
     * @param value the value (may be {@code null})
     * @param <T> the type of the value
     */
    record Ok<T>(T value) implements Result<T> {
        /**
         * Returns {@code Ok(value)}, as Rust prints it.
         *
         * @return {@code Ok(} the value {@code )}
         */
        @Override
        public String toString() {
            return "Ok(" + value + ")";
        }
    }

    /**
     * A failure.
     *
     * @param exception what the task threw; never {@code null}
     * @param <T> the type the value would have had
     */
    record Err<T>(Throwable exception) implements Result<T> {
        /**
         * Creates a failure.
         *
         * @param exception what the task threw
         * @throws NullPointerException if {@code exception} is {@code null}
         */
        public Err {
            Objects.requireNonNull(exception, "exception");
        }

        /**
         * Returns {@code Err(exception)}, as Rust prints it.
         *
         * @return {@code Err(} the exception {@code )}
         */
        @Override
        public String toString() {
            return "Err(" + exception + ")";
        }
    }

    /**
     * Returns a success.
     *
     * @param value the value (may be {@code null})
     * @param <T> the type of the value
     * @return {@code new Ok<>(value)}
     */
    static <T> Result<T> ok(T value) {
        return new Ok<>(value);
    }

    /**
     * Returns a failure.
     *
     * @param exception the exception
     * @param <T> the type the value would have had
     * @return {@code new Err<>(exception)}
     * @throws NullPointerException if {@code exception} is {@code null}
     */
    static <T> Result<T> err(Throwable exception) {
        return new Err<>(exception);
    }

    /**
     * Runs a task on the calling thread and captures its outcome. An {@link InterruptedException}
     * is captured as an {@code Err} too, and the thread's interrupt flag is set again so the
     * interrupt is not lost.
     *
     * @param task the task
     * @param <T> the type of the value
     * @return {@code Ok} with the value, or {@code Err} with what the task threw
     * @throws NullPointerException if {@code task} is {@code null}
     */
    static <T> Result<T> of(Callable<? extends T> task) {
        Objects.requireNonNull(task, "task");
        try {
            return new Ok<>(task.call());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Err<>(e);
        } catch (Exception e) {
            return new Err<>(e);
        }
    }

    /**
     * Returns whether this is an {@link Ok}.
     *
     * @return {@code true} for {@code Ok}
     */
    default boolean isOk() {
        return this instanceof Ok;
    }

    /**
     * Returns the value, or throws for a failure.
     *
     * @return the value of an {@code Ok}
     * @throws TaskFailedException for an {@code Err}, with its exception as the cause (the
     *     package's rule for asking the value of a task that failed)
     */
    default T getOrThrow() {
        return Outcomes.value(this, e -> "result is a failure: " + e);
    }

    /**
     * Returns the value, or {@code other} for a failure.
     *
     * @param other the value to use for an {@code Err}
     * @return the value or {@code other}
     */
    default T orElse(T other) {
        return this instanceof Ok<T> ok ? ok.value() : other;
    }

    /**
     * Maps the value of an {@code Ok}; an {@code Err} is returned as it is.
     *
     * @param fn the mapping
     * @param <R> the new value type
     * @return the mapped result
     * @throws NullPointerException if {@code fn} is {@code null}
     */
    @SuppressWarnings("unchecked")
    default <R> Result<R> map(Function<? super T, ? extends R> fn) {
        Objects.requireNonNull(fn, "fn");
        return this instanceof Ok<T> ok ? new Ok<>(fn.apply(ok.value())) : (Result<R>) this;
    }
}

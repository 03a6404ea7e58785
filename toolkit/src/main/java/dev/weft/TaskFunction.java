package dev.weft;

/**
 * A function run as a task: like {@link java.util.function.Function}, but it may throw, so it can
 * do blocking I/O and be interrupted. Used by {@link Tasks#mapConcurrent}.
 *
 * @param <T> the input type
 * @param <R> the result type
 */
@FunctionalInterface
public interface TaskFunction<T, R> {
    /**
     * Computes the result for one input.
     *
     * @param input the input
     * @return the result
     * @throws Exception if the work fails; {@link InterruptedException} when cancelled
     */
    R apply(T input) throws Exception;
}

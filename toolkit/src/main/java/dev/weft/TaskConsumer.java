package dev.weft;

/**
 * An action run as a task: like {@link java.util.function.Consumer}, but it may throw, so it can do
 * blocking I/O and be interrupted. Used by {@link Tasks#forEachConcurrent}.
 *
 * @param <T> the input type
 */
@FunctionalInterface
public interface TaskConsumer<T> {
    /**
     * Acts on one input.
     *
     * @param input the input
     * @throws Exception if the work fails; {@link InterruptedException} when cancelled
     */
    void accept(T input) throws Exception;
}

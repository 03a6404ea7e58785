package dev.weft.bench;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * The trivial tasks every peer runs: task {@code i} returns a pre-boxed {@code Integer}, so no peer
 * pays for boxing or for creating the lambda inside the measured loop.
 */
final class Work {
    private Work() {}

    /** Returns {@code n} tasks; task {@code i} returns {@code i}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Callable<Integer>[] tasks(int n) {
        Callable<Integer>[] tasks = new Callable[n];
        for (int i = 0; i < n; i++) {
            Integer value = i;
            tasks[i] = () -> value;
        }
        return tasks;
    }

    /** The same tasks as an immutable list, for the {@code Tasks} combinators. */
    static List<Callable<Integer>> taskList(int n) {
        return List.of(tasks(n));
    }

    /** The sum of {@code 0 .. n-1}: what every peer's fork+join of {@code n} tasks must return. */
    static int expectedSum(int n) {
        return n * (n - 1) / 2;
    }
}

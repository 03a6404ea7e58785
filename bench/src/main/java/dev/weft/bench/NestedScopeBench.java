package dev.weft.bench;

import dev.weft.Fork;
import dev.weft.Scope;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nested scopes among many siblings: one owner scope with 1,000 or 10,000 concurrent forks (the
 * method name ends in the number), each of which opens a nested scope, forks one trivial task in
 * it, joins it, reads the value and closes it. Scores are per sibling fork
 * ({@code @OperationsPerInvocation}); a nested scope's open and close should cost the same however
 * many siblings have one open at the same time.
 *
 * <p>So that the nested scopes really are open at the same time, every sibling, once inside (in
 * {@code nested*} after forking its task), counts down a latch and waits for the owner's go; the
 * owner forks all siblings, waits for that latch and lets them all go. Peers:
 *
 * <ul>
 *   <li>{@code flat*}: the same sibling forks, each running the task itself (no nested scope, no
 *       second thread), the latch and go alike;
 *   <li>{@code innerThread*}: the same, each sibling running the task on a raw virtual thread that
 *       it starts and joins (the nested scope's thread without the scope).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@org.openjdk.jmh.annotations.Fork(2)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class NestedScopeBench {
    static final int SMALL = 1_000;
    static final int LARGE = 10_000;

    private final Callable<Integer>[] tasks = Work.tasks(LARGE);

    /** What each sibling does between the latch and its end. */
    private interface Sibling {
        int run(Callable<Integer> task, CountDownLatch inside, CountDownLatch go) throws Exception;
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        for (int n : new int[] {SMALL, LARGE}) {
            ForkJoinBench.check("nested", siblings(n, NestedScopeBench::nested), n);
            ForkJoinBench.check("flat", siblings(n, NestedScopeBench::flat), n);
            ForkJoinBench.check("innerThread", siblings(n, NestedScopeBench::innerThread), n);
        }
    }

    /** The owner scope: forks {@code n} siblings, lets them go once all are inside, joins. */
    private int siblings(int n, Sibling sibling) throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Fork<Integer>[] forks = new Fork[n];
        try (var scope = Scope.open()) {
            for (int i = 0; i < n; i++) {
                Callable<Integer> task = tasks[i];
                forks[i] = scope.fork(() -> sibling.run(task, inside, go));
            }
            inside.await();
            go.countDown();
            scope.join();
            int sum = 0;
            for (int i = 0; i < n; i++) {
                sum += forks[i].get();
            }
            return sum;
        }
    }

    private static int nested(Callable<Integer> task, CountDownLatch inside, CountDownLatch go)
            throws InterruptedException {
        try (var nested = Scope.open()) {
            Fork<Integer> fork = nested.fork(task);
            inside.countDown();
            go.await();
            nested.join();
            return fork.get();
        }
    }

    private static int flat(Callable<Integer> task, CountDownLatch inside, CountDownLatch go)
            throws Exception {
        inside.countDown();
        go.await();
        return task.call();
    }

    private static int innerThread(Callable<Integer> task, CountDownLatch inside, CountDownLatch go)
            throws InterruptedException {
        Integer[] slot = new Integer[1];
        Thread thread =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try {
                                        slot[0] = task.call();
                                    } catch (Exception e) {
                                        throw new IllegalStateException(e);
                                    }
                                });
        inside.countDown();
        go.await();
        thread.join();
        return slot[0];
    }

    @Benchmark
    @OperationsPerInvocation(SMALL)
    public int nested1000() throws InterruptedException {
        return siblings(SMALL, NestedScopeBench::nested);
    }

    @Benchmark
    @OperationsPerInvocation(LARGE)
    public int nested10000() throws InterruptedException {
        return siblings(LARGE, NestedScopeBench::nested);
    }

    @Benchmark
    @OperationsPerInvocation(SMALL)
    public int flat1000() throws InterruptedException {
        return siblings(SMALL, NestedScopeBench::flat);
    }

    @Benchmark
    @OperationsPerInvocation(LARGE)
    public int flat10000() throws InterruptedException {
        return siblings(LARGE, NestedScopeBench::flat);
    }

    @Benchmark
    @OperationsPerInvocation(SMALL)
    public int innerThread1000() throws InterruptedException {
        return siblings(SMALL, NestedScopeBench::innerThread);
    }

    @Benchmark
    @OperationsPerInvocation(LARGE)
    public int innerThread10000() throws InterruptedException {
        return siblings(LARGE, NestedScopeBench::innerThread);
    }
}

package dev.weft.bench;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JDK's {@code StructuredTaskScope} (JDK 25 preview API, JEP 505) as the peer of {@link
 * ForkJoinBench}: the same tasks, the same shape ({@code open()}, whose default joiner is
 * all-successful-or-throw like Weft's fail-fast, fork each, join, {@code Subtask.get()} each,
 * close). Compiled with {@code --release 21} like the rest: the API is called through the method
 * handles of {@link JdkStructuredTaskScope}, and {@code @Fork(jvmArgsAppend = "--enable-preview")}
 * turns preview on in the forked JVM. Runs only on a JDK 25+ whose preview API has this shape;
 * {@link Suite} leaves it out elsewhere. The {@code *VirtualOwner} methods run on a virtual owner
 * as described in {@link ForkJoinBench}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-preview")
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class StructuredTaskScopeBench {
    private final Callable<Integer>[] tasks = Work.tasks(ForkJoinBench.BATCH);

    private final Callable<Integer>[] tasks100k = Work.tasks(ManyForksBench.FORKS);

    /**
     * Checks that the API is there and that both batch sizes return the right sum.
     *
     * @throws InterruptedException if interrupted
     */
    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        if (JdkStructuredTaskScope.UNAVAILABLE != null) {
            throw new IllegalStateException(JdkStructuredTaskScope.UNAVAILABLE);
        }
        ForkJoinBench.check("sts", sts(tasks, 1), 1);
        ForkJoinBench.check("sts", sts(tasks, ForkJoinBench.BATCH), ForkJoinBench.BATCH);
    }

    static int sts(Callable<Integer>[] tasks, int n) throws InterruptedException {
        Object[] subtasks = new Object[n];
        Object scope = JdkStructuredTaskScope.open();
        try {
            for (int i = 0; i < n; i++) {
                subtasks[i] = JdkStructuredTaskScope.fork(scope, tasks[i]);
            }
            JdkStructuredTaskScope.join(scope);
            int sum = 0;
            for (int i = 0; i < n; i++) {
                sum += (Integer) JdkStructuredTaskScope.get(subtasks[i]);
            }
            return sum;
        } finally {
            JdkStructuredTaskScope.close(scope);
        }
    }

    /**
     * One task, platform-thread owner.
     *
     * @return the sum
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    public int sts1() throws InterruptedException {
        return sts(tasks, 1);
    }

    /**
     * A batch of 100, platform-thread owner; the score is per task.
     *
     * @return the sum
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    @OperationsPerInvocation(ForkJoinBench.BATCH)
    public int sts100() throws InterruptedException {
        return sts(tasks, ForkJoinBench.BATCH);
    }

    /**
     * 1,000 batches of 1 on one virtual owner; the score is per task.
     *
     * @return the sum
     * @throws Exception if a batch fails
     */
    @Benchmark
    @OperationsPerInvocation(ForkJoinBench.ROUNDS_1)
    public int sts1VirtualOwner() throws Exception {
        return Peers.onVirtualOwner(ForkJoinBench.ROUNDS_1, () -> sts(tasks, 1));
    }

    /**
     * 100 batches of 100 on one virtual owner; the score is per task.
     *
     * @return the sum
     * @throws Exception if a batch fails
     */
    @Benchmark
    @OperationsPerInvocation(ForkJoinBench.ROUNDS_100 * ForkJoinBench.BATCH)
    public int sts100VirtualOwner() throws Exception {
        return Peers.onVirtualOwner(
                ForkJoinBench.ROUNDS_100, () -> sts(tasks, ForkJoinBench.BATCH));
    }

    /**
     * One scope with {@value ManyForksBench#FORKS} forks on the benchmark's platform thread, the
     * shape of {@link ManyForksBench}; the score is per fork.
     *
     * @return the sum
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    @OperationsPerInvocation(ManyForksBench.FORKS)
    public int sts100k() throws InterruptedException {
        return sts(tasks100k, ManyForksBench.FORKS);
    }
}

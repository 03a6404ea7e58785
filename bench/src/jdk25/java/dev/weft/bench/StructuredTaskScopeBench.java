package dev.weft.bench;

import java.util.concurrent.Callable;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Subtask;
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
 * close). Compiled only in the {@code jdk25-preview} Maven profile; runs only on JDK 25. The {@code
 * *VirtualOwner} methods run on a virtual owner as described in {@link ForkJoinBench}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-preview")
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class StructuredTaskScopeBench {
    private final Callable<Integer>[] tasks = Work.tasks(ForkJoinBench.BATCH);

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        ForkJoinBench.check("sts", sts(tasks, 1), 1);
        ForkJoinBench.check("sts", sts(tasks, ForkJoinBench.BATCH), ForkJoinBench.BATCH);
    }

    static int sts(Callable<Integer>[] tasks, int n) throws InterruptedException {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Subtask<Integer>[] subtasks = new Subtask[n];
        try (var scope = StructuredTaskScope.<Integer>open()) {
            for (int i = 0; i < n; i++) {
                subtasks[i] = scope.fork(tasks[i]);
            }
            scope.join();
            int sum = 0;
            for (int i = 0; i < n; i++) {
                sum += subtasks[i].get();
            }
            return sum;
        }
    }

    @Benchmark
    public int sts1() throws InterruptedException {
        return sts(tasks, 1);
    }

    @Benchmark
    @OperationsPerInvocation(ForkJoinBench.BATCH)
    public int sts100() throws InterruptedException {
        return sts(tasks, ForkJoinBench.BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(ForkJoinBench.ROUNDS_1)
    public int sts1VirtualOwner() throws Exception {
        return Peers.onVirtualOwner(ForkJoinBench.ROUNDS_1, () -> sts(tasks, 1));
    }

    @Benchmark
    @OperationsPerInvocation(ForkJoinBench.ROUNDS_100 * ForkJoinBench.BATCH)
    public int sts100VirtualOwner() throws Exception {
        return Peers.onVirtualOwner(
                ForkJoinBench.ROUNDS_100, () -> sts(tasks, ForkJoinBench.BATCH));
    }
}

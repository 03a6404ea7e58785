package dev.weft.bench;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fork+join cost per task: a batch of 1 or 100 trivial tasks (each returns a boxed int) forked and
 * joined, every value read. {@code @OperationsPerInvocation} makes each score the time per task.
 *
 * <p>Peers: Weft's {@code Scope} ({@code scope*}), raw {@code Thread.ofVirtual().start()} + {@code
 * join()} ({@code raw*}), {@code newVirtualThreadPerTaskExecutor()} closed after every batch
 * ({@code executor*}, the structured shape and the fair peer) or one shared executor that is never
 * closed while measuring ({@code sharedExecutor*}), and the JDK's {@code StructuredTaskScope} in
 * {@code StructuredTaskScopeBench} (run on JDK 25+ only). Method names end in the batch size.
 *
 * <p>Two owners. In the plain methods the owner (the thread that forks, joins and closes) is JMH's
 * benchmark thread, a platform thread: each join that has to wait parks an OS thread, and for a
 * batch of 1 that wake-up (tens of microseconds, and noisy) is most of the score. In the {@code
 * *VirtualOwner} methods the owner is a virtual thread, as in a server that handles each request on
 * its own virtual thread: one invocation starts one virtual thread that runs {@value #ROUNDS_1}
 * batches of 1 (or {@value #ROUNDS_100} batches of 100) one after the other, so the one
 * platform-thread wake-up per invocation is shared by 1,000 or 10,000 tasks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class ForkJoinBench {
    static final int BATCH = 100;

    /** Batches of 1 per invocation of a {@code *VirtualOwner} method. */
    static final int ROUNDS_1 = 1000;

    /** Batches of 100 per invocation of a {@code *VirtualOwner} method. */
    static final int ROUNDS_100 = 100;

    private final Callable<Integer>[] tasks = Work.tasks(BATCH);
    private ExecutorService shared;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        shared = Executors.newVirtualThreadPerTaskExecutor();
        for (int n : new int[] {1, BATCH}) {
            check("scope", Peers.scope(tasks, n), n);
            check("raw", Peers.rawThreads(tasks, n), n);
            check("executor", Peers.executorPerOp(tasks, n), n);
            check("sharedExecutor", Peers.submitAndGet(shared, tasks, n), n);
        }
    }

    static void check(String peer, int sum, int n) {
        if (sum != Work.expectedSum(n)) {
            throw new AssertionError(peer + " summed " + sum + " for " + n + " tasks");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        shared.close();
    }

    @Benchmark
    public int scope1() throws InterruptedException {
        return Peers.scope(tasks, 1);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int scope100() throws InterruptedException {
        return Peers.scope(tasks, BATCH);
    }

    @Benchmark
    public int raw1() throws InterruptedException {
        return Peers.rawThreads(tasks, 1);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int raw100() throws InterruptedException {
        return Peers.rawThreads(tasks, BATCH);
    }

    @Benchmark
    public int executor1() throws InterruptedException, ExecutionException {
        return Peers.executorPerOp(tasks, 1);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int executor100() throws InterruptedException, ExecutionException {
        return Peers.executorPerOp(tasks, BATCH);
    }

    @Benchmark
    public int sharedExecutor1() throws InterruptedException, ExecutionException {
        return Peers.submitAndGet(shared, tasks, 1);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int sharedExecutor100() throws InterruptedException, ExecutionException {
        return Peers.submitAndGet(shared, tasks, BATCH);
    }

    // ---- the owner is a virtual thread -------------------------------------------------------

    @Benchmark
    @OperationsPerInvocation(ROUNDS_1)
    public int scope1VirtualOwner() throws Exception {
        return Peers.onVirtualOwner(ROUNDS_1, () -> Peers.scope(tasks, 1));
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS_100 * BATCH)
    public int scope100VirtualOwner() throws Exception {
        return Peers.onVirtualOwner(ROUNDS_100, () -> Peers.scope(tasks, BATCH));
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS_1)
    public int raw1VirtualOwner() throws Exception {
        return Peers.onVirtualOwner(ROUNDS_1, () -> Peers.rawThreads(tasks, 1));
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS_100 * BATCH)
    public int raw100VirtualOwner() throws Exception {
        return Peers.onVirtualOwner(ROUNDS_100, () -> Peers.rawThreads(tasks, BATCH));
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS_1)
    public int executor1VirtualOwner() throws Exception {
        return Peers.onVirtualOwner(ROUNDS_1, () -> Peers.executorPerOp(tasks, 1));
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS_100 * BATCH)
    public int executor100VirtualOwner() throws Exception {
        return Peers.onVirtualOwner(ROUNDS_100, () -> Peers.executorPerOp(tasks, BATCH));
    }
}

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
 * One scope with {@value #FORKS} trivial forks: open, fork each (task {@code i} returns a pre-boxed
 * {@code Integer}), join, read every value, close; against raw virtual threads doing the same
 * (start each, join each, values written to slots). The same shapes as {@link ForkJoinBench}'s
 * {@code scope100} and {@code raw100}, a thousand times bigger, so that what grows with the number
 * of forks in one scope (the fork list, the running count) shows. The owner is JMH's platform
 * thread: its one wake-up per invocation is shared by {@value #FORKS} forks. Scores are per fork
 * ({@code @OperationsPerInvocation}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class ManyForksBench {
    /** Forks per invocation. */
    static final int FORKS = 100_000;

    private final Callable<Integer>[] tasks = Work.tasks(FORKS);

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        int expected = Peers.rawThreads(tasks, FORKS);
        int scope = Peers.scope(tasks, FORKS);
        if (scope != expected) {
            throw new AssertionError("scope summed " + scope + ", raw threads " + expected);
        }
    }

    @Benchmark
    @OperationsPerInvocation(FORKS)
    public int forks100k() throws InterruptedException {
        return Peers.scope(tasks, FORKS);
    }

    @Benchmark
    @OperationsPerInvocation(FORKS)
    public int rawThreads100k() throws InterruptedException {
        return Peers.rawThreads(tasks, FORKS);
    }
}

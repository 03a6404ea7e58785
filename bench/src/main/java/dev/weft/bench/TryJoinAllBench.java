package dev.weft.bench;

import dev.weft.Tasks;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code Tasks.tryJoinAll} over {@code tasks} trivial tasks, against raw virtual threads doing the
 * same (start all, join all, collect the values in input order). The score is the time of one whole
 * call.
 *
 * <p>JMH calls a benchmark on a platform thread, so in {@code tryJoinAll} and {@code rawThreads}
 * the owner (the thread that forks and joins) is a platform thread. The {@code *VirtualOwner}
 * variants run the same call on a fresh virtual thread, as a server handling each request on its
 * own virtual thread would (that adds one virtual thread start+join to every call of both peers).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class TryJoinAllBench {
    @Param({"10", "10000"})
    public int tasks;

    private List<Callable<Integer>> list;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        list = Work.taskList(tasks);
        List<Integer> expected = Peers.rawJoinAll(list);
        if (!Tasks.tryJoinAll(list).equals(expected) || expected.get(tasks - 1) != tasks - 1) {
            throw new AssertionError("tryJoinAll and raw threads disagree");
        }
    }

    @Benchmark
    public List<Integer> tryJoinAll() throws InterruptedException {
        return Tasks.tryJoinAll(list);
    }

    @Benchmark
    public List<Integer> rawThreads() throws InterruptedException {
        return Peers.rawJoinAll(list);
    }

    @Benchmark
    public List<Integer> tryJoinAllVirtualOwner() throws Exception {
        return onVirtualThread(() -> Tasks.tryJoinAll(list));
    }

    @Benchmark
    public List<Integer> rawThreadsVirtualOwner() throws Exception {
        return onVirtualThread(() -> Peers.rawJoinAll(list));
    }

    private static <T> T onVirtualThread(Callable<T> body) throws Exception {
        FutureTask<T> call = new FutureTask<>(body);
        Thread.ofVirtual().start(call);
        return call.get();
    }
}

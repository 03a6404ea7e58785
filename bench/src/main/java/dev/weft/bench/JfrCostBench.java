package dev.weft.bench;

import dev.weft.Channel;
import dev.weft.Fork;
import dev.weft.Scope;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What Weft's JFR events cost: the same workload with JFR off ({@link Off}: no recording, so every
 * event is disabled) and with a recording on ({@link Recording}: {@code -XX:StartFlightRecording}
 * with the JDK's default settings plus every Weft event, {@code ChannelWait} at threshold 0 so that
 * every wait that parks is timed and committed, written to JFR's repository, a temp directory).
 * Read the ratio of each method between the two classes.
 *
 * <ul>
 *   <li>{@code scope1}, {@code scope100}: open a scope, fork 1 or 100 trivial tasks, join, read,
 *       close (a {@code ScopeClosed} per scope); score per fork.
 *   <li>{@code pingPong}: 10,000 round trips through two bounded(16) channels between the caller
 *       and one virtual thread, each side waiting for the other (the waits park, and with JFR on
 *       each is a {@code ChannelWait}); score per round trip.
 * </ul>
 */
public class JfrCostBench {
    private static final Integer ONE = 1;
    static final int ROUND_TRIPS = 10_000;

    private JfrCostBench() {}

    static long scope(int forks) throws InterruptedException {
        @SuppressWarnings("unchecked")
        Fork<Integer>[] handles = new Fork[forks];
        long sum = 0;
        try (var scope = Scope.open()) {
            for (int i = 0; i < forks; i++) {
                handles[i] = scope.fork(() -> ONE);
            }
            scope.join();
            for (Fork<Integer> f : handles) {
                sum += f.get();
            }
        }
        return sum;
    }

    static long pingPong() throws Exception {
        var ping = Channel.<Integer>bounded(16);
        var pong = Channel.<Integer>bounded(16);
        Thread echo =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try {
                                        for (int i = 0; i < ROUND_TRIPS; i++) {
                                            pong.sender().send(ping.receiver().recv());
                                        }
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                });
        long sum = 0;
        for (int i = 0; i < ROUND_TRIPS; i++) {
            ping.sender().send(ONE);
            sum += pong.receiver().recv();
        }
        echo.join();
        return sum;
    }

    /** The benchmark methods, shared by the two JVM configurations. */
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 5, time = 1)
    @Measurement(iterations = 5, time = 1)
    @State(org.openjdk.jmh.annotations.Scope.Benchmark)
    public abstract static class Workload {
        @Benchmark
        public long scope1() throws InterruptedException {
            return scope(1);
        }

        @Benchmark
        @OperationsPerInvocation(100)
        public long scope100() throws InterruptedException {
            return scope(100);
        }

        @Benchmark
        @OperationsPerInvocation(ROUND_TRIPS)
        public long pingPong() throws Exception {
            return JfrCostBench.pingPong();
        }
    }

    /** JFR off: no recording in the JVM. */
    @org.openjdk.jmh.annotations.Fork(2)
    public static class Off extends Workload {}

    /** JFR on: a recording of the JDK's default settings plus every Weft event, to a temp file. */
    @org.openjdk.jmh.annotations.Fork(
            value = 2,
            jvmArgsAppend = {
                // No filename: JFR writes its chunks to its repository, a temp directory, and
                // deletes them when the JVM exits.
                "-XX:StartFlightRecording:+dev.weft.ChannelWait#threshold=0ms"
            })
    public static class Recording extends Workload {}

    /** Runs each method once in this JVM (a smoke check, not a measurement). */
    public static void main(String[] args) throws Exception {
        System.out.println("scope1 " + scope(1));
        System.out.println("scope100 " + scope(100));
        System.out.println("pingPong " + pingPong());
    }
}

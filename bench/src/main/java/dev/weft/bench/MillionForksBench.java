package dev.weft.bench;

import dev.weft.Scope;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One million concurrent forks in one scope, each parked on a shared {@link CountDownLatch}: the
 * time to fork all, release the latch and join all, against raw virtual threads doing the same
 * (start all, release, join each). One invocation is one whole round ({@code SingleShotTime}).
 *
 * <p>The heap each parked fork holds is measured by {@link HeapPerFork}, a plain main, because it
 * needs forced GCs between rounds that would distort these timings.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class MillionForksBench {
    @Param({"1000000"})
    public int forks;

    @Benchmark
    public int scope() throws InterruptedException {
        return scope(forks);
    }

    @Benchmark
    public int rawThreads() throws InterruptedException {
        return rawThreads(forks);
    }

    static int scope(int forks) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Callable<Void> parked =
                () -> {
                    release.await();
                    return null;
                };
        try (var scope = Scope.open()) {
            for (int i = 0; i < forks; i++) {
                scope.fork(parked);
            }
            release.countDown();
            scope.join();
        }
        return forks;
    }

    static int rawThreads(int forks) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Runnable parked =
                () -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                };
        Thread[] threads = new Thread[forks];
        for (int i = 0; i < forks; i++) {
            threads[i] = Thread.ofVirtual().start(parked);
        }
        release.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        return forks;
    }
}

package dev.weft.bench;

import dev.weft.Channel;
import dev.weft.bench.ChannelPeers.Pipe;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * A bounded channel under a stream that never stops: {@code producers} = 1 or 4 producer virtual
 * threads and one consumer virtual thread start once per trial and stream for the whole trial,
 * through warm-up, measurement and the pauses between iterations. One benchmark call waits until
 * the consumer has taken {@value #BATCH} more messages; the score is per message.
 *
 * <p>Why this exists beside {@link BoundedChannelBench}, which starts fresh parties and a fresh
 * channel for every call of 100,000 messages: to check that the per-call batch measures what a
 * sustained producer and consumer see (no start-up, no empty-buffer phase at each call, and the
 * parties wherever the scheduler put them long ago). The consumer counts messages in a local
 * variable and publishes the count, and wakes the waiting benchmark thread, once per batch, so the
 * cost of watching is the same small amount for every peer.
 *
 * <p>Peers: Weft {@code Channel.bounded(capacity)} ({@code weft}), Jox {@code
 * Channel.newBufferedChannel(capacity)} ({@code jox}), {@code ArrayBlockingQueue(capacity)}. The
 * trial ends by interrupting the parties (every peer's blocking calls throw {@code
 * InterruptedException}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class SustainedStreamBench {
    /** Messages the consumer takes per benchmark call. */
    static final int BATCH = 100_000;

    @Param({"1", "4"})
    public int producers;

    @Param({"16", "100"})
    public int capacity;

    private Stream stream;

    /** Starts the parties of the peer that the running method names. */
    @Setup
    public void start(BenchmarkParams params) {
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        Pipe<Integer> pipe =
                switch (method) {
                    case "weft" -> ChannelPeers.weft(Channel.<Integer>bounded(capacity));
                    case "jox" ->
                            ChannelPeers.jox(
                                    com.softwaremill.jox.Channel.<Integer>newBufferedChannel(
                                            capacity));
                    case "arrayBlockingQueue" ->
                            ChannelPeers.queue(new ArrayBlockingQueue<Integer>(capacity));
                    default -> throw new IllegalArgumentException("no peer for " + method);
                };
        stream = new Stream(pipe, producers);
    }

    @TearDown
    public void stop() throws InterruptedException {
        stream.stop();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long weft() {
        return stream.awaitNextBatch();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long jox() {
        return stream.awaitNextBatch();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long arrayBlockingQueue() {
        return stream.awaitNextBatch();
    }

    /** The running parties: producers that send forever, one consumer that counts. */
    static final class Stream {
        private final Thread[] threads;
        private volatile long received; // published once per batch
        private volatile Thread watcher;
        private volatile Throwable failure;

        Stream(Pipe<Integer> pipe, int producers) {
            threads = new Thread[producers + 1];
            for (int p = 0; p < producers; p++) {
                threads[p] = Thread.ofVirtual().name("producer-" + p).start(() -> produce(pipe));
            }
            threads[producers] = Thread.ofVirtual().name("consumer").start(() -> consume(pipe));
        }

        private void produce(Pipe<Integer> pipe) {
            try {
                for (int i = 0; ; i++) {
                    pipe.send(Parties.value(i));
                }
            } catch (InterruptedException e) {
                // the trial is over
            } catch (Throwable t) {
                fail(t);
            }
        }

        private void consume(Pipe<Integer> pipe) {
            long n = 0;
            try {
                while (true) {
                    pipe.receive(); // takes a value out of the channel: cannot be optimized away
                    if (++n % BATCH == 0) {
                        received = n;
                        Thread w = watcher;
                        if (w != null) {
                            LockSupport.unpark(w);
                        }
                    }
                }
            } catch (InterruptedException e) {
                // the trial is over
            } catch (Throwable t) {
                fail(t);
            }
        }

        private void fail(Throwable t) {
            failure = t;
            Thread w = watcher;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }

        /** Waits until the consumer has taken {@link #BATCH} more messages; returns the count. */
        long awaitNextBatch() {
            watcher = Thread.currentThread();
            long target = received + BATCH;
            long now;
            while ((now = received) < target) {
                if (failure != null) {
                    throw new IllegalStateException("a party failed", failure);
                }
                LockSupport.park(this);
            }
            return now;
        }

        void stop() throws InterruptedException {
            for (Thread t : threads) {
                t.interrupt();
            }
            for (Thread t : threads) {
                if (!t.join(Duration.ofSeconds(10))) {
                    throw new IllegalStateException(t.getName() + " did not stop in 10 s");
                }
            }
        }
    }
}

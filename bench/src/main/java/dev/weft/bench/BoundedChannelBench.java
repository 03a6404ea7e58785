package dev.weft.bench;

import dev.weft.Channel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A bounded channel under a stream of messages: {@code producers} virtual threads send {@value
 * #MESSAGES} pre-boxed {@code Integer}s in all through one channel of capacity {@code capacity} to
 * one consumer virtual thread, which receives and sums them. Scores are ns <b>per message</b>
 * ({@code @OperationsPerInvocation}).
 *
 * <p>Peers, each created fresh for every invocation: Weft {@code Channel.bounded(capacity)} ({@code
 * weft}), Jox 1.0.1 {@code Channel.newBufferedChannel(capacity)} ({@code jox}), {@code new
 * ArrayBlockingQueue<>(capacity)} and {@code new LinkedBlockingQueue<>(capacity)}. All run the same
 * loop ({@link Parties#stream}); the parties are virtual threads started per invocation, and JMH's
 * thread only starts and joins them ({@link Parties#run}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class BoundedChannelBench {
    /** Messages per invocation, shared equally by the producers. */
    static final int MESSAGES = 100_000;

    @Param({"1", "4"})
    public int producers;

    @Param({"16", "100"})
    public int capacity;

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long weft() throws Exception {
        return Parties.stream(
                ChannelPeers.weft(Channel.<Integer>bounded(capacity)), producers, MESSAGES);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long jox() throws Exception {
        return Parties.stream(
                ChannelPeers.jox(
                        com.softwaremill.jox.Channel.<Integer>newBufferedChannel(capacity)),
                producers,
                MESSAGES);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long arrayBlockingQueue() throws Exception {
        return Parties.stream(
                ChannelPeers.queue(new ArrayBlockingQueue<Integer>(capacity)), producers, MESSAGES);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long linkedBlockingQueue() throws Exception {
        return Parties.stream(
                ChannelPeers.queue(new LinkedBlockingQueue<Integer>(capacity)),
                producers,
                MESSAGES);
    }
}

package dev.weft.bench;

import dev.weft.Channel;
import java.util.concurrent.ArrayBlockingQueue;
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
 * A bounded channel shared by several consumers: {@value #PRODUCERS} producer virtual threads send
 * {@value #MESSAGES} pre-boxed {@code Integer}s in all through one channel of capacity {@code
 * capacity}, and {@value #CONSUMERS} consumer virtual threads receive from it at once (each value
 * goes to one of them) and sum what they get. Scores are ns <b>per message</b>
 * ({@code @OperationsPerInvocation}).
 *
 * <p>Peers, each created fresh for every invocation: Weft {@code Channel.bounded(capacity)}, its
 * one {@code Receiver} shared by the four consumers ({@code weft}); Jox 1.0.1 {@code
 * Channel.newBufferedChannel(capacity)}, received from by four threads ({@code jox}); and {@code
 * new ArrayBlockingQueue<>(capacity)}. All run the same loop ({@link Parties#multiConsumer}). The
 * single-consumer shape of the same channel is {@link BoundedChannelBench}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class MultiConsumerBench {
    /** Messages per invocation, shared equally by the producers and by the consumers. */
    static final int MESSAGES = 100_000;

    static final int PRODUCERS = 4;
    static final int CONSUMERS = 4;

    @Param({"16", "100"})
    public int capacity;

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long weft() throws Exception {
        return Parties.multiConsumer(
                ChannelPeers.weft(Channel.<Integer>bounded(capacity)),
                PRODUCERS,
                CONSUMERS,
                MESSAGES);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long jox() throws Exception {
        return Parties.multiConsumer(
                ChannelPeers.jox(
                        com.softwaremill.jox.Channel.<Integer>newBufferedChannel(capacity)),
                PRODUCERS,
                CONSUMERS,
                MESSAGES);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long arrayBlockingQueue() throws Exception {
        return Parties.multiConsumer(
                ChannelPeers.queue(new ArrayBlockingQueue<Integer>(capacity)),
                PRODUCERS,
                CONSUMERS,
                MESSAGES);
    }
}

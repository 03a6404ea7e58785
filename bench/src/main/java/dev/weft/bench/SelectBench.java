package dev.weft.bench;

import dev.weft.Channel;
import dev.weft.Receiver;
import dev.weft.Select;
import dev.weft.bench.ChannelPeers.Pipe;
import dev.weft.bench.Parties.Selector;
import java.util.ArrayList;
import java.util.List;
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
 * Fan-in through a select: {@code arms} channels of capacity {@value #CAPACITY}, one producer
 * virtual thread per channel sending its equal share of {@value #MESSAGES} pre-boxed {@code
 * Integer}s into its own channel, and one consumer virtual thread that selects over all the
 * channels {@value #MESSAGES} times and sums what it gets. Scores are ns <b>per message</b> (one
 * select each, {@code @OperationsPerInvocation}).
 *
 * <p>Peers, with channels created fresh for every invocation:
 *
 * <ul>
 *   <li>{@code weft}: Weft {@code Channel.bounded(16)}; the consumer builds one {@code Select} with
 *       a {@code recv(receiver, v -> v)} arm per channel once per invocation, and awaits that same
 *       select for every message (the intended idiom: a select re-polls on every {@code await()}).
 *   <li>{@code weftFreshSelect}: the same, but builds a fresh {@code Select} for every message.
 *   <li>{@code jox}: Jox 1.0.1 {@code Channel.newBufferedChannel(16)}; the consumer calls {@code
 *       Select.select(ch1.receiveClause(), ...)} for every message (Jox's idiom: the clauses are
 *       created per call).
 * </ul>
 *
 * Both selects are biased (the first ready clause or arm wins). The producers send through {@link
 * ChannelPeers} pipes; the loop is {@link Parties#fanIn}, shared by all peers, and JMH's thread
 * only starts and joins the parties ({@link Parties#run}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class SelectBench {
    /** Messages per invocation, shared equally by the producers (one per channel). */
    static final int MESSAGES = 100_000;

    /** The capacity of every channel. */
    static final int CAPACITY = 16;

    /** How many channels (receive arms) the select waits on. */
    @Param({"1", "2"})
    public int arms;

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long weft() throws Exception {
        List<Channel<Integer>> channels = weftChannels();
        Select<Integer> select = Select.create();
        for (Channel<Integer> c : channels) {
            select.recv(c.receiver(), v -> v);
        }
        return Parties.fanIn(weftPipes(channels), select::await, MESSAGES);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long weftFreshSelect() throws Exception {
        List<Channel<Integer>> channels = weftChannels();
        Selector selector;
        if (arms == 1) {
            Receiver<Integer> rx = channels.get(0).receiver();
            selector = () -> Select.<Integer>create().recv(rx, v -> v).await();
        } else {
            Receiver<Integer> rx1 = channels.get(0).receiver();
            Receiver<Integer> rx2 = channels.get(1).receiver();
            selector = () -> Select.<Integer>create().recv(rx1, v -> v).recv(rx2, v -> v).await();
        }
        return Parties.fanIn(weftPipes(channels), selector, MESSAGES);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long jox() throws Exception {
        List<Pipe<Integer>> pipes = new ArrayList<>();
        List<com.softwaremill.jox.Channel<Integer>> channels = new ArrayList<>();
        for (int i = 0; i < arms; i++) {
            com.softwaremill.jox.Channel<Integer> c =
                    com.softwaremill.jox.Channel.newBufferedChannel(CAPACITY);
            channels.add(c);
            pipes.add(ChannelPeers.jox(c));
        }
        Selector selector;
        if (arms == 1) {
            com.softwaremill.jox.Channel<Integer> c = channels.get(0);
            selector = () -> com.softwaremill.jox.Select.select(c.receiveClause());
        } else {
            com.softwaremill.jox.Channel<Integer> c1 = channels.get(0);
            com.softwaremill.jox.Channel<Integer> c2 = channels.get(1);
            selector =
                    () ->
                            com.softwaremill.jox.Select.select(
                                    c1.receiveClause(), c2.receiveClause());
        }
        return Parties.fanIn(pipes, selector, MESSAGES);
    }

    private List<Channel<Integer>> weftChannels() {
        checkArms();
        List<Channel<Integer>> channels = new ArrayList<>();
        for (int i = 0; i < arms; i++) {
            channels.add(Channel.bounded(CAPACITY));
        }
        return channels;
    }

    private static List<Pipe<Integer>> weftPipes(List<Channel<Integer>> channels) {
        List<Pipe<Integer>> pipes = new ArrayList<>();
        for (Channel<Integer> c : channels) {
            pipes.add(ChannelPeers.weft(c)); // the producers only send through it
        }
        return pipes;
    }

    private void checkArms() {
        if (arms != 1 && arms != 2) {
            throw new IllegalArgumentException("arms must be 1 or 2, not " + arms);
        }
    }
}

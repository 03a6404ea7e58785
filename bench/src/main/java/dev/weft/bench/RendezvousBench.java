package dev.weft.bench;

import dev.weft.Channel;
import java.util.concurrent.Exchanger;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rendezvous ping-pong: two virtual threads bounce a token over two unbuffered channels, {@code
 * ping} and {@code pong}, {@value #ROUNDS} times per invocation ({@link Parties#pingPong}). Scores
 * are ns <b>per round trip</b> (two hand-offs: ping, then pong).
 *
 * <p>Peers, two fresh ones per invocation: Weft {@code Channel.rendezvous()}, {@code Exchanger}
 * (each used one way: the sender exchanges the token, the receiver exchanges {@code null}), {@code
 * SynchronousQueue} ({@code put}/{@code take}, the default non-fair mode), and Jox 1.0.1 {@code
 * Channel.newRendezvousChannel()}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class RendezvousBench {
    /** Round trips per invocation. */
    static final int ROUNDS = 10_000;

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public long weft() throws Exception {
        return Parties.pingPong(
                ChannelPeers.weft(Channel.<Integer>rendezvous()),
                ChannelPeers.weft(Channel.<Integer>rendezvous()),
                ROUNDS);
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public long exchanger() throws Exception {
        return Parties.pingPong(
                ChannelPeers.exchanger(new Exchanger<Integer>()),
                ChannelPeers.exchanger(new Exchanger<Integer>()),
                ROUNDS);
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public long synchronousQueue() throws Exception {
        return Parties.pingPong(
                ChannelPeers.queue(new SynchronousQueue<Integer>()),
                ChannelPeers.queue(new SynchronousQueue<Integer>()),
                ROUNDS);
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public long jox() throws Exception {
        return Parties.pingPong(
                ChannelPeers.jox(com.softwaremill.jox.Channel.<Integer>newRendezvousChannel()),
                ChannelPeers.jox(com.softwaremill.jox.Channel.<Integer>newRendezvousChannel()),
                ROUNDS);
    }
}

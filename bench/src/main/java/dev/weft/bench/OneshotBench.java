package dev.weft.bench;

import dev.weft.Channel;
import dev.weft.Oneshot;
import dev.weft.OneshotSender;
import dev.weft.bench.ChannelPeers.Pipe;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
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
 * Request/reply: a requester virtual thread sends a request, carrying a fresh reply slot, over a
 * request queue to a worker virtual thread, which sends the request's value back through the slot;
 * the requester waits for the reply before it sends the next request. {@value #ROUNDS} round trips
 * per invocation; scores are ns <b>per round trip</b>.
 *
 * <p>Only the reply slot differs between the peers: a Weft {@code Oneshot} ({@code oneshot}: the
 * worker calls {@code sender().send(v)}, the requester {@code receiver().recv()}) or a {@code
 * CompletableFuture} ({@code completableFuture}: {@code complete(v)} and {@code get()}). The
 * request queue, created per invocation with capacity {@value #REQUEST_CAPACITY}, is the same for
 * both and is a parameter: {@code weft} ({@code Channel.bounded}, a pipeline built with Weft only)
 * or {@code arrayBlockingQueue} (a JDK queue, so that Weft's channel code is not in the path and
 * only the reply slot is Weft's).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class OneshotBench {
    /** Round trips per invocation. */
    static final int ROUNDS = 10_000;

    /** Capacity of the request queue (the requester never has more than one request out). */
    static final int REQUEST_CAPACITY = 16;

    /** The request queue: {@code weft} or {@code arrayBlockingQueue}. */
    @Param({"weft", "arrayBlockingQueue"})
    public String requestQueue;

    /** A request: a value and where to send it back. */
    record Request<R>(Integer value, R reply) {}

    private <R> Pipe<Request<R>> requests() {
        return requestQueue.equals("weft")
                ? ChannelPeers.weft(Channel.<Request<R>>bounded(REQUEST_CAPACITY))
                : ChannelPeers.queue(new ArrayBlockingQueue<Request<R>>(REQUEST_CAPACITY));
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public long oneshot() throws Exception {
        Pipe<Request<OneshotSender<Integer>>> requests = requests();
        return Parties.check(
                Parties.run(
                        () -> {
                            long sum = 0;
                            for (int i = 0; i < ROUNDS; i++) {
                                Oneshot<Integer> reply = Oneshot.create();
                                requests.send(new Request<>(Parties.value(i), reply.sender()));
                                sum += reply.receiver().recv();
                            }
                            return sum;
                        },
                        () -> {
                            for (int i = 0; i < ROUNDS; i++) {
                                Request<OneshotSender<Integer>> r = requests.receive();
                                r.reply().send(r.value());
                            }
                            return 0;
                        }),
                ROUNDS);
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public long completableFuture() throws Exception {
        Pipe<Request<CompletableFuture<Integer>>> requests = requests();
        return Parties.check(
                Parties.run(
                        () -> {
                            long sum = 0;
                            for (int i = 0; i < ROUNDS; i++) {
                                CompletableFuture<Integer> reply = new CompletableFuture<>();
                                requests.send(new Request<>(Parties.value(i), reply));
                                sum += reply.get();
                            }
                            return sum;
                        },
                        () -> {
                            for (int i = 0; i < ROUNDS; i++) {
                                Request<CompletableFuture<Integer>> r = requests.receive();
                                r.reply().complete(r.value());
                            }
                            return 0;
                        }),
                ROUNDS);
    }
}

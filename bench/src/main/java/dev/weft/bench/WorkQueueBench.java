package dev.weft.bench;

import dev.weft.Scope;
import dev.weft.WorkQueue;
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
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Request/reply through a worker: a requester virtual thread sends a pre-boxed {@code Integer} to
 * one worker virtual thread, which replies with the same value, and waits for the reply before it
 * sends the next; {@value #ROUNDS} round trips per invocation. Scores are ns <b>per round trip</b>.
 *
 * <p>Peers, created fresh for every invocation, with a request queue of capacity {@value
 * #CAPACITY}:
 *
 * <ul>
 *   <li>{@code weft}: the requester opens a {@code Scope}, starts {@code WorkQueue.start(scope, 16,
 *       x -> x)} (one worker, a fork of the scope), calls {@code request(v)} for every round, then
 *       closes the queue, joins and closes the scope.
 *   <li>{@code abqCompletableFuture}: the same by hand: an {@code ArrayBlockingQueue} of {@code
 *       (value, CompletableFuture reply)} requests; the worker {@code take()}s and {@code
 *       complete(value)}s, the requester {@code put}s and {@code get()}s. After the last round the
 *       requester puts a poison pill, on which the worker ends.
 * </ul>
 *
 * Both requesters and both workers are virtual threads; JMH's thread only starts and joins the
 * parties ({@link Parties#run}). Each invocation starts (and ends) its worker, so both peers carry
 * that cost once per {@value #ROUNDS} round trips ({@code weft} also opens and joins a scope).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class WorkQueueBench {
    /** Round trips per invocation. */
    static final int ROUNDS = 10_000;

    /** Capacity of the request queue (the requester never has more than one request out). */
    static final int CAPACITY = 16;

    /** A request of the hand-written peer: a value and where to send it back. */
    record Request(Integer value, CompletableFuture<Integer> reply) {}

    /** Tells the hand-written worker to end. */
    private static final Request POISON = new Request(null, null);

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public long weft() throws Exception {
        return Parties.check(
                Parties.run(
                        () -> {
                            long sum = 0;
                            try (Scope scope = Scope.open()) {
                                try (WorkQueue<Integer, Integer> queue =
                                        WorkQueue.start(scope, CAPACITY, x -> x)) {
                                    for (int i = 0; i < ROUNDS; i++) {
                                        sum += queue.request(Parties.value(i));
                                    }
                                }
                                scope.join();
                            }
                            return sum;
                        }),
                ROUNDS);
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public long abqCompletableFuture() throws Exception {
        ArrayBlockingQueue<Request> requests = new ArrayBlockingQueue<>(CAPACITY);
        return Parties.check(
                Parties.run(
                        () -> {
                            long sum = 0;
                            for (int i = 0; i < ROUNDS; i++) {
                                CompletableFuture<Integer> reply = new CompletableFuture<>();
                                requests.put(new Request(Parties.value(i), reply));
                                sum += reply.get();
                            }
                            requests.put(POISON);
                            return sum;
                        },
                        () -> {
                            while (true) {
                                Request r = requests.take();
                                if (r == POISON) {
                                    return 0;
                                }
                                r.reply().complete(r.value());
                            }
                        }),
                ROUNDS);
    }
}

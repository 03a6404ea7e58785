package dev.weft.demo;

import dev.weft.Channel;
import dev.weft.ChannelClosedException;
import dev.weft.Receiver;
import dev.weft.Result;
import dev.weft.Scope;
import dev.weft.Sender;
import dev.weft.Tasks;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The streams of <i>Rust Async Programming</i>: sum what a channel yields until it ends, the same
 * with {@code Result} items stopping at the first error, and a concurrent for-each with at most 100
 * running at once.
 *
 * <pre>{@code
 * let (mut tx, mut rx) = mpsc::channel::<i32>(BUFFER_SIZE);   // BUFFER_SIZE = 10
 *
 * async fn sum_with_next(mut stream: Pin<&mut dyn Stream<Item = i32>>) -> i32 {
 *     let mut sum = 0;
 *     while let Some(item) = stream.next().await {
 *         sum += item;
 *     }
 *     sum
 * }
 *
 * async fn sum_with_try_next(
 *     mut stream: Pin<&mut dyn Stream<Item = Result<i32, io::Error>>>,
 * ) -> Result<i32, io::Error> {
 *     let mut sum = 0;
 *     while let Some(item) = stream.try_next().await? {
 *         sum += item;
 *     }
 *     Ok(sum)
 * }
 *
 * async fn jump_around(
 *     mut stream: Pin<&mut dyn Stream<Item = Result<u8, io::Error>>>,
 * ) -> Result<(), io::Error> {
 *     const MAX_CONCURRENT_JUMPERS: usize = 100;
 *     stream.try_for_each_concurrent(MAX_CONCURRENT_JUMPERS, |num| async move {
 *         jump_n_times(num).await?;
 *         report_n_jumps(num).await?;
 *         Ok(())
 *     }).await?;
 *     Ok(())
 * }
 * }</pre>
 *
 * <p>Weft: the stream is a {@link Receiver} of a {@code Channel.bounded(10)} fed by a producer
 * fork; {@code while let Some(item) = stream.next().await} is {@code for (int item : rx)}, which
 * ends once the sender is closed and the buffer drained ({@code rx.recv()} would throw {@link
 * ChannelClosedException} there). For {@code try_next} the items are {@link Result}s and an {@code
 * Err} item is thrown as its {@link IOException}; the {@code ?} is Java's ordinary exception
 * propagation, caught here to report how far the sum got. Closing the receiver when the sum stops
 * is Rust's drop of the stream: the producer's next send fails with {@link ChannelClosedException}
 * and it stops. {@code try_for_each_concurrent} is {@code Tasks.forEachConcurrent(items, 100,
 * action)}: every action on its own virtual thread, at most 100 running at once, the first failure
 * cancelling the rest. Each jumper counts itself in and out of an {@link AtomicInteger}, and the
 * demo prints the peak it saw.
 *
 * <p>One difference: {@code forEachConcurrent} takes a {@code Collection}, not a {@code Receiver},
 * so the jumpers are a list of numbers rather than a stream.
 */
public final class StreamsDemo {
    private StreamsDemo() {}

    /** The channel's capacity: the article's {@code BUFFER_SIZE}. */
    public static final int BUFFER_SIZE = 10;

    /** How many values the producers send: {@code 1..=ITEMS}. */
    public static final int ITEMS = 10;

    /** Which item (counting from 1) is the {@code Err} in the second {@code try_next} run. */
    public static final int ERROR_AT = 5;

    /** The article's {@code MAX_CONCURRENT_JUMPERS}. */
    public static final int MAX_CONCURRENT_JUMPERS = 100;

    /** How many jumpers, by default. */
    public static final int JUMPERS = 1000;

    /** How long one jump takes. */
    public static final Duration JUMP_TIME = Duration.ofMillis(20);

    /**
     * How a {@code sum_with_try_next} run ended.
     *
     * @param sum {@code Ok} with the sum, or {@code Err} with the error item's exception
     * @param valuesSummed how many {@code Ok} values were added before the stream ended or failed
     * @param sumSoFar their sum (equal to the {@code Ok} sum when there was no error)
     */
    public record TrySum(Result<Integer> sum, int valuesSummed, int sumSoFar) {}

    /**
     * How the concurrent jumps went.
     *
     * @param jumpers how many items
     * @param limit the most allowed at once
     * @param jumped how many finished their jump
     * @param peakConcurrent the most that were jumping at the same moment
     * @param elapsedMillis how long {@code forEachConcurrent} took
     */
    public record Jumps(
            int jumpers, int limit, int jumped, int peakConcurrent, long elapsedMillis) {}

    /**
     * What happened.
     *
     * @param sum {@code sum_with_next} of {@code 1..=ITEMS}
     * @param tryAllOk {@code sum_with_try_next} when every item is {@code Ok}
     * @param tryWithError {@code sum_with_try_next} when item {@link #ERROR_AT} is an {@code Err}
     * @param jumps the concurrent for-each
     */
    public record Outcome(int sum, TrySum tryAllOk, TrySum tryWithError, Jumps jumps) {}

    /**
     * Runs the demo from the command line.
     *
     * @param args none, or the number of jumpers
     * @param out where the narrative goes
     * @return what happened
     * @throws InterruptedException if interrupted while waiting
     * @throws Demos.UsageException for bad arguments
     */
    public static Outcome run(List<String> args, PrintStream out) throws InterruptedException {
        return run(Args.countOr("streams", args, "jumpers", JUMPERS, 100_000), out);
    }

    /**
     * Runs the three parts.
     *
     * @param jumpers how many items the concurrent for-each gets
     * @param out where the narrative goes
     * @return what happened
     * @throws InterruptedException if interrupted while waiting (the tasks are then cancelled)
     */
    public static Outcome run(int jumpers, PrintStream out) throws InterruptedException {
        out.printf(
                "(a) sum_with_next: a producer fork sends 1..=%d over Channel.bounded(%d); the main"
                        + " thread adds each item of for (int item : rx)%n",
                ITEMS, BUFFER_SIZE);
        List<Integer> values = IntStream.rangeClosed(1, ITEMS).boxed().toList();
        int sum = sumOverChannel(values);
        out.println("    sum = " + sum);

        out.println(
                "(b) sum_with_try_next: the items are Results; an Err ends the sum (the ?) and"
                        + " the receiver is closed");
        List<Result<Integer>> allOk = new ArrayList<>();
        List<Result<Integer>> withError = new ArrayList<>();
        for (int i = 1; i <= ITEMS; i++) {
            allOk.add(Result.ok(i));
            withError.add(
                    i == ERROR_AT
                            ? Result.err(new IOException("read failed at item " + i))
                            : Result.ok(i));
        }
        TrySum tryAllOk = trySumOverChannel(allOk);
        out.printf(
                "    %-16s -> %s from %d values%n",
                "all " + ITEMS + " Ok", Demos.describe(tryAllOk.sum()), tryAllOk.valuesSummed());
        TrySum tryWithError = trySumOverChannel(withError);
        out.printf(
                "    %-16s -> %s after %d values (sum so far %d); items %d..%d never read%n",
                "item " + ERROR_AT + " is an Err",
                Demos.describe(tryWithError.sum()),
                tryWithError.valuesSummed(),
                tryWithError.sumSoFar(),
                ERROR_AT + 1,
                ITEMS);

        out.printf(
                "(c) try_for_each_concurrent as Tasks.forEachConcurrent(%d jumpers,"
                        + " MAX_CONCURRENT_JUMPERS = %d), each jump %d ms%n",
                jumpers, MAX_CONCURRENT_JUMPERS, JUMP_TIME.toMillis());
        Jumps jumps = jumpAround(jumpers);
        out.printf(
                "    %d jumped in %d ms (one at a time: %d ms); at most %d jumping at once%n",
                jumps.jumped(),
                jumps.elapsedMillis(),
                (long) jumpers * JUMP_TIME.toMillis(),
                jumps.peakConcurrent());
        return new Outcome(sum, tryAllOk, tryWithError, jumps);
    }

    /** Sends {@code values} from a producer fork and sums them on this thread. */
    private static int sumOverChannel(List<Integer> values) throws InterruptedException {
        Channel<Integer> channel = Channel.bounded(BUFFER_SIZE);
        try (var scope = Scope.open(c -> c.withName("sum-with-next"))) {
            scope.fork(() -> produce(channel.sender(), values));
            int sum = sumWithNext(channel.receiver());
            scope.join();
            return sum;
        }
    }

    /** The article's {@code sum_with_next}. */
    static int sumWithNext(Receiver<Integer> stream) throws InterruptedException {
        int sum = 0;
        for (int item : stream) { // while let Some(item) = stream.next().await
            sum += item;
        }
        return sum;
    }

    /** Sends {@code items} from a producer fork and try-sums them on this thread. */
    private static TrySum trySumOverChannel(List<Result<Integer>> items)
            throws InterruptedException {
        Channel<Result<Integer>> channel = Channel.bounded(BUFFER_SIZE);
        try (var scope = Scope.open(c -> c.withName("sum-with-try-next"))) {
            scope.fork(() -> produce(channel.sender(), items));
            TrySum result;
            try (Receiver<Result<Integer>> stream = channel.receiver()) {
                result = sumWithTryNext(stream);
            } // the stream is dropped: the producer's next send fails and it stops
            scope.join();
            return result;
        }
    }

    /**
     * The article's {@code sum_with_try_next}, reporting how far it got as well: an {@code Err}
     * item ends it with that error, as the {@code ?} does.
     */
    static TrySum sumWithTryNext(Receiver<Result<Integer>> stream) throws InterruptedException {
        int sum = 0;
        int summed = 0;
        try {
            Optional<Integer> item;
            while ((item = tryNext(stream)).isPresent()) { // stream.try_next().await?
                sum += item.get();
                summed++;
            }
            return new TrySum(Result.ok(sum), summed, sum);
        } catch (IOException e) { // the ? returned the error early
            return new TrySum(Result.err(e), summed, sum);
        }
    }

    /**
     * {@code try_next}: the next value, empty at the end of the stream, or the {@code Err} item's
     * exception thrown.
     */
    private static <T> Optional<T> tryNext(Receiver<Result<T>> stream)
            throws IOException, InterruptedException {
        Result<T> item;
        try {
            item = stream.recv();
        } catch (ChannelClosedException endOfStream) { // closed and drained: None
            return Optional.empty();
        }
        if (item instanceof Result.Err<T> err) {
            if (err.exception() instanceof IOException io) {
                throw io;
            }
            throw new IOException(err.exception());
        }
        return Optional.ofNullable(item.getOrThrow());
    }

    /**
     * Sends every item, then closes the sender (the receiver then ends). Stops early, without
     * failing, if the receiver was closed.
     */
    private static <T> int produce(Sender<T> tx, List<T> items) throws InterruptedException {
        int sent = 0;
        try (tx) {
            for (T item : items) {
                tx.send(item);
                sent++;
            }
        } catch (ChannelClosedException e) {
            // the consumer stopped (at an Err) and dropped the stream: nothing more to send
        }
        return sent;
    }

    /** The article's {@code jump_around}: every jumper jumps once, at most 100 at a time. */
    private static Jumps jumpAround(int jumpers) throws InterruptedException {
        List<Integer> nums = IntStream.rangeClosed(1, jumpers).boxed().toList();
        AtomicInteger jumping = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger jumped = new AtomicInteger();
        long start = System.nanoTime();
        Tasks.forEachConcurrent(
                nums,
                MAX_CONCURRENT_JUMPERS,
                num -> {
                    peak.accumulateAndGet(jumping.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(JUMP_TIME); // jump_n_times(num)
                        jumped.incrementAndGet(); // report_n_jumps(num)
                    } finally {
                        jumping.decrementAndGet();
                    }
                });
        long elapsed = Elapsed.millisSince(start);
        // forEachConcurrent has returned: every action has ended, so the counters are final.
        return new Jumps(jumpers, MAX_CONCURRENT_JUMPERS, jumped.get(), peak.get(), elapsed);
    }

    /**
     * Runs the demo.
     *
     * @param args none, or the number of jumpers
     */
    public static void main(String... args) {
        Demos.runAndExit("streams", args);
    }
}

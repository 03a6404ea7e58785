package dev.weft.demo;

import dev.weft.ScopeFailedException;
import dev.weft.Tasks;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rust's {@code try_join} (<i>Rust Async Programming</i>, "Joining Futures"): run two tasks
 * concurrently; when one fails, the other is cancelled and the failure is what the caller sees.
 *
 * <pre>{@code
 * async fn get_book_and_music() -> Result<(Book, Music), String> {
 *     let book_fut = get_book();
 *     let music_fut = get_music();
 *     try_join!(book_fut, music_fut)
 * }
 * }</pre>
 *
 * <p>Weft: {@code Tasks.tryJoin(getBook, getMusic)} returns a {@code Pair} when both succeed. Here
 * {@code getBook} fails after 50 ms while {@code getMusic} would take 5 s: the scope interrupts
 * {@code getMusic}, waits for it to end, and {@code tryJoin} throws {@link ScopeFailedException}
 * whose cause is {@code getBook}'s exception, long before the 5 s are up.
 */
public final class TryJoinCancel {
    private TryJoinCancel() {}

    /** How long {@code getBook} takes before it fails, by default. */
    public static final Duration FAIL_AFTER = Duration.ofMillis(50);

    /** How long {@code getMusic} would take, by default. */
    public static final Duration SLOW_TASK = Duration.ofSeconds(5);

    /**
     * What happened.
     *
     * @param failure what {@code tryJoin} threw: a {@link ScopeFailedException}
     * @param cause the failure's cause: {@code getBook}'s exception
     * @param slowTaskInterrupted whether {@code getMusic} saw the interrupt (it records that)
     * @param slowTaskInterruptedAtMillis when it saw it, in ms from the start; -1 if it did not (it
     *     had already finished: only with custom timings)
     * @param elapsedMillis how long {@code tryJoin} took, cancellation included
     */
    public record Outcome(
            ScopeFailedException failure,
            Throwable cause,
            boolean slowTaskInterrupted,
            long slowTaskInterruptedAtMillis,
            long elapsedMillis) {}

    /**
     * Runs the demo from the command line.
     *
     * @param args none, or {@code fail-ms slow-ms}
     * @param out where the narrative goes
     * @return what happened
     * @throws InterruptedException if interrupted while waiting
     * @throws Demos.UsageException for bad arguments
     */
    public static Outcome run(List<String> args, PrintStream out) throws InterruptedException {
        Args.expectNoneOr("try-join", args, "fail-ms", "slow-ms");
        if (args.isEmpty()) {
            return run(FAIL_AFTER, SLOW_TASK, out);
        }
        return run(Args.millis("fail-ms", args.get(0)), Args.millis("slow-ms", args.get(1)), out);
    }

    /**
     * Runs {@code getBook} (fails after {@code failAfter}) and {@code getMusic} (takes {@code
     * slowTask}) with {@code Tasks.tryJoin}.
     *
     * @param failAfter when {@code getBook} fails
     * @param slowTask how long {@code getMusic} takes if not cancelled
     * @param out where the narrative goes
     * @return what happened
     * @throws InterruptedException if interrupted while waiting (both tasks are then cancelled)
     */
    public static Outcome run(Duration failAfter, Duration slowTask, PrintStream out)
            throws InterruptedException {
        out.printf(
                "try_join!(get_book(), get_music()) as Tasks.tryJoin(getBook, getMusic):%n"
                        + "  getBook fails after %d ms; getMusic would take %d ms%n",
                failAfter.toMillis(), slowTask.toMillis());
        long start = System.nanoTime();
        AtomicLong interruptedAt = new AtomicLong(-1);
        // Both tasks wait until both have started, so getBook fails while getMusic is surely
        // running, however the two virtual threads happen to be scheduled.
        CountDownLatch bothStarted = new CountDownLatch(2);

        Callable<String> getBook =
                () -> {
                    bothStarted.countDown();
                    bothStarted.await();
                    Thread.sleep(failAfter);
                    throw new IOException("the bookshop closed the connection");
                };
        Callable<String> getMusic =
                () -> {
                    try {
                        bothStarted.countDown();
                        bothStarted.await();
                        Thread.sleep(slowTask); // stands for slow work
                        return "Kind of Blue";
                    } catch (InterruptedException e) {
                        interruptedAt.set(Elapsed.millisSince(start));
                        throw e; // never swallow the interrupt: that is how a fork ends cancelled
                    }
                };

        ScopeFailedException failure;
        try {
            Tasks.Pair<String, String> both = Tasks.tryJoin(getBook, getMusic);
            throw new IllegalStateException(
                    "tryJoin returned " + both + ", but getBook always fails");
        } catch (ScopeFailedException e) {
            failure = e;
        }
        long elapsed = Elapsed.millisSince(start);

        // tryJoin has thrown, so both tasks have ended and interruptedAt is final.
        long slowInterruptedAt = interruptedAt.get();
        out.println("  tryJoin threw " + Demos.describe(failure));
        out.println("    cause: " + Demos.describe(failure.getCause()));
        out.println(
                slowInterruptedAt >= 0
                        ? "  getMusic was interrupted at "
                                + slowInterruptedAt
                                + " ms (cancelled by the scope) and had ended before tryJoin threw"
                        : "  getMusic was not interrupted: it had already finished");
        out.println(
                "  elapsed: "
                        + elapsed
                        + " ms"
                        + (slowInterruptedAt >= 0
                                ? ", not the "
                                        + slowTask.toMillis()
                                        + " ms getMusic would have taken"
                                : ""));
        return new Outcome(
                failure, failure.getCause(), slowInterruptedAt >= 0, slowInterruptedAt, elapsed);
    }

    /**
     * Runs the demo.
     *
     * @param args none, or {@code fail-ms slow-ms}
     */
    public static void main(String... args) {
        Demos.runAndExit("try-join", args);
    }
}

package dev.weft.demo;

import dev.weft.Fork;
import dev.weft.Scope;
import java.io.PrintStream;
import java.util.List;

/**
 * The smallest Weft program (<i>Async Rust</i>, "Async/Await"): one task counts to ten, and the
 * main thread waits for it.
 *
 * <pre>{@code
 * async fn count_to(count: i32) {
 *     for i in 1..=count {
 *         println!("Count is: {i}!");
 *     }
 * }
 *
 * async fn async_main(count: i32) {
 *     count_to(count).await;
 * }
 *
 * fn main() {
 *     block_on(async_main(10));
 * }
 * }</pre>
 *
 * <p>Weft: {@code countTo} is an ordinary method; {@code scope.fork(() -> countTo(10))} runs it on
 * a virtual thread, and {@code scope.join()} is the {@code block_on}: the calling thread waits
 * until the task has ended. No executor to pick, no colouring of functions: the task's code is the
 * same code you would call directly. The demo prints exactly the article's lines, nothing else.
 */
public final class CountTo {
    private CountTo() {}

    /** How far to count, by default (the article's {@code async_main(10)}). */
    public static final int COUNT = 10;

    /**
     * What happened.
     *
     * @param count how far the task was asked to count
     * @param printed how many lines it printed
     * @param onVirtualThread whether the task ran on a virtual thread
     */
    public record Outcome(int count, int printed, boolean onVirtualThread) {}

    /**
     * Runs the demo from the command line.
     *
     * @param args none, or how far to count
     * @param out where the lines go
     * @return what happened
     * @throws InterruptedException if interrupted while waiting
     * @throws Demos.UsageException for bad arguments
     */
    public static Outcome run(List<String> args, PrintStream out) throws InterruptedException {
        return run(Args.countOr("count-to", args, "count", COUNT, 1_000_000), out);
    }

    /**
     * Forks {@code countTo(count)} and waits for it: {@code block_on(async_main(count))}.
     *
     * @param count how far to count
     * @param out where the lines go
     * @return what happened
     * @throws InterruptedException if interrupted while waiting (the task is then cancelled)
     */
    public static Outcome run(int count, PrintStream out) throws InterruptedException {
        try (var scope = Scope.open(c -> c.withName("count-to"))) {
            Fork<Outcome> task = scope.fork(() -> countTo(count, out)); // count_to(count)
            scope.join(); // .await / block_on: wait until the task has ended
            return task.get();
        }
    }

    /** The article's {@code count_to}, plus what the demo reports about it. */
    private static Outcome countTo(int count, PrintStream out) {
        int printed = 0;
        for (int i = 1; i <= count; i++) {
            out.println("Count is: " + i + "!");
            printed++;
        }
        return new Outcome(count, printed, Thread.currentThread().isVirtual());
    }

    /**
     * Runs the demo.
     *
     * @param args none, or how far to count
     */
    public static void main(String... args) {
        Demos.runAndExit("count-to", args);
    }
}

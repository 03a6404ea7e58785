package dev.weft.demo;

import dev.weft.Tasks;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The toy socket of the article <i>Asynchronous Programming in Rust</i>: it becomes readable a
 * fixed time after it is opened (2 s in the article) and then holds one random {@code i32}. Reading
 * two one after the other takes twice that; reading them concurrently takes it once.
 *
 * <pre>{@code
 * fn get_num_sync() -> i32 {
 *     let s = MySocket::new();
 *     // busy wait until data is ready to be read; will take 2 seconds
 *     while !s.has_data_to_read() {}
 *     return s.read_data()
 * }
 *
 * // called twice, one after another: 4 seconds
 *
 * fn get_2_num_async_hardcode() -> (i32, i32) {
 *     let s1 = MySocket::new();
 *     let s2 = MySocket::new();
 *     while !s1.has_data_to_read() || !s2.has_data_to_read() {}
 *     return (s1.read_data(), s2.read_data())
 * }
 * }</pre>
 *
 * <p>Weft: {@link MySocket#readData()} simply blocks until the data is there (it parks the virtual
 * thread: no busy wait, no {@code poll}, no waker), and {@code getNum()} is written once, as
 * straight-line code. Called twice in a row it takes two delays; {@code Tasks.tryJoin(getNum,
 * getNum)} runs the same method on two virtual threads and takes one delay, without the article's
 * hard-coded two-socket function. The article's 2 s would make the tour slow, so the default delay
 * is 500 ms; {@code fake-socket 2000} runs the article's timing.
 */
public final class FakeSocket {
    private FakeSocket() {}

    /** How long a socket takes to become readable, by default (the article's is 2000 ms). */
    public static final Duration DELAY = Duration.ofMillis(500);

    /**
     * The article's {@code MySocket}: readable {@code delay} after it is opened, then holding one
     * random {@code int}.
     */
    public static final class MySocket {
        private final long readableAtNanos;
        private final int data;

        private MySocket(Duration delay) {
            this.readableAtNanos = System.nanoTime() + delay.toNanos();
            this.data = ThreadLocalRandom.current().nextInt();
        }

        /**
         * Opens a socket: {@code MySocket::new()}.
         *
         * @param delay how long until it is readable
         * @return the socket
         */
        public static MySocket open(Duration delay) {
            return new MySocket(delay);
        }

        /**
         * Returns whether the data has arrived: {@code has_data_to_read}.
         *
         * @return {@code true} once the delay has passed
         */
        public boolean hasDataToRead() {
            return System.nanoTime() - readableAtNanos >= 0;
        }

        /**
         * Reads the data, waiting until it has arrived. On a virtual thread the wait parks the
         * thread and frees its carrier for other work: this is the whole of the article's {@code
         * poll}/{@code set_readable_callback}.
         *
         * @return the random number
         * @throws InterruptedException if interrupted while waiting
         */
        public int readData() throws InterruptedException {
            while (!hasDataToRead()) { // sleep, not spin: the thread parks until then
                Thread.sleep(Duration.ofNanos(Math.max(1, readableAtNanos - System.nanoTime())));
            }
            return data;
        }
    }

    /**
     * Two numbers read from two sockets, and how long that took.
     *
     * @param first the first socket's number
     * @param second the second socket's number
     * @param elapsedMillis how long reading both took
     */
    public record Reads(int first, int second, long elapsedMillis) {
        @Override
        public String toString() {
            return "(" + first + ", " + second + ") after " + elapsedMillis + " ms";
        }
    }

    /**
     * What happened.
     *
     * @param delayMillis how long each socket took to become readable
     * @param sequential two {@code getNum()} calls one after the other
     * @param concurrent {@code Tasks.tryJoin(getNum, getNum)}
     */
    public record Outcome(long delayMillis, Reads sequential, Reads concurrent) {}

    /**
     * Runs the demo from the command line.
     *
     * @param args none, or {@code delay-ms}
     * @param out where the narrative goes
     * @return what happened
     * @throws InterruptedException if interrupted while waiting
     * @throws Demos.UsageException for bad arguments
     */
    public static Outcome run(List<String> args, PrintStream out) throws InterruptedException {
        return run(Args.millisOr("fake-socket", args, "delay-ms", DELAY), out);
    }

    /**
     * Reads two sockets one after the other, then two more concurrently.
     *
     * @param delay how long each socket takes to become readable
     * @param out where the narrative goes
     * @return what happened
     * @throws InterruptedException if interrupted while waiting (the reads are then cancelled)
     */
    public static Outcome run(Duration delay, PrintStream out) throws InterruptedException {
        out.printf(
                "fake sockets, each readable %d ms after it is opened (the article's: 2000 ms)%n",
                delay.toMillis());

        long start = System.nanoTime();
        int a = getNum(delay); // get_num_sync()
        int b = getNum(delay); // get_num_sync() again: its socket opens only now
        Reads sequential = new Reads(a, b, Elapsed.millisSince(start));
        out.println("  one after the other: getNum(), getNum()          -> " + sequential);

        start = System.nanoTime();
        Tasks.Pair<Integer, Integer> both = Tasks.tryJoin(() -> getNum(delay), () -> getNum(delay));
        Reads concurrent = new Reads(both.first(), both.second(), Elapsed.millisSince(start));
        out.println("  concurrently: Tasks.tryJoin(getNum, getNum)      -> " + concurrent);
        out.printf(
                "  the same getNum(), written once: %d ms in a row, %d ms side by side%n",
                sequential.elapsedMillis(), concurrent.elapsedMillis());
        return new Outcome(delay.toMillis(), sequential, concurrent);
    }

    /** The article's {@code get_num_sync}, without the busy wait. */
    private static int getNum(Duration delay) throws InterruptedException {
        MySocket s = MySocket.open(delay);
        return s.readData();
    }

    /**
     * Runs the demo.
     *
     * @param args none, or {@code delay-ms}
     */
    public static void main(String... args) {
        Demos.runAndExit("fake-socket", args);
    }
}

package dev.weft.demo;

import dev.weft.Tasks;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * The {@code join!} of <i>Rust Async Programming</i> (Joining Futures): fetch a book and some music
 * concurrently and get both back as a typed pair. The success case; {@code try-join} ({@link
 * TryJoinCancel}) shows a failure.
 *
 * <pre>{@code
 * use futures::join;
 *
 * async fn get_book_and_music() -> (Book, Music) {
 *     let book_fut = get_book();
 *     let music_fut = get_music();
 *     join!(book_fut, music_fut)
 * }
 * }</pre>
 *
 * <p>Weft: {@code Tasks.tryJoin(getBook, getMusic)} returns a {@code Tasks.Pair<Book, Music>}, the
 * tuple {@code (Book, Music)}. Each task runs on its own virtual thread from the start (Java has no
 * lazy futures to forget to poll), so two 100 ms fetches take about 100 ms, not 200. Unlike {@code
 * join!}, a failure of one would cancel the other ({@code try_join!}); with tasks that cannot fail,
 * the two are the same.
 */
public final class JoinTwoTasks {
    private JoinTwoTasks() {}

    /** How long each fetch takes, by default. */
    public static final Duration DELAY = Duration.ofMillis(100);

    /**
     * The article's {@code Book}.
     *
     * @param title its title
     * @param author its author
     */
    public record Book(String title, String author) {
        /** What {@code getBook} returns. */
        public static final Book SAMPLE = new Book("The Rust Programming Language", "Klabnik");

        @Override
        public String toString() {
            return "Book { title: \"" + title + "\", author: \"" + author + "\" }";
        }
    }

    /**
     * The article's {@code Music}.
     *
     * @param title its title
     * @param artist its artist
     */
    public record Music(String title, String artist) {
        /** What {@code getMusic} returns. */
        public static final Music SAMPLE = new Music("Kind of Blue", "Miles Davis");

        @Override
        public String toString() {
            return "Music { title: \"" + title + "\", artist: \"" + artist + "\" }";
        }
    }

    /**
     * What happened.
     *
     * @param book what {@code getBook} returned
     * @param music what {@code getMusic} returned
     * @param delayMillis how long each fetch took
     * @param elapsedMillis how long {@code tryJoin} took
     */
    public record Outcome(Book book, Music music, long delayMillis, long elapsedMillis) {}

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
        return run(Args.millisOr("join-two", args, "delay-ms", DELAY), out);
    }

    /**
     * Joins {@code getBook} and {@code getMusic}, each taking {@code delay}.
     *
     * @param delay how long each fetch takes
     * @param out where the narrative goes
     * @return what happened
     * @throws InterruptedException if interrupted while waiting (both are then cancelled)
     */
    public static Outcome run(Duration delay, PrintStream out) throws InterruptedException {
        out.printf(
                "join!(get_book(), get_music()) as Tasks.tryJoin(getBook, getMusic):"
                        + " each takes %d ms%n",
                delay.toMillis());
        long start = System.nanoTime();
        Tasks.Pair<Book, Music> both = Tasks.tryJoin(() -> getBook(delay), () -> getMusic(delay));
        long elapsed = Elapsed.millisSince(start);
        out.println("  (" + both.first() + ", " + both.second() + ")");
        out.printf(
                "  both after %d ms: side by side, not the %d ms of one after the other%n",
                elapsed, 2 * delay.toMillis());
        return new Outcome(both.first(), both.second(), delay.toMillis(), elapsed);
    }

    private static Book getBook(Duration delay) throws InterruptedException {
        Thread.sleep(delay); // stands for the fetch
        return Book.SAMPLE;
    }

    private static Music getMusic(Duration delay) throws InterruptedException {
        Thread.sleep(delay); // stands for the fetch
        return Music.SAMPLE;
    }

    /**
     * Runs the demo.
     *
     * @param args none, or {@code delay-ms}
     */
    public static void main(String... args) {
        Demos.runAndExit("join-two", args);
    }
}

package dev.weft.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * What {@code race} and {@code select} share: how long the cat and the dog take by default (the
 * article's 500 ms and 50 ms) and the two optional arguments {@code cat-ms dog-ms}.
 */
final class CatAndDogRace {
    private CatAndDogRace() {}

    /** How long the cat takes, by default (the article's 500 ms). */
    static final Duration CAT_TIME = Duration.ofMillis(500);

    /** How long the dog takes, by default (the article's 50 ms). */
    static final Duration DOG_TIME = Duration.ofMillis(50);

    /** One of the two demos, given both times. */
    @FunctionalInterface
    interface Race<R> {
        R run(Duration catTime, Duration dogTime, PrintStream out) throws InterruptedException;
    }

    /**
     * Parses {@code [cat-ms dog-ms]} (none means the defaults) and runs {@code race} with them.
     *
     * @throws Demos.UsageException for bad arguments, naming {@code demo}
     */
    static <R> R fromArgs(String demo, List<String> args, PrintStream out, Race<R> race)
            throws InterruptedException {
        Args.expectNoneOr(demo, args, "cat-ms", "dog-ms");
        if (args.isEmpty()) {
            return race.run(CAT_TIME, DOG_TIME, out);
        }
        return race.run(
                Args.millis("cat-ms", args.get(0)), Args.millis("dog-ms", args.get(1)), out);
    }
}

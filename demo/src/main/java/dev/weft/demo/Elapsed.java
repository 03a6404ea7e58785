package dev.weft.demo;

import java.time.Duration;

/**
 * The demos' stopwatch. A class of its own, with nothing to initialise, so that reading the clock
 * inside a timed part never loads anything heavy (the launcher {@code Demos} builds a Jackson
 * mapper when it is first used, which took hundreds of milliseconds inside a measurement).
 */
final class Elapsed {
    private Elapsed() {}

    /** Milliseconds since {@code startNanos}, a {@link System#nanoTime()} reading. */
    static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}

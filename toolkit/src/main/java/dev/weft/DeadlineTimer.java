package dev.weft;

import java.time.Duration;

/**
 * The deadline of a {@link Scope} with a timeout: a virtual thread that sleeps until the deadline
 * and then runs the scope's action, unless the scope stopped it first (on close).
 */
final class DeadlineTimer {
    private final Thread thread;

    private DeadlineTimer(Thread thread) {
        this.thread = thread;
    }

    /** Starts the timer, on a thread named {@code <name>-deadline}. */
    static DeadlineTimer start(String name, Duration timeout, Runnable whenPassed) {
        Runnable sleeper =
                () -> {
                    try {
                        Thread.sleep(timeout);
                    } catch (InterruptedException stopped) {
                        return;
                    }
                    whenPassed.run();
                };
        return new DeadlineTimer(Thread.ofVirtual().name(name + "-deadline").start(sleeper));
    }

    /** The deadline no longer matters: the timer ends without running the action. */
    void stop() {
        thread.interrupt();
    }
}

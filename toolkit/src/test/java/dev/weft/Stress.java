package dev.weft;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How hard the stress tests push: {@code -Dweft.stress=N} or the environment variable {@code
 * WEFT_STRESS=N} multiplies the CI-sized counts by {@code N} (default 1).
 */
final class Stress {
    private Stress() {}

    static int scale() {
        String value = System.getProperty("weft.stress");
        if (value == null || value.isBlank()) {
            value = System.getenv("WEFT_STRESS");
        }
        if (value == null || value.isBlank()) {
            return 1;
        }
        int n = Integer.parseInt(value.trim());
        if (n < 1) {
            throw new IllegalArgumentException("weft.stress must be at least 1, was " + n);
        }
        return n;
    }

    /**
     * Starts the chaos thread of a stress round: while {@code running}, it interrupts one of {@code
     * targets} at random and yields, again and again; if {@code closeMidway}, it also runs {@code
     * close} once, after a random 100 to 5,000 rounds (closing a handle under the party using it).
     */
    static Thread chaos(
            AtomicBoolean running, List<Thread> targets, boolean closeMidway, Runnable close) {
        return Thread.ofVirtual()
                .start(
                        () -> {
                            var random = ThreadLocalRandom.current();
                            int closeAfter = random.nextInt(100, 5_000);
                            for (int i = 0; running.get(); i++) {
                                if (closeMidway && i == closeAfter) {
                                    close.run();
                                }
                                targets.get(random.nextInt(targets.size())).interrupt();
                                Thread.yield();
                            }
                        });
    }
}

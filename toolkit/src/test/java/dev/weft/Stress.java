package dev.weft;

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
}

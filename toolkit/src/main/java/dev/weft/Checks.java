package dev.weft;

import java.time.Duration;
import java.util.Objects;

/** Argument checks whose messages name the bad value. */
final class Checks {
    private Checks() {}

    static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }

    /**
     * A positive timeout in nanoseconds, saturated: a duration too long for a {@code long} of
     * nanoseconds (about 292 years) is {@code Long.MAX_VALUE}, which every JDK wait treats as
     * practically unbounded.
     */
    static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * The {@link System#nanoTime()} at which a positive timeout that starts now ends, for the waits
     * that take a deadline. {@code Long.MAX_VALUE} means "no deadline": a timeout too long to count
     * in nanoseconds (about 292 years) gets it, and a real deadline that would equal it is moved
     * one nanosecond earlier.
     */
    static long deadline(Duration timeout) {
        long nanos = nanos(timeout);
        if (nanos == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long deadline = System.nanoTime() + nanos;
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE - 1 : deadline;
    }

    /** A name that is not blank, for messages and thread names. */
    static String notBlank(String name, String what) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank, was '" + name + "'");
        }
        return name;
    }

    /** A channel capacity: 0 (rendezvous) to {@link Channel#MAX_CAPACITY}. */
    static int capacity(int capacity) {
        if (capacity < 0 || capacity > Channel.MAX_CAPACITY) {
            throw new IllegalArgumentException(
                    "capacity must be between 0 and " + Channel.MAX_CAPACITY + ", was " + capacity);
        }
        return capacity;
    }

    static int atLeastOne(int n, String what) {
        if (n < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, was " + n);
        }
        return n;
    }

    /** Checks the list and each element for null, naming the index of a null element. */
    static <T> T[] noNulls(T[] items, String what) {
        Objects.requireNonNull(items, what);
        for (int i = 0; i < items.length; i++) {
            if (items[i] == null) {
                throw new NullPointerException(what + "[" + i + "] is null");
            }
        }
        return items;
    }
}

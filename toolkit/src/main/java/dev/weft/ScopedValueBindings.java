package dev.weft;

import java.util.concurrent.Callable;

/**
 * The {@code ScopedValue}s a scope re-binds in its forks ({@link Scope.Config#withScopedValues}).
 *
 * <p>A multi-release class. This is the version for Java 21 to 24, compiled with {@code --release
 * 21}: {@code ScopedValue} is final only from Java 25 (JEP 506), so {@link #declare} refuses. The
 * Java 25 version, {@code src/main/java25/dev/weft/ScopedValueBindings.java}, is compiled with
 * {@code --release 25} into {@code META-INF/versions/25} of the jar (see the toolkit's pom); a JDK
 * 25+ running the jar loads that one. Both have the same members: {@link ForkContext} is compiled
 * against this one.
 */
final class ScopedValueBindings {
    private ScopedValueBindings() {}

    /**
     * The bindings of {@code scopedValues} (none {@code null}, checked by the caller).
     *
     * @throws UnsupportedOperationException always, in this version
     */
    static ScopedValueBindings declare(Object[] scopedValues) {
        int feature = Runtime.version().feature();
        throw new UnsupportedOperationException(
                feature >= 25
                        ? "withScopedValues (JEP 506, Java 25 or newer) needs the Java 25 class"
                                + " of Weft's multi-release jar"
                                + " (META-INF/versions/25/dev/weft/ScopedValueBindings.class),"
                                + " which is not on this class path (Java "
                                + Runtime.version()
                                + "): run Weft from its jar, built with a JDK 25 or newer"
                        : "withScopedValues needs Java 25 or newer, where ScopedValue is final"
                                + " (JEP 506); this is Java "
                                + Runtime.version());
    }

    /** These bindings and then {@code more}'s, each scoped value once. Never reached here. */
    ScopedValueBindings plus(ScopedValueBindings more) {
        return this;
    }

    /** On the owner's thread: the values bound now, or {@code null}. Never reached here. */
    Object capture() {
        return null;
    }

    /** On the fork's thread: runs {@code body} with {@code captured} bound. */
    static <T> T callWith(Object captured, Callable<T> body) throws Exception {
        return body.call();
    }
}

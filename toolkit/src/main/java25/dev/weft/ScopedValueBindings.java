package dev.weft;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The {@code ScopedValue}s a scope re-binds in its forks ({@link Scope.Config#withScopedValues}).
 *
 * <p>The Java 25 version of a multi-release class, compiled with {@code --release 25} into {@code
 * META-INF/versions/25} of the jar; {@code src/main/java/dev/weft/ScopedValueBindings.java} is the
 * one for Java 21 to 24 (it refuses). Both have the same members.
 *
 * <p>Design note. A {@code ScopedValue} is bound for the extent of a {@code where(..).call(..)} on
 * one thread, and only the JDK's {@code StructuredTaskScope} passes bindings on to other threads.
 * So the owner reads, in {@code fork()}, which of the declared values are bound and to what (a
 * snapshot: values bound later by the owner are not seen), and the fork's thread binds those again
 * around its task with {@code ScopedValue.where(a, va).where(b, vb).call(task)}. An unbound value
 * stays unbound in the fork. Scoped values are immutable per binding, so the fork cannot change
 * what the owner sees, and nothing needs clearing: the binding ends with the call.
 */
final class ScopedValueBindings {
    private final ScopedValue<?>[] declared;

    private ScopedValueBindings(ScopedValue<?>[] declared) {
        this.declared = declared;
    }

    /**
     * The bindings of {@code scopedValues} (none {@code null}, checked by the caller).
     *
     * @throws IllegalArgumentException if one is not a {@code ScopedValue}
     */
    static ScopedValueBindings declare(Object[] scopedValues) {
        List<ScopedValue<?>> values = new ArrayList<>(scopedValues.length);
        for (int i = 0; i < scopedValues.length; i++) {
            Object v = Objects.requireNonNull(scopedValues[i], "scopedValues[" + i + "]");
            if (!(v instanceof ScopedValue<?> sv)) {
                throw new IllegalArgumentException(
                        "scopedValues["
                                + i
                                + "] must be a java.lang.ScopedValue, was a "
                                + v.getClass().getName());
            }
            if (!values.contains(sv)) {
                values.add(sv);
            }
        }
        return new ScopedValueBindings(values.toArray(new ScopedValue<?>[0]));
    }

    /** These bindings and then {@code more}'s, each scoped value once. */
    ScopedValueBindings plus(ScopedValueBindings more) {
        List<ScopedValue<?>> values = new ArrayList<>(List.of(declared));
        for (ScopedValue<?> sv : more.declared) {
            if (!values.contains(sv)) {
                values.add(sv);
            }
        }
        return new ScopedValueBindings(values.toArray(new ScopedValue<?>[0]));
    }

    /** On the owner's thread: the values bound now, or {@code null} if none is. */
    Object capture() {
        Object[] pairs = null; // scoped value, value, scoped value, value...
        int n = 0;
        for (ScopedValue<?> sv : declared) {
            if (sv.isBound()) {
                if (pairs == null) {
                    pairs = new Object[2 * declared.length];
                }
                pairs[n++] = sv;
                pairs[n++] = sv.get();
            }
        }
        return pairs == null ? null : new Captured(pairs, n);
    }

    /** The bound values captured for one fork. */
    private record Captured(Object[] pairs, int length) {}

    /** On the fork's thread: runs {@code body} with {@code captured} bound. */
    static <T> T callWith(Object captured, Callable<T> body) throws Exception {
        Captured c = (Captured) captured;
        Object[] pairs = c.pairs();
        ScopedValue.Carrier carrier = where(null, pairs[0], pairs[1]);
        for (int i = 2; i < c.length(); i += 2) {
            carrier = where(carrier, pairs[i], pairs[i + 1]);
        }
        return carrier.call(body::call);
    }

    @SuppressWarnings("unchecked")
    private static ScopedValue.Carrier where(ScopedValue.Carrier to, Object key, Object value) {
        ScopedValue<Object> sv = (ScopedValue<Object>) key;
        return to == null ? ScopedValue.where(sv, value) : to.where(sv, value);
    }
}

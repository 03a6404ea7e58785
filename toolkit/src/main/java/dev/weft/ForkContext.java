package dev.weft;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What a scope carries into its forks: its {@link ContextCarrier}s and its {@code ScopedValue}s
 * (through {@link ScopedValueBindings}, a multi-release class), those of the scope it is nested in
 * first. Immutable; a scope that carries nothing has none ({@code null}), so that {@code fork()}
 * pays a field check only.
 *
 * <p>Design note. {@link #bind} runs on the owner's thread in {@code fork()}: it captures every
 * carrier and the bound scoped values, and returns the task the fork runs instead of the caller's.
 * That task, on the fork's thread, binds the scoped values (the JDK runs the rest inside {@code
 * ScopedValue.where(..).call(..)}), restores the carriers in order, runs the caller's task, and
 * clears the carriers in reverse order, however the task ended. A carrier that throws becomes the
 * fork's failure (see ContextCarrier): when {@code restore} throws, only the carriers restored
 * before it are cleared; an exception from {@code clear} does not stop the other clears. The fork
 * itself (ForkImpl) is unchanged: the bound task is just its task, so its outcome is settled as any
 * task's.
 */
final class ForkContext {
    private final ContextCarrier<?>[] carriers;
    private final ScopedValueBindings scopedValues; // null: none declared

    private ForkContext(ContextCarrier<?>[] carriers, ScopedValueBindings scopedValues) {
        this.carriers = carriers;
        this.scopedValues = scopedValues;
    }

    /**
     * The context of a scope nested in {@code outer} (or {@code null}) that declares {@code own}
     * carriers and {@code ownScopedValues} (either {@code null}): {@code null} if nothing at all is
     * carried. A carrier equal to one already carried is carried once.
     */
    static ForkContext of(
            ForkContext outer, List<ContextCarrier<?>> own, ScopedValueBindings ownScopedValues) {
        if (own == null && ownScopedValues == null) {
            return outer;
        }
        List<ContextCarrier<?>> all = new ArrayList<>();
        ScopedValueBindings values = ownScopedValues;
        if (outer != null) {
            all.addAll(List.of(outer.carriers));
            if (outer.scopedValues != null) {
                values = values == null ? outer.scopedValues : outer.scopedValues.plus(values);
            }
        }
        if (own != null) {
            for (ContextCarrier<?> c : own) {
                if (!all.contains(c)) {
                    all.add(c);
                }
            }
        }
        if (all.isEmpty() && values == null) {
            return null;
        }
        return new ForkContext(all.toArray(new ContextCarrier<?>[0]), values);
    }

    /** On the owner's thread, in fork(): captures the context, and returns the task to run. */
    <T> Callable<T> bind(Callable<? extends T> task) {
        Object[] values = new Object[carriers.length];
        Object bound;
        try {
            for (int i = 0; i < carriers.length; i++) {
                values[i] = carriers[i].capture();
            }
            bound = scopedValues == null ? null : scopedValues.capture();
        } catch (RuntimeException e) {
            return () -> {
                throw e; // the fork fails with it, without restoring anything
            };
        } catch (Error e) {
            return () -> {
                throw e;
            };
        }
        return new Bound<>(carriers, values, bound, task);
    }

    /** A fork's task with the context captured for it. */
    private record Bound<T>(
            ContextCarrier<?>[] carriers,
            Object[] values,
            Object scopedValues,
            Callable<? extends T> task)
            implements Callable<T> {

        @Override
        public T call() throws Exception {
            return scopedValues == null
                    ? restoreRunClear()
                    : ScopedValueBindings.callWith(scopedValues, this::restoreRunClear);
        }

        private T restoreRunClear() throws Exception {
            int restored = 0;
            try {
                for (; restored < carriers.length; restored++) {
                    carrier(restored).restore(values[restored]);
                }
            } catch (RuntimeException | Error e) {
                clear(restored, e);
                throw e;
            }
            T value;
            try {
                value = task.call();
            } catch (Throwable e) {
                clear(carriers.length, e);
                throw e;
            }
            Throwable clearFailed = clear(carriers.length, null);
            if (clearFailed instanceof RuntimeException r) {
                throw r;
            } else if (clearFailed != null) {
                throw (Error) clearFailed;
            }
            return value;
        }

        /**
         * Clears the first {@code count} carriers, last first. What a clear throws is suppressed on
         * {@code primary} if there is one; otherwise the first is returned (with later ones
         * suppressed on it).
         */
        private Throwable clear(int count, Throwable primary) {
            Throwable first = null;
            for (int i = count - 1; i >= 0; i--) {
                try {
                    carrier(i).clear(values[i]);
                } catch (RuntimeException | Error e) {
                    Throwable onto = primary != null ? primary : first;
                    if (onto == null) {
                        first = e;
                    } else if (onto != e) {
                        onto.addSuppressed(e);
                    }
                }
            }
            return first;
        }

        @SuppressWarnings("unchecked")
        private ContextCarrier<Object> carrier(int i) {
            return (ContextCarrier<Object>) carriers[i];
        }
    }
}

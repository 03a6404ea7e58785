package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The scopes nested in a {@link Scope}, that its cancellation cancels too: a copy-on-write array,
 * changed by CAS, so that a cancelling thread reads a stable snapshot without a lock. A child adds
 * itself and then re-reads its parent's cancellation: a cancel that read the snapshot before the
 * child was added is caught by that re-read (see {@code Scope.adopt}).
 */
final class ChildScopes {
    private static final VarHandle ALL;
    private static final Scope[] NONE = {};

    static {
        try {
            ALL = MethodHandles.lookup().findVarHandle(ChildScopes.class, "all", Scope[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Scope[] all = NONE;

    void add(Scope child) {
        Scope[] old;
        Scope[] now;
        do {
            old = all;
            now = Arrays.copyOf(old, old.length + 1);
            now[old.length] = child;
        } while (!ALL.compareAndSet(this, old, now));
    }

    void remove(Scope child) {
        Scope[] old;
        Scope[] now;
        do {
            old = all;
            int i = Arrays.asList(old).indexOf(child);
            if (i < 0) {
                return;
            }
            now = new Scope[old.length - 1];
            System.arraycopy(old, 0, now, 0, i);
            System.arraycopy(old, i + 1, now, i, old.length - i - 1);
        } while (!ALL.compareAndSet(this, old, now));
    }

    /** The children now: a snapshot, not to be modified. */
    Scope[] snapshot() {
        return all;
    }
}

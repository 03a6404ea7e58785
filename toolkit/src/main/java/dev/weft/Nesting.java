package dev.weft;

import java.util.ArrayList;
import java.util.List;

/**
 * Which {@link Scope} is current on each thread, and the closing of scopes left open inside
 * another.
 *
 * <p>{@link #CURRENT} is, on an owner thread, the innermost scope it has open; on a fork's thread,
 * the fork's scope until the task opens one of its own. It gives a new scope its parent. A scope
 * closed while scopes opened after it on the same thread are still open (out of order), and a fork
 * whose task ended with scopes it opened still open, close those first, innermost first.
 *
 * <p>Design note: why a fork closes what its task left open. A fork's task that ends with scopes it
 * opened still open has them closed on its own thread before the fork ends, and the fork fails; so
 * no fork of a nested scope outlives the outer scope.
 */
final class Nesting {
    private Nesting() {}

    static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    /** A scope has closed: its parent forgets it, and its thread's current scope is the parent. */
    static void left(Scope scope, ChildScopes parentsChildren, ChildScopes node) {
        if (parentsChildren != null) {
            parentsChildren.remove(node);
        }
        if (CURRENT.get() == scope) {
            CURRENT.set(scope.parent);
        }
    }

    /**
     * Closes, innermost first, the scopes the calling thread opened after {@code outer} and left
     * open (each is cancelled and waited for), adding what their close threw to {@code problems}.
     *
     * @return the names of the scopes closed, innermost first; empty if none was open
     */
    static List<String> closeOpenedInside(Scope outer, List<Throwable> problems) {
        List<String> names = new ArrayList<>(0);
        Thread me = Thread.currentThread();
        for (Scope s = CURRENT.get(); s != null && s != outer && s.owner == me; s = CURRENT.get()) {
            names.add(s.name());
            try {
                s.close();
            } catch (RuntimeException | Error e) {
                problems.add(e);
            }
            if (CURRENT.get() == s) {
                CURRENT.set(s.parent); // never expected: close() pops it
            }
        }
        return names;
    }
}

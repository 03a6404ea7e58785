package dev.weft;

import java.util.ArrayList;
import java.util.List;

/**
 * The open root scopes (those nested in no other), for {@link Snapshot#take()}. Nested scopes are
 * reached from their parent's {@link ChildScopes}.
 *
 * <p>Design note. Every scope pays for this at open and close, so it takes no lock and allocates
 * nothing: the registry is a fixed array of stripes, each a {@link ChildScopes} list head (whose
 * own node fields are unused), and a root scope's node in its stripe is its own {@code children}
 * object, exactly as a nested scope's node is in its parent's list. A root is added to the stripe
 * of its owner thread's id (two atomic operations, {@link ChildScopes#add}) and removed as it
 * closes ({@link ChildScopes#remove}: marks its node, drops the scope, and unlinks it at once when
 * it is still the stripe's first node, the usual case of a thread opening and closing scopes one
 * after another). So the open and close of a root cost a few atomic operations on a line that only
 * the threads of the same stripe share; a closed scope is never retained (its node drops it), and a
 * removed node waits at most for the stripe's next clean-up, which costs a constant per removal
 * (see ChildScopes). A walk ({@link #roots()}) reaches every node not yet removed.
 */
final class OpenScopes {
    private OpenScopes() {}

    /** A power of two: about four stripes per processor, at least 8, at most 64. */
    static final int STRIPES =
            Math.min(64, Math.max(8, Integer.highestOneBit(4 * cpus() - 1) << 1));

    private static final ChildScopes[] ROOTS = new ChildScopes[STRIPES];

    static {
        for (int i = 0; i < STRIPES; i++) {
            ROOTS[i] = new ChildScopes(null);
        }
    }

    private static int cpus() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** The stripe of a root scope owned by {@code owner}; the same at open and at close. */
    static ChildScopes stripe(Thread owner) {
        long id = owner.threadId();
        int h = (int) (id ^ (id >>> 32));
        return ROOTS[(h ^ (h >>> 7)) & (STRIPES - 1)];
    }

    /** A root scope has opened (in its constructor, on its owner's thread). */
    static void opened(Scope root) {
        stripe(root.owner).add(root.children);
    }

    /** The open root scopes now, in no particular order. Any thread; never blocks. */
    static List<Scope> roots() {
        List<Scope> all = new ArrayList<>();
        for (ChildScopes stripe : ROOTS) {
            for (Scope s : stripe.snapshot()) {
                all.add(s);
            }
        }
        return all;
    }

    /** How many nodes the stripes still link, removed or not (for the leak test). */
    static int linkedNodes() {
        int n = 0;
        for (ChildScopes stripe : ROOTS) {
            n += stripe.linkedCount();
        }
        return n;
    }
}

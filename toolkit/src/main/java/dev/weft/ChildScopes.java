package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The scopes nested in a {@link Scope}, that its cancellation cancels too: a lock-free list, so
 * that a child is added and removed in constant (amortized) time however many siblings are open. (A
 * copy-on-write array made 10^4 concurrent nested scopes quadratic; a list under a lock made their
 * siblings park on it: a fifth of the time in NestedScopeBench's JFR profile.)
 *
 * <p>Design note. Every scope has one {@code ChildScopes}: the list of its own children, and also
 * its node in its parent's list ({@code next}, {@code removed}). A child is added by a CAS at
 * {@code first}, and removed by marking its node; a removed node stays linked until a clean-up
 * unlinks it. Only one thread cleans at a time ({@code cleaning}, taken by CAS, never waited for),
 * and it is the only writer of any node's {@code next} after the node is published, and it only
 * makes a node's predecessor skip it (a CAS at {@code first} for the first node, given up if a
 * child was added meanwhile); an unlinked node keeps its {@code next}. So a walk from {@code first}
 * reaches every node not yet removed: no child that is open is ever lost. A clean-up walks the list
 * when at least half of its nodes are removed (and at least {@code CLEAN_AT}), so it costs a
 * constant per removal; otherwise a removed node that is still the first is unlinked at once (the
 * usual case of scopes opened and closed one after another). A removed node drops its scope, so a
 * closed scope is never retained by its parent: only its small node waits for the clean-up.
 *
 * <p>Cancellation. A child adds itself and then re-reads its parent's cancellation; a cancel
 * records its cancellation and then walks the list ({@link #snapshot()}). The CAS at {@code first}
 * and the record are both volatile, so either the cancel's walk sees the child or the child's
 * re-read sees the cancellation (see {@code Scope.adopt}): a child opened while its parent is being
 * cancelled is still cancelled.
 */
final class ChildScopes {
    private static final int CLEAN_AT = 32;
    private static final Scope[] NONE = {};
    private static final VarHandle FIRST;
    private static final VarHandle LINKED;
    private static final VarHandle DEAD;
    private static final VarHandle CLEANING;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            FIRST = l.findVarHandle(ChildScopes.class, "first", ChildScopes.class);
            LINKED = l.findVarHandle(ChildScopes.class, "linked", int.class);
            DEAD = l.findVarHandle(ChildScopes.class, "dead", int.class);
            CLEANING = l.findVarHandle(ChildScopes.class, "cleaning", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Scope scope; // this node's scope; null once removed (not retained)

    // The list of this scope's children.
    private volatile ChildScopes first;
    private volatile int linked; // nodes added and not yet unlinked
    private volatile int dead; // of those, removed ones
    private volatile int cleaning; // 1 while a thread cleans

    // This scope's node in its parent's list.
    private volatile ChildScopes next;
    private volatile boolean removed;

    ChildScopes(Scope scope) {
        this.scope = scope;
    }

    /** Adds the child whose node is {@code node}; the caller then re-reads the cancellation. */
    void add(ChildScopes node) {
        LINKED.getAndAdd(this, 1);
        ChildScopes f;
        do {
            f = first;
            node.next = f;
        } while (!FIRST.compareAndSet(this, f, node)); // volatile: see the design note
    }

    /** Removes a child (once it has closed); nothing if it was removed already. */
    void remove(ChildScopes node) {
        if (node.removed) {
            return;
        }
        node.removed = true;
        node.scope = null; // the closed scope is not retained by its node
        int d = (int) DEAD.getAndAdd(this, 1) + 1;
        if (CLEANING.compareAndSet(this, 0, 1)) {
            try {
                if (d >= CLEAN_AT && 2 * d >= linked) {
                    unlinkRemoved();
                } else if (first == node && FIRST.compareAndSet(this, node, node.next)) {
                    LINKED.getAndAdd(this, -1); // the newest child: unlinked at once
                    DEAD.getAndAdd(this, -1);
                }
            } finally {
                cleaning = 0;
            }
        }
    }

    /** The one cleaning thread: unlinks removed nodes; see the design note. */
    private void unlinkRemoved() {
        int unlinked = 0;
        ChildScopes prev = null;
        for (ChildScopes c = first; c != null; c = c.next) {
            if (!c.removed) {
                prev = c;
            } else if (prev != null) {
                prev.next = c.next;
                unlinked++;
            } else if (FIRST.compareAndSet(this, c, c.next)) {
                unlinked++;
            } else {
                prev = c; // a child was added meanwhile: this one waits for the next clean-up
            }
        }
        LINKED.getAndAdd(this, -unlinked);
        DEAD.getAndAdd(this, -unlinked);
    }

    /** How many nodes this list links now, removed ones included (for tests). */
    int linkedCount() {
        return linked;
    }

    /** The children not yet removed, now: a new array (or a shared empty one). Any thread. */
    Scope[] snapshot() {
        ChildScopes c = first; // volatile read after the cancel's record: see the design note
        if (c == null) {
            return NONE;
        }
        List<Scope> all = new ArrayList<>();
        for (; c != null; c = c.next) {
            Scope child = c.scope;
            if (child != null) {
                all.add(child);
            }
        }
        return all.toArray(NONE);
    }
}

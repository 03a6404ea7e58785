package dev.weft;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The scopes nested in a {@link Scope}, that its cancellation cancels too: an intrusive
 * doubly-linked list under a lock, so that a child is added and removed in constant time however
 * many siblings are open (a copy-on-write array made 10^4 concurrent nested scopes quadratic).
 *
 * <p>Design note. Every scope has one {@code ChildScopes}: the list of its own children, and also
 * its node in its parent's list ({@code prev}, {@code next}, {@code linked}, guarded by the
 * parent's lock). A child adds itself and then re-reads its parent's cancellation; a cancel records
 * its cancellation and then reads the list ({@link #snapshot()}). Both the head's write and the
 * record are volatile, so either the cancel sees the child or the child's re-read sees the
 * cancellation (see {@code Scope.adopt}): a child opened while its parent is being cancelled is
 * still cancelled. A snapshot is taken under the lock, so it holds every child added before it and
 * not yet removed; the cancel then cancels them outside the lock.
 */
final class ChildScopes {
    private static final Scope[] NONE = {};

    private final Scope scope; // whose children these are, and whose node this is
    private final ReentrantLock lock = new ReentrantLock();
    private volatile ChildScopes first; // this scope's first child; guarded by lock for writes
    private int size; // guarded by lock

    // This scope's node in its parent's list: guarded by the parent's lock.
    private ChildScopes prev;
    private ChildScopes next;
    private boolean linked;

    ChildScopes(Scope scope) {
        this.scope = scope;
    }

    /** Adds the child whose node is {@code node}; the caller then re-reads the cancellation. */
    void add(ChildScopes node) {
        lock.lock();
        try {
            ChildScopes f = first;
            node.next = f;
            node.prev = null;
            if (f != null) {
                f.prev = node;
            }
            node.linked = true;
            size++;
            first = node; // volatile: see the design note
        } finally {
            lock.unlock();
        }
    }

    /** Removes a child; nothing if it is not in the list. */
    void remove(ChildScopes node) {
        lock.lock();
        try {
            if (!node.linked) {
                return;
            }
            ChildScopes p = node.prev;
            ChildScopes n = node.next;
            if (n != null) {
                n.prev = p;
            }
            if (p != null) {
                p.next = n;
            } else {
                first = n;
            }
            node.prev = null;
            node.next = null;
            node.linked = false;
            size--;
        } finally {
            lock.unlock();
        }
    }

    /** The children now: a snapshot, a new array (or a shared empty one). */
    Scope[] snapshot() {
        if (first == null) {
            return NONE; // volatile read after the cancel's record: see the design note
        }
        lock.lock();
        try {
            Scope[] all = new Scope[size];
            int i = 0;
            for (ChildScopes c = first; c != null; c = c.next) {
                all[i++] = c.scope;
            }
            return i == all.length ? all : Arrays.copyOf(all, i);
        } finally {
            lock.unlock();
        }
    }
}

package dev.weft;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The forks of a {@link Scope}: a singly-linked list, newest first, that only the scope's owner
 * changes, and that any thread may walk.
 *
 * <p>Design note. The owner links each fork at {@code head} (a volatile write) before starting its
 * thread. From time to time the owner unlinks forks that have ended, by rewriting the predecessor's
 * {@code next}; an unlinked fork keeps its own {@code next}, so a walk that is standing on it still
 * reaches every fork behind it. A prune walks only the forks linked before the previous prune (from
 * {@code mark}, the head then, which it keeps): those linked since are young and mostly still
 * running, and the next prune walks them. The next prune comes after as many new forks as this one
 * kept (at least {@code FIRST_PRUNE}), so a fork is looked at about once while it runs briefly, and
 * a long-running one once per prune, no more often than forks are linked (a prune that walked the
 * young forks too, and came when the list had doubled, cost about a tenth of a trivial fork in
 * issue 13's profile). The list therefore holds every running fork, every fork whose thread has not
 * yet terminated, and at most about as many ended ones (or {@code FIRST_PRUNE}). {@link
 * #joinThreads()} joins the threads still alive in it, so that when the scope's close() returns
 * every fork's thread has terminated, not only ended its task.
 */
final class ForkList {
    private static final int FIRST_PRUNE = 32;

    private volatile ForkImpl<?> head; // written by the owner only

    // Owner only.
    private int linked;
    private int pruneAt = FIRST_PRUNE;
    private ForkImpl<?> mark; // the head when the list was last pruned; null before the first

    /** Owner only: links a fork that is about to start. */
    void link(ForkImpl<?> fork) {
        fork.next = head;
        head = fork;
        if (++linked >= pruneAt) {
            unlinkEnded();
        }
    }

    /** Any thread: interrupts every fork still {@link Fork.State#RUNNING}. */
    void interruptRunning() {
        for (ForkImpl<?> f = head; f != null; f = f.next) {
            if (f.state == Fork.State.RUNNING) {
                f.thread.interrupt();
            }
        }
    }

    /**
     * Any thread, never blocks: the forks the list holds now, oldest first. That is every fork
     * linked before this call read the head and still running, and some that have ended (until a
     * prune unlinks them); see the design note. A walk standing on an unlinked fork still reaches
     * every fork behind it.
     */
    List<ForkImpl<?>> oldestFirst() {
        List<ForkImpl<?>> all = new ArrayList<>();
        for (ForkImpl<?> f = head; f != null; f = f.next) {
            all.add(f);
        }
        Collections.reverse(all);
        return all;
    }

    /**
     * Owner, once every fork has ended: waits until their threads have terminated too (a fork
     * counts itself ended a moment before its thread returns). Every fork whose thread may still be
     * alive is in the list: pruning keeps those. Not interruptible; an interrupt is kept.
     */
    void joinThreads() {
        boolean interrupted = false;
        for (ForkImpl<?> f = head; f != null; f = f.next) {
            Thread t = f.thread;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Owner only: unlinks the forks that have ended; see the design note. */
    private void unlinkEnded() {
        ForkImpl<?> prev = mark; // kept: the young forks before it are not walked
        int kept = 0;
        int removed = 0;
        for (ForkImpl<?> f = prev == null ? head : prev.next; f != null; f = f.next) {
            if (f.state == Fork.State.RUNNING || f.thread.isAlive()) {
                prev = f; // kept until its thread has terminated too: joinThreads() joins it
                kept++;
            } else if (prev == null) {
                head = f.next;
                removed++;
            } else {
                prev.next = f.next;
                removed++;
            }
        }
        linked -= removed;
        mark = head;
        pruneAt = linked + Math.max(FIRST_PRUNE, kept);
    }
}

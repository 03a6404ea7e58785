package dev.weft;

import java.util.concurrent.locks.LockSupport;

/**
 * How many forks of a {@link Scope} are running, and the scope's owner waiting for that number to
 * drop.
 *
 * <p>Design note. The number running is {@code started - ended}: the owner alone counts forks in
 * ({@code started}, a volatile written only by the owner, on its own cache line), the forks count
 * themselves out ({@code ended}, an atomic add). So forking does no atomic read-modify-write on a
 * line that ending forks keep taking away (issue 13's profile put a counter that both sides changed
 * at about a fifth of a trivial fork). {@code ended} never passes {@code started}: a fork is
 * counted in before its thread starts. A reader on any thread reads {@code ended} first and then
 * {@code started}, so it may count a fork that just ended, never miss one that is running: reading
 * 0 means every fork has ended. A fork counts as running from just before it is linked until its
 * end has been recorded: its outcome, then its volatile state, then the add here. Whoever reads 0
 * sees every outcome.
 *
 * <p>The owner waits by publishing itself in {@code waitingOwner} with a threshold {@code
 * wakeBelow}, re-reading the count, and parking. A fork that ends adds to {@code ended} and then
 * reads {@code waitingOwner}: with both accesses volatile, either the owner sees the new count or
 * the fork sees the owner (and then reads {@code started}, which the waiting owner does not change)
 * and unparks it. A cancellation unparks it too ({@link #wakeOwner()}).
 */
final class RunningForks extends RunningForksEnds {
    /** Written by the owner only; a cache line away from what ending forks write. */
    private volatile int started;

    private final Object blocker; // what the parked owner is waiting for, for thread dumps
    private final Thread owner;

    RunningForks(Object blocker, Thread owner) {
        this.blocker = blocker;
        this.owner = owner;
    }

    /** How many forks are running now (any thread; see the design note). */
    int count() {
        int e = ended;
        return started - e;
    }

    /** Owner only: a fork is about to start. */
    void started() {
        started = started + 1;
    }

    /** A fork's end is recorded: counts it out, and wakes the owner if it waits for that. */
    void ended() {
        int e = (int) ENDED.getAndAdd(this, 1) + 1;
        Thread waiting = waitingOwner;
        if (waiting != null && started - e < wakeBelow) {
            LockSupport.unpark(waiting);
        }
    }

    /** Wakes the owner if it is waiting, so that it re-checks why it waits. */
    void wakeOwner() {
        Thread waiting = waitingOwner;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /**
     * Owner only: waits until fewer than {@code limit} forks are running, or, if {@code orUntil} is
     * not {@code null}, until it records a cancellation (a cancellation wakes the owner).
     */
    void awaitBelow(int limit, CancellationRecord orUntil) throws InterruptedException {
        if (count() < limit || (orUntil != null && orUntil.isCancelled())) {
            return;
        }
        wakeBelow = limit;
        waitingOwner = owner;
        try {
            while (count() >= limit && !(orUntil != null && orUntil.isCancelled())) {
                LockSupport.park(blocker);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            waitingOwner = null;
        }
    }

    /** Owner only: waits until no fork is running; an interrupt meanwhile is kept for later. */
    void awaitNoneUninterruptibly() {
        if (count() == 0) {
            return;
        }
        boolean interrupted = false;
        wakeBelow = 1;
        waitingOwner = owner;
        try {
            while (count() > 0) {
                LockSupport.park(blocker);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
        } finally {
            waitingOwner = null;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * How many forks of a {@link Scope} are running, and the scope's owner waiting for that number to
 * drop.
 *
 * <p>Design note. A fork counts as running from just before it is linked until its end has been
 * recorded: its outcome, then its volatile state, then the decrement here. Whoever reads 0 sees
 * every outcome. The owner waits by publishing itself in {@code waitingOwner} with a threshold
 * {@code wakeBelow}, re-reading the count, and parking. A fork that ends decrements the count and
 * then reads {@code waitingOwner}: with both accesses volatile, either the owner sees the new count
 * or the fork sees the owner and unparks it. A cancellation unparks it too ({@link #wakeOwner()}).
 */
final class RunningForks {
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(RunningForks.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object blocker; // what the parked owner is waiting for, for thread dumps
    private final Thread owner;
    private volatile int count;
    private volatile Thread waitingOwner;
    private volatile int wakeBelow;

    RunningForks(Object blocker, Thread owner) {
        this.blocker = blocker;
        this.owner = owner;
    }

    /** How many forks are running now. */
    int count() {
        return count;
    }

    /** A fork is about to start. */
    void started() {
        COUNT.getAndAdd(this, 1);
    }

    /** A fork's end is recorded: counts it out, and wakes the owner if it waits for that. */
    void ended() {
        int now = (int) COUNT.getAndAdd(this, -1) - 1;
        Thread waiting = waitingOwner;
        if (waiting != null && now < wakeBelow) {
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
        if (count < limit || (orUntil != null && orUntil.isCancelled())) {
            return;
        }
        wakeBelow = limit;
        waitingOwner = owner;
        try {
            while (count >= limit && !(orUntil != null && orUntil.isCancelled())) {
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
        if (count == 0) {
            return;
        }
        boolean interrupted = false;
        wakeBelow = 1;
        waitingOwner = owner;
        try {
            while (count > 0) {
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

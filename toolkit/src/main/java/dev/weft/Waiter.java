package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A parked thread waiting for a channel, a oneshot or a fork, and the single point where its wait
 * is decided.
 *
 * <p>{@code state} starts {@code null} (waiting) and moves exactly once, by compare-and-set: to a
 * {@link Wake} set by whoever wakes the thread (for a rendezvous receive, the sender wrote the
 * value into the receiver's queue node just before), or to {@link Wake.Signal#CANCELLED} set by the
 * waiting thread itself when it gives up (interrupt, timeout). Whoever loses that race must act on
 * the winner's choice. One waiter may be registered with several channels at once (a select): the
 * first channel to move it wins, the others find it no longer waiting and leave it alone.
 */
final class Waiter {
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", Wake.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;
    private volatile Wake state; // null while waiting

    Waiter(Thread thread) {
        this.thread = thread;
    }

    /** Decides the wait with {@code reason} and unparks the thread; false if already decided. */
    boolean wake(Wake reason) {
        if (decide(reason)) {
            unpark();
            return true;
        }
        return false;
    }

    /**
     * Decides the wait with {@code reason}, without unparking the thread; false if already decided.
     * Whoever decided it must then {@link #unpark} it (after letting go of its locks).
     */
    boolean decide(Wake reason) {
        return STATE.compareAndSet(this, null, reason);
    }

    /** Unparks the thread after {@link #decide}: at worst a spurious wake of a later park. */
    void unpark() {
        LockSupport.unpark(thread);
    }

    /** The waiting thread gives up; false if it was woken first (it must then honour the wake). */
    boolean cancel() {
        return STATE.compareAndSet(this, null, Wake.Signal.CANCELLED);
    }

    /**
     * The waiting thread gives up unless it was woken first: {@link Wake.Signal#CANCELLED} if this
     * call decided the wait, else the wake that did (which the thread must honour).
     */
    Wake cancelUnlessWoken() {
        return cancel() ? Wake.Signal.CANCELLED : state;
    }

    boolean isWaiting() {
        return state == null;
    }

    /**
     * Parks until woken, the deadline passes, or the thread is interrupted.
     *
     * @param deadline {@code System.nanoTime()} deadline, or {@code Long.MAX_VALUE} for none
     * @return the wake, or {@code null} if still waiting (the deadline passed, or an interrupt)
     */
    Wake await(long deadline) {
        while (state == null) {
            if (deadline == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                LockSupport.parkNanos(this, left);
            }
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        return state;
    }

    /** {@link #await}, then {@link #cancelUnlessWoken()}: never {@code null}. */
    Wake awaitOrCancel(long deadline) {
        Wake s = await(deadline);
        return s != null ? s : cancelUnlessWoken();
    }
}

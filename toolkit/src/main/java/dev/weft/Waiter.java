package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A parked thread waiting for a channel, and the single point where its wait is decided.
 *
 * <p>{@code state} starts {@link #WAITING} and moves exactly once, by compare-and-set: to a wake
 * token (set by whoever wakes the thread; for a rendezvous receive it carries the delivered value)
 * or to {@link #CANCELLED} (set by the waiting thread itself when it gives up: interrupt, timeout).
 * Whoever loses that race must act on the winner's choice. One waiter may be registered with
 * several channels at once (a select): the first channel to move it wins, the others find it no
 * longer {@code WAITING} and leave it alone.
 */
final class Waiter {
    static final Object WAITING = new Object();
    static final Object CANCELLED = new Object();
    static final Object WOKEN = new Object();

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;
    volatile Object state = WAITING;

    Waiter(Thread thread) {
        this.thread = thread;
    }

    /** Moves the waiter from WAITING to {@code token} and unparks it; false if already decided. */
    boolean wake(Object token) {
        if (STATE.compareAndSet(this, WAITING, token)) {
            LockSupport.unpark(thread);
            return true;
        }
        return false;
    }

    /** The waiting thread gives up; false if it was woken first (it must then honour the wake). */
    boolean cancel() {
        return STATE.compareAndSet(this, WAITING, CANCELLED);
    }

    boolean isWaiting() {
        return state == WAITING;
    }

    /**
     * Parks until woken, the deadline passes, or the thread is interrupted.
     *
     * @param deadline {@code System.nanoTime()} deadline, or {@code Long.MAX_VALUE} for none
     * @return the state after the wait; still {@link #WAITING} on timeout or interrupt
     */
    Object await(long deadline) {
        while (state == WAITING) {
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
}

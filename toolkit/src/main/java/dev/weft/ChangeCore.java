package dev.weft;

import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The shared state of a channel whose receivers wait for a change under one lock: {@link Broadcast}
 * and {@link Watch}. It keeps the lock, the condition every waiting receiver waits on, the count of
 * open sender handles, and the wakers to run on every change.
 *
 * <p>Design note: waiting and waking.
 *
 * <p>Every operation of these channels is a short critical section under {@link #lock}: a send
 * stores a value, a receive reads one, a close flips a flag. Nothing in it can block or call code
 * of the caller's, except a watch's {@code update} and {@code modify}, whose function runs under
 * the lock on purpose (that is what makes them atomic). A receiver that finds nothing new waits on
 * {@link #changed}; every change (a send, a close of the last sender, a close of a receiver) calls
 * {@link #signalChange()}, which wakes every waiting thread (signalAll: a broadcast value is for
 * all of them, and a watch change too), and each woken thread polls again. Values never travel
 * through a wake-up, so an interrupted or timed-out wait has taken nothing: {@code Condition.await}
 * removes the thread from the condition's queue as it throws, and nothing else was registered
 * ({@link #waitingThreads()} lets the leak tests check that).
 *
 * <p>The waker hook, for a select's arm ({@link ChangeArm}). A select cannot wait on a condition
 * (it waits for several channels at once, on its own waiter), so a change also runs every
 * registered waker: {@link #addWaker(Runnable)} registers one, {@link #removeWaker(Runnable)}
 * removes it, and {@link #runWakers()} runs them after the lock is released. An arm registers, then
 * asks whether there is anything ({@link #tryHasNews}, which takes nothing), and parks only if
 * there is not; a change after the registration runs the waker, and one before it is seen by the
 * question: registration takes the lock and publishes the array through a volatile write, the
 * change reads the array after it released the lock. So no wake-up is lost. A waker must not block
 * and must not take this lock (it is run outside it anyway); a {@code Waiter.wake} fits. The array
 * is copied on every registration (registrations are rare, changes frequent) and read without a
 * lock.
 */
abstract class ChangeCore {
    /** {@link #poll(Object)} found nothing new: wait for a change. */
    static final Object NOTHING = new Object();

    /** {@link #awaitPoll(Object, long)} reached its deadline first. */
    static final Object TIMED_OUT = new Object();

    private static final Runnable[] NO_WAKERS = {};

    final ReentrantLock lock = new ReentrantLock();

    /** Signalled (signalAll) on every change; receivers wait on it. */
    private final Condition changed = lock.newCondition();

    /** Open sender handles; guarded by {@link #lock}. */
    private int senders = 1;

    /** Every sender handle is closed, for good; written under {@link #lock}. */
    volatile boolean sendersClosed;

    private volatile Runnable[] wakers = NO_WAKERS;

    /**
     * What a receive finds now, under the lock: a value, {@link #NOTHING}, or a closed marker of
     * the subclass's; it may throw instead (a lagged broadcast receiver).
     *
     * @param receiver the receiving handle whose view is polled
     */
    abstract Object poll(Object receiver);

    /**
     * Whether {@link #poll} would find something other than {@link #NOTHING} now (a value, a
     * change, a close), taking nothing; under the lock. For a select's arm ({@link ChangeArm}).
     */
    abstract boolean hasNews(Object receiver);

    /**
     * Whether {@code found}, what {@link #poll} returned, is one of the subclass's closed markers.
     */
    abstract boolean isEnd(Object found);

    /** {@link #hasNews} under the lock. */
    final boolean tryHasNews(Object receiver) {
        lock.lock();
        try {
            return hasNews(receiver);
        } finally {
            lock.unlock();
        }
    }

    /** Polls once under the lock; never waits. */
    final Object tryPoll(Object receiver) {
        lock.lock();
        try {
            return poll(receiver);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Polls, waiting for changes until the poll finds something or the deadline passes.
     *
     * @param deadline a {@link System#nanoTime()} deadline, {@code Long.MAX_VALUE} for none
     * @return what the poll found, or {@link #TIMED_OUT}
     * @throws InterruptedException if interrupted while waiting; nothing was taken
     */
    final Object awaitPoll(Object receiver, long deadline) throws InterruptedException {
        lock.lock();
        try {
            Object found;
            while ((found = poll(receiver)) == NOTHING) {
                if (deadline == Long.MAX_VALUE) {
                    changed.await();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return TIMED_OUT;
                    }
                    changed.awaitNanos(left);
                }
            }
            return found;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every thread waiting for a change; call under the lock, then {@link #runWakers()}. */
    final void signalChange() {
        changed.signalAll();
    }

    /** Runs every registered waker; call after releasing the lock, after a change. */
    final void runWakers() {
        for (Runnable waker : wakers) {
            waker.run();
        }
    }

    /** Registers a waker to run on every change and close, until removed. */
    final void addWaker(Runnable waker) {
        lock.lock();
        try {
            Runnable[] now = wakers;
            Runnable[] more = Arrays.copyOf(now, now.length + 1);
            more[now.length] = waker;
            wakers = more;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a waker registered with {@link #addWaker}; false if it was not registered. */
    final boolean removeWaker(Runnable waker) {
        lock.lock();
        try {
            Runnable[] now = wakers;
            for (int i = 0; i < now.length; i++) {
                if (now[i] == waker) {
                    Runnable[] fewer = new Runnable[now.length - 1];
                    System.arraycopy(now, 0, fewer, 0, i);
                    System.arraycopy(now, i + 1, fewer, i, now.length - i - 1);
                    wakers = fewer.length == 0 ? NO_WAKERS : fewer;
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** How many wakers are registered (for the tests). */
    final int wakerCount() {
        return wakers.length;
    }

    /** How many threads wait for a change now (for the leak tests). */
    final int waitingThreads() {
        lock.lock();
        try {
            return lock.getWaitQueueLength(changed);
        } finally {
            lock.unlock();
        }
    }

    /** Counts one more sender handle; false if every handle was already closed. */
    final boolean openSender() {
        lock.lock();
        try {
            if (sendersClosed) {
                return false;
            }
            senders++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts one sender handle closed; the last one closes the sending side and wakes every
     * receiver, which sees the close once it has taken what is left.
     */
    final void closeSender() {
        lock.lock();
        try {
            if (--senders > 0) {
                return;
            }
            sendersClosed = true;
            signalChange();
        } finally {
            lock.unlock();
        }
        runWakers();
    }
}

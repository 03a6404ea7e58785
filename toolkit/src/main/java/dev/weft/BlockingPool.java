package dev.weft;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded pool of platform threads for work that must not run on a virtual thread: tokio's {@code
 * spawn_blocking}. The caller, typically a virtual thread, waits for the result; the work runs on
 * one of the pool's platform threads.
 *
 * {@snippet :
 * try (var pool = BlockingPool.create("crunch", 2)) {
 *     String hash = pool.call(() -> expensiveHash(bytes));   // CPU-bound: off the carriers
 * }
 * }
 *
 * <p><b>What belongs here.</b> Virtual threads are cheap because blocking I/O, sleeps, locks and
 * channel waits unmount them from their carrier. Two kinds of work do not, and hold one of the few
 * carrier threads (one per core by default) for as long as they run, delaying every other virtual
 * thread: long CPU-bound computations (virtual threads are not time-sliced), and, on JDK 21 to 23,
 * blocking inside {@code synchronized} or in native code (the thread is <em>pinned</em>; JDK 24
 * removed the {@code synchronized} case, JEP 491). Run those here: the pool's threads are ordinary
 * threads that the operating system time-slices, and at most {@code threads} of them run at once.
 *
 * <p><b>Waiting.</b> Work waits in an unbounded queue while all threads are busy.
 *
 * <p><b>Cancellation.</b> {@link #call(Callable)} is structured: the work never outlives the call.
 * If the caller is interrupted while the work is queued, the work is dropped and never runs; if it
 * is running, its thread is interrupted and the call waits for the work to end (work that ignores
 * interrupts delays the caller). Either way the call then throws {@link InterruptedException}. An
 * interrupt meant for one piece of work never reaches the next one to run on the same thread.
 *
 * <p><b>Exceptions.</b> An exception thrown by the work reaches the caller as the cause of a {@link
 * TaskFailedException}, the package's rule for a task that failed.
 *
 * <p><b>Closing.</b> {@link #close()} stops new work ({@link ChannelClosedException}, with the
 * refused work as its {@linkplain ChannelClosedException#unsentValue() unsent value}), lets queued
 * and running work finish, and waits for the threads to end. The threads are daemon threads.
 *
 * <p><b>Memory consistency.</b> What the caller did before {@code call} happens-before the work
 * runs; what the work did happens-before {@code call} returns.
 *
 * <p><b>Forms</b> (its row of the package's <a href="package-summary.html#forms">table of
 * forms</a>): blocks: {@link #call(Callable) call(work)}; never blocks and timed: not offered (the
 * call waits for the work, which is interrupted with the caller); closed: {@link
 * ChannelClosedException} with the work; the work failed: {@link TaskFailedException} with its
 * exception as the cause.
 */
public final class BlockingPool implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final String name;
    private final int threads;
    private final ThreadPoolExecutor executor;

    private BlockingPool(String name, int threads) {
        this.name = name;
        this.threads = threads;
        AtomicInteger created = new AtomicInteger();
        this.executor =
                new ThreadPoolExecutor(
                        threads,
                        threads,
                        0,
                        TimeUnit.MILLISECONDS,
                        new LinkedBlockingQueue<>(),
                        work ->
                                Thread.ofPlatform()
                                        .name(name + "-" + created.incrementAndGet())
                                        .daemon(true)
                                        .unstarted(work));
    }

    /**
     * Creates a pool of {@code threads} platform threads named {@code blocking-<n>-<i>}.
     *
     * @param threads how many pieces of work may run at once; at least 1
     * @return the pool
     * @throws IllegalArgumentException if {@code threads} is less than 1
     */
    public static BlockingPool create(int threads) {
        return create("blocking-" + POOLS.incrementAndGet(), threads);
    }

    /**
     * Creates a pool of {@code threads} platform threads named {@code <name>-<i>}.
     *
     * @param name the name of the pool and the prefix of its threads' names
     * @param threads how many pieces of work may run at once; at least 1
     * @return the pool
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalArgumentException if {@code threads} is less than 1
     */
    public static BlockingPool create(String name, int threads) {
        Objects.requireNonNull(name, "name");
        Checks.atLeastOne(threads, "threads");
        return new BlockingPool(name, threads);
    }

    /**
     * Runs {@code work} on one of the pool's threads and waits for its result.
     *
     * @param work the work
     * @param <T> the type of its result
     * @return what {@code work} returned
     * @throws InterruptedException if the caller was interrupted; the work did not run, or was
     *     interrupted and has ended
     * @throws TaskFailedException if the work threw; its exception is the cause
     * @throws ChannelClosedException if the pool is closed; the work, which did not run, is its
     *     {@linkplain ChannelClosedException#unsentValue() unsent value}
     * @throws NullPointerException if {@code work} is {@code null}
     */
    public <T> T call(Callable<? extends T> work) throws InterruptedException {
        Objects.requireNonNull(work, "work");
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Job<T> job = new Job<>(work);
        try {
            executor.execute(job);
        } catch (RejectedExecutionException closed) {
            throw new ChannelClosedException(
                    "cannot call: blocking pool '" + name + "' is closed", work);
        }
        Result<T> outcome;
        try {
            outcome = job.outcome.receiver().recv();
        } catch (InterruptedException e) {
            job.cancel();
            throw e;
        }
        return Outcomes.value(outcome, e -> "work on blocking pool '" + name + "' failed");
    }

    /**
     * Returns the pool's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns how many pieces of work may run at once.
     *
     * @return the number of threads
     */
    public int threads() {
        return threads;
    }

    /**
     * Stops new work, lets queued and running work finish, and waits for the threads to end. If the
     * caller is interrupted meanwhile, it keeps waiting and re-asserts its interrupt flag at the
     * end. Closing a closed pool does nothing.
     */
    @Override
    public void close() {
        executor.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (executor.awaitTermination(1, TimeUnit.DAYS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "BlockingPool["
                + name
                + ", "
                + threads
                + " threads"
                + (executor.isShutdown() ? ", closed" : "")
                + "]";
    }

    /** One piece of work: it runs once, or never if cancelled first. */
    private static final class Job<T> implements Runnable {
        private static final int QUEUED = 0;
        private static final int RUNNING = 1;
        private static final int ENDED = 2;
        private static final int DROPPED = 3;

        private final Callable<? extends T> work;
        private final Oneshot<Result<T>> outcome = Oneshot.create();
        private final ReentrantLock lock = new ReentrantLock();
        private int state = QUEUED; // under lock
        private Thread runner; // under lock: the thread running the work, while it does

        Job(Callable<? extends T> work) {
            this.work = work;
        }

        @Override
        public void run() {
            lock.lock();
            try {
                if (state != QUEUED) {
                    return; // dropped while queued
                }
                state = RUNNING;
                runner = Thread.currentThread();
            } finally {
                lock.unlock();
            }
            Result<T> result = Outcomes.capture(work);
            lock.lock();
            try {
                state = ENDED;
                runner = null;
            } finally {
                lock.unlock();
            }
            Thread.interrupted(); // an interrupt meant for this work must not reach the next one
            outcome.sender().send(result);
        }

        /** The caller gave up: drop the work if queued, else interrupt it and wait for its end. */
        void cancel() {
            lock.lock();
            try {
                if (state == QUEUED) {
                    state = DROPPED;
                    return;
                }
                if (runner != null) {
                    runner.interrupt();
                }
            } finally {
                lock.unlock();
            }
            boolean interrupted = false;
            while (true) {
                try {
                    outcome.receiver().recv();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

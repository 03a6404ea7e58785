package dev.weft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A set of tasks whose outcomes are taken in the order they finish: tokio's {@code JoinSet}.
 *
 * {@snippet :
 * try (JoinSet<String> set = JoinSet.open()) {
 *     for (String url : urls) {
 *         set.spawn(() -> download(url));
 *     }
 *     Optional<Result<String>> next;
 *     while ((next = set.joinNext()).isPresent()) {   // completion order
 *         System.out.println(next.get());
 *     }
 * }                                                    // close(): cancels what is left, waits
 * }
 *
 * <p>A join set is a {@link Scope} with the {@linkplain Policy#awaitAll() await-all} policy
 * underneath: a failing task cancels nothing and arrives as a {@link Result.Err}. The thread that
 * opens it owns it and is the only one that may spawn, join or close ({@link WrongThreadException}
 * otherwise).
 *
 * <p><b>Cancellation.</b> {@link #close()} interrupts the tasks still running and waits until they
 * have ended; the outcomes not yet taken are dropped, and {@link #size()} is then 0. A thread
 * interrupted in {@link #joinNext()} gets {@link InterruptedException} and the set is not
 * cancelled; no outcome is lost: the next call returns it. A task that never started (its set was
 * cancelled first) ends at once with a {@link java.util.concurrent.CancellationException}, so
 * {@code joinNext()} never waits for a task that will not run.
 *
 * <p><b>Cancelled from outside.</b> A join set opened inside a scope (on the owner's thread, or in
 * a fork's task) is nested in it, like a scope. When that enclosing scope is cancelled, the set's
 * tasks are interrupted, and the set stops handing out outcomes as if it were running normally:
 * {@code joinNext()} waits until every task has ended, then throws {@link ScopeCancelledException}
 * naming what cancelled it, with the failures of the tasks whose outcomes were not yet taken
 * attached (the first as cause, the others suppressed); the set is then empty.
 *
 * <p><b>Memory consistency.</b> A task's actions happen-before {@code joinNext()} returns its
 * outcome.
 *
 * <p><b>Forms</b> (its row of the package's <a href="package-summary.html#forms">table of
 * forms</a>): blocks: {@link #joinNext()}; never blocks: {@link #tryJoinNext()}, empty when no task
 * has finished; timed: {@link #joinNext(Duration) joinNext(timeout)}, {@link TimeoutException};
 * closed: not applicable (no task left is an empty result, not a close: the set can take more
 * tasks); a task failed: a value, {@link Result.Err}.
 *
 * @param <T> the value type of the tasks
 */
public final class JoinSet<T> implements AutoCloseable {
    private final Scope scope;
    private final CancellationRecord cancellations; // the scope's
    private final LinkedBlockingQueue<ForkImpl<T>> finished = new LinkedBlockingQueue<>();
    private int pending; // owner only

    private JoinSet(Scope scope) {
        this.scope = scope;
        this.cancellations = scope.cancellations();
    }

    /**
     * Opens an empty join set owned by the calling thread.
     *
     * @param <T> the value type of the tasks
     * @return the join set
     */
    public static <T> JoinSet<T> open() {
        return new JoinSet<>(Scope.open(Policy.awaitAll()));
    }

    /**
     * Opens an empty join set whose tasks run on threads named {@code <name>-fork-<n>} (preceded by
     * the chain of enclosing scopes if it is opened inside one; see "Threads" in {@link Scope}).
     *
     * @param name the name
     * @param <T> the value type of the tasks
     * @return the join set
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static <T> JoinSet<T> open(String name) {
        Objects.requireNonNull(name, "name");
        return new JoinSet<>(Scope.open(c -> c.withName(name).withPolicy(Policy.awaitAll())));
    }

    /**
     * Starts a task on a new virtual thread. If the set has been cancelled from outside, the task
     * does not run (see the class comment).
     *
     * @param task the task
     * @throws NullPointerException if {@code task} is {@code null}
     * @throws WrongThreadException if the caller is not the owner
     * @throws IllegalStateException if the set is closed
     */
    public void spawn(Callable<? extends T> task) {
        Objects.requireNonNull(task, "task");
        ForkImpl<T> fork = scope.forkImpl(task);
        pending++;
        // Runs when the fork ends, even if it never started: nothing waits for a task that won't.
        fork.whenEnded(() -> finished.add(fork));
    }

    /**
     * Waits for the next task to finish and returns its outcome: its value, its exception, or a
     * {@link java.util.concurrent.CancellationException} if it was cancelled.
     *
     * @return the outcome of the task that finished next, or empty when no task is left
     * @throws InterruptedException if interrupted while waiting; no outcome is lost
     * @throws ScopeCancelledException if the scope the set is nested in was cancelled; by then
     *     every task has ended, and the set is empty
     * @throws WrongThreadException if the caller is not the owner
     */
    public Optional<Result<T>> joinNext() throws InterruptedException {
        scope.checkOwner("joinNext");
        if (pending == 0) {
            return Optional.empty();
        }
        if (cancellations.isCancelledFromOutside()) {
            throw awaitAllThenCancelled();
        }
        return taken(finished.take());
    }

    /**
     * Waits at most {@code timeout} for the next task to finish. Any positive timeout is accepted;
     * one too long to count in nanoseconds (about 292 years) waits without a limit.
     *
     * @param timeout how long to wait; positive
     * @return the outcome of the task that finished next, or empty when no task is left
     * @throws TimeoutException if no task finished in time
     * @throws InterruptedException if interrupted while waiting; no outcome is lost
     * @throws ScopeCancelledException if the scope the set is nested in was cancelled; by then
     *     every task has ended (this waits for them beyond {@code timeout}), and the set is empty
     * @throws WrongThreadException if the caller is not the owner
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Optional<Result<T>> joinNext(Duration timeout)
            throws InterruptedException, TimeoutException {
        Checks.positive(timeout, "timeout");
        scope.checkOwner("joinNext");
        if (pending == 0) {
            return Optional.empty();
        }
        if (cancellations.isCancelledFromOutside()) {
            throw awaitAllThenCancelled();
        }
        ForkImpl<T> next = finished.poll(Checks.nanos(timeout), TimeUnit.NANOSECONDS);
        if (next == null) {
            throw new TimeoutException("no task finished within " + timeout);
        }
        return taken(next);
    }

    /**
     * Returns the outcome of a task that has already finished, without waiting. Once the set has
     * been cancelled from outside, this returns empty until every task has ended, and then throws.
     *
     * @return an outcome, or empty if no task has finished (or none is left)
     * @throws ScopeCancelledException if the scope the set is nested in was cancelled and every
     *     task has ended; the set is then empty
     * @throws WrongThreadException if the caller is not the owner
     */
    public Optional<Result<T>> tryJoinNext() {
        scope.checkOwner("tryJoinNext");
        if (pending == 0) {
            return Optional.empty();
        }
        if (cancellations.isCancelledFromOutside()) {
            if (finished.size() < pending) {
                return Optional.empty(); // the interrupted tasks are still ending
            }
            scope.awaitForksEndedUninterruptibly(); // their bookkeeping: no real wait
            throw cancelledFromOutside();
        }
        ForkImpl<T> next = finished.poll();
        if (next == null) {
            return Optional.empty();
        }
        pending--;
        return Optional.of(next.outcome());
    }

    /**
     * An outcome taken off the queue: returned, unless the set was cancelled from outside meanwhile
     * (it may be a task cancelled by that).
     */
    private Optional<Result<T>> taken(ForkImpl<T> fork) throws InterruptedException {
        if (cancellations.isCancelledFromOutside()) {
            finished.add(fork); // back, so that an interrupt below loses nothing
            throw awaitAllThenCancelled();
        }
        pending--;
        return Optional.of(fork.outcome());
    }

    private ScopeCancelledException awaitAllThenCancelled() throws InterruptedException {
        scope.awaitForksEnded();
        return cancelledFromOutside();
    }

    /**
     * Every task has ended (their outcomes are queued before they count as ended): empties the set
     * and returns the exception to throw, with the failures not yet taken attached.
     */
    private ScopeCancelledException cancelledFromOutside() {
        List<Throwable> failures = new ArrayList<>(0);
        ForkImpl<T> fork;
        while ((fork = finished.poll()) != null) {
            Throwable failure = fork.failure();
            if (failure != null) {
                failures.add(failure);
            }
        }
        pending = 0;
        return cancellations.cancelledFromOutside("join set", scope.name(), failures);
    }

    /**
     * Returns how many spawned tasks have not yet been returned by a {@code joinNext}; 0 once the
     * set is closed.
     *
     * @return the number of tasks left
     */
    public int size() {
        return pending;
    }

    /**
     * Returns whether no task is left.
     *
     * @return {@code size() == 0}
     */
    public boolean isEmpty() {
        return pending == 0;
    }

    /**
     * Cancels the tasks still running and waits until every task has ended; see {@link
     * Scope#close()}. The outcomes not yet taken are dropped (unlike a scope, a join set need not
     * be joined before it is closed), and the set is then empty.
     *
     * @throws WrongThreadException if the caller is not the owner
     */
    @Override
    public void close() {
        scope.closeUnjoined();
        pending = 0;
        finished.clear();
    }
}

package dev.weft;

import java.time.Duration;
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
 * have ended; their outcomes are dropped. A thread interrupted in {@link #joinNext()} gets {@link
 * InterruptedException}; no outcome is lost: the next call returns it.
 *
 * <p><b>Memory consistency.</b> A task's actions happen-before {@code joinNext()} returns its
 * outcome.
 *
 * @param <T> the value type of the tasks
 */
public final class JoinSet<T> implements AutoCloseable {
    private final Scope scope;
    private final LinkedBlockingQueue<Result<T>> finished = new LinkedBlockingQueue<>();
    private int pending; // owner only

    private JoinSet(Scope scope) {
        this.scope = scope;
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
     * Opens an empty join set whose tasks run on threads named {@code <name>-fork-<n>}.
     *
     * @param name the name
     * @param <T> the value type of the tasks
     * @return the join set
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static <T> JoinSet<T> open(String name) {
        Objects.requireNonNull(name, "name");
        return new JoinSet<>(Scope.open(c -> c.name(name).policy(Policy.awaitAll())));
    }

    /**
     * Starts a task on a new virtual thread.
     *
     * @param task the task
     * @throws NullPointerException if {@code task} is {@code null}
     * @throws WrongThreadException if the caller is not the owner
     * @throws IllegalStateException if the set is closed
     */
    public void spawn(Callable<? extends T> task) {
        Objects.requireNonNull(task, "task");
        scope.fork(
                () -> {
                    Result<T> outcome;
                    try {
                        outcome = Result.ok(task.call());
                    } catch (Throwable e) {
                        outcome = Result.err(e);
                    }
                    finished.add(outcome);
                    return null;
                });
        pending++;
    }

    /**
     * Waits for the next task to finish and returns its outcome.
     *
     * @return the outcome of the task that finished next, or empty when no task is left
     * @throws InterruptedException if interrupted while waiting; no outcome is lost
     * @throws WrongThreadException if the caller is not the owner
     */
    public Optional<Result<T>> joinNext() throws InterruptedException {
        scope.checkOwner("joinNext");
        if (pending == 0) {
            return Optional.empty();
        }
        Result<T> next = finished.take();
        pending--;
        return Optional.of(next);
    }

    /**
     * Waits at most {@code timeout} for the next task to finish.
     *
     * @param timeout how long to wait; positive
     * @return the outcome of the task that finished next, or empty when no task is left
     * @throws TimeoutException if no task finished in time
     * @throws InterruptedException if interrupted while waiting; no outcome is lost
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
        Result<T> next = finished.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (next == null) {
            throw new TimeoutException("no task finished within " + timeout);
        }
        pending--;
        return Optional.of(next);
    }

    /**
     * Returns the outcome of a task that has already finished, without waiting.
     *
     * @return an outcome, or empty if no task has finished (or none is left)
     * @throws WrongThreadException if the caller is not the owner
     */
    public Optional<Result<T>> tryJoinNext() {
        scope.checkOwner("tryJoinNext");
        Result<T> next = finished.poll();
        if (next != null) {
            pending--;
        }
        return Optional.ofNullable(next);
    }

    /**
     * Returns how many spawned tasks have not yet been returned by a {@code joinNext}.
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
     * Scope#close()}.
     *
     * @throws WrongThreadException if the caller is not the owner
     */
    @Override
    public void close() {
        scope.close();
    }
}

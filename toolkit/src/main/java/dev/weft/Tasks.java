package dev.weft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Combinators for the common shapes of concurrent work, each a {@link Scope} underneath: every task
 * runs on its own virtual thread, and none outlives the call.
 *
 * <table class="striped">
 *   <caption>Combinators and their Rust twins</caption>
 *   <thead><tr><th>Weft</th><th>Rust</th><th>returns</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link #joinAll}</td><td>{@code futures::future::join_all}</td>
 *         <td>every outcome as a {@link Result}, in input order</td></tr>
 *     <tr><td>{@link #tryJoinAll}</td><td>{@code try_join_all}</td>
 *         <td>the values; the first failure cancels the rest and throws</td></tr>
 *     <tr><td>{@link #tryJoin(Callable, Callable)}</td><td>{@code tokio::try_join!}</td>
 *         <td>a {@link Pair} (or {@link Triple}) of typed values</td></tr>
 *     <tr><td>{@link #race}</td><td>{@code select_ok}</td>
 *         <td>the first success; the losers are cancelled and awaited</td></tr>
 *     <tr><td>{@link #timeout}</td><td>{@code tokio::time::timeout}</td>
 *         <td>the value, or {@link TimeoutException}</td></tr>
 *     <tr><td>{@link #mapConcurrent}</td><td>{@code stream::iter(..).buffered(n)}</td>
 *         <td>results in input order, at most {@code limit} running</td></tr>
 *     <tr><td>{@link #forEachConcurrent}</td><td>{@code try_for_each_concurrent}</td>
 *         <td>nothing; fail fast</td></tr>
 *   </tbody>
 * </table>
 *
 * {@snippet :
 * List<Result<Integer>> sizes = Tasks.joinAll(urls.stream()
 *         .map(url -> (Callable<Integer>) () -> sizeOfPage(url))
 *         .toList());
 * }
 *
 * <p><b>Exceptions.</b> Bad arguments are rejected before anything starts: a {@code null} task list
 * or element ({@link NullPointerException} naming the index), a {@code limit} below 1 or a timeout
 * that is not positive ({@link IllegalArgumentException} naming the value). A combinator that
 * returns values throws {@link ScopeFailedException} for a task's failure, with that failure as the
 * cause. Every combinator throws {@link InterruptedException} if the calling thread is interrupted
 * while waiting; its tasks are then cancelled and have ended when the exception is thrown.
 *
 * <p><b>Cancellation.</b> Cancelling interrupts the tasks that are running; a task whose thread had
 * not started running it when its scope was cancelled never runs at all. So a loser of {@link
 * #race} or the sibling of a failed {@link #tryJoin(Callable, Callable)} may see an interrupt, or
 * may never start.
 *
 * <p><b>Cancelled from outside: never a partial result.</b> A combinator called inside a scope (on
 * its owner's thread, or in one of its forks) is nested in it. If that enclosing scope is
 * cancelled, or its deadline passes, while the combinator runs, the combinator's tasks are
 * interrupted and it throws: {@link ScopeCancelledException} naming what cancelled it, or {@link
 * InterruptedException} when the cancel interrupted the calling thread first (a fork's thread). It
 * never returns fewer results than inputs, or a value computed by tasks that were cut short, even
 * when those tasks swallow the interrupt and return normally. The tasks' failures are attached to
 * the exception (the first as cause, the others suppressed).
 *
 * <p><b>Memory consistency.</b> Actions before the call happen-before each task; each task's
 * actions happen-before the call returns.
 *
 * <p><b>Forms</b> (its row of the package's <a href="package-summary.html#forms">table of
 * forms</a>): every combinator blocks until its tasks have ended; timed: {@link #timeout(Duration,
 * Callable) timeout(d, task)}, {@link java.util.concurrent.TimeoutException}; a task failed: {@link
 * ScopeFailedException} (a {@link TaskFailedException}) from the combinators that return values, a
 * value ({@link Result.Err}) from {@link #joinAll}.
 */
public final class Tasks {
    private Tasks() {}

    /**
     * Two typed values, from {@link #tryJoin(Callable, Callable)}.
     *
     * @param first the first task's value
     * @param second the second task's value
     * @param <A> the first type
     * @param <B> the second type
     */
    public record Pair<A, B>(A first, B second) {}

    /**
     * Three typed values, from {@link #tryJoin(Callable, Callable, Callable)}.
     *
     * @param first the first task's value
     * @param second the second task's value
     * @param third the third task's value
     * @param <A> the first type
     * @param <B> the second type
     * @param <C> the third type
     */
    public record Triple<A, B, C>(A first, B second, C third) {}

    /**
     * Runs every task concurrently and waits for all of them, collecting each outcome. A failing
     * task cancels nothing and fails nothing else: Rust's {@code join_all}.
     *
     * @param tasks the tasks
     * @param <T> the value type
     * @return one {@link Result} per task, in the order of {@code tasks}
     * @throws InterruptedException if interrupted while waiting (the tasks are then cancelled)
     * @throws ScopeCancelledException if the scope this call is nested in was cancelled meanwhile
     * @throws NullPointerException if {@code tasks} or one of its elements is {@code null}
     */
    public static <T> List<Result<T>> joinAll(List<? extends Callable<? extends T>> tasks)
            throws InterruptedException {
        Callable<? extends T>[] all = toArray(tasks);
        try (var scope = Scope.open(Policy.awaitAll())) {
            List<ForkImpl<T>> forks = forkAll(scope, all);
            scope.join();
            List<Result<T>> results = new ArrayList<>(forks.size());
            for (ForkImpl<T> fork : forks) {
                results.add(fork.outcome());
            }
            return Collections.unmodifiableList(results);
        }
    }

    /**
     * Runs every task concurrently; the first failure cancels the others: Rust's {@code
     * try_join_all}.
     *
     * @param tasks the tasks
     * @param <T> the value type
     * @return the values, in the order of {@code tasks} (an element may be {@code null})
     * @throws ScopeFailedException if a task failed; the cause is the first failure
     * @throws InterruptedException if interrupted while waiting (the tasks are then cancelled)
     * @throws ScopeCancelledException if the scope this call is nested in was cancelled meanwhile
     * @throws NullPointerException if {@code tasks} or one of its elements is {@code null}
     */
    public static <T> List<T> tryJoinAll(List<? extends Callable<? extends T>> tasks)
            throws InterruptedException {
        Callable<? extends T>[] all = toArray(tasks);
        try (var scope = Scope.open()) {
            List<ForkImpl<T>> forks = forkAll(scope, all);
            scope.join();
            return values(forks);
        }
    }

    /**
     * Runs two typed tasks concurrently; a failure of either cancels the other: {@code
     * tokio::try_join!(a, b)}.
     *
     * @param first the first task
     * @param second the second task
     * @param <A> the first value type
     * @param <B> the second value type
     * @return both values
     * @throws ScopeFailedException if a task failed; the cause is the first failure
     * @throws InterruptedException if interrupted while waiting (the tasks are then cancelled)
     * @throws ScopeCancelledException if the scope this call is nested in was cancelled meanwhile
     * @throws NullPointerException if a task is {@code null}
     */
    public static <A, B> Pair<A, B> tryJoin(
            Callable<? extends A> first, Callable<? extends B> second) throws InterruptedException {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        try (var scope = Scope.open()) {
            Fork<A> a = scope.fork(first);
            Fork<B> b = scope.fork(second);
            scope.join();
            return new Pair<>(a.get(), b.get());
        }
    }

    /**
     * Runs three typed tasks concurrently; a failure of any cancels the others: {@code
     * tokio::try_join!(a, b, c)}.
     *
     * @param first the first task
     * @param second the second task
     * @param third the third task
     * @param <A> the first value type
     * @param <B> the second value type
     * @param <C> the third value type
     * @return the three values
     * @throws ScopeFailedException if a task failed; the cause is the first failure
     * @throws InterruptedException if interrupted while waiting (the tasks are then cancelled)
     * @throws ScopeCancelledException if the scope this call is nested in was cancelled meanwhile
     * @throws NullPointerException if a task is {@code null}
     */
    public static <A, B, C> Triple<A, B, C> tryJoin(
            Callable<? extends A> first, Callable<? extends B> second, Callable<? extends C> third)
            throws InterruptedException {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        Objects.requireNonNull(third, "third");
        try (var scope = Scope.open()) {
            Fork<A> a = scope.fork(first);
            Fork<B> b = scope.fork(second);
            Fork<C> c = scope.fork(third);
            scope.join();
            return new Triple<>(a.get(), b.get(), c.get());
        }
    }

    /**
     * Runs every task concurrently and returns the first success; the other tasks are then
     * interrupted, and have ended when this returns: Rust's {@code select_ok}.
     *
     * @param tasks the competing tasks; at least one
     * @param <T> the value type
     * @return the value of the task that succeeded first
     * @throws ScopeFailedException if every task failed; the cause is the first failure and the
     *     others are suppressed
     * @throws InterruptedException if interrupted while waiting (the tasks are then cancelled)
     * @throws ScopeCancelledException if the scope this call is nested in was cancelled meanwhile
     * @throws NullPointerException if {@code tasks} or one of its elements is {@code null}
     * @throws IllegalArgumentException if {@code tasks} is empty
     */
    public static <T> T race(List<? extends Callable<? extends T>> tasks)
            throws InterruptedException {
        Callable<? extends T>[] all = toArray(tasks);
        if (all.length == 0) {
            throw new IllegalArgumentException("race needs at least one task, got an empty list");
        }
        AtomicReference<ForkImpl<T>> winner = new AtomicReference<>();
        try (var scope = Scope.open(Policy.firstSuccess())) {
            for (Callable<? extends T> task : all) {
                ForkImpl<T> fork = scope.forkImpl(task);
                // Runs as the fork ends, before the scope counts it as ended (and so before join
                // returns): the first fork to end with a value wins.
                fork.whenEnded(
                        () -> {
                            if (fork.state() == Fork.State.SUCCEEDED) {
                                winner.compareAndSet(null, fork);
                            }
                        });
            }
            scope.join(); // it succeeds only if a fork succeeded
            return winner.get().get();
        }
    }

    /**
     * Runs a task with a deadline: {@code tokio::time::timeout}. If the task has not finished when
     * the timeout passes, it is interrupted, and has ended when this throws.
     *
     * @param timeout how long the task may take; positive
     * @param task the task
     * @param <T> the value type
     * @return the task's value
     * @throws TimeoutException if the timeout passed first
     * @throws ScopeFailedException if the task failed; the cause is its exception
     * @throws InterruptedException if interrupted while waiting (the task is then cancelled)
     * @throws ScopeCancelledException if the scope this call is nested in was cancelled meanwhile
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public static <T> T timeout(Duration timeout, Callable<? extends T> task)
            throws InterruptedException, TimeoutException {
        Checks.positive(timeout, "timeout");
        Objects.requireNonNull(task, "task");
        try (var scope = Scope.open(c -> c.withTimeout(timeout))) {
            Fork<T> fork = scope.fork(task);
            scope.join();
            return fork.get();
        } catch (ScopeTimeoutException e) {
            TimeoutException timedOut =
                    new TimeoutException("task did not finish within " + timeout);
            timedOut.initCause(e);
            throw timedOut;
        }
    }

    /**
     * Applies {@code fn} to every item concurrently, with at most {@code limit} applications
     * running at once, and returns the results in input order: Rust's {@code
     * stream::iter(items).map(fn).buffered(limit)}. The calling thread forks a new task only when a
     * running one has ended, so {@code limit} also bounds the threads alive. The first failure
     * cancels the rest.
     *
     * @param items the inputs (an element may be {@code null} if {@code fn} accepts it)
     * @param limit the most applications running at once; at least 1
     * @param fn the work for one item
     * @param <T> the input type
     * @param <R> the result type
     * @return the results, in the order of {@code items}
     * @throws ScopeFailedException if an application failed; the cause is the first failure
     * @throws InterruptedException if interrupted while waiting (the tasks are then cancelled)
     * @throws ScopeCancelledException if the scope this call is nested in was cancelled meanwhile
     * @throws NullPointerException if {@code items} or {@code fn} is {@code null}
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    public static <T, R> List<R> mapConcurrent(
            Collection<? extends T> items, int limit, TaskFunction<? super T, ? extends R> fn)
            throws InterruptedException {
        Objects.requireNonNull(items, "items");
        Checks.atLeastOne(limit, "limit");
        Objects.requireNonNull(fn, "fn");
        List<T> inputs = new ArrayList<>(items);
        try (var scope = Scope.open()) {
            List<Fork<R>> forks = new ArrayList<>(inputs.size());
            for (T item : inputs) {
                if (!scope.awaitFewerRunningThan(limit)) {
                    break; // a failure cancelled the scope: start nothing more
                }
                forks.add(scope.fork(() -> fn.apply(item)));
            }
            scope.join();
            if (forks.size() != inputs.size()) {
                // join() succeeded only if nothing cancelled the scope, and then every item ran.
                throw new AssertionError(forks.size() + " of " + inputs.size() + " items ran");
            }
            return values(forks);
        }
    }

    /**
     * Runs {@code action} for every item concurrently, with at most {@code limit} running at once:
     * Rust's {@code try_for_each_concurrent}. The first failure cancels the rest.
     *
     * @param items the inputs
     * @param limit the most actions running at once; at least 1
     * @param action the work for one item
     * @param <T> the input type
     * @throws ScopeFailedException if an action failed; the cause is the first failure
     * @throws InterruptedException if interrupted while waiting (the tasks are then cancelled)
     * @throws ScopeCancelledException if the scope this call is nested in was cancelled meanwhile
     * @throws NullPointerException if {@code items} or {@code action} is {@code null}
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    public static <T> void forEachConcurrent(
            Collection<? extends T> items, int limit, TaskConsumer<? super T> action)
            throws InterruptedException {
        Objects.requireNonNull(action, "action");
        mapConcurrent(
                items,
                limit,
                item -> {
                    action.accept(item);
                    return null;
                });
    }

    @SuppressWarnings("unchecked")
    private static <T> Callable<? extends T>[] toArray(
            List<? extends Callable<? extends T>> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        return (Callable<? extends T>[]) Checks.noNulls(tasks.toArray(new Callable<?>[0]), "tasks");
    }

    private static <T> List<ForkImpl<T>> forkAll(Scope scope, Callable<? extends T>[] tasks) {
        List<ForkImpl<T>> forks = new ArrayList<>(tasks.length);
        for (Callable<? extends T> task : tasks) {
            forks.add(scope.forkImpl(task));
        }
        return forks;
    }

    private static <T> List<T> values(List<? extends Fork<T>> forks) {
        List<T> values = new ArrayList<>(forks.size());
        for (Fork<T> fork : forks) {
            values.add(fork.get());
        }
        return Collections.unmodifiableList(values);
    }
}

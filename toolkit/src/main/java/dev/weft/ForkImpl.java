package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The one implementation of {@link Fork}: a task of a {@link Scope} and the virtual thread that
 * runs it. Package-private; {@link Select}, {@link JoinSet}, {@link WorkQueue} and {@link
 * Tasks#race} watch its end.
 */
final class ForkImpl<T> implements Fork<T>, Runnable {
    private static final VarHandle WATCHERS;

    static {
        try {
            WATCHERS =
                    MethodHandles.lookup().findVarHandle(ForkImpl.class, "watchers", Watcher.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * A select waiting for this fork to end, or an action to run when it ends; an immutable stack,
     * newest first.
     */
    record Watcher(Waiter waiter, Runnable action, Watcher next) {}

    /** The watchers once the fork has ended: nobody can register any more. */
    private static final Watcher ENDED = new Watcher(null, null, null);

    final Scope scope;
    private final int number; // n in its name, <scope name>-fork-<n>
    Thread thread;
    volatile State state = State.RUNNING;
    Object payload; // the task until it runs; then its value or exception
    ForkImpl<?> next; // the scope's list; changed by the owner only
    private volatile Watcher watchers; // selects waiting for the end, or ENDED

    ForkImpl(Scope scope, Callable<? extends T> task, int number) {
        this.scope = scope;
        this.payload = task;
        this.number = number;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run() {
        // Named here, not by the owner's thread builder: the owner forks faster (building the name
        // was about a third of a trivial fork's time on the owner's thread).
        thread.setName(threadName());
        Callable<? extends T> task = (Callable<? extends T>) payload;
        payload = null;
        if (scope.isCancelled()) {
            scope.endUnstarted(this);
            return;
        }
        Nesting.CURRENT.set(scope);
        Result<T> result = Outcomes.capture(task);
        if (Nesting.CURRENT.get() != scope) {
            Throwable failure = result instanceof Result.Err<T> err ? err.exception() : null;
            scope.end(this, Result.err(closeLeftOpenScopes(failure)), true);
        } else {
            scope.end(this, result, false);
        }
    }

    /** Records how the fork ended; its watchers are woken next ({@link #wakeWatchers()}). */
    void settle(State ended, Object valueOrException) {
        payload = valueOrException;
        state = ended;
    }

    /**
     * The task ended with scopes it opened still open: closes them, innermost first (each is
     * cancelled and waited for), so that none outlives this fork, and returns the failure that the
     * fork then ends with.
     */
    private IllegalStateException closeLeftOpenScopes(Throwable taskFailure) {
        List<Throwable> problems = new ArrayList<>(0);
        List<String> names = Nesting.closeOpenedInside(scope, problems);
        IllegalStateException leaked =
                new IllegalStateException(
                        "fork '"
                                + name()
                                + "' ended with scope(s) "
                                + names
                                + " it opened still open; they were cancelled and closed when"
                                + " it ended. A task must close every scope it opens (use"
                                + " try-with-resources).",
                        taskFailure);
        return Failures.suppress(leaked, problems);
    }

    /**
     * Registers a select's waiter, to be woken ({@link Wake.Signal#FORK_ENDED}) when the fork ends.
     * Watchers already decided are dropped from the top of the stack on the way, so a select
     * looping over a long-running fork does not pile them up.
     *
     * @return the registration, or {@code null} if the fork has already ended
     */
    Watcher watch(Waiter waiter) {
        while (true) {
            Watcher top = watchers;
            if (top == ENDED) {
                return null;
            }
            Watcher keep = top;
            while (keep != null && keep.waiter() != null && !keep.waiter().isWaiting()) {
                keep = keep.next();
            }
            Watcher mine = new Watcher(waiter, null, keep);
            if (WATCHERS.compareAndSet(this, top, mine)) {
                return mine;
            }
        }
    }

    /**
     * Runs {@code action} when the fork ends, on the thread that ends it (the fork's own, or the
     * owner's if it never started), before the scope counts the fork as ended; at once if it has
     * ended already. The action must not throw.
     */
    void whenEnded(Runnable action) {
        while (true) {
            Watcher top = watchers;
            if (top == ENDED) {
                action.run();
                return;
            }
            if (WATCHERS.compareAndSet(this, top, new Watcher(null, action, top))) {
                return;
            }
        }
    }

    /** Removes a registration if it is still on top (otherwise the next watch drops it). */
    void unwatch(Watcher watcher) {
        WATCHERS.compareAndSet(this, watcher, watcher.next());
    }

    /** How many registrations the fork holds now (for tests); -1 once it has ended. */
    int watcherCount() {
        Watcher top = watchers;
        if (top == ENDED) {
            return -1;
        }
        int n = 0;
        for (; top != null; top = top.next()) {
            n++;
        }
        return n;
    }

    /** Called once the state is final: wakes every waiting select. */
    void wakeWatchers() {
        Watcher top = (Watcher) WATCHERS.getAndSet(this, ENDED);
        for (; top != null; top = top.next()) {
            if (top.waiter() != null) {
                top.waiter().wake(Wake.Signal.FORK_ENDED);
            } else {
                top.action().run();
            }
        }
    }

    /**
     * The outcome of an ended fork, for a select arm, {@link Tasks} and {@link JoinSet}: its value,
     * its exception, or for a cancelled fork {@link #cancelled()}.
     */
    @SuppressWarnings("unchecked")
    Result<T> outcome() {
        return switch (state) {
            case SUCCEEDED -> Result.ok((T) payload);
            case FAILED -> Result.err((Throwable) payload);
            case CANCELLED -> Result.err(cancelled());
            case RUNNING -> throw new IllegalStateException("fork is still running");
        };
    }

    @Override
    public T get() {
        checkJoined("get");
        State s = state;
        if (s == State.CANCELLED || s == State.RUNNING) {
            throw cancelled(); // running: after an interrupted join(), the scope is cancelled
        }
        return Outcomes.value(outcome(), e -> "fork '" + name() + "' has no value: it failed");
    }

    /**
     * What a cancelled fork's outcome is: {@code "fork '<name>' was cancelled"}, caused by how its
     * task ended if it ran.
     */
    private java.util.concurrent.CancellationException cancelled() {
        return Outcomes.cancelled(
                "fork '" + name() + "'", payload instanceof Throwable how ? how : null);
    }

    /** The exception of a fork that {@link State#FAILED}; {@code null} for any other state. */
    Throwable failure() {
        return state == State.FAILED ? (Throwable) payload : null;
    }

    @Override
    public Throwable exception() {
        checkJoined("exception");
        State s = state;
        if (s == State.FAILED) {
            return (Throwable) payload;
        }
        throw new IllegalStateException(
                "fork '" + name() + "' has no exception: it " + describe(s));
    }

    static String describe(State s) {
        return switch (s) {
            case RUNNING -> "is still running";
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed";
            case CANCELLED -> "was cancelled";
        };
    }

    private void checkJoined(String operation) {
        if (scope.isOpen()) {
            throw new IllegalStateException(
                    "fork '"
                            + name()
                            + "': "
                            + operation
                            + "() called before join() of scope '"
                            + scope.name()
                            + "'");
        }
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public String name() {
        return scope.name() + "-fork-" + number;
    }

    /**
     * The name its thread takes as it starts: {@code <chain>-fork-<n>}, where the chain is the
     * scope's name for a root scope and carries the enclosing forks for a nested one ({@link
     * Scope#chain()}).
     */
    String threadName() {
        return scope.chain() + "-fork-" + number;
    }

    @Override
    public String toString() {
        return "Fork[" + name() + ", " + state + "]";
    }
}

package dev.weft;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * A structured scope: tasks forked in it run concurrently, each on its own virtual thread, and none
 * outlives the scope. This is Rust's {@code try_join!} / {@code join_all} / {@code select_ok}
 * written as plain blocking code, with the guarantees of the JDK's (preview) {@code
 * StructuredTaskScope} on any JDK 21+ without {@code --enable-preview}.
 *
 * {@snippet :
 * try (var scope = Scope.open()) {                       // fail fast: try-join
 *     Fork<User> user = scope.fork(() -> findUser(id));
 *     Fork<List<Order>> orders = scope.fork(() -> findOrders(id));
 *     scope.join();                                      // first failure cancels the other, then throws
 *     return new Page(user.get(), orders.get());
 * }                                                      // close(): every fork has ended, always
 * }
 *
 * <h2>Life cycle</h2>
 *
 * The thread that opens a scope is its <em>owner</em>; only the owner may {@link #fork fork},
 * {@link #join() join} and {@link #close() close} it (others get {@link WrongThreadException}). The
 * owner forks any number of tasks, calls {@code join()} once, reads each {@link Fork}, and closes
 * the scope, normally with try-with-resources. {@code join()} waits until every fork has ended.
 * {@code close()} cancels whatever still runs (for example when the owner leaves the block by an
 * exception before joining) and returns only when every fork has ended.
 *
 * <h2>Policies</h2>
 *
 * The {@link Policy} decides when the scope cancels its forks and what {@code join()} reports:
 * {@link Policy#failFast()} (the default), {@link Policy#awaitAll()}, {@link
 * Policy#firstSuccess()}, or your own.
 *
 * <h2>Cancellation</h2>
 *
 * Cancelling a scope interrupts every fork still running; forks forked afterwards never start. A
 * scope is cancelled when its policy says so, when its deadline passes ({@link Config#timeout}),
 * when its owner is interrupted in {@code join()}, when it is closed, and when the scope it is
 * nested in is cancelled. A fork that ends with an {@link InterruptedException} (or an interrupted
 * I/O exception) after cancellation is {@link Fork.State#CANCELLED}, not failed.
 *
 * <p>A scope opened by a fork's task, or opened while another scope of the same thread is open, is
 * <em>nested</em> in that scope: cancelling the outer scope cancels it too. Nested scopes must be
 * closed before the scope they are nested in; closing them out of order closes the inner ones first
 * and then throws {@link IllegalStateException}.
 *
 * <h2>Exceptions</h2>
 *
 * {@code join()} throws {@link ScopeFailedException} (unchecked) when the policy reports failure:
 * its cause is the first failure, later ones are suppressed. It throws {@link
 * ScopeTimeoutException} when the deadline passed first, and {@link InterruptedException} when the
 * owner is interrupted while waiting (the scope is then cancelled, and {@code close()} waits for
 * the forks). Misuse (fork after join, join twice, {@code Fork.get()} before join) throws {@link
 * IllegalStateException} naming the scope.
 *
 * <h2>Memory consistency</h2>
 *
 * Actions of the owner before {@code fork} happen-before the forked task runs; the actions of every
 * task happen-before {@code join()} returns or throws.
 *
 * <h2>Threads</h2>
 *
 * Each fork runs on a new virtual thread named {@code <scope name>-fork-<n>}, {@code n} counting
 * from 1, so thread dumps read well. A scope's name is {@code scope-<id>} unless configured.
 */
public final class Scope implements AutoCloseable {

    /*
     * Design note.
     *
     * One ReentrantLock guards the running-fork list, the counters, the failures and the child
     * scopes. A fork takes it twice: once when it is forked (the owner links it into the list of
     * running forks) and once when it ends (it unlinks itself, records its outcome, asks the
     * policy, and signals `allEnded` when it was the last). `cancelled` is volatile and only
     * written under the lock, so cancelLocked() interrupts exactly the forks linked at that moment;
     * a fork linked but not yet started re-checks `cancelled` before running its task, so an
     * interrupt that reaches a thread before it started is never needed.
     *
     * Lock order is parent before child: a scope cancels its children while holding its own
     * lock; a child takes its parent's lock only to register or unregister, never while holding
     * its own.
     *
     * CURRENT is, on an owner thread, the innermost scope it has open; on a fork's thread, the
     * fork's scope until the task opens one of its own. It gives a new scope its parent, and
     * close() uses it to detect scopes closed out of order.
     */

    private static final AtomicLong SCOPE_IDS = new AtomicLong();
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private static final int OPEN = 0;
    private static final int JOINED = 1;
    private static final int CLOSED = 2;

    private final String name;
    private final Policy policy;
    private final Duration timeout;
    private final Thread owner;
    private final Scope parent;
    private final Scope previous;
    private final Thread deadlineTimer;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition allEnded = lock.newCondition();
    private final Condition slotFree = lock.newCondition();

    // Guarded by lock.
    private ForkImpl<?> runningHead;
    private int running;
    private int forked;
    private int succeeded;
    private final List<Throwable> failures = new ArrayList<>(0);
    private final List<Scope> children = new ArrayList<>(0);
    private boolean timedOut;
    private boolean ownerAwaitsSlot;

    private volatile boolean cancelled;
    private volatile int phase = OPEN;
    private int forkNumber; // owner only

    private Scope(Config config) {
        this.name = config.name != null ? config.name : "scope-" + SCOPE_IDS.incrementAndGet();
        this.policy = config.policy;
        this.timeout = config.timeout;
        this.owner = Thread.currentThread();
        this.previous = CURRENT.get();
        this.parent = previous;
        if (parent != null) {
            parent.addChild(this);
        }
        CURRENT.set(this);
        this.deadlineTimer =
                timeout == null
                        ? null
                        : Thread.ofVirtual().name(name + "-deadline").start(this::awaitDeadline);
    }

    /**
     * Opens a fail-fast scope (try-join) owned by the calling thread.
     *
     * @return the new scope
     */
    public static Scope open() {
        return new Scope(new Config());
    }

    /**
     * Opens a scope with the given policy, owned by the calling thread.
     *
     * @param policy when to cancel, what {@code join()} reports
     * @return the new scope
     * @throws NullPointerException if {@code policy} is {@code null}
     */
    public static Scope open(Policy policy) {
        return new Scope(new Config().policy(policy));
    }

    /**
     * Opens a configured scope owned by the calling thread.
     *
     * {@snippet :
     * try (var scope = Scope.open(c -> c.name("checkout").timeout(Duration.ofSeconds(2)))) {
     *     // forks run on threads named checkout-fork-1, checkout-fork-2, ...
     * }
     * }
     *
     * @param configure adjusts the default configuration (fail-fast, no timeout, a generated name)
     * @return the new scope
     * @throws NullPointerException if {@code configure} is {@code null} or returns {@code null}
     * @throws IllegalArgumentException if the configuration is invalid
     */
    public static Scope open(UnaryOperator<Config> configure) {
        Objects.requireNonNull(configure, "configure");
        Config config =
                Objects.requireNonNull(configure.apply(new Config()), "configure returned null");
        return new Scope(config);
    }

    /**
     * The configuration of a scope: name, policy and timeout. Obtained in {@link
     * Scope#open(UnaryOperator)}; each method returns this configuration.
     */
    public static final class Config {
        private String name;
        private Policy policy = Policy.failFast();
        private Duration timeout;

        private Config() {}

        /**
         * Names the scope; its forks' threads are named {@code <name>-fork-<n>}.
         *
         * @param name the name
         * @return this configuration
         * @throws NullPointerException if {@code name} is {@code null}
         * @throws IllegalArgumentException if {@code name} is blank
         */
        public Config name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException(
                        "scope name must not be blank, was '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /**
         * Sets the policy.
         *
         * @param policy the policy
         * @return this configuration
         * @throws NullPointerException if {@code policy} is {@code null}
         */
        public Config policy(Policy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets a deadline, counted from when the scope is opened. When it passes before {@code
         * join()} has its outcome, every running fork is interrupted and {@code join()} throws
         * {@link ScopeTimeoutException}.
         *
         * @param timeout how long the scope may run; positive
         * @return this configuration
         * @throws NullPointerException if {@code timeout} is {@code null}
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Config timeout(Duration timeout) {
            this.timeout = Checks.positive(timeout, "timeout");
            return this;
        }
    }

    /**
     * Starts a task on a new virtual thread in this scope.
     *
     * <p>If the scope is already cancelled the task does not run and the fork is {@link
     * Fork.State#CANCELLED}.
     *
     * @param task the task
     * @param <T> the type of its value
     * @return the fork, whose outcome is read after {@link #join()}
     * @throws NullPointerException if {@code task} is {@code null}
     * @throws WrongThreadException if the caller is not the owner
     * @throws IllegalStateException if the scope has been joined or closed
     */
    public <T> Fork<T> fork(Callable<? extends T> task) {
        Objects.requireNonNull(task, "task");
        checkOwner("fork");
        checkOpen("fork");
        ForkImpl<T> fork = new ForkImpl<>(this, task, name + "-fork-" + ++forkNumber);
        Thread thread = Thread.ofVirtual().name(fork.name).unstarted(fork);
        fork.thread = thread;
        lock.lock();
        try {
            forked++;
            if (cancelled) {
                fork.state = Fork.State.CANCELLED;
                return fork;
            }
            link(fork);
            running++;
        } finally {
            lock.unlock();
        }
        try {
            thread.start();
        } catch (Throwable e) {
            end(fork, null, e);
            throw e;
        }
        return fork;
    }

    /**
     * Starts a task without a value on a new virtual thread in this scope; see {@link
     * #fork(Callable)}.
     *
     * <p>A lambda whose body only throws, such as {@code () -> { throw e; }}, fits both {@code
     * Runnable} and {@code Callable}, and Java reports the call as ambiguous; cast it to the one
     * you mean: {@code scope.fork((Callable<Integer>) () -> { throw e; })}.
     *
     * @param task the task
     * @return the fork, whose value is {@code null}
     * @throws NullPointerException if {@code task} is {@code null}
     * @throws WrongThreadException if the caller is not the owner
     * @throws IllegalStateException if the scope has been joined or closed
     */
    public Fork<Void> fork(Runnable task) {
        Objects.requireNonNull(task, "task");
        return fork(
                () -> {
                    task.run();
                    return null;
                });
    }

    /**
     * Waits until every fork has ended, then reports the outcome as the policy decides.
     *
     * @throws InterruptedException if the owner is interrupted while waiting (or was already); the
     *     scope is then cancelled
     * @throws ScopeFailedException if the policy reports failure
     * @throws ScopeTimeoutException if the scope's deadline passed first
     * @throws WrongThreadException if the caller is not the owner
     * @throws IllegalStateException if {@code join()} was already called or the scope is closed
     */
    public void join() throws InterruptedException {
        checkOwner("join");
        checkOpen("join");
        phase = JOINED;
        Policy.Outcome outcome;
        lock.lock();
        try {
            try {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                while (running > 0) {
                    allEnded.await();
                }
            } catch (InterruptedException e) {
                cancelLocked(false);
                throw e;
            }
            if (timedOut) {
                throw new ScopeTimeoutException(name, timeout);
            }
            outcome = new Policy.Outcome(name, forked, succeeded, List.copyOf(failures));
        } finally {
            lock.unlock();
        }
        policy.onJoin(outcome);
    }

    /**
     * Closes the scope: cancels the forks still running and waits until every fork has ended.
     *
     * <p>Waiting here cannot be interrupted: if the owner is interrupted meanwhile, {@code close()}
     * keeps waiting and returns with the interrupt flag set. Closing a closed scope does nothing.
     *
     * @throws WrongThreadException if the caller is not the owner
     * @throws IllegalStateException after closing, if scopes nested in this one were still open
     *     (they were closed first)
     */
    @Override
    public void close() {
        checkOwner("close");
        if (phase == CLOSED) {
            return;
        }
        List<String> nestedStillOpen = new ArrayList<>(0);
        for (Scope s = CURRENT.get();
                s != null && s != this && s.owner == owner;
                s = CURRENT.get()) {
            nestedStillOpen.add(s.name);
            s.close();
        }
        phase = CLOSED;
        lock.lock();
        try {
            cancelLocked(false);
            while (running > 0) {
                allEnded.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        if (deadlineTimer != null) {
            deadlineTimer.interrupt();
        }
        if (parent != null) {
            parent.removeChild(this);
        }
        if (CURRENT.get() == this) {
            CURRENT.set(previous);
        }
        if (!nestedStillOpen.isEmpty()) {
            throw new IllegalStateException(
                    "scope '"
                            + name
                            + "' was closed while its nested scope(s) "
                            + nestedStillOpen
                            + " were still open; they were closed first. Close nested scopes"
                            + " before the scope they are nested in.");
        }
    }

    /**
     * Returns the scope's name.
     *
     * @return the name given in the configuration, or {@code scope-<id>}
     */
    public String name() {
        return name;
    }

    /**
     * Returns whether the scope has been cancelled. May be called from any thread.
     *
     * @return {@code true} once cancelled
     */
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public String toString() {
        return "Scope[" + name + (cancelled ? ", cancelled" : "") + "]";
    }

    /**
     * Waits, on the owner, until fewer than {@code limit} forks are running or the scope is
     * cancelled. A fork counts as running until its outcome has been recorded and the policy has
     * seen it, so a failure cancels the scope before the owner can fork another task.
     *
     * @return {@code true} if a fork may be started, {@code false} if the scope is cancelled
     */
    boolean awaitFewerRunningThan(int limit) throws InterruptedException {
        lock.lock();
        try {
            while (running >= limit && !cancelled) {
                ownerAwaitsSlot = true;
                slotFree.await();
            }
            return !cancelled;
        } catch (InterruptedException e) {
            cancelLocked(false);
            throw e;
        } finally {
            lock.unlock();
        }
    }

    // ---- forks ----------------------------------------------------------------------------

    /** Called on the fork's thread when its task ends, or on the owner if it could not start. */
    private void end(ForkImpl<?> fork, Object value, Throwable failure) {
        lock.lock();
        try {
            unlink(fork);
            if (failure == null) {
                fork.result = value;
                fork.state = Fork.State.SUCCEEDED;
                succeeded++;
            } else if (cancelled && isCancellation(failure)) {
                fork.result = failure;
                fork.state = Fork.State.CANCELLED;
            } else {
                fork.result = failure;
                fork.state = Fork.State.FAILED;
                failures.add(failure);
            }
            if (!cancelled) {
                boolean cancel;
                try {
                    cancel = policy.cancelAfter(fork);
                } catch (RuntimeException | Error e) {
                    failures.add(e);
                    cancel = true;
                }
                if (cancel) {
                    cancelLocked(false);
                }
            }
            if (--running == 0) {
                allEnded.signalAll();
            }
            if (ownerAwaitsSlot) {
                ownerAwaitsSlot = false;
                slotFree.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private static boolean isCancellation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException
                    || t instanceof InterruptedIOException
                    || t instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    private void link(ForkImpl<?> fork) {
        fork.next = runningHead;
        if (runningHead != null) {
            runningHead.prev = fork;
        }
        runningHead = fork;
    }

    private void unlink(ForkImpl<?> fork) {
        if (fork.prev != null) {
            fork.prev.next = fork.next;
        } else if (runningHead == fork) {
            runningHead = fork.next;
        }
        if (fork.next != null) {
            fork.next.prev = fork.prev;
        }
        fork.prev = null;
        fork.next = null;
    }

    // ---- cancellation ---------------------------------------------------------------------

    private void cancelLocked(boolean byDeadline) {
        if (cancelled) {
            return;
        }
        cancelled = true;
        timedOut = byDeadline;
        for (ForkImpl<?> f = runningHead; f != null; f = f.next) {
            f.thread.interrupt();
        }
        for (Scope child : children) {
            child.cancelFromParent();
        }
        slotFree.signal();
    }

    private void cancelFromParent() {
        lock.lock();
        try {
            cancelLocked(false);
        } finally {
            lock.unlock();
        }
    }

    private void awaitDeadline() {
        try {
            Thread.sleep(timeout);
        } catch (InterruptedException closed) {
            return;
        }
        lock.lock();
        try {
            if (running > 0 || phase == OPEN) {
                cancelLocked(true);
            }
        } finally {
            lock.unlock();
        }
    }

    private void addChild(Scope child) {
        lock.lock();
        try {
            if (cancelled) {
                child.cancelled = true;
            } else {
                children.add(child);
            }
        } finally {
            lock.unlock();
        }
    }

    private void removeChild(Scope child) {
        lock.lock();
        try {
            children.remove(child);
        } finally {
            lock.unlock();
        }
    }

    // ---- checks -----------------------------------------------------------------------------

    void checkOwner(String operation) {
        Thread current = Thread.currentThread();
        if (current != owner) {
            throw new WrongThreadException(
                    operation
                            + "() on scope '"
                            + name
                            + "' called by thread '"
                            + current.getName()
                            + "', but only its owner '"
                            + owner.getName()
                            + "' may fork, join or close it");
        }
    }

    private void checkOpen(String operation) {
        int p = phase;
        if (p == JOINED) {
            throw new IllegalStateException(
                    "cannot " + operation + "() scope '" + name + "': join() was already called");
        }
        if (p == CLOSED) {
            throw new IllegalStateException(
                    "cannot " + operation + "() scope '" + name + "': it is closed");
        }
    }

    // ---- the fork ---------------------------------------------------------------------------

    private static final class ForkImpl<T> implements Fork<T>, Runnable {
        final Scope scope;
        final String name;
        Callable<? extends T> task; // cleared when it has run
        Thread thread;
        volatile State state = State.RUNNING;
        Object result; // the value or the exception; written under the scope's lock
        ForkImpl<?> prev; // running list, guarded by the scope's lock
        ForkImpl<?> next;

        ForkImpl(Scope scope, Callable<? extends T> task, String name) {
            this.scope = scope;
            this.task = task;
            this.name = name;
        }

        @Override
        public void run() {
            CURRENT.set(scope);
            Callable<? extends T> t = task;
            task = null;
            if (scope.cancelled) {
                scope.end(this, null, new InterruptedException("scope cancelled before start"));
                return;
            }
            T value;
            try {
                value = t.call();
            } catch (Throwable e) {
                scope.end(this, null, e);
                return;
            }
            scope.end(this, value, null);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T get() {
            checkJoined("get");
            State s = state;
            if (s == State.SUCCEEDED) {
                return (T) result;
            }
            throw new IllegalStateException(
                    "fork '" + name + "' has no value: it " + describe(s),
                    s == State.FAILED ? (Throwable) result : null);
        }

        @Override
        public Throwable exception() {
            checkJoined("exception");
            State s = state;
            if (s == State.FAILED) {
                return (Throwable) result;
            }
            throw new IllegalStateException(
                    "fork '" + name + "' has no exception: it " + describe(s));
        }

        private static String describe(State s) {
            return switch (s) {
                case RUNNING -> "is still running";
                case SUCCEEDED -> "succeeded";
                case FAILED -> "failed";
                case CANCELLED -> "was cancelled";
            };
        }

        private void checkJoined(String operation) {
            if (scope.phase == OPEN) {
                throw new IllegalStateException(
                        "fork '"
                                + name
                                + "': "
                                + operation
                                + "() called before join() of scope '"
                                + scope.name
                                + "'");
            }
        }

        @Override
        public State state() {
            return state;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return "Fork[" + name + ", " + state + "]";
        }
    }
}

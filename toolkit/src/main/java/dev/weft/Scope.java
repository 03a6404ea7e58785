package dev.weft;

import dev.weft.Cancellation.Kind;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
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
 * exception before joining) and returns only when every fork has ended and its thread has
 * terminated. A scope that forked tasks and is closed without a {@code join()} that had its outcome
 * is reported: {@code close()} throws {@link IllegalStateException} carrying the forks' failures
 * (inside try-with-resources, suppressed on the exception already leaving the block).
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
 * nested in is cancelled. A fork that ends after cancellation with an {@link InterruptedException},
 * an interrupted I/O exception or a {@link ScopeCancelledException} (itself or anywhere in its
 * cause chain) is {@link Fork.State#CANCELLED}, not failed.
 *
 * <p>A scope opened by a fork's task, or opened while another scope of the same thread is open, is
 * <em>nested</em> in that scope: cancelling the outer scope cancels it too. Nested scopes must be
 * closed before the scope they are nested in; closing them out of order closes the inner ones first
 * and then throws {@link IllegalStateException}. A fork whose task ends (returns or throws) with
 * scopes it opened still open has them closed (cancelled and waited for) as it ends, and then fails
 * with an {@link IllegalStateException} that names them, so that no fork of a nested scope outlives
 * the scope it is nested in.
 *
 * <p><b>Cancelled from outside.</b> A scope cancelled by the scope it is nested in, by its
 * deadline, or through its interrupted owner never returns from {@code join()} as if its work had
 * succeeded, even when its forks swallow the interrupt and return values; see {@link #join()}.
 *
 * <h2>Exceptions</h2>
 *
 * {@code join()} throws {@link ScopeFailedException} (unchecked) when the policy reports failure,
 * {@link ScopeTimeoutException} when the deadline passed first, {@link ScopeCancelledException}
 * when the scope it is nested in was cancelled, and {@link InterruptedException} when the owner is
 * interrupted while waiting (the scope is then cancelled; {@code join()} may be called again to
 * wait for the forks and take their failures). No failure vanishes: each of these exceptions has
 * the first failure of a fork as its cause and the later ones suppressed; a fork's failure is a
 * task's exception that is not how a cancelled task ends (an interrupt after cancellation). Misuse
 * (fork after join, join twice, {@code Fork.get()} before join) throws {@link
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
 *
 * <p><b>Forms</b> (its row of the package's <a href="package-summary.html#forms">table of
 * forms</a>): blocks: {@link #join()}; never blocks: not offered; timed: a deadline in the
 * configuration ({@link Config#withTimeout}), {@link ScopeTimeoutException}; cancelled from
 * outside: {@link ScopeCancelledException}; the policy reports failure: {@link
 * ScopeFailedException}, a {@link TaskFailedException}.
 */
public final class Scope implements AutoCloseable {

    /*
     * Design note.
     *
     * Forking and ending take no lock, so the owner never waits for its forks to fork more.
     *
     * Forks. The owner links each fork into a singly-linked list at `head` (a volatile write)
     * before starting its thread; only the owner ever changes links. From time to time (when the
     * list has doubled since the last time) the owner unlinks forks that have ended, by
     * rewriting the predecessor's `next`; an unlinked fork keeps its own `next`, so a traversal
     * that is standing on it still reaches every fork behind it. The list therefore holds every
     * running fork, every fork whose thread has not yet terminated, and at most about as many
     * ended ones. close() joins the threads still alive in it, so that when close() returns every
     * fork's thread has terminated, not only ended its task.
     *
     * Counting. `running` counts forks that have been linked and not yet ended; a fork's end
     * writes its outcome, then its volatile `state`, then decrements `running`. Whoever reads
     * `running == 0` sees every outcome.
     *
     * Cancelling. cancel() moves `cancellation` from null by one CAS, so it runs once and its
     * reason is the one reported; then, if `running` is not 0, it walks the list and interrupts
     * each fork still RUNNING, and it cancels the child scopes. A fork linked after the walk read
     * `head` (or after cancel() read `running == 0`: the fork's increment comes before its check)
     * re-checks `cancellation` before running its task, so it never runs. (The CAS
     * happens-before the walk reads `head`; the owner's link happens-before the fork's check.)
     *
     * From outside. A cancellation whose kind is `outside` (deadline, parent, interrupted owner)
     * is also recorded in `outsideCancellation`, even when the CAS above lost to the policy or a
     * close. join() reads it after every fork has ended and throws instead of reporting success:
     * a scope whose work was cut short from outside never looks as if it had succeeded. A
     * policy's exception is kept in `policyFailure` rather than among the forks' failures, and
     * join() reports it even under a policy (await-all) that reports no failure.
     *
     * Left open. A fork's task that returns with scopes it opened still open (CURRENT is then
     * not the fork's scope) has them closed on its own thread, innermost first, before the fork
     * ends; the fork fails with an IllegalStateException. So no fork of a nested scope outlives
     * the fork, and so the outer scope.
     *
     * Waiting. The owner waits in join(), close() and awaitFewerRunningThan() by publishing
     * itself in `waitingOwner` with a threshold `wakeBelow`, re-reading `running`, and parking.
     * A fork that ends decrements `running` and then reads `waitingOwner`: with both accesses
     * volatile, either the owner sees the new count or the fork sees the owner and unparks it.
     * cancel() unparks it too.
     *
     * Policy. cancelAfter() runs on the ending fork's thread, before the decrement, so the
     * policy's decision is made before the owner can see the fork as ended.
     *
     * Nesting. CURRENT is, on an owner thread, the innermost scope it has open; on a fork's
     * thread, the fork's scope until the task opens one of its own. It gives a new scope its
     * parent, and close() uses it to detect scopes closed out of order. A child adds itself to
     * its parent's copy-on-write `children` array by CAS and then re-reads the parent's
     * `cancellation`: a cancel() that read the array before the CAS is caught by that re-read.
     */

    private static final AtomicLong SCOPE_IDS = new AtomicLong();
    static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>(); // see Nesting, above

    private static final int OPEN = 0;
    private static final int JOINED = 1;
    private static final int CLOSED = 2;

    private static final VarHandle RUNNING;
    private static final VarHandle NOT_SUCCEEDED;
    private static final VarHandle FAILURES;
    private static final VarHandle CANCELLATION;
    private static final VarHandle OUTSIDE_CANCELLATION;
    private static final VarHandle POLICY_FAILURE;
    private static final VarHandle CHILDREN;
    private static final Scope[] NO_CHILDREN = {};

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RUNNING = l.findVarHandle(Scope.class, "running", int.class);
            NOT_SUCCEEDED = l.findVarHandle(Scope.class, "notSucceeded", int.class);
            FAILURES = l.findVarHandle(Scope.class, "failures", Failure.class);
            CANCELLATION = l.findVarHandle(Scope.class, "cancellation", Cancellation.class);
            OUTSIDE_CANCELLATION =
                    l.findVarHandle(Scope.class, "outsideCancellation", Cancellation.class);
            POLICY_FAILURE = l.findVarHandle(Scope.class, "policyFailure", Throwable.class);
            CHILDREN = l.findVarHandle(Scope.class, "children", Scope[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long id;
    private String name; // the configured name, or built from the id when first needed
    private final Policy policy;
    final Duration timeout; // also read by Cancellation
    final Thread owner; // also read by Cancellation
    private final Scope parent;
    private final Scope previous;
    private final Thread deadlineTimer;

    private volatile ForkImpl<?> head; // written by the owner only
    private volatile int running;
    private volatile int notSucceeded; // forks that failed or were cancelled: the rare paths
    private volatile Failure failures; // a stack, newest first
    volatile Cancellation cancellation; // the first; null while not cancelled
    private volatile Cancellation outsideCancellation; // the first from outside, see Kind.outside
    private volatile Throwable policyFailure; // the first exception thrown by cancelAfter
    private volatile Thread waitingOwner;
    private volatile int wakeBelow;
    private volatile int phase = OPEN;

    // Owner only.
    private Thread.Builder.OfVirtual threads;
    private int forked;
    private int linked;
    private int pruneAt = 64;
    private boolean joinCompleted; // join() returned or threw its outcome
    private boolean joinInterrupted; // the last join() threw InterruptedException

    private volatile Scope[] children = NO_CHILDREN; // copy-on-write, CAS'd

    /** A failure, in a lock-free stack. */
    private record Failure(Throwable exception, Failure next) {}

    private Scope(Config config) {
        this.id = SCOPE_IDS.incrementAndGet();
        this.name = config.name;
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
                        : Thread.ofVirtual().name(name() + "-deadline").start(this::awaitDeadline);
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
        return new Scope(new Config().withPolicy(policy));
    }

    /**
     * Opens a configured scope owned by the calling thread.
     *
     * {@snippet :
     * try (var scope = Scope.open(c -> c.withName("checkout").withTimeout(Duration.ofSeconds(2)))) {
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
     * Scope#open(UnaryOperator)}; each {@code with} method sets one choice and returns this
     * configuration, as the JDK's {@code StructuredTaskScope.Configuration} does.
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
        public Config withName(String name) {
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
        public Config withPolicy(Policy policy) {
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
        public Config withTimeout(Duration timeout) {
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
        if (threads == null) {
            threads = Thread.ofVirtual().name(name() + "-fork-", 1);
        }
        ForkImpl<T> fork = new ForkImpl<>(this, task);
        fork.thread = threads.unstarted(fork);
        forked++;
        if (cancellation != null) {
            fork.payload = null;
            fork.state = Fork.State.CANCELLED;
            fork.wakeWatchers(); // none yet; marks the fork ended for later watchers
            NOT_SUCCEEDED.getAndAdd(this, 1);
            return fork;
        }
        RUNNING.getAndAdd(this, 1);
        link(fork);
        try {
            fork.thread.start();
        } catch (Throwable e) {
            end(fork, null, e, false);
            throw e;
        }
        return fork;
    }

    /**
     * Starts a task without a value on a new virtual thread in this scope; see {@link
     * #fork(Callable)}.
     *
     * <p>A lambda whose body only throws, such as {@code () -> { throw e; }}, fits both {@code
     * Runnable} and {@code Callable}; the call is not ambiguous: Java picks the more specific
     * {@link #fork(Callable)}, because {@code Callable} returns a value and {@code Runnable} does
     * not. To run it as a {@code Runnable}, cast it: {@code scope.fork((Runnable) () -> { throw e;
     * })}.
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
     * <p><b>Cancelled from outside.</b> {@code join()} never returns as if the work succeeded when
     * the scope was cancelled by something other than its own policy before it had its outcome: an
     * interrupted owner gets {@link InterruptedException}, a passed deadline {@link
     * ScopeTimeoutException}, and a cancelled enclosing scope {@link ScopeCancelledException}
     * (naming what cancelled it). When the policy cancelled first, its verdict comes first (for
     * example {@link ScopeFailedException} for a fail-fast failure); if the policy reports success
     * but the scope was also cancelled from outside, the outside exception is thrown. Each of these
     * exceptions carries the forks' failures: the first as its cause, the others suppressed.
     *
     * <p><b>After an interrupt.</b> If {@code join()} threw {@link InterruptedException}, the scope
     * is cancelled, and {@code join()} may be called again: it waits (interruptibly) until every
     * fork has ended and then reports what decided the scope, never a success: the policy's verdict
     * if the policy had cancelled the scope before the interrupt (for example {@link
     * ScopeFailedException}), {@link ScopeTimeoutException} if the deadline had passed first, and
     * otherwise {@link ScopeCancelledException} naming the interrupted owner; each with the forks'
     * failures. Any other outcome of {@code join()} is final: calling it again is an {@link
     * IllegalStateException}.
     *
     * @throws InterruptedException if the owner is interrupted while waiting (or was already); the
     *     scope is then cancelled
     * @throws ScopeFailedException if the policy reports failure, or its {@code cancelAfter} threw
     * @throws ScopeTimeoutException if the scope's deadline passed before its outcome was decided
     * @throws ScopeCancelledException if the scope was cancelled because the scope it is nested in
     *     was cancelled, or this is a {@code join()} after one that threw {@link
     *     InterruptedException}
     * @throws WrongThreadException if the caller is not the owner
     * @throws IllegalStateException if {@code join()} already had its outcome or the scope is
     *     closed
     */
    public void join() throws InterruptedException {
        checkOwner("join");
        if (!(phase == JOINED && joinInterrupted)) {
            checkOpen("join");
        }
        phase = JOINED;
        joinInterrupted = false;
        try {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            awaitRunningBelow(1, false);
        } catch (InterruptedException e) {
            joinInterrupted = true;
            cancel(Kind.OWNER_INTERRUPTED, null, null);
            throw e;
        }
        joinCompleted = true;
        // Every fork has ended: those that neither failed nor were cancelled succeeded.
        List<Throwable> failures = failuresInOrder();
        Throwable policyThrew = policyFailure;
        Cancellation first = cancellation;
        if (first == null || first.kind() == Kind.POLICY) {
            int succeeded = forked - notSucceeded;
            try {
                policy.onJoin(new Policy.Outcome(name(), forked, succeeded, failures));
            } catch (RuntimeException e) {
                if (policyThrew != null && e != policyThrew) {
                    e.addSuppressed(policyThrew);
                }
                throw e;
            }
        }
        Cancellation outside = outsideCancellation;
        if (outside != null) {
            RuntimeException e = outsideException(outside, failures);
            if (policyThrew != null) {
                e.addSuppressed(policyThrew);
            }
            throw e;
        }
        if (policyThrew != null) {
            List<Throwable> all = new ArrayList<>(failures.size() + 1);
            all.add(policyThrew);
            all.addAll(failures);
            throw new ScopeFailedException(
                    "scope '" + name() + "' failed: its policy threw " + policyThrew, all);
        }
    }

    private RuntimeException outsideException(Cancellation c, List<Throwable> failures) {
        if (c.kind() == Kind.DEADLINE) {
            return new ScopeTimeoutException(name(), timeout, failures);
        }
        return cancelledFromOutside("scope", failures);
    }

    /**
     * Closes the scope: cancels the forks still running and waits until every fork has ended and
     * its thread has terminated. Afterwards the scope is {@linkplain #isCancelled() cancelled},
     * whatever its forks did.
     *
     * <p>Waiting here cannot be interrupted: if the owner is interrupted meanwhile, {@code close()}
     * keeps waiting and returns with the interrupt flag set. Closing a closed scope does nothing.
     *
     * <p><b>A forgotten join is reported.</b> If tasks were forked but no {@code join()} had its
     * outcome (it was never called, or only threw {@link InterruptedException}), {@code close()}
     * cancels and waits as usual, then throws {@link IllegalStateException} saying so, with the
     * forks' failures {@linkplain Throwable#getSuppressed() suppressed} on it, so that no failure
     * vanishes. In try-with-resources, when an exception is already leaving the block, that
     * exception stays primary and this one is suppressed on it.
     *
     * @throws WrongThreadException if the caller is not the owner
     * @throws IllegalStateException after closing, if tasks were forked and no {@code join()} had
     *     its outcome, or if scopes nested in this one were still open (they were closed first)
     */
    @Override
    public void close() {
        close(true);
    }

    /**
     * Closes without reporting a missing join: for {@link JoinSet}, whose outcomes are taken one by
     * one and dropped on close.
     */
    void closeUnjoined() {
        close(false);
    }

    private void close(boolean reportUnjoined) {
        checkOwner("close");
        if (phase == CLOSED) {
            return;
        }
        List<String> nestedStillOpen = new ArrayList<>(0);
        List<Throwable> nestedProblems = new ArrayList<>(0);
        for (Scope s = CURRENT.get();
                s != null && s != this && s.owner == owner;
                s = CURRENT.get()) {
            nestedStillOpen.add(s.name());
            closeNested(s, nestedProblems);
        }
        boolean outcomeTaken = joinCompleted;
        phase = CLOSED;
        cancel(Kind.CLOSED, null, null);
        awaitForksEndedUninterruptibly();
        joinForkThreads();
        if (deadlineTimer != null) {
            deadlineTimer.interrupt();
        }
        if (parent != null) {
            parent.removeChild(this);
        }
        if (CURRENT.get() == this) {
            CURRENT.set(previous);
        }
        IllegalStateException problem = null;
        if (!nestedStillOpen.isEmpty()) {
            problem =
                    Failures.suppress(
                            new IllegalStateException(
                                    "scope '"
                                            + name()
                                            + "' was closed while its nested scope(s) "
                                            + nestedStillOpen
                                            + " were still open; they were closed first. Close"
                                            + " nested scopes before the scope they are nested"
                                            + " in."),
                            nestedProblems);
        }
        if (reportUnjoined && !outcomeTaken && forked > 0) {
            IllegalStateException unjoined =
                    Failures.suppress(
                            new IllegalStateException(
                                    "scope '"
                                            + name()
                                            + "' was closed without join() after forking "
                                            + forked
                                            + " task(s)"
                                            + (joinInterrupted
                                                    ? " (join() threw InterruptedException and"
                                                            + " was not called again)"
                                                    : "")
                                            + ": the forks were cancelled and have ended; their"
                                            + " failures are suppressed on this exception. Call"
                                            + " join() before close()."),
                            failuresInOrder());
            if (problem == null) {
                problem = unjoined;
            } else {
                problem.addSuppressed(unjoined);
            }
        }
        if (problem != null) {
            throw problem;
        }
    }

    /** Closes a scope this thread left open, keeping what its close throws. */
    static void closeNested(Scope s, List<Throwable> problems) {
        try {
            s.close();
        } catch (RuntimeException | Error e) {
            problems.add(e);
        }
        if (CURRENT.get() == s) {
            CURRENT.set(s.previous); // never expected: close() pops it
        }
    }

    /**
     * Returns the scope's name.
     *
     * @return the name given in the configuration, or {@code scope-<id>}
     */
    public String name() {
        String n = name;
        if (n == null) {
            n = "scope-" + id;
            name = n; // racy but benign: every thread computes the same string
        }
        return n;
    }

    /**
     * Returns whether the scope has been cancelled. May be called from any thread.
     *
     * @return {@code true} once cancelled
     */
    public boolean isCancelled() {
        return cancellation != null;
    }

    @Override
    public String toString() {
        return "Scope[" + name() + (isCancelled() ? ", cancelled" : "") + "]";
    }

    // ---- for JoinSet and WorkQueue ---------------------------------------------------------

    /** Whether the scope was cancelled from outside (deadline, parent, interrupted owner). */
    boolean isCancelledFromOutside() {
        return outsideCancellation != null;
    }

    /**
     * The exception for work of this scope cut short from outside: {@code "<what> '<name>' was
     * cancelled: <why>"}, with {@code failures} attached. Only when {@link
     * #isCancelledFromOutside()}.
     */
    ScopeCancelledException cancelledFromOutside(String what, List<Throwable> failures) {
        return new ScopeCancelledException(
                what + " '" + name() + "' was cancelled: " + outsideCancellation.why(), failures);
    }

    /** Why the scope was cancelled, for messages; {@code null} if it was not. */
    String cancellationReason() {
        Cancellation c = cancellation;
        return c == null ? null : c.why();
    }

    /** Owner only: waits until every fork has ended. */
    void awaitForksEnded() throws InterruptedException {
        awaitRunningBelow(1, false);
    }

    /** Owner only: waits until every fork has ended, keeping an interrupt for later. */
    void awaitForksEndedUninterruptibly() {
        if (running > 0) {
            awaitAllEndedUninterruptibly();
        }
    }

    // ---- waiting, on the owner -------------------------------------------------------------

    /**
     * Waits, on the owner, until fewer than {@code limit} forks are running or the scope is
     * cancelled. A fork counts as running until its outcome is recorded and the policy has seen it,
     * so a failure cancels the scope before the owner can fork another task.
     *
     * @return {@code true} if a fork may be started, {@code false} if the scope is cancelled
     */
    boolean awaitFewerRunningThan(int limit) throws InterruptedException {
        try {
            awaitRunningBelow(limit, true);
        } catch (InterruptedException e) {
            cancel(Kind.OWNER_INTERRUPTED, null, null);
            throw e;
        }
        return cancellation == null;
    }

    private void awaitRunningBelow(int limit, boolean orCancelled) throws InterruptedException {
        if (running < limit || (orCancelled && cancellation != null)) {
            return;
        }
        wakeBelow = limit;
        waitingOwner = owner;
        try {
            while (running >= limit && !(orCancelled && cancellation != null)) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            waitingOwner = null;
        }
    }

    private void awaitAllEndedUninterruptibly() {
        boolean interrupted = false;
        wakeBelow = 1;
        waitingOwner = owner;
        try {
            while (running > 0) {
                LockSupport.park(this);
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

    // ---- forks ------------------------------------------------------------------------------

    private void link(ForkImpl<?> fork) {
        fork.next = head;
        head = fork;
        if (++linked >= pruneAt) {
            unlinkEnded();
        }
    }

    /**
     * Owner, in close(), once every fork has ended: waits until their threads have terminated too
     * (a fork counts itself ended a moment before its thread returns). Every fork whose thread may
     * still be alive is in the list: pruning keeps those. Not interruptible; an interrupt is kept.
     */
    private void joinForkThreads() {
        boolean interrupted = false;
        for (ForkImpl<?> f = head; f != null; f = f.next) {
            Thread t = f.thread;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Owner only: unlinks the forks that have ended; see the design note. */
    private void unlinkEnded() {
        ForkImpl<?> prev = null;
        int kept = 0;
        for (ForkImpl<?> f = head; f != null; f = f.next) {
            if (f.state == Fork.State.RUNNING || f.thread.isAlive()) {
                prev = f; // kept until its thread has terminated too: close() joins it
                kept++;
            } else if (prev == null) {
                head = f.next;
            } else {
                prev.next = f.next;
            }
        }
        linked = kept;
        pruneAt = Math.max(64, kept * 2);
    }

    /**
     * Called on the fork's thread when its task ends, or on the owner if it could not start. A
     * failure ends the fork {@link Fork.State#CANCELLED} if it is how a cancelled task ends, unless
     * {@code alwaysFails} (the task left scopes open).
     */
    void end(ForkImpl<?> fork, Object value, Throwable failure, boolean alwaysFails) {
        if (failure == null) {
            fork.payload = value;
            fork.state = Fork.State.SUCCEEDED;
        } else if (!alwaysFails && cancellation != null && Failures.isCancellation(failure)) {
            fork.payload = failure;
            fork.state = Fork.State.CANCELLED;
            NOT_SUCCEEDED.getAndAdd(this, 1);
        } else {
            fork.payload = failure;
            fork.state = Fork.State.FAILED;
            NOT_SUCCEEDED.getAndAdd(this, 1);
            pushFailure(failure);
        }
        fork.wakeWatchers();
        if (cancellation == null) {
            boolean cancel;
            try {
                cancel = policy.cancelAfter(fork);
            } catch (RuntimeException | Error e) {
                POLICY_FAILURE.compareAndSet(this, null, e);
                cancel(Kind.POLICY, null, null);
                cancel = false;
            }
            if (cancel) {
                cancel(Kind.POLICY, fork, null);
            }
        }
        endRunning();
    }

    /** A fork whose scope was cancelled before its task could start. */
    void endUnstarted(ForkImpl<?> fork) {
        fork.payload = null;
        fork.state = Fork.State.CANCELLED;
        fork.wakeWatchers();
        NOT_SUCCEEDED.getAndAdd(this, 1);
        endRunning();
    }

    private void endRunning() {
        int now = (int) RUNNING.getAndAdd(this, -1) - 1;
        Thread waiting = waitingOwner;
        if (waiting != null && now < wakeBelow) {
            LockSupport.unpark(waiting);
        }
    }

    private void pushFailure(Throwable e) {
        Failure top;
        do {
            top = failures;
        } while (!FAILURES.compareAndSet(this, top, new Failure(e, top)));
    }

    private List<Throwable> failuresInOrder() {
        if (failures == null) {
            return List.of();
        }
        List<Throwable> list = new ArrayList<>(0);
        for (Failure f = failures; f != null; f = f.next()) {
            list.add(f.exception());
        }
        Collections.reverse(list);
        return List.copyOf(list);
    }

    // ---- cancellation ---------------------------------------------------------------------

    /**
     * Cancels the scope once: the first call wins, and its reason is the one reported. A
     * cancellation from outside ({@link Kind#outside}) is recorded even if the scope was cancelled
     * already, so that join() does not report success.
     */
    private void cancel(Kind kind, ForkImpl<?> fork, Cancellation because) {
        Cancellation c = new Cancellation(kind, this, fork, because);
        if (kind.outside) {
            OUTSIDE_CANCELLATION.compareAndSet(this, null, c);
        }
        if (!CANCELLATION.compareAndSet(this, null, c)) {
            return;
        }
        if (running > 0) {
            for (ForkImpl<?> f = head; f != null; f = f.next) {
                if (f.state == Fork.State.RUNNING) {
                    f.thread.interrupt();
                }
            }
        }
        for (Scope child : children) {
            child.cancel(Kind.PARENT, null, c);
        }
        Thread waiting = waitingOwner;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    private void awaitDeadline() {
        try {
            Thread.sleep(timeout);
        } catch (InterruptedException closed) {
            return;
        }
        if (running > 0 || phase == OPEN) {
            cancel(Kind.DEADLINE, null, null);
        }
    }

    private void addChild(Scope child) {
        Scope[] old;
        Scope[] now;
        do {
            old = children;
            now = Arrays.copyOf(old, old.length + 1);
            now[old.length] = child;
        } while (!CHILDREN.compareAndSet(this, old, now));
        Cancellation c = cancellation;
        if (c != null) {
            child.cancel(Kind.PARENT, null, c); // cancel() may have read `children` before the CAS
        }
    }

    private void removeChild(Scope child) {
        Scope[] old;
        Scope[] now;
        do {
            old = children;
            int i = Arrays.asList(old).indexOf(child);
            if (i < 0) {
                return;
            }
            now = new Scope[old.length - 1];
            System.arraycopy(old, 0, now, 0, i);
            System.arraycopy(old, i + 1, now, i, old.length - i - 1);
        } while (!CHILDREN.compareAndSet(this, old, now));
    }

    // ---- checks -----------------------------------------------------------------------------

    void checkOwner(String operation) {
        Thread current = Thread.currentThread();
        if (current != owner) {
            throw new WrongThreadException(
                    operation
                            + "() on scope '"
                            + name()
                            + "' called by thread '"
                            + current.getName()
                            + "', but only its owner '"
                            + owner.getName()
                            + "' may fork, join or close it");
        }
    }

    /** Whether join() has not been called yet: a fork's outcome may not be read. */
    boolean isOpen() {
        return phase == OPEN;
    }

    private void checkOpen(String operation) {
        int p = phase;
        if (p == JOINED) {
            throw new IllegalStateException(
                    "cannot " + operation + "() scope '" + name() + "': join() was already called");
        }
        if (p == CLOSED) {
            throw new IllegalStateException(
                    "cannot " + operation + "() scope '" + name() + "': it is closed");
        }
    }
}

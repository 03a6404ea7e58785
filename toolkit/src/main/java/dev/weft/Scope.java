package dev.weft;

import dev.weft.Cancellation.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
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
 * scope is cancelled when its policy says so, when its deadline passes ({@link
 * Config#withTimeout}), when its owner is interrupted in {@code join()}, when {@link #cancel()} is
 * called, when it is closed, and when the scope it is nested in is cancelled. A fork that ends
 * after cancellation with an {@link InterruptedException}, an interrupted I/O exception or a {@link
 * ScopeCancelledException} (itself or anywhere in its cause chain) is {@link Fork.State#CANCELLED},
 * not failed.
 *
 * <p>A scope opened by a fork's task, or opened while another scope of the same thread is open, is
 * <em>nested</em> in that scope: cancelling the outer scope cancels it too. Nested scopes must be
 * closed before the scope they are nested in; closing them out of order closes the inner ones first
 * and then throws {@link IllegalStateException}. A fork whose task ends (returns or throws) with
 * scopes it opened still open has them closed (cancelled and waited for) as it ends, and then fails
 * with an {@link IllegalStateException} that names them, so that no fork of a nested scope outlives
 * the scope it is nested in.
 *
 * <h2>Exceptions</h2>
 *
 * A scope cancelled from outside its work (the scope it is nested in, its deadline, its interrupted
 * owner, {@link #cancel()}) never returns from {@code join()} as if it had succeeded, even when its
 * forks swallow the interrupt and return values. {@code join()} throws {@link ScopeFailedException}
 * (unchecked) when the policy reports failure, {@link ScopeTimeoutException} when the deadline
 * passed first, {@link ScopeCancelledException} when the scope it is nested in was cancelled or
 * {@code cancel()} was called, and {@link InterruptedException} when the owner is interrupted while
 * waiting (the scope is then cancelled; {@code join()} may be called again to wait for the forks
 * and take their failures). No failure vanishes: each of these exceptions has the first failure of
 * a fork as its cause and the later ones suppressed; a fork's failure is a task's exception that is
 * not how a cancelled task ends (an interrupt after cancellation). Misuse (fork after join, join
 * twice, {@code Fork.get()} before join) throws {@link IllegalStateException} naming the scope.
 *
 * <h2>Memory consistency</h2>
 *
 * Actions of the owner before {@code fork} happen-before the forked task runs; the actions of every
 * task happen-before {@code join()} returns or throws.
 *
 * <h2>Context</h2>
 *
 * A fork's thread inherits the owner's {@link InheritableThreadLocal}s, and nothing else, unless
 * the configuration carries more: chosen {@link ThreadLocal}s ({@link Config#withThreadLocals}),
 * any context through a {@link ContextCarrier} ({@link Config#withCarriers}), and on Java 25+
 * {@code ScopedValue}s ({@link Config#withScopedValues}). Each is captured on the owner's thread in
 * {@code fork()}, restored on the fork's thread before its task, and cleared after it. A nested
 * scope carries what the scope it is nested in carries, plus its own.
 *
 * <h2>Threads</h2>
 *
 * Each fork runs on a new virtual thread named {@code <chain>-fork-<n>}, {@code n} counting from 1,
 * the name it takes as it starts. The chain says where the scope sits, so that a thread dump, which
 * lists virtual threads flat, still shows the nesting: for a root scope (nested in no other) it is
 * the scope's name ({@code checkout-fork-1}); for a scope opened by a fork's task, that fork's
 * thread name, {@code /}, the scope's name ({@code checkout-fork-2/payment-fork-1}); for a scope
 * nested by the same owner thread, the enclosing scope's chain, {@code /}, its name ({@code
 * checkout/retry-fork-1}). {@link Fork#name()} stays {@code <scope name>-fork-<n>}. A scope's name
 * is {@code scope-<id>} unless configured. {@link Snapshot#take()} lists the open scopes with their
 * chains.
 *
 * <p><b>Forms</b> (its row of the package's <a href="package-summary.html#forms">table of
 * forms</a>): blocks: {@link #join()}; never blocks: not offered; timed: a deadline in the
 * configuration ({@link Config#withTimeout}), {@link ScopeTimeoutException}; cancelled from outside
 * or by {@link #cancel()}: {@link ScopeCancelledException}; the policy reports failure: {@link
 * ScopeFailedException}, a {@link TaskFailedException}.
 */
public final class Scope implements AutoCloseable {

    /*
     * Design note.
     *
     * Forking and ending take no lock, so the owner never waits for its forks to fork more. The
     * parts of a scope each have their own class and note: its forks (ForkList), how many run and
     * the owner waiting for them (RunningForks), how its ended forks did (EndedForks), what
     * cancelled it (CancellationRecord), the scopes nested in it (ChildScopes, Nesting), its
     * deadline (DeadlineTimer), and what join() and close() report (ScopeReports); how a fork
     * becomes a Result is Outcomes. What the parts share is here.
     *
     * Ending. A fork's end writes its outcome, then its volatile state, then wakes its watchers,
     * then (if the scope is not cancelled) asks the policy, then counts itself out of `running`.
     * So the policy's decision is made before the owner can see the fork as ended, and whoever
     * sees `running` at 0 sees every outcome.
     *
     * Cancelling. cancel() records the cancellation; only the first one goes on. Then, if a fork
     * is running, it walks the fork list and interrupts each fork still RUNNING, and it cancels the
     * child scopes. A fork linked after the walk read the list's head (or after cancel() read
     * `running` at 0: the fork's increment comes before its check) re-checks the cancellation
     * before running its task, so it never runs. (The record's CAS happens-before the walk reads
     * the head; the owner's link happens-before the fork's check.) Nesting: see Nesting.
     */

    private static final AtomicLong SCOPE_IDS = new AtomicLong();

    private static final int OPEN = 0;
    private static final int JOINED = 1;
    private static final int CLOSED = 2;

    private final long id;
    private String name; // the configured name, or built from the id when first needed
    private final Policy policy;
    final Duration timeout; // also read by Cancellation and ScopeReports
    final Thread owner; // also read by Cancellation
    final Scope parent; // the scope it is nested in: CURRENT when it opened; or null
    private final ForkContext context; // what forks carry (with the parent's); null: nothing
    private final ForkList forks = new ForkList();
    private final RunningForks running;
    private final EndedForks ended = new EndedForks();
    private final CancellationRecord cancelled = new CancellationRecord();
    final ChildScopes children = new ChildScopes(this);
    private final DeadlineTimer deadline;
    private volatile int phase = OPEN;
    private Object jfr; // owner only: its ScopeClosed event, begun at open; null if not recorded
    final long openedAt; // System.nanoTime() at open, for Snapshot's age
    private String chain; // its forks' thread-name prefix, built when first needed; see chain()

    // Owner only.
    private Thread.Builder.OfVirtual threads;
    private int forked;
    private boolean joinCompleted; // join() returned or threw its outcome
    private boolean joinInterrupted; // the last join() threw InterruptedException

    private Scope(Config config) {
        this.id = SCOPE_IDS.incrementAndGet();
        this.name = config.name;
        this.policy = config.policy;
        this.timeout = config.timeout;
        this.owner = Thread.currentThread();
        this.openedAt = System.nanoTime();
        this.running = new RunningForks(this, owner);
        this.parent = Nesting.CURRENT.get();
        this.context =
                ForkContext.of(
                        parent == null ? null : parent.context,
                        config.carriers,
                        config.scopedValues);
        if (parent != null) {
            parent.adopt(this);
        } else {
            OpenScopes.opened(this); // the registry of roots, for Snapshot
        }
        Nesting.CURRENT.set(this);
        this.deadline =
                timeout == null ? null : DeadlineTimer.start(name(), timeout, this::deadlinePassed);
        if (Jfr.ON) {
            jfr = Jfr.scopeOpened(parent);
        }
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
     * The configuration of a scope: name, policy, timeout, and the context its forks carry ({@link
     * #withThreadLocals}, {@link #withCarriers}, {@link #withScopedValues}). Obtained in {@link
     * Scope#open(UnaryOperator)}; each {@code with} method sets one choice and returns this
     * configuration, as the JDK's {@code StructuredTaskScope.Configuration} does.
     */
    public static final class Config {
        private String name;
        private Policy policy = Policy.failFast();
        private Duration timeout;
        private List<ContextCarrier<?>> carriers; // null: none declared
        private ScopedValueBindings scopedValues; // null: none declared

        private Config() {}

        /**
         * Names the scope; its forks' threads are named {@code <name>-fork-<n>}, preceded by the
         * chain of enclosing scopes if it is nested (see "Threads" in {@link Scope}).
         *
         * @param name the name
         * @return this configuration
         * @throws NullPointerException if {@code name} is {@code null}
         * @throws IllegalArgumentException if {@code name} is blank
         */
        public Config withName(String name) {
            this.name = Checks.notBlank(name, "scope name");
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

        /**
         * Carries the owner's values of {@code locals} into each fork: each is read on the owner's
         * thread as {@link Scope#fork fork()} is called, set on the fork's thread before its task
         * runs, and removed there after the task, however it ended. It is {@link
         * #withCarriers(ContextCarrier...) withCarriers} of {@link ContextCarrier#of(ThreadLocal)
         * ContextCarrier.of(local)} for each; see {@link ContextCarrier} for the details.
         *
         * {@snippet :
         * static final ThreadLocal<String> TENANT = new ThreadLocal<>();
         *
         * TENANT.set("acme");
         * try (var scope = Scope.open(c -> c.withThreadLocals(TENANT))) {
         *     Fork<String> seen = scope.fork(TENANT::get);    // "acme"
         *     TENANT.set("other");                            // the fork keeps "acme"
         *     scope.join();
         * }
         * }
         *
         * <p>An {@link InheritableThreadLocal} reaches forks without this: each fork's thread
         * inherits the owner's values when {@code fork()} creates it. A plain {@link ThreadLocal}
         * does not. Calls add up: the scope carries every {@code ThreadLocal} and carrier given to
         * this configuration, and those of the scope it is nested in.
         *
         * @param locals the thread-local variables to carry
         * @return this configuration
         * @throws NullPointerException if {@code locals} or one of them is {@code null}
         */
        public Config withThreadLocals(ThreadLocal<?>... locals) {
            Objects.requireNonNull(locals, "locals");
            List<ContextCarrier<?>> add = new ArrayList<>(locals.length);
            for (int i = 0; i < locals.length; i++) {
                add.add(ContextCarrier.of(Objects.requireNonNull(locals[i], "locals[" + i + "]")));
            }
            return carry(add);
        }

        /**
         * Carries a context into each fork through each of {@code carriers}: {@link
         * ContextCarrier#capture() capture()} on the owner's thread as {@link Scope#fork fork()} is
         * called, {@link ContextCarrier#restore restore} on the fork's thread before its task,
         * {@link ContextCarrier#clear clear} there after it, however it ended. A carrier that
         * throws makes the fork {@link Fork.State#FAILED FAILED} with that exception; see {@link
         * ContextCarrier}, which also has a carrier for SLF4J's {@code MDC}.
         *
         * <p>Calls add up, with {@link #withThreadLocals withThreadLocals} too; carriers are
         * restored in the order given (those of the scope this one is nested in first) and cleared
         * in the reverse order. A carrier equal to one already carried is carried once.
         *
         * @param carriers the carriers
         * @return this configuration
         * @throws NullPointerException if {@code carriers} or one of them is {@code null}
         */
        public Config withCarriers(ContextCarrier<?>... carriers) {
            Objects.requireNonNull(carriers, "carriers");
            List<ContextCarrier<?>> add = new ArrayList<>(carriers.length);
            for (int i = 0; i < carriers.length; i++) {
                add.add(Objects.requireNonNull(carriers[i], "carriers[" + i + "]"));
            }
            return carry(add);
        }

        private Config carry(List<ContextCarrier<?>> add) {
            if (carriers == null) {
                carriers = new ArrayList<>(add.size());
            }
            for (ContextCarrier<?> c : add) {
                if (!carriers.contains(c)) {
                    carriers.add(c);
                }
            }
            return this;
        }

        /**
         * Re-binds {@code scopedValues}, each a {@code java.lang.ScopedValue} (final in Java 25,
         * JEP 506), in each fork: those bound on the owner's thread as {@link Scope#fork fork()} is
         * called are bound to the same values on the fork's thread while its task runs; those
         * unbound then stay unbound in the fork. They are typed {@code Object} so that Weft
         * compiles for Java 21; the Java 25 implementation is a class of Weft's multi-release jar.
         *
         * {@snippet :
         * static final ScopedValue<User> USER = ScopedValue.newInstance();
         *
         * ScopedValue.where(USER, alice).call(() -> {
         *     try (var scope = Scope.open(c -> c.withScopedValues(USER))) {
         *         Fork<String> name = scope.fork(() -> USER.get().name());  // alice's
         *         scope.join();
         *         return name.get();
         *     }
         * });
         * }
         *
         * <p>A scope nested in this one (for example opened by a fork's task) re-binds them too,
         * from the bindings its owner sees. Calls add up; each scoped value is carried once.
         *
         * @param scopedValues the {@code ScopedValue}s to carry
         * @return this configuration
         * @throws NullPointerException if {@code scopedValues} or one of them is {@code null}
         * @throws IllegalArgumentException if one is not a {@code java.lang.ScopedValue} (naming
         *     its class)
         * @throws UnsupportedOperationException on Java 21 to 24, which have no final {@code
         *     ScopedValue} (the message names the running version), or when Weft is not run from
         *     its multi-release jar
         */
        public Config withScopedValues(Object... scopedValues) {
            Objects.requireNonNull(scopedValues, "scopedValues");
            for (int i = 0; i < scopedValues.length; i++) {
                Objects.requireNonNull(scopedValues[i], "scopedValues[" + i + "]");
            }
            ScopedValueBindings add = ScopedValueBindings.declare(scopedValues.clone());
            this.scopedValues = this.scopedValues == null ? add : this.scopedValues.plus(add);
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
        return forkImpl(task);
    }

    /** {@link #fork(Callable)}, typed for the package's own users, which watch the fork's end. */
    <T> ForkImpl<T> forkImpl(Callable<? extends T> task) {
        Objects.requireNonNull(task, "task");
        checkOwner("fork");
        checkOpen("fork");
        if (threads == null) {
            threads = Thread.ofVirtual(); // unnamed: each fork names its thread (ForkImpl.run)
        }
        ForkImpl<T> fork =
                new ForkImpl<>(this, context == null ? task : context.bind(task), forked + 1);
        fork.thread = threads.unstarted(fork);
        forked++;
        if (cancelled.isCancelled()) {
            ended.settleUnstarted(fork); // never counted as running
            fork.wakeWatchers(); // none yet; marks the fork ended for later watchers
            return fork;
        }
        running.started();
        forks.link(fork);
        try {
            fork.thread.start();
        } catch (Throwable e) {
            end(fork, Result.err(e), false);
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
            running.awaitBelow(1, null);
        } catch (InterruptedException e) {
            joinInterrupted = true;
            cancel(Kind.OWNER_INTERRUPTED, null, null);
            throw e;
        }
        joinCompleted = true;
        try {
            ScopeReports.afterJoin(this, policy, forked, ended, cancelled);
        } catch (RuntimeException e) {
            if (Jfr.ON && jfr != null) {
                Jfr.scopeJoined(jfr, e);
            }
            throw e;
        }
        if (Jfr.ON && jfr != null) {
            Jfr.scopeJoined(jfr, null);
        }
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
        List<Throwable> nestedProblems = new ArrayList<>(0);
        List<String> nestedStillOpen = Nesting.closeOpenedInside(this, nestedProblems);
        boolean outcomeTaken = joinCompleted;
        phase = CLOSED;
        cancel(Kind.CLOSED, null, null);
        running.awaitNoneUninterruptibly();
        forks.joinThreads();
        if (deadline != null) {
            deadline.stop();
        }
        Nesting.left(this, parent == null ? OpenScopes.stripe(owner) : parent.children, children);
        int unjoined = reportUnjoined && !outcomeTaken ? forked : 0;
        IllegalStateException problem =
                ScopeReports.afterClose(
                        name(), nestedStillOpen, nestedProblems, unjoined, joinInterrupted, ended);
        if (Jfr.ON && jfr != null) {
            Jfr.scopeClosed(jfr, name(), forked);
            jfr = null;
        }
        if (problem != null) {
            throw problem;
        }
    }

    /**
     * Cancels the scope on purpose: every fork still running is interrupted, forks forked later
     * never start, and the scopes nested in it are cancelled too; tokio's {@code
     * JoinSet::abort_all}, Go's context cancel. The owner, a fork (one that found what the others
     * look for, say) or any thread may call it; a fork that does is interrupted like the others.
     * Forks that end by the interrupt are {@linkplain Fork.State#CANCELLED cancelled}, not failed.
     *
     * <p>The owner still calls {@link #join()}, which waits for every fork to end and then never
     * reports success: it throws {@link ScopeCancelledException} ("cancel() was called by thread
     * ..."), with the forks' failures attached, unless the policy or the deadline cancelled the
     * scope first (their verdict comes first). {@link Fork#get()} still reads the forks that
     * succeeded. On a scope already cancelled (by any cause) it does nothing.
     */
    public void cancel() {
        if (!cancelled.isCancelled()) {
            cancel(Kind.CANCEL_CALLED, null, null);
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
     * The prefix of its forks' thread names: for a root scope its name; for a scope opened by a
     * fork's task, that fork's thread name, {@code /}, its name; for a scope nested by the same
     * owner thread, the enclosing scope's chain, {@code /}, its name. Built when first needed (the
     * owner's thread name is read then: a fork names its thread before its task runs), racy but
     * benign like {@link #name()}.
     */
    String chain() {
        String c = chain;
        if (c != null) {
            return c;
        }
        if (parent == null) {
            c = name();
            chain = c;
            return c;
        }
        // Iterative, not recursive: a thread may nest any number of scopes in one another.
        List<Scope> unbuilt = new ArrayList<>(1);
        Scope s = this;
        String prefix = null;
        while (true) {
            unbuilt.add(s);
            Scope p = s.parent;
            if (p == null) {
                break;
            }
            if (p.owner != s.owner) {
                prefix = s.owner.getName(); // the fork's thread whose task opened s
                break;
            }
            String pc = p.chain;
            if (pc != null) {
                prefix = pc;
                break;
            }
            s = p;
        }
        for (int i = unbuilt.size() - 1; i >= 0; i--) {
            Scope u = unbuilt.get(i);
            prefix = prefix == null ? u.name() : prefix + "/" + u.name();
            u.chain = prefix;
        }
        return prefix;
    }

    /** Its forks, for Snapshot: any thread, never blocks. */
    ForkList forkList() {
        return forks;
    }

    /**
     * Returns whether the scope has been cancelled. May be called from any thread.
     *
     * @return {@code true} once cancelled
     */
    public boolean isCancelled() {
        return cancelled.isCancelled();
    }

    @Override
    public String toString() {
        return "Scope[" + name() + (isCancelled() ? ", cancelled" : "") + "]";
    }

    // ---- for JoinSet, WorkQueue and Tasks ---------------------------------------------------

    /** What cancelled the scope, if anything: for JoinSet's and WorkQueue's messages. */
    CancellationRecord cancellations() {
        return cancelled;
    }

    /** Owner only: waits until every fork has ended. */
    void awaitForksEnded() throws InterruptedException {
        running.awaitBelow(1, null);
    }

    /** Owner only: waits until every fork has ended, keeping an interrupt for later. */
    void awaitForksEndedUninterruptibly() {
        running.awaitNoneUninterruptibly();
    }

    /**
     * Owner only: waits until fewer than {@code limit} forks are running (a fork counts until the
     * policy has seen its end) or the scope is cancelled; {@code true} if a fork may be started.
     */
    boolean awaitFewerRunningThan(int limit) throws InterruptedException {
        try {
            running.awaitBelow(limit, cancelled);
        } catch (InterruptedException e) {
            cancel(Kind.OWNER_INTERRUPTED, null, null);
            throw e;
        }
        return !cancelled.isCancelled();
    }

    // ---- the end of a fork ------------------------------------------------------------------

    /** On the fork's thread as its task ends, or the owner's if it could not start. */
    void end(ForkImpl<?> fork, Result<?> result, boolean alwaysFails) {
        ended.settle(fork, result, alwaysFails, cancelled.isCancelled());
        fork.wakeWatchers();
        if (!cancelled.isCancelled()) {
            askPolicy(fork);
        }
        running.ended();
    }

    /** A fork whose scope was cancelled before its task could start. */
    void endUnstarted(ForkImpl<?> fork) {
        ended.settleUnstarted(fork);
        fork.wakeWatchers();
        running.ended();
    }

    /** On the ending fork's thread, while the scope is not cancelled: should it be now? */
    private void askPolicy(ForkImpl<?> fork) {
        boolean cancel;
        try {
            cancel = policy.cancelAfter(fork);
        } catch (RuntimeException | Error e) {
            cancelled.policyThrew(e);
            cancel(Kind.POLICY, null, null);
            return;
        }
        if (cancel) {
            cancel(Kind.POLICY, fork, null);
        }
    }

    /**
     * Cancellation. Cancels the scope once: the first call wins, and its reason is reported. A
     * cancellation from outside ({@link Kind#outside}) is recorded even if the scope was cancelled
     * already, so that join() does not report success.
     */
    private void cancel(Kind kind, ForkImpl<?> fork, Cancellation because) {
        Cancellation c = new Cancellation(kind, this, fork, because, Thread.currentThread());
        if (!cancelled.record(c)) {
            return;
        }
        if (running.count() > 0) {
            forks.interruptRunning();
        }
        for (Scope child : children.snapshot()) {
            child.cancel(Kind.PARENT, null, c);
        }
        running.wakeOwner();
    }

    /** On the deadline timer's thread. */
    private void deadlinePassed() {
        if (running.count() > 0 || phase == OPEN) {
            cancel(Kind.DEADLINE, null, null);
        }
    }

    /** A scope opened inside this one: it is cancelled when this one is (see ChildScopes). */
    private void adopt(Scope child) {
        children.add(child.children);
        Cancellation c = cancelled.first();
        if (c != null) {
            child.cancel(Kind.PARENT, null, c); // cancel() may have read `children` before the add
        }
    }

    // ---- checks -----------------------------------------------------------------------------

    void checkOwner(String operation) {
        if (Thread.currentThread() != owner) {
            throw ScopeReports.wrongThread(operation, name(), owner);
        }
    }

    /** Whether join() has not been called yet: a fork's outcome may not be read. */
    boolean isOpen() {
        return phase == OPEN;
    }

    private void checkOpen(String operation) {
        int p = phase;
        if (p != OPEN) {
            throw ScopeReports.notOpen(operation, name(), p == CLOSED);
        }
    }
}

package dev.weft;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault injection: trees of scopes (nested up to four deep, in forks and on the owner's thread)
 * with random policies, deadlines, failures, interrupts of owners and forks from a chaos thread,
 * forks that swallow interrupts, forks blocked in sleep or park, and forks that leave a scope open.
 * Every task records what it did; after every close() the test checks what the owner saw against
 * that record. Scaled by {@link Stress}: at least 10^4 scopes at CI size.
 *
 * <p>The checks, per scope: close() returns only after every task of the scope and of the scopes
 * nested in it has ended; every fork thread has terminated when its root scope's close() returns;
 * each fork's state matches what its task did; every failure reaches the owner exactly once (as
 * cause or top-level suppressed exception of what join() or close() threw, or through {@link
 * Fork#exception()} when join() returned normally); join() never returns normally once the scope
 * was cancelled from outside (parent, deadline, interrupted owner); join()'s exception fits what
 * happened; a join() after an interrupted one throws what decided the scope (the policy's verdict,
 * a timeout, or {@link ScopeCancelledException}), never returns; close() without a completed join()
 * throws {@link IllegalStateException}; the scope is cancelled after close(); a fork whose task
 * left scopes open (never closed, or joined but not closed, one or two nested on its thread) fails
 * with an {@link IllegalStateException} carrying the task's own exception and each such scope's
 * close() exception, and those scopes' failures surface there.
 *
 * <p>"Cancelled from outside before join() returned" is established only by observations that
 * happen-before join() returns: the owner right before join(), and every task as it ends, read
 * {@link Scope#isCancelled()}; the observation counts when the scope's own policy cannot have
 * cancelled it yet (fail-fast: no task had ended abnormally yet; first-success: no task had
 * returned yet; await-all: never cancels).
 */
class ScopeFaultInjectionStressTest {

    private static final int MAX_DEPTH = 4;
    private static final int DRIVERS = 4;
    private static final int RING = 64; // the most recently started forks
    private static final Policy[] POLICIES = {
        Policy.failFast(), Policy.awaitAll(), Policy.firstSuccess()
    };

    /** A task's own failure: unique per throw, so it can be followed to where the owner saw it. */
    static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Boom(String message) {
            super(message, null, true, false);
        }
    }

    private enum Kind {
        VALUE,
        BOOM,
        SLEEP,
        BLOCK,
        SWALLOW,
        NESTED,
        LEAK
    }

    private enum Plan {
        JOIN,
        NO_JOIN,
        /** Opened by a task that returns without closing it: closed by the fork's end. */
        LEAKED
    }

    /** What one task did, written by the task, read by the owner after join or close. */
    private static final class TaskRec {
        final ScopeRec scope;
        final Kind kind;
        final int index;
        volatile Fork<Object> fork;
        volatile Thread thread;
        volatile boolean started;
        volatile boolean ended;
        volatile boolean returned;
        volatile boolean cancelledAtEnd;
        volatile boolean swallowed;
        volatile Object value;
        volatile Throwable thrown;
        volatile ScopeRec leaked;

        /** A second scope left open, opened on the task's thread while {@link #leaked} was open. */
        volatile ScopeRec leakedInner;

        TaskRec(ScopeRec scope, Kind kind, int index) {
            this.scope = scope;
            this.kind = kind;
            this.index = index;
        }
    }

    /** One scope and what its owner saw. */
    private static final class ScopeRec {
        final ScopeRec parent;
        final int depth;
        final Policy policy;
        final Duration timeout;
        final Plan plan;
        final boolean ownerThreadNested;

        /** Left open by the task that opened it (closed when that fork ended). */
        boolean leaked;

        final List<TaskRec> tasks = new ArrayList<>(); // the owner's
        final Queue<ScopeRec> nested = new ConcurrentLinkedQueue<>();
        final AtomicInteger successes = new AtomicInteger();
        final AtomicInteger abnormal = new AtomicInteger();
        volatile Scope scope;
        volatile boolean cancelGuaranteed;
        volatile boolean outsideCancelSeen;
        volatile boolean joinFinished;
        volatile boolean closeReturned;
        boolean joinReturned;
        boolean joinCompleted;
        Throwable joinThrew;
        final List<Throwable> rejoinThrew = new ArrayList<>();
        boolean rejoinReturned;
        Throwable closeThrew;

        ScopeRec(
                ScopeRec parent,
                int depth,
                Policy policy,
                Duration timeout,
                Plan plan,
                boolean ownerThreadNested) {
            this.parent = parent;
            this.depth = depth;
            this.policy = policy;
            this.timeout = timeout;
            this.plan = plan;
            this.ownerThreadNested = ownerThreadNested;
        }
    }

    /** One root scope's tree. */
    private static final class Root {
        final Queue<TaskRec> tasks = new ConcurrentLinkedQueue<>();
    }

    /** Named counters. */
    private static final class Tally {
        final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

        void add(String key) {
            add(key, 1);
        }

        void add(String key, long n) {
            counts.computeIfAbsent(key, k -> new LongAdder()).add(n);
        }

        long get(String key) {
            LongAdder a = counts.get(key);
            return a == null ? 0 : a.sum();
        }

        long total() {
            return counts.values().stream().mapToLong(LongAdder::sum).sum();
        }

        @Override
        public String toString() {
            Map<String, Long> sorted = new TreeMap<>();
            counts.forEach((k, v) -> sorted.put(k, v.sum()));
            return sorted.toString();
        }
    }

    private final Tally stats = new Tally();
    private final Tally violations = new Tally();
    private final Map<String, AtomicInteger> sampled = new ConcurrentHashMap<>();
    private final Queue<String> samples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger scopesOpened = new AtomicInteger();
    private final AtomicReferenceArray<Thread> ring = new AtomicReferenceArray<>(RING);
    private final AtomicInteger ringNext = new AtomicInteger();

    @Test
    @Timeout(value = 900, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void closeWaitsForEveryForkAndEveryFailureSurfacesExactlyOnceUnderChaos() throws Exception {
        int target = 10_000 * Stress.scale();
        long t0 = System.nanoTime();
        Thread[] drivers = new Thread[DRIVERS];
        AtomicReferenceArray<Root> current = new AtomicReferenceArray<>(DRIVERS);
        for (int d = 0; d < DRIVERS; d++) {
            int slot = d;
            drivers[d] =
                    Thread.ofVirtual()
                            .name("fi-driver-" + d)
                            .unstarted(
                                    () -> {
                                        while (scopesOpened.get() < target) {
                                            Root root = new Root();
                                            current.set(slot, root);
                                            runRoot(root);
                                        }
                                    });
        }
        var done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread chaos =
                Thread.ofPlatform()
                        .daemon()
                        .name("fi-chaos")
                        .start(
                                () -> {
                                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                                    while (!done.get()) {
                                        LockSupport.parkNanos(rnd.nextLong(20_000, 200_000));
                                        if (rnd.nextInt(4) == 0) {
                                            drivers[rnd.nextInt(DRIVERS)].interrupt();
                                            stats.add("chaos interrupts of root owners");
                                            continue;
                                        }
                                        for (int tries = 0; tries < 4; tries++) {
                                            Thread t = ring.get(rnd.nextInt(RING));
                                            if (t != null && t.isAlive()) {
                                                t.interrupt();
                                                stats.add("chaos interrupts of forks");
                                                break;
                                            }
                                        }
                                    }
                                });
        for (Thread d : drivers) {
            d.start();
        }
        long deadline = t0 + Duration.ofSeconds(50L * Stress.scale()).toNanos();
        StringBuilder stuck = new StringBuilder();
        for (int d = 0; d < DRIVERS; d++) {
            long left = Math.max(1, deadline - System.nanoTime());
            if (!drivers[d].join(Duration.ofNanos(left))) {
                stuck.append(dump(drivers[d], current.get(d)));
            }
        }
        done.set(true);
        chaos.join();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(
                "scope fault injection: %d scopes (%d roots, %d at depth 4, %d owner-thread nested,"
                        + " %d leaked), %d forks (%d started; %d succeeded, %d failed, %d"
                        + " cancelled, %d ambiguous), joins: %d normal, %d interrupted, %d timed"
                        + " out, %d cancelled, %d failed; %d re-joins, %d swallowed interrupts, %d"
                        + " outside cancels seen, %d+%d chaos interrupts (owners+forks); %d ms;"
                        + " %d violations%n",
                scopesOpened.get(),
                stats.get("roots"),
                stats.get("scopes at depth 4"),
                stats.get("owner-thread nested scopes"),
                stats.get("leaked scopes"),
                stats.get("forks"),
                stats.get("tasks started"),
                stats.get("state SUCCEEDED"),
                stats.get("state FAILED"),
                stats.get("state CANCELLED"),
                stats.get("ambiguous (interrupt raced cancel)"),
                stats.get("join normal"),
                stats.get("join InterruptedException"),
                stats.get("join ScopeTimeoutException"),
                stats.get("join ScopeCancelledException"),
                stats.get("join ScopeFailedException"),
                stats.get("re-joins"),
                stats.get("swallowed interrupts"),
                stats.get("outside cancel seen before join returned"),
                stats.get("chaos interrupts of root owners"),
                stats.get("chaos interrupts of forks"),
                millis,
                violations.total());
        if (!stuck.isEmpty()) {
            fail(
                    "drivers did not finish within 50 s x scale (a join() or close() hangs):\n"
                            + stuck);
        }
        if (violations.total() > 0) {
            fail(
                    "violations "
                            + violations
                            + "\nstats "
                            + stats
                            + "\nexamples (at most 3 per kind):\n"
                            + String.join("\n", samples));
        }
        assertTrue(scopesOpened.get() >= target, "too few scopes");
        for (String path :
                List.of(
                        "join InterruptedException",
                        "join ScopeTimeoutException",
                        "join ScopeCancelledException",
                        "join ScopeFailedException",
                        "join normal",
                        "re-joins",
                        "leaked scopes",
                        "swallowed interrupts",
                        "scopes at depth 4",
                        "owner-thread nested scopes",
                        "close without join",
                        "outside cancel seen before join returned")) {
            assertTrue(stats.get(path) > 0, "never exercised: " + path);
        }
    }

    // ---- the tree ---------------------------------------------------------------------------

    private void runRoot(Root root) {
        runScope(root, null, 1, false);
        Thread.interrupted(); // a chaos interrupt may be pending
        stats.add("roots");
        for (TaskRec t : root.tasks) {
            if (t.started && !t.ended) {
                violation(
                        "a task was still running after its root scope's close() returned",
                        t.scope,
                        "task " + t.index);
            }
            Fork<Object> f = t.fork;
            if (f != null && f.state() == Fork.State.RUNNING) {
                violation(
                        "a fork was RUNNING after its root scope's close() returned", t.scope, "");
            }
        }
        for (TaskRec t : root.tasks) {
            Thread th = t.thread;
            if (th != null && th.isAlive()) {
                violation(
                        "a fork thread was still alive after its root scope's close() returned",
                        t.scope,
                        "task "
                                + t.index
                                + " "
                                + t.kind
                                + " "
                                + Arrays.toString(th.getStackTrace()));
                th.interrupt(); // do not let it pile up
            }
        }
        Thread.interrupted();
    }

    private ScopeRec runScope(Root root, ScopeRec parent, int depth, boolean ownerThreadNested) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        Policy policy = POLICIES[rnd.nextInt(POLICIES.length)];
        Duration timeout =
                rnd.nextInt(4) == 0 ? Duration.ofNanos(rnd.nextLong(20_000, 2_000_000)) : null;
        Plan plan = rnd.nextInt(8) == 0 ? Plan.NO_JOIN : Plan.JOIN;
        ScopeRec r = new ScopeRec(parent, depth, policy, timeout, plan, ownerThreadNested);
        if (parent != null) {
            parent.nested.add(r);
        }
        int n = rnd.nextInt(1, 5);
        Kind[] kinds = new Kind[n];
        for (int i = 0; i < n; i++) {
            kinds[i] = randomKind(rnd, depth < MAX_DEPTH, true);
        }
        r.cancelGuaranteed = cancelGuaranteed(r, kinds);
        r.scope = open(policy, timeout);
        countScope(depth);
        if (ownerThreadNested) {
            stats.add("owner-thread nested scopes");
        }
        for (Kind k : kinds) {
            fork(root, r, k);
        }
        if (depth < MAX_DEPTH && rnd.nextInt(6) == 0) {
            // A scope opened on the owner's thread while this one is open: nested in it.
            runScope(root, r, depth + 1, true);
        }
        if (plan == Plan.JOIN) {
            joinPhase(r, rnd);
        } else {
            stats.add("close without join");
        }
        try {
            r.scope.close();
        } catch (RuntimeException | Error e) {
            r.closeThrew = e;
        }
        r.closeReturned = true;
        checkSubtreeEnded(r, r);
        if (!r.scope.isCancelled()) {
            violation("isCancelled() is false after close()", r, "");
        }
        verify(r, true);
        return r;
    }

    private static boolean cancelGuaranteed(ScopeRec r, Kind[] kinds) {
        if (r.timeout != null || r.plan != Plan.JOIN) {
            return true;
        }
        for (Kind k : kinds) {
            if (r.policy == Policy.failFast() && k == Kind.BOOM) {
                return true;
            }
            if (r.policy == Policy.firstSuccess() && k == Kind.VALUE) {
                return true;
            }
        }
        return false;
    }

    private static Kind randomKind(ThreadLocalRandom rnd, boolean mayNest, boolean mayLeak) {
        int w = rnd.nextInt(mayNest ? 17 : 14);
        if (w < 3) {
            return Kind.VALUE;
        } else if (w < 5) {
            return Kind.BOOM;
        } else if (w < 8) {
            return Kind.SLEEP;
        } else if (w < 11) {
            return Kind.BLOCK;
        } else if (w < 14) {
            return Kind.SWALLOW;
        } else if (w < 16 || !mayLeak) {
            return Kind.NESTED;
        } else {
            return Kind.LEAK;
        }
    }

    private Scope open(Policy policy, Duration timeout) {
        return Scope.open(
                c ->
                        timeout == null
                                ? c.withPolicy(policy)
                                : c.withPolicy(policy).withTimeout(timeout));
    }

    private void countScope(int depth) {
        scopesOpened.incrementAndGet();
        if (depth == MAX_DEPTH) {
            stats.add("scopes at depth 4");
        }
    }

    private void fork(Root root, ScopeRec r, Kind kind) {
        TaskRec t = new TaskRec(r, kind, r.tasks.size());
        r.tasks.add(t);
        root.tasks.add(t);
        stats.add("forks");
        t.fork = r.scope.fork(wrapped(root, r, t));
    }

    private void joinPhase(ScopeRec r, ThreadLocalRandom rnd) {
        probeOutsideCancel(r);
        try {
            r.scope.join();
            r.joinReturned = true;
            r.joinCompleted = true;
        } catch (InterruptedException e) {
            r.joinThrew = e;
        } catch (RuntimeException | Error e) {
            r.joinThrew = e;
            r.joinCompleted = true;
        }
        if (r.joinCompleted) {
            joinFinished(r, "join()");
        }
        if (r.joinThrew instanceof InterruptedException && rnd.nextBoolean()) {
            stats.add("re-joins");
            for (int attempt = 0; attempt < 4 && !r.joinCompleted; attempt++) {
                Thread.interrupted();
                try {
                    r.scope.join();
                    r.rejoinReturned = true;
                    r.joinCompleted = true;
                } catch (InterruptedException again) {
                    r.rejoinThrew.add(again);
                } catch (RuntimeException | Error e) {
                    r.rejoinThrew.add(e);
                    r.joinCompleted = true;
                }
            }
            if (r.joinCompleted) {
                joinFinished(r, "re-join()");
            }
        }
    }

    private void joinFinished(ScopeRec r, String which) {
        r.joinFinished = true;
        for (TaskRec t : r.tasks) {
            if (t.started && !t.ended) {
                violation(
                        which + " returned or threw while a fork's task was still running",
                        r,
                        "task " + t.index);
            }
        }
    }

    /** Reads isCancelled(); counts it as an outside cancel when the policy cannot have done it. */
    private void probeOutsideCancel(ScopeRec r) {
        if (!r.scope.isCancelled()) {
            return;
        }
        boolean notByPolicy =
                r.policy == Policy.awaitAll()
                        || (r.policy == Policy.failFast()
                                ? r.abnormal.get() == 0
                                : r.successes.get() == 0);
        if (notByPolicy && !r.outsideCancelSeen) {
            r.outsideCancelSeen = true;
        }
    }

    // ---- tasks ------------------------------------------------------------------------------

    private Callable<Object> wrapped(Root root, ScopeRec r, TaskRec t) {
        return () -> {
            Thread me = Thread.currentThread();
            t.thread = me;
            ring.set(ringNext.getAndIncrement() & (RING - 1), me);
            t.started = true;
            stats.add("tasks started");
            if (r.closeReturned) {
                violation(
                        "a task started after its scope's close() returned", r, "task " + t.index);
            } else if (r.joinFinished) {
                violation("a task started after its scope's join() returned", r, "task " + t.index);
            }
            try {
                Object v = body(root, r, t);
                probeOutsideCancel(r);
                if (t.leaked != null) {
                    r.abnormal.incrementAndGet(); // the fork will fail
                } else {
                    r.successes.incrementAndGet();
                }
                t.cancelledAtEnd = r.scope.isCancelled();
                t.value = v;
                t.returned = true;
                return v;
            } catch (Exception | Error e) {
                probeOutsideCancel(r);
                r.abnormal.incrementAndGet();
                t.cancelledAtEnd = r.scope.isCancelled();
                t.thrown = e;
                throw e;
            } finally {
                t.ended = true;
            }
        };
    }

    private Object body(Root root, ScopeRec r, TaskRec t) throws Exception {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        switch (t.kind) {
            case VALUE:
                return new Object();
            case BOOM:
                if (rnd.nextBoolean()) {
                    spin(rnd.nextLong(1_000, 50_000));
                }
                throw boom(r, t);
            case SLEEP:
                Thread.sleep(Duration.ofNanos(rnd.nextLong(1_000, 800_000)));
                if (rnd.nextInt(4) == 0) {
                    throw boom(r, t);
                }
                return new Object();
            case BLOCK:
                block(r, rnd);
                return new Object();
            case SWALLOW:
                try {
                    block(r, rnd);
                    return new Object();
                } catch (InterruptedException e) {
                    t.swallowed = true;
                    stats.add("swallowed interrupts");
                    if (rnd.nextBoolean()) {
                        spin(rnd.nextLong(5_000, 150_000));
                    } else {
                        LockSupport.parkNanos(rnd.nextLong(5_000, 300_000));
                    }
                    switch (rnd.nextInt(5)) {
                        case 0, 1:
                            return new Object();
                        case 2, 3:
                            throw boom(r, t);
                        default:
                            throw e;
                    }
                }
            case NESTED:
                {
                    ScopeRec c = runScope(root, r, r.depth + 1, false);
                    Throwable primary =
                            !c.rejoinThrew.isEmpty()
                                    ? c.rejoinThrew.get(c.rejoinThrew.size() - 1)
                                    : c.joinThrew != null ? c.joinThrew : c.closeThrew;
                    switch (rnd.nextInt(4)) {
                        case 0, 1:
                            if (primary instanceof Exception e) {
                                throw e;
                            } else if (primary instanceof Error e) {
                                throw e;
                            }
                            return new Object();
                        case 2:
                            return new Object();
                        default:
                            throw boom(r, t);
                    }
                }
            case LEAK:
                {
                    // 0: forks and leaves the scope open; 1: opens a second scope inside it on
                    // this thread and leaves both open; 2: joins it but does not close it.
                    int variant = rnd.nextInt(3);
                    if (variant == 1 && r.depth + 2 > MAX_DEPTH) {
                        variant = 0;
                    }
                    ScopeRec l = leakedScope(root, r, rnd, variant == 2 ? Plan.JOIN : Plan.LEAKED);
                    t.leaked = l;
                    if (variant == 1) {
                        t.leakedInner = leakedScope(root, l, rnd, Plan.LEAKED);
                        stats.add("two scopes left open by one task");
                    } else if (variant == 2) {
                        stats.add("scopes joined but left open");
                        joinPhase(l, rnd);
                    }
                    spin(rnd.nextLong(1_000, 100_000));
                    if (rnd.nextBoolean()) {
                        throw boom(r, t);
                    }
                    return new Object(); // without closing l
                }
        }
        throw new AssertionError(t.kind);
    }

    /** Opens a scope that the calling task will leave open, and forks leaf tasks in it. */
    private ScopeRec leakedScope(Root root, ScopeRec parent, ThreadLocalRandom rnd, Plan plan) {
        Policy policy = POLICIES[rnd.nextInt(POLICIES.length)];
        Duration timeout =
                rnd.nextInt(4) == 0 ? Duration.ofNanos(rnd.nextLong(20_000, 2_000_000)) : null;
        ScopeRec l = new ScopeRec(parent, parent.depth + 1, policy, timeout, plan, false);
        l.leaked = true;
        // Cancelled for sure unless joined: joined ones get the usual guarantee.
        l.cancelGuaranteed = plan == Plan.LEAKED;
        parent.nested.add(l);
        l.scope = open(policy, timeout);
        countScope(l.depth);
        stats.add("leaked scopes");
        int n = rnd.nextInt(1, 4);
        Kind[] kinds = new Kind[n];
        for (int i = 0; i < n; i++) {
            kinds[i] = randomKind(rnd, false, false);
        }
        if (plan == Plan.JOIN) {
            l.cancelGuaranteed = cancelGuaranteed(l, kinds);
        }
        for (Kind k : kinds) {
            fork(root, l, k);
        }
        return l;
    }

    /** Blocks in sleep or park: until interrupted if the scope is sure to be cancelled. */
    private static void block(ScopeRec r, ThreadLocalRandom rnd) throws InterruptedException {
        if (r.cancelGuaranteed) {
            switch (rnd.nextInt(3)) {
                case 0:
                    Thread.sleep(Duration.ofDays(1));
                    break;
                case 1:
                    while (!Thread.interrupted()) {
                        LockSupport.park();
                    }
                    throw new InterruptedException("parked until interrupted");
                default:
                    new CountDownLatch(1).await();
            }
            throw new AssertionError("unreachable");
        }
        long nanos = rnd.nextLong(1_000, 1_500_000);
        if (rnd.nextBoolean()) {
            Thread.sleep(Duration.ofNanos(nanos));
        } else {
            long end = System.nanoTime() + nanos;
            for (long left = nanos; left > 0; left = end - System.nanoTime()) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    throw new InterruptedException("park interrupted");
                }
            }
        }
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private static Boom boom(ScopeRec r, TaskRec t) {
        return new Boom("boom of task " + t.index + " (" + t.kind + ") in " + r.scope.name());
    }

    // ---- checks -----------------------------------------------------------------------------

    private void checkSubtreeEnded(ScopeRec closed, ScopeRec r) {
        for (TaskRec t : r.tasks) {
            if (t.started && !t.ended) {
                violation(
                        "close() returned while a task of the scope or of a nested scope was still"
                                + " running",
                        closed,
                        "task " + t.index + " " + t.kind + " of " + r.scope.name());
            }
            Fork<Object> f = t.fork;
            if (f != null && f.state() == Fork.State.RUNNING) {
                violation(
                        "close() returned while a fork of the scope or of a nested scope was"
                                + " RUNNING",
                        closed,
                        "fork " + f.name());
            }
        }
        for (ScopeRec c : r.nested) {
            checkSubtreeEnded(closed, c);
        }
    }

    /** Checks a closed scope: states, join and close outcomes, and where failures surfaced. */
    private void verify(ScopeRec r, boolean accountFailures) {
        for (TaskRec t : r.tasks) {
            checkState(r, t);
        }
        if (r.plan == Plan.JOIN) {
            checkJoinOutcome(r);
        }
        if (r.joinCompleted) {
            if (r.closeThrew != null) {
                violation("close() threw after a completed join()", r, summary(r.closeThrew));
            }
        } else if (!r.tasks.isEmpty()) {
            if (!(r.closeThrew instanceof IllegalStateException)) {
                violation(
                        "close() without a completed join() did not throw IllegalStateException",
                        r,
                        "close threw " + summary(r.closeThrew));
            }
        }
        if (accountFailures) {
            accountFailures(r);
        }
    }

    private void checkState(ScopeRec r, TaskRec t) {
        Fork<Object> f = t.fork;
        Fork.State st = f.state();
        stats.add("state " + st);
        if (!t.started) {
            if (st != Fork.State.CANCELLED) {
                violation(
                        "a fork whose task never started is " + st + ", not CANCELLED",
                        r,
                        f.name());
            }
            return;
        }
        if (!t.ended || st == Fork.State.RUNNING) {
            return; // reported by the subtree check
        }
        if (t.leaked != null) {
            checkLeak(r, t, st);
            return;
        }
        if (t.returned) {
            if (st != Fork.State.SUCCEEDED) {
                violation("a task returned normally but its fork is " + st, r, describe(t));
            } else if (get(f) != t.value) {
                violation("get() is not the value the task returned", r, describe(t));
            }
            return;
        }
        Throwable thrown = t.thrown;
        boolean cancellation =
                thrown instanceof InterruptedException || thrown instanceof ScopeCancelledException;
        if (cancellation && t.cancelledAtEnd) {
            if (st != Fork.State.CANCELLED) {
                violation(
                        "a task ended by "
                                + thrown.getClass().getSimpleName()
                                + " after its scope was cancelled, but its fork is "
                                + st,
                        r,
                        describe(t));
            }
        } else if (cancellation || hasCancellationInCauseChain(thrown)) {
            // The interrupt may have come from the chaos thread just before the scope was
            // cancelled: FAILED with that exception, or CANCELLED.
            if (st == Fork.State.FAILED) {
                stats.add("forks FAILED by an interrupt that was no cancellation");
                if (exception(f) != thrown) {
                    violation("exception() is not the instance the task threw", r, describe(t));
                }
            } else if (st == Fork.State.CANCELLED) {
                stats.add("ambiguous (interrupt raced cancel)");
            } else {
                violation("a task threw, but its fork is " + st, r, describe(t));
            }
        } else if (st != Fork.State.FAILED) {
            violation(
                    "a task threw its own "
                            + thrown.getClass().getSimpleName()
                            + ", but its fork is "
                            + st,
                    r,
                    describe(t));
        } else if (exception(f) != thrown) {
            violation(
                    "exception() is not the instance the task threw",
                    r,
                    describe(t) + " exception()=" + summary(exception(f)));
        }
    }

    private void checkLeak(ScopeRec r, TaskRec t, Fork.State st) {
        List<ScopeRec> left =
                t.leakedInner == null ? List.of(t.leaked) : List.of(t.leaked, t.leakedInner);
        for (ScopeRec l : left) {
            l.closeReturned = true; // the fork has ended, so the framework has closed l
            checkSubtreeEnded(l, l);
            if (!l.scope.isCancelled()) {
                violation("a scope left open is not cancelled after its fork ended", l, "");
            }
        }
        if (st != Fork.State.FAILED) {
            violation(
                    "a fork whose task left a scope open is " + st + ", not FAILED",
                    r,
                    describe(t));
            left.forEach(l -> verify(l, false));
            return;
        }
        Throwable x = exception(t.fork);
        if (!(x instanceof IllegalStateException)) {
            violation(
                    "a fork whose task left a scope open FAILED, but not with an"
                            + " IllegalStateException",
                    r,
                    describe(t) + " exception()=" + summary(x));
            left.forEach(l -> verify(l, false));
            return;
        }
        if (t.thrown != null
                && x.getCause() != t.thrown
                && !containsIdentity(x.getSuppressed(), t.thrown)) {
            violation(
                    "the leaking task's own exception is neither cause nor suppressed of the"
                            + " fork's IllegalStateException",
                    r,
                    describe(t) + " exception()=" + summary(x));
        }
        List<Throwable> closes = new ArrayList<>();
        for (Throwable s : x.getSuppressed()) {
            if (s != t.thrown) {
                closes.add(s);
            }
        }
        // Each scope left open whose join() had no outcome threw from close(): that exception is
        // suppressed on the fork's, found by the scope's name in its message.
        for (ScopeRec l : left) {
            List<Throwable> mine = new ArrayList<>();
            for (Throwable c : closes) {
                if (String.valueOf(c.getMessage()).contains("'" + l.scope.name() + "'")) {
                    mine.add(c);
                }
            }
            closes.removeAll(mine);
            int expected = l.joinCompleted ? 0 : 1;
            if (mine.size() != expected) {
                violation(
                        "a scope left open: its close() exception is suppressed on the fork's"
                                + " IllegalStateException "
                                + mine.size()
                                + " times, expected "
                                + expected,
                        r,
                        describe(t) + " exception()=" + summary(x) + " left open: " + describe(l));
                verify(l, false);
                continue;
            }
            l.closeThrew = expected == 1 ? mine.get(0) : null;
            verify(l, true);
        }
        if (!closes.isEmpty()) {
            violation(
                    "the fork's IllegalStateException has unexpected suppressed exceptions",
                    r,
                    describe(t) + " " + closes.stream().map(e -> summary(e)).toList());
        }
    }

    private void checkJoinOutcome(ScopeRec r) {
        boolean anyFailed = false;
        boolean anySucceeded = false;
        for (TaskRec t : r.tasks) {
            anyFailed |= t.fork.state() == Fork.State.FAILED;
            anySucceeded |= t.fork.state() == Fork.State.SUCCEEDED;
        }
        if (r.outsideCancelSeen) {
            stats.add("outside cancel seen before join returned");
        }
        Throwable j = r.joinThrew;
        if (j == null) {
            stats.add("join normal");
            if (r.outsideCancelSeen) {
                violation(
                        "join() returned normally although the scope had been cancelled from"
                                + " outside before it returned ("
                                + (r.parent != null && r.parent.scope.isCancelled()
                                        ? "enclosing scope cancelled"
                                        : "enclosing scope not cancelled")
                                + (r.timeout != null ? ", has a deadline" : ", no deadline")
                                + ")",
                        r,
                        "");
            }
            if (r.policy == Policy.failFast() && anyFailed) {
                violation("fail-fast join() returned normally although a fork FAILED", r, "");
            }
            if (r.policy == Policy.firstSuccess() && !anySucceeded) {
                violation("first-success join() returned normally without a success", r, "");
            }
        } else if (j instanceof InterruptedException) {
            stats.add("join InterruptedException");
            if (!r.rejoinThrew.isEmpty() || r.rejoinReturned) {
                checkRejoin(r);
            }
        } else if (j instanceof ScopeTimeoutException) {
            stats.add("join ScopeTimeoutException");
            if (r.timeout == null) {
                violation(
                        "join() threw ScopeTimeoutException for a scope without a timeout", r, "");
            }
        } else if (j instanceof ScopeCancelledException) {
            stats.add("join ScopeCancelledException");
            if (r.parent == null) {
                violation("join() of a root scope threw ScopeCancelledException", r, summary(j));
            } else if (!r.parent.scope.isCancelled()) {
                violation(
                        "join() threw ScopeCancelledException but the enclosing scope is not"
                                + " cancelled",
                        r,
                        summary(j));
            }
        } else if (j instanceof ScopeFailedException) {
            stats.add("join ScopeFailedException");
            if (r.policy == Policy.awaitAll()
                    || (r.policy == Policy.failFast() && !anyFailed)
                    || (r.policy == Policy.firstSuccess() && anySucceeded)) {
                violation(
                        "join() threw ScopeFailedException although the policy was satisfied",
                        r,
                        summary(j));
            }
            if (r.outsideCancelSeen) {
                violation(
                        "join() threw ScopeFailedException although the scope had been cancelled"
                                + " from outside before its policy could cancel it (expected"
                                + " ScopeCancelledException, ScopeTimeoutException or"
                                + " InterruptedException)",
                        r,
                        summary(j));
            }
        } else {
            violation("join() threw an unexpected exception", r, summary(j));
        }
    }

    /**
     * A join() after an interrupted one reports what decided the scope, never a success: the
     * policy's verdict if it cancelled first, ScopeTimeoutException if the deadline passed first,
     * otherwise ScopeCancelledException.
     */
    private void checkRejoin(ScopeRec r) {
        if (r.rejoinReturned) {
            violation(
                    "join() again after an interrupted join() returned normally (expected"
                            + " an exception)",
                    r,
                    "");
            return;
        }
        Throwable last = r.rejoinThrew.get(r.rejoinThrew.size() - 1);
        boolean anyFailed = r.tasks.stream().anyMatch(t -> t.fork.state() == Fork.State.FAILED);
        boolean anySucceeded =
                r.tasks.stream().anyMatch(t -> t.fork.state() == Fork.State.SUCCEEDED);
        if (last instanceof InterruptedException) {
            stats.add("re-join interrupted four times");
        } else if (last instanceof ScopeCancelledException) {
            stats.add("re-join ScopeCancelledException");
        } else if (last instanceof ScopeTimeoutException && r.timeout != null) {
            stats.add("re-join ScopeTimeoutException");
        } else if (last instanceof ScopeFailedException
                && ((r.policy == Policy.failFast() && anyFailed)
                        || (r.policy == Policy.firstSuccess() && !anySucceeded))) {
            stats.add("re-join ScopeFailedException");
        } else {
            violation(
                    "join() again after an interrupted join() threw "
                            + last.getClass().getSimpleName()
                            + ", which does not fit what decided the scope",
                    r,
                    summary(last));
        }
    }

    /** Every FAILED fork's exception exactly once among what the owner saw, and nothing else. */
    private void accountFailures(ScopeRec r) {
        List<Throwable> seen = new ArrayList<>();
        if (r.joinReturned) {
            for (TaskRec t : r.tasks) {
                if (t.fork.state() == Fork.State.FAILED) {
                    seen.add(exception(t.fork));
                }
            }
        } else {
            addTop(seen, r.joinThrew);
            for (Throwable e : r.rejoinThrew) {
                addTop(seen, e);
            }
        }
        addTop(seen, r.closeThrew);
        Map<Throwable, Integer> times = new IdentityHashMap<>();
        for (Throwable s : seen) {
            times.merge(s, 1, Integer::sum);
        }
        Set<Throwable> failures = Collections.newSetFromMap(new IdentityHashMap<>());
        for (TaskRec t : r.tasks) {
            if (t.fork.state() != Fork.State.FAILED) {
                continue;
            }
            Throwable e = exception(t.fork);
            failures.add(e);
            int n = times.getOrDefault(e, 0);
            if (n == 0) {
                violation(
                        "a failure was lost: the owner never saw it (" + outcomes(r) + ")",
                        r,
                        describe(t));
            } else if (n > 1) {
                violation("a failure was reported " + n + " times to the owner", r, describe(t));
            } else {
                stats.add("failures surfaced exactly once");
            }
        }
        for (Throwable s : times.keySet()) {
            if (!failures.contains(s)) {
                String whose = "";
                for (TaskRec t : r.tasks) {
                    if (t.thrown == s) {
                        whose = " (thrown by task " + t.index + ", fork " + t.fork.state() + ")";
                    }
                }
                violation(
                        "the owner saw an exception that is no failure of the scope's forks",
                        r,
                        summary(s) + whose);
            }
        }
    }

    /** How join(), a re-join and close() ended, for grouping violations. */
    private static String outcomes(ScopeRec r) {
        String join =
                r.plan != Plan.JOIN
                        ? r.plan.toString()
                        : "join " + (r.joinReturned ? "returned" : simpleName(r.joinThrew));
        String rejoin =
                r.rejoinReturned
                        ? ", re-join returned"
                        : r.rejoinThrew.isEmpty()
                                ? ""
                                : ", re-join "
                                        + simpleName(r.rejoinThrew.get(r.rejoinThrew.size() - 1));
        return join + rejoin + ", close " + simpleName(r.closeThrew);
    }

    private static String simpleName(Throwable e) {
        return e == null ? "-" : e.getClass().getSimpleName();
    }

    private static void addTop(List<Throwable> seen, Throwable e) {
        if (e == null) {
            return;
        }
        if (e.getCause() != null) {
            seen.add(e.getCause());
        }
        seen.addAll(Arrays.asList(e.getSuppressed()));
    }

    private static boolean containsIdentity(Throwable[] all, Throwable e) {
        for (Throwable s : all) {
            if (s == e) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasCancellationInCauseChain(Throwable e) {
        Set<Throwable> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = e.getCause(); c != null && visited.add(c); c = c.getCause()) {
            if (c instanceof InterruptedException
                    || c instanceof InterruptedIOException
                    || c instanceof ClosedByInterruptException
                    || c instanceof CancellationException) {
                return true;
            }
        }
        return false;
    }

    private static Object get(Fork<Object> f) {
        try {
            return f.get();
        } catch (IllegalStateException e) {
            return e;
        }
    }

    private static Throwable exception(Fork<Object> f) {
        try {
            return f.exception();
        } catch (IllegalStateException e) {
            return e;
        }
    }

    // ---- reporting --------------------------------------------------------------------------

    private void violation(String what, ScopeRec r, String detail) {
        violations.add(what);
        if (sampled.computeIfAbsent(what, k -> new AtomicInteger()).getAndIncrement() < 3) {
            samples.add("- " + what + ": " + detail + "\n    in " + describe(r));
        }
    }

    private static String describe(ScopeRec r) {
        StringBuilder b = new StringBuilder();
        b.append("scope ")
                .append(r.scope == null ? "?" : r.scope.name())
                .append(" [")
                .append(r.policy)
                .append(r.timeout == null ? "" : ", timeout " + r.timeout)
                .append(", ")
                .append(r.plan)
                .append(", depth ")
                .append(r.depth)
                .append(r.ownerThreadNested ? ", owner-thread nested" : "")
                .append(r.leaked ? ", left open by its task" : "")
                .append(", parent ")
                .append(
                        r.parent == null
                                ? "none"
                                : r.parent.scope.name()
                                        + (r.parent.scope.isCancelled() ? " (cancelled)" : ""))
                .append(r.outsideCancelSeen ? ", outside cancel seen" : "")
                .append("] join=")
                .append(
                        r.plan != Plan.JOIN
                                ? "-"
                                : r.joinReturned ? "normal" : summary(r.joinThrew));
        if (!r.rejoinThrew.isEmpty() || r.rejoinReturned) {
            b.append(" re-join=")
                    .append(r.rejoinReturned ? "normal" : "")
                    .append(r.rejoinThrew.stream().map(e -> summary(e)).toList());
        }
        b.append(" close=").append(summary(r.closeThrew)).append(" forks=[");
        for (TaskRec t : r.tasks) {
            b.append("\n      ").append(describe(t));
        }
        return b.append("]").toString();
    }

    private static String describe(TaskRec t) {
        Fork<Object> f = t.fork;
        return "#"
                + t.index
                + " "
                + t.kind
                + (t.started ? "" : " never started")
                + (t.swallowed ? " swallowed" : "")
                + (t.leaked != null ? " leaked " + t.leaked.scope.name() : "")
                + (t.returned ? " returned" : "")
                + (t.thrown != null ? " threw " + summary(t.thrown) : "")
                + (t.cancelledAtEnd ? " (scope cancelled at end)" : "")
                + " -> "
                + (f == null ? "?" : f.state())
                + (f != null && f.state() == Fork.State.FAILED && exception(f) != t.thrown
                        ? " exception()=" + summary(exception(f))
                        : "");
    }

    private static String summary(Throwable e) {
        if (e == null) {
            return "none";
        }
        String m = String.valueOf(e.getMessage());
        if (m.length() > 120) {
            m = m.substring(0, 120) + "...";
        }
        return e.getClass().getSimpleName()
                + "("
                + m
                + ")"
                + (e.getCause() != null ? " cause=" + e.getCause().getClass().getSimpleName() : "")
                + (e.getSuppressed().length > 0
                        ? " +" + e.getSuppressed().length + " suppressed"
                        : "");
    }

    private static String dump(Thread driver, Root root) {
        StringBuilder b = new StringBuilder();
        b.append(driver.getName()).append(":\n");
        for (StackTraceElement e : driver.getStackTrace()) {
            b.append("    at ").append(e).append('\n');
        }
        int shown = 0;
        if (root != null) {
            for (TaskRec t : root.tasks) {
                Thread th = t.thread;
                if (th != null && th.isAlive() && shown++ < 10) {
                    b.append("  fork thread ")
                            .append(th.getName())
                            .append(" (")
                            .append(t.kind)
                            .append(", ended=")
                            .append(t.ended)
                            .append("):\n");
                    for (StackTraceElement e : th.getStackTrace()) {
                        b.append("    at ").append(e).append('\n');
                    }
                }
            }
        }
        return b.toString();
    }
}

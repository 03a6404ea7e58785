package dev.weft;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scopes under random failures, timeouts and interrupts of the owner: no fork outlives its scope,
 * no fork is left running, and nothing is retained after close. Scaled by {@link Stress}.
 */
@Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScopeStressTest {

    private static final Policy[] POLICIES = {
        Policy.failFast(), Policy.awaitAll(), Policy.firstSuccess()
    };

    /** Counts kept across all rounds. */
    private static final class Counts {
        final AtomicLong started = new AtomicLong();
        final AtomicLong finished = new AtomicLong();
        final AtomicLong leftRunning = new AtomicLong();
        final AtomicLong rounds = new AtomicLong();
        final AtomicLong joinsInterrupted = new AtomicLong();
    }

    @Test
    void noForkOutlivesItsScopeUnderRandomFailuresTimeoutsAndInterrupts() throws Exception {
        int rounds = 20_000 * Stress.scale();
        Counts counts = new Counts();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        Thread owner =
                Thread.ofVirtual()
                        .name("stress-owner")
                        .start(
                                () -> {
                                    try {
                                        for (int r = 0; r < rounds; r++) {
                                            oneRound(counts);
                                            Thread.interrupted(); // one may land between rounds
                                        }
                                    } catch (Throwable e) {
                                        unexpected.set(e);
                                    } finally {
                                        done.set(true); // stops the interrupter in any case
                                    }
                                });
        Thread interrupter =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    while (!done.get()) {
                                        Thread.yield();
                                        if (ThreadLocalRandom.current().nextInt(64) == 0) {
                                            owner.interrupt();
                                        }
                                    }
                                });
        owner.join();
        interrupter.join();
        System.out.printf(
                "scope stress: %d rounds, %d forks started, %d finished, %d joins interrupted%n",
                counts.rounds.get(),
                counts.started.get(),
                counts.finished.get(),
                counts.joinsInterrupted.get());
        if (unexpected.get() != null) {
            throw new AssertionError("a round threw", unexpected.get());
        }
        assertEquals(rounds, counts.rounds.get());
        assertEquals(
                counts.started.get(),
                counts.finished.get(),
                "a fork was still running after close()");
        assertEquals(0, counts.leftRunning.get());
        assertTrue(counts.joinsInterrupted.get() > 0, "the interrupter never hit a join");
    }

    private static void oneRound(Counts counts) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Policy policy = POLICIES[random.nextInt(POLICIES.length)];
        Duration timeout =
                random.nextInt(4) == 0 ? Duration.ofNanos(random.nextInt(1, 200_000)) : null;
        List<Fork<Integer>> forks = new ArrayList<>();
        try (var scope =
                Scope.open(
                        c ->
                                timeout == null
                                        ? c.withPolicy(policy)
                                        : c.withPolicy(policy).withTimeout(timeout))) {
            int n = random.nextInt(1, 6);
            for (int i = 0; i < n; i++) {
                int kind = random.nextInt(4);
                forks.add(
                        scope.fork(
                                () -> {
                                    counts.started.incrementAndGet();
                                    try {
                                        return work(kind);
                                    } finally {
                                        counts.finished.incrementAndGet();
                                    }
                                }));
            }
            if (random.nextInt(4) != 0) {
                // A task that blocks until cancelled may keep join() waiting until the
                // interrupter strikes: that is the "interrupted owner cancels" path.
                scope.join();
            } // else: close() without join() cancels what still runs, and says so
        } catch (InterruptedException e) {
            counts.joinsInterrupted.incrementAndGet();
        } catch (ScopeFailedException | ScopeTimeoutException | ScopeCancelledException e) {
            // acceptable outcomes; the invariants are what is checked
        } catch (IllegalStateException e) {
            if (!e.getMessage().contains("without join()")) {
                throw e;
            }
        }
        counts.rounds.incrementAndGet();
        for (Fork<Integer> f : forks) {
            if (f.state() == Fork.State.RUNNING) {
                counts.leftRunning.incrementAndGet();
            }
        }
    }

    private static int work(int kind) throws InterruptedException {
        switch (kind) {
            case 0:
                return 1;
            case 1:
                throw new IllegalStateException("fails");
            case 2:
                Thread.sleep(0, 50_000); // stands for a short piece of work
                return 2;
            default:
                new CountDownLatch(1).await(); // until cancelled
                return 3;
        }
    }

    @Test
    void closedNestedScopesAreNotRetainedByTheirOpenParent() throws InterruptedException {
        List<WeakReference<Scope>> closed = new ArrayList<>();
        try (var parent = Scope.open()) {
            for (int i = 0; i < 1_000; i++) {
                Blocking blocking = new Blocking();
                Scope child = Scope.open(); // nested in parent on this thread
                child.fork(blocking::untilInterrupted);
                blocking.started.await();
                // Cancels the blocked fork, and reports the missing join().
                assertThrows(IllegalStateException.class, child::close);
                closed.add(new WeakReference<>(child));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> allCollected(closed));
        }
    }

    @Test
    void cancelledForksLeaveNoThreadOrScopeReachable() throws InterruptedException {
        int n = 10_000 * Stress.scale();
        Queue<WeakReference<Thread>> threads = new ConcurrentLinkedQueue<>();
        CountDownLatch allStarted = new CountDownLatch(n);
        Scope scope = Scope.open();
        for (int i = 0; i < n; i++) {
            scope.fork(
                    () -> {
                        threads.add(new WeakReference<>(Thread.currentThread()));
                        allStarted.countDown();
                        new CountDownLatch(1).await(); // until cancelled
                        return null;
                    });
        }
        allStarted.await();
        assertThrows(IllegalStateException.class, scope::close); // no join(): reported
        List<WeakReference<?>> refs = new ArrayList<>(threads);
        refs.add(new WeakReference<>(scope));
        scope = null;
        threads.clear();
        await().atMost(Duration.ofSeconds(30)).until(() -> allCollected(refs));
    }

    @Test
    void endedForksOfALongLivedScopeDoNotPileUp() throws InterruptedException {
        // A server's scope stays open for ever while forks come and go. The owner unlinks ended
        // forks from time to time: each prune walks the forks linked before the previous one and
        // comes at least 32 forks after it, so with about one fork running at a time, at most 64
        // ended forks are still held.
        int n = 10_000;
        List<WeakReference<Fork<Integer>>> ended = new ArrayList<>(n);
        try (var server = Scope.open(Policy.awaitAll())) {
            for (int i = 0; i < n; i++) {
                ended.add(new WeakReference<>(forkAndAwaitEnd(server)));
            }
            System.gc();
            long retained = ended.stream().filter(r -> r.get() != null).count();
            assertTrue(retained <= 64, retained + " ended forks still reachable");
            server.join();
        }
    }

    /** Forks a quick task and spins until it has ended; returns nothing that stays reachable. */
    private static Fork<Integer> forkAndAwaitEnd(Scope scope) {
        Fork<Integer> fork = scope.fork(() -> 1);
        while (fork.state() == Fork.State.RUNNING) {
            Thread.onSpinWait();
        }
        return fork;
    }

    private static boolean allCollected(List<? extends WeakReference<?>> refs) {
        System.gc();
        return refs.stream().allMatch(r -> r.get() == null);
    }
}

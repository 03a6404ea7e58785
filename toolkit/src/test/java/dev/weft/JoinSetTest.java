package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link JoinSet}: tokio's JoinSet, outcomes in completion order. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JoinSetTest {

    @Test
    void joinNextGivesOutcomesInCompletionOrder() throws InterruptedException {
        CountDownLatch slowMayFinish = new CountDownLatch(1);
        try (JoinSet<String> set = JoinSet.open()) {
            set.spawn(
                    () -> {
                        slowMayFinish.await();
                        return "slow";
                    });
            set.spawn(() -> "fast");
            assertEquals(2, set.size());
            assertEquals(Optional.of(Result.ok("fast")), set.joinNext());
            slowMayFinish.countDown();
            assertEquals(Optional.of(Result.ok("slow")), set.joinNext());
            assertEquals(Optional.empty(), set.joinNext());
            assertTrue(set.isEmpty());
        }
    }

    @Test
    void aFailingTaskArrivesAsErrAndCancelsNothing() throws InterruptedException {
        var boom = new IOException("boom");
        CountDownLatch failed = new CountDownLatch(1);
        try (JoinSet<Integer> set = JoinSet.open()) {
            set.spawn(
                    () -> {
                        try {
                            throw boom;
                        } finally {
                            failed.countDown();
                        }
                    });
            set.spawn(
                    () -> {
                        failed.await();
                        return 2;
                    });
            assertEquals(Optional.of(Result.err(boom)), set.joinNext());
            assertEquals(Optional.of(Result.ok(2)), set.joinNext());
        }
    }

    @Test
    void closeCancelsTheTasksLeftAndWaitsForThem() throws InterruptedException {
        Blocking left = new Blocking();
        try (JoinSet<Object> set = JoinSet.open("downloads")) {
            set.spawn(left::untilInterrupted);
            left.started.await();
        }
        assertTrue(left.interrupted.get());
        assertEquals(0, left.ended.getCount());
    }

    @Test
    void tasksRunOnThreadsNamedAfterTheSet() throws InterruptedException {
        try (JoinSet<String> set = JoinSet.open("downloads")) {
            set.spawn(() -> Thread.currentThread().getName());
            assertEquals(Optional.of(Result.ok("downloads-fork-1")), set.joinNext());
        }
    }

    @Test
    void timedJoinNextThrowsWhenNothingFinishesInTime() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (JoinSet<Object> set = JoinSet.open()) {
            set.spawn(
                    () -> {
                        never.await();
                        return null;
                    });
            var e = assertThrows(TimeoutException.class, () -> set.joinNext(Duration.ofMillis(20)));
            assertEquals("no task finished within PT0.02S", e.getMessage());
            assertEquals(1, set.size(), "a timed-out joinNext takes nothing");
            assertEquals(Optional.of(Result.ok(5)), JoinSetTest.<Object>ok5(set));
        }
    }

    private static <T> Optional<Result<Object>> ok5(JoinSet<Object> set) throws Exception {
        set.spawn(() -> 5);
        return set.joinNext(Duration.ofSeconds(5));
    }

    @Test
    void tryJoinNextNeverBlocks() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        try (JoinSet<Integer> set = JoinSet.open()) {
            set.spawn(
                    () -> {
                        release.await();
                        return 1;
                    });
            assertEquals(Optional.empty(), set.tryJoinNext());
            release.countDown();
            org.awaitility.Awaitility.await()
                    .pollInSameThread() // tryJoinNext is for the owner only
                    .until(() -> set.tryJoinNext().equals(Optional.of(Result.ok(1))));
            assertTrue(set.isEmpty());
        }
    }

    @Test
    void anInterruptedJoinNextLosesNoOutcome() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> firstCall = new AtomicReference<>();
        AtomicReference<Optional<Result<Integer>>> secondCall = new AtomicReference<>();
        CountDownLatch spawned = new CountDownLatch(1);
        Thread owner =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try (JoinSet<Integer> set = JoinSet.open()) {
                                        set.spawn(
                                                () -> {
                                                    release.await();
                                                    return 7;
                                                });
                                        spawned.countDown();
                                        try {
                                            set.joinNext();
                                        } catch (InterruptedException e) {
                                            firstCall.set(e);
                                        }
                                        release.countDown();
                                        secondCall.set(set.joinNext());
                                    } catch (InterruptedException e) {
                                        firstCall.set(new AssertionError(e));
                                    }
                                });
        spawned.await();
        org.awaitility.Awaitility.await().until(() -> owner.getState() == Thread.State.WAITING);
        owner.interrupt();
        owner.join();
        assertInstanceOf(InterruptedException.class, firstCall.get());
        assertEquals(Optional.of(Result.ok(7)), secondCall.get());
    }

    @Test
    void onlyTheOwnerMaySpawnOrJoin() throws Exception {
        try (JoinSet<Integer> set = JoinSet.open()) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread other =
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        try {
                                            set.spawn(() -> 1);
                                        } catch (Throwable e) {
                                            thrown.set(e);
                                        }
                                    });
            other.join();
            assertInstanceOf(WrongThreadException.class, thrown.get());
            assertEquals(0, set.size());
        }
    }

    @Test
    void nullTaskAndBadTimeoutAreRejected() {
        try (JoinSet<Integer> set = JoinSet.open()) {
            assertThrows(NullPointerException.class, () -> set.spawn(null));
            var e = assertThrows(IllegalArgumentException.class, () -> set.joinNext(Duration.ZERO));
            assertEquals("timeout must be positive, was PT0S", e.getMessage());
        }
        var blank = assertThrows(IllegalArgumentException.class, () -> JoinSet.open(""));
        assertSame(IllegalArgumentException.class, blank.getClass());
    }

    @Test
    void joinNextDoesNotHangWhenTheSetWasOpenedInAnAlreadyCancelledScope()
            throws InterruptedException {
        try (var outer = Scope.open(c -> c.withName("outer"))) {
            outer.fork(Blocking.failing(new IllegalStateException("boom")));
            org.awaitility.Awaitility.await().until(outer::isCancelled);
            try (JoinSet<Integer> set = JoinSet.open()) {
                set.spawn(() -> 1); // never starts: the set is cancelled with `outer`
                ScopeCancelledException e =
                        assertThrows(ScopeCancelledException.class, set::joinNext);
                assertTrue(e.getMessage().contains("'outer'"), e.getMessage());
                assertEquals(0, set.size());
            }
            assertThrows(ScopeFailedException.class, outer::join);
        }
    }

    @Test
    void joinNextInASetCancelledFromOutsideWaitsForItsTasksAndCarriesTheirFailures()
            throws InterruptedException {
        var cleanupFailed = new IllegalStateException("cleanup failed");
        Blocking blocking = new Blocking();
        try (var outer = Scope.open()) {
            outer.fork(
                    Blocking.failingAfter(blocking.started, new IllegalStateException("sibling")));
            try (JoinSet<Object> set = JoinSet.open()) { // nested in `outer` on this thread
                set.spawn(() -> blocking.untilInterruptedThenFail(cleanupFailed));
                ScopeCancelledException e =
                        assertThrows(ScopeCancelledException.class, set::joinNext);
                assertSame(cleanupFailed, e.getCause());
                assertTrue(set.isEmpty());
            }
            assertThrows(ScopeFailedException.class, outer::join);
        }
    }

    @Test
    void anInterruptWhileACancelledSetWaitsForItsTasksLosesNothing() throws InterruptedException {
        var cleanupFailed = new IllegalStateException("cleanup failed");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch mayEnd = new CountDownLatch(1);
        try (var outer = Scope.open()) {
            outer.fork(Blocking.failingAfter(started, new IllegalStateException("sibling")));
            try (JoinSet<Integer> set = JoinSet.open()) {
                set.spawn(
                        () -> {
                            started.countDown();
                            ScopeTest.awaitIgnoringInterrupts(mayEnd); // slow to stop
                            throw cleanupFailed;
                        });
                org.awaitility.Awaitility.await().until(outer::isCancelled);
                Thread.currentThread().interrupt();
                assertThrows(InterruptedException.class, set::joinNext);
                assertEquals(1, set.size());
                mayEnd.countDown();
                ScopeCancelledException e =
                        assertThrows(ScopeCancelledException.class, set::joinNext);
                assertSame(cleanupFailed, e.getCause());
                assertEquals(0, set.size());
            }
            assertThrows(ScopeFailedException.class, outer::join);
        }
    }

    @Test
    void sizeIsZeroAfterCloseEvenForTasksThatNeverStarted() throws InterruptedException {
        JoinSet<Object> set = JoinSet.open();
        Blocking blocking = new Blocking();
        set.spawn(blocking::untilInterrupted);
        set.spawn(() -> 2);
        blocking.started.await();
        set.close();
        assertEquals(0, set.size());
        assertEquals(Optional.empty(), set.joinNext());
    }
}

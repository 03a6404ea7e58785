package dev.weft;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The life cycle of a {@link Scope} and the guarantees it gives. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScopeTest {

    @Test
    void forksRunConcurrentlyAndJoinGivesTheirValues() throws InterruptedException {
        CountDownLatch bothRunning = new CountDownLatch(2);
        try (var scope = Scope.open()) {
            Fork<String> user =
                    scope.fork(
                            () -> {
                                bothRunning.countDown();
                                bothRunning.await(); // only passes if the other runs at once
                                return "ada";
                            });
            Fork<Integer> orders =
                    scope.fork(
                            () -> {
                                bothRunning.countDown();
                                bothRunning.await();
                                return 3;
                            });
            scope.join();
            assertEquals("ada", user.get());
            assertEquals(3, orders.get());
            assertEquals(Fork.State.SUCCEEDED, user.state());
        }
    }

    @Test
    void eachForkRunsOnItsOwnVirtualThreadNamedAfterTheScope() throws InterruptedException {
        try (var scope = Scope.open(c -> c.withName("checkout"))) {
            Fork<Thread> first = scope.fork(Thread::currentThread);
            Fork<Thread> second = scope.fork(Thread::currentThread);
            scope.join();
            assertTrue(first.get().isVirtual());
            assertEquals("checkout-fork-1", first.get().getName());
            assertEquals("checkout-fork-2", second.get().getName());
            assertEquals("checkout-fork-2", second.name());
            assertEquals("checkout", scope.name());
        }
    }

    @Test
    void unnamedScopesGetDistinctGeneratedNames() {
        try (var a = Scope.open();
                var b = Scope.open()) {
            assertTrue(a.name().startsWith("scope-"), a.name());
            assertNotEquals(a.name(), b.name());
        }
    }

    @Test
    void runnableForkHasNullValue() throws InterruptedException {
        AtomicBoolean ran = new AtomicBoolean();
        try (var scope = Scope.open()) {
            Fork<Void> fork = scope.fork(() -> ran.set(true));
            scope.join();
            assertEquals(null, fork.get());
            assertTrue(ran.get());
        }
    }

    // Guarantee 1: close() returns only after every fork has ended, even if interrupted.
    @Test
    void closeWaitsForEveryForkEvenWhenTheOwnerIsInterrupted() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean forkEnded = new AtomicBoolean();
        Thread owner = Thread.currentThread();
        Scope scope = Scope.open();
        Fork<Void> stubborn =
                scope.fork(
                        () -> {
                            started.countDown();
                            awaitIgnoringInterrupts(release); // ignores the cancellation
                            forkEnded.set(true);
                        });
        awaitIgnoringInterrupts(started);
        Thread releaser =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    // Only once the owner is parked in close(): interrupt it,
                                    // then let the fork end.
                                    await().until(() -> owner.getState() == Thread.State.WAITING);
                                    owner.interrupt();
                                    release.countDown();
                                });
        // No join(): close() reports that too, after waiting.
        assertThrows(IllegalStateException.class, scope::close);
        assertTrue(forkEnded.get(), "close() returned before the fork ended");
        assertEquals(Fork.State.SUCCEEDED, stubborn.state());
        assertTrue(Thread.interrupted(), "close() must re-assert the interrupt flag");
        joinQuietly(releaser);
    }

    @Test
    void closeWithoutJoinCancelsTheForksStillRunning() throws InterruptedException {
        Blocking blocking = new Blocking();
        Fork<Object> fork;
        var scope = Scope.open();
        fork = scope.fork(blocking::untilInterrupted);
        blocking.started.await();
        assertThrows(IllegalStateException.class, scope::close);
        assertTrue(blocking.interrupted.get());
        assertEquals(Fork.State.CANCELLED, fork.state());
    }

    @Test
    void everyForkThreadHasTerminatedWhenCloseReturns() throws InterruptedException {
        List<Fork<Thread>> forks = new ArrayList<>();
        try (var scope = Scope.open(Policy.awaitAll())) {
            for (int i = 0; i < 100; i++) {
                forks.add(scope.fork(Thread::currentThread));
            }
            scope.join();
        }
        for (Fork<Thread> fork : forks) {
            assertFalse(fork.get().isAlive(), fork.get() + " outlived close()");
        }
        assertEquals(100, forks.stream().map(Fork::get).distinct().count());
    }

    // Guarantee 7: an interrupted owner cancels the scope's forks.
    @Test
    void interruptedOwnerCancelsTheForks() throws Exception {
        Blocking blocking = new Blocking();
        AtomicReference<Throwable> thrownByJoin = new AtomicReference<>();
        AtomicReference<Fork<Object>> fork = new AtomicReference<>();
        Thread owner =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try (var scope = Scope.open()) {
                                        fork.set(scope.fork(blocking::untilInterrupted));
                                        scope.join();
                                    } catch (Throwable e) {
                                        thrownByJoin.set(e);
                                    }
                                });
        blocking.started.await();
        owner.interrupt();
        owner.join();
        assertInstanceOf(InterruptedException.class, thrownByJoin.get());
        assertTrue(blocking.interrupted.get(), "the fork was not interrupted");
        assertEquals(Fork.State.CANCELLED, fork.get().state());
    }

    @Test
    void joinWithTheInterruptFlagAlreadySetThrowsAndCancels() throws InterruptedException {
        Blocking blocking = new Blocking();
        try (var scope = Scope.open()) {
            scope.fork(blocking::untilInterrupted);
            blocking.started.await();
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, scope::join);
            assertTrue(scope.isCancelled());
            assertThrows(ScopeCancelledException.class, scope::join); // takes the outcome
        }
        assertTrue(blocking.interrupted.get());
    }

    // Guarantee 8: memory visibility across fork and join.
    @Test
    void writesBeforeForkAreSeenInTheForkAndForkWritesAreSeenAfterJoin()
            throws InterruptedException {
        for (int round = 0; round < 200; round++) {
            int[] box = new int[2]; // plain, non-volatile memory
            box[0] = round;
            try (var scope = Scope.open()) {
                scope.fork(
                        () -> {
                            box[1] = box[0] + 1;
                        });
                scope.join();
            }
            assertEquals(round + 1, box[1]);
        }
    }

    @Test
    void forkInACancelledScopeNeverRuns() throws InterruptedException {
        AtomicBoolean ran = new AtomicBoolean();
        try (var scope = Scope.open()) {
            Fork<Object> failing = scope.fork(Blocking.failing(new IllegalStateException("boom")));
            await().until(scope::isCancelled);
            Fork<Void> late = scope.fork(() -> ran.set(true));
            assertEquals(Fork.State.CANCELLED, late.state());
            assertThrows(ScopeFailedException.class, scope::join);
            assertEquals(Fork.State.FAILED, failing.state());
        }
        assertFalse(ran.get());
    }

    @Test
    void cancelledForkHasNeitherValueNorException() throws InterruptedException {
        Blocking blocking = new Blocking();
        try (var scope = Scope.open()) {
            Fork<Object> cancelled = scope.fork(blocking::untilInterrupted);
            scope.fork(Blocking.failingAfter(blocking.started, new IllegalStateException("boom")));
            assertThrows(ScopeFailedException.class, scope::join);
            assertEquals(Fork.State.CANCELLED, cancelled.state());
            var noValue = assertThrows(CancellationException.class, cancelled::get);
            assertTrue(noValue.getMessage().contains("was cancelled"), noValue.getMessage());
            assertThrows(IllegalStateException.class, cancelled::exception);
        }
    }

    @Test
    void failedForkGetThrowsWithTheFailureAsCause() throws InterruptedException {
        var boom = new IllegalStateException("boom");
        try (var scope = Scope.open(Policy.awaitAll())) {
            Fork<Object> fork = scope.fork(Blocking.failing(boom));
            scope.join();
            var e = assertThrows(TaskFailedException.class, fork::get);
            assertSame(boom, e.getCause());
            assertSame(boom, fork.exception());
        }
    }

    @Test
    void stateIsReadableFromAnyThreadAtAnyTime() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        try (var scope = Scope.open()) {
            Fork<Integer> fork =
                    scope.fork(
                            () -> {
                                release.await();
                                return 1;
                            });
            assertEquals(Fork.State.RUNNING, fork.state());
            release.countDown();
            await().until(() -> fork.state() == Fork.State.SUCCEEDED);
            scope.join();
        }
    }

    @Test
    void nullTaskIsRejectedBeforeAnythingStarts() {
        try (var scope = Scope.open()) {
            assertThrows(
                    NullPointerException.class,
                    () -> scope.fork((java.util.concurrent.Callable<?>) null));
            assertThrows(NullPointerException.class, () -> scope.fork((Runnable) null));
        }
    }

    @Test
    void badConfigurationIsRejectedNamingTheValue() {
        assertThrows(NullPointerException.class, () -> Scope.open((Policy) null));
        assertThrows(NullPointerException.class, () -> Scope.open(c -> null));
        var blank =
                assertThrows(
                        IllegalArgumentException.class, () -> Scope.open(c -> c.withName(" ")));
        assertTrue(blank.getMessage().contains("' '"), blank.getMessage());
        var zero =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Scope.open(c -> c.withTimeout(Duration.ZERO)));
        assertEquals("timeout must be positive, was PT0S", zero.getMessage());
        var negative =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Scope.open(c -> c.withTimeout(Duration.ofSeconds(-1))));
        assertEquals("timeout must be positive, was PT-1S", negative.getMessage());
    }

    static void awaitIgnoringInterrupts(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}

package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A scope cancelled from outside (its enclosing scope cancelled, its deadline passed, its owner
 * interrupted) never reports success, and no combinator built on a scope returns a partial result.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CancelledFromOutsideTest {

    private static final List<Integer> TEN = IntStream.range(0, 10).boxed().toList();

    /**
     * Runs {@code work} on this thread, nested in a fail-fast scope whose fork fails once {@code
     * started} opens, and returns what {@code work} returned or threw. The owner is not
     * interrupted: only the link from the enclosing scope cancels what {@code work} opens.
     */
    private static Object runWhileASiblingFails(CountDownLatch started, Callable<?> work)
            throws InterruptedException {
        Object outcome;
        try (var outer = Scope.open(c -> c.withName("outer"))) {
            outer.fork(Blocking.failingAfter(started, new IllegalStateException("sibling")));
            try {
                outcome = work.call();
            } catch (Exception e) {
                outcome = e;
            }
            assertThrows(ScopeFailedException.class, outer::join);
        }
        return outcome;
    }

    /** An item function that signals it started and then swallows the cancellation. */
    private static TaskFunction<Integer, Integer> swallowingTheInterrupt(CountDownLatch started) {
        return item -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException swallowed) {
                // returns as if it had finished
            }
            return item;
        };
    }

    @Test
    void mapConcurrentThrowsInsteadOfAPartialListWhenItsEnclosingScopeIsCancelled()
            throws InterruptedException {
        CountDownLatch started = new CountDownLatch(2);
        Object outcome =
                runWhileASiblingFails(
                        started,
                        () -> Tasks.mapConcurrent(TEN, 2, swallowingTheInterrupt(started)));
        ScopeCancelledException e = assertInstanceOf(ScopeCancelledException.class, outcome);
        assertTrue(e.getMessage().contains("'outer'"), e.getMessage());
    }

    @Test
    void forEachConcurrentThrowsInsteadOfRunningPartOfTheItemsWhenCancelledFromOutside()
            throws InterruptedException {
        CountDownLatch started = new CountDownLatch(3);
        AtomicInteger ran = new AtomicInteger();
        TaskFunction<Integer, Integer> item = swallowingTheInterrupt(started);
        Object outcome =
                runWhileASiblingFails(
                        started,
                        () -> {
                            Tasks.forEachConcurrent(
                                    TEN,
                                    3,
                                    i -> {
                                        item.apply(i);
                                        ran.incrementAndGet();
                                    });
                            return "ran " + ran.get() + " of 10";
                        });
        assertInstanceOf(ScopeCancelledException.class, outcome);
    }

    @Test
    void mapConcurrentThrowsWhenTheEnclosingDeadlinePasses() throws InterruptedException {
        Object outcome;
        try (var outer = Scope.open(c -> c.withName("outer").withTimeout(Duration.ofMillis(50)))) {
            try {
                outcome =
                        Tasks.mapConcurrent(TEN, 1, swallowingTheInterrupt(new CountDownLatch(1)));
            } catch (ScopeCancelledException e) {
                outcome = e;
            }
            assertThrows(ScopeTimeoutException.class, outer::join);
        }
        ScopeCancelledException e = assertInstanceOf(ScopeCancelledException.class, outcome);
        assertTrue(e.getMessage().contains("its deadline of PT0.05S passed"), e.getMessage());
    }

    @Test
    void aCombinatorInAForkOfACancelledScopeNeverReturnsAValue() throws InterruptedException {
        // Its owner is the fork's thread, which the cancel interrupts: InterruptedException or
        // ScopeCancelledException, whichever it meets first; never a list.
        CountDownLatch started = new CountDownLatch(2);
        AtomicReference<Object> outcome = new AtomicReference<>();
        try (var outer = Scope.open()) {
            outer.fork(
                    () -> {
                        try {
                            outcome.set(
                                    Tasks.mapConcurrent(TEN, 2, swallowingTheInterrupt(started)));
                        } catch (InterruptedException | ScopeCancelledException e) {
                            outcome.set(e);
                        }
                        return null;
                    });
            outer.fork(Blocking.failingAfter(started, new IllegalStateException("sibling")));
            assertThrows(ScopeFailedException.class, outer::join);
        }
        assertInstanceOf(Exception.class, outcome.get(), "returned " + outcome.get());
    }

    @Test
    void joinAllAndRaceThrowWhenCancelledFromOutside() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Callable<Integer> swallows =
                () -> swallowingTheInterrupt(started).apply(1); // returns 1 after the cancel
        assertInstanceOf(
                ScopeCancelledException.class,
                runWhileASiblingFails(started, () -> Tasks.joinAll(List.of(swallows))));
        CountDownLatch raceStarted = new CountDownLatch(1);
        Callable<Integer> blocks =
                () -> {
                    raceStarted.countDown();
                    new CountDownLatch(1).await();
                    return 1;
                };
        Object race = runWhileASiblingFails(raceStarted, () -> Tasks.race(List.of(blocks)));
        ScopeCancelledException e = assertInstanceOf(ScopeCancelledException.class, race);
        assertFalse(e.getMessage().contains("forks failed"), e.getMessage());
    }

    @Test
    void tryJoinThrowsScopeCancelledWhenItsForksSwallowTheInterrupt() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(2);
        TaskFunction<Integer, Integer> swallows = swallowingTheInterrupt(started);
        Object outcome =
                runWhileASiblingFails(
                        started,
                        () -> Tasks.tryJoin(() -> swallows.apply(1), () -> swallows.apply(2)));
        assertInstanceOf(ScopeCancelledException.class, outcome);
    }

    @Test
    void joinOfAScopeCancelledByItsParentNamesWhatCancelledIt() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Object outcome =
                runWhileASiblingFails(
                        started,
                        () -> {
                            try (var inner = Scope.open(c -> c.withName("inner"))) {
                                inner.fork(
                                        () -> {
                                            started.countDown();
                                            return 1; // succeeds before the parent is cancelled
                                        });
                                while (!inner.isCancelled()) {
                                    Thread.onSpinWait(); // the parent's cancel reaches it
                                }
                                inner.join();
                                return "joined as if it had succeeded";
                            }
                        });
        ScopeCancelledException e = assertInstanceOf(ScopeCancelledException.class, outcome);
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "scope 'inner' was cancelled: the scope it is nested in, 'outer',"
                                        + " was cancelled (its policy cancelled it after fork"
                                        + " 'outer-fork-1' failed)"),
                e.getMessage());
    }

    @Test
    void timeoutCarriesTheFailuresOfTheForks() throws InterruptedException {
        var before = new IllegalStateException("failed before the deadline");
        var after = new IllegalStateException("failed while being cancelled");
        try (var scope =
                Scope.open(
                        c -> c.withPolicy(Policy.awaitAll()).withTimeout(Duration.ofMillis(50)))) {
            scope.fork(Blocking.failing(before));
            scope.fork(() -> new Blocking().untilInterruptedThenFail(after));
            ScopeTimeoutException e = assertThrows(ScopeTimeoutException.class, scope::join);
            assertSame(before, e.getCause());
            assertEquals(List.of(after), List.of(e.getSuppressed()));
        }
    }

    @Test
    void joinAgainAfterAnInterruptedJoinWaitsAndThrowsWithTheFailures()
            throws InterruptedException {
        var cleanupFailed = new IllegalStateException("cleanup failed");
        Blocking blocking = new Blocking();
        try (var scope = Scope.open(c -> c.withName("s"))) {
            Fork<Object> fork = scope.fork(() -> blocking.untilInterruptedThenFail(cleanupFailed));
            blocking.started.await();
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, scope::join);
            ScopeCancelledException e = assertThrows(ScopeCancelledException.class, scope::join);
            assertEquals(
                    "scope 's' was cancelled: its owner '"
                            + Thread.currentThread().getName()
                            + "' was interrupted",
                    e.getMessage());
            assertSame(cleanupFailed, e.getCause());
            assertEquals(Fork.State.FAILED, fork.state());
            assertSame(cleanupFailed, fork.exception());
            assertThrows(IllegalStateException.class, scope::join); // that outcome is final
        }
    }
}

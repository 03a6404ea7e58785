package dev.weft;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Guarantees 2 and 3: what each policy cancels and what {@code join()} reports. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PolicyTest {

    @Test
    void failFastFirstFailureInterruptsSiblingsAndIsTheCause() throws InterruptedException {
        Blocking sibling = new Blocking();
        var boom = new IOException("boom");
        try (var scope = Scope.open()) {
            Fork<Object> slow = scope.fork(sibling::untilInterrupted);
            scope.fork(Blocking.failingAfter(sibling.started, boom));
            var e = assertThrows(ScopeFailedException.class, scope::join);
            assertSame(boom, e.getCause());
            assertEquals(0, e.getSuppressed().length, "a cancelled sibling is not a failure");
            assertTrue(sibling.interrupted.get());
            assertEquals(Fork.State.CANCELLED, slow.state());
        }
    }

    @Test
    void failFastLaterFailuresAreSuppressed() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        var first = new IllegalStateException("first");
        var later = new IOException("cleanup failed while cancelled");
        try (var scope = Scope.open()) {
            scope.fork(
                    () -> {
                        started.countDown();
                        try {
                            new CountDownLatch(1).await();
                        } catch (InterruptedException cancelled) {
                            throw later; // a real failure, not a cancellation
                        }
                        return null;
                    });
            scope.fork(Blocking.failingAfter(started, first));
            var e = assertThrows(ScopeFailedException.class, scope::join);
            assertSame(first, e.getCause());
            assertArrayEquals(new Throwable[] {later}, e.getSuppressed());
        }
    }

    @Test
    void awaitAllNeverCancelsAndJoinDoesNotThrow() throws InterruptedException {
        var boom = new IllegalStateException("boom");
        try (var scope = Scope.open(Policy.awaitAll())) {
            Fork<Object> failing = scope.fork(Blocking.failing(boom));
            Fork<Integer> survivor =
                    scope.fork(
                            () -> {
                                // runs on after its sibling failed
                                await().until(() -> failing.state() == Fork.State.FAILED);
                                return 2;
                            });
            scope.join();
            assertSame(boom, failing.exception());
            assertEquals(2, survivor.get());
            assertEquals(false, scope.isCancelled());
        }
    }

    @Test
    void firstSuccessWinsAndLosersAreInterruptedAndAwaited() throws InterruptedException {
        Blocking loser = new Blocking();
        try (var scope = Scope.open(Policy.firstSuccess())) {
            Fork<Object> slow = scope.fork(loser::untilInterrupted);
            Fork<String> fast =
                    scope.fork(
                            () -> {
                                loser.started.await();
                                return "fast";
                            });
            scope.join();
            assertEquals("fast", fast.get());
            assertEquals(Fork.State.CANCELLED, slow.state());
            assertEquals(0, loser.ended.getCount(), "the loser had not ended when join returned");
        }
    }

    @Test
    void firstSuccessFailsOnlyWhenEveryForkFailedAndCarriesEveryFailure()
            throws InterruptedException {
        var a = new IOException("a");
        var b = new IOException("b");
        try (var scope = Scope.open(c -> c.withName("mirrors").withPolicy(Policy.firstSuccess()))) {
            Fork<Object> first = scope.fork(Blocking.failing(a));
            scope.fork(
                    (Callable<Object>)
                            () -> {
                                await().until(() -> first.state() == Fork.State.FAILED);
                                throw b;
                            });
            var e = assertThrows(ScopeFailedException.class, scope::join);
            assertEquals("scope 'mirrors' had no success: all 2 forks failed", e.getMessage());
            assertSame(a, e.getCause());
            assertArrayEquals(new Throwable[] {b}, e.getSuppressed());
        }
    }

    @Test
    void firstSuccessWithNoForksFailsClearly() {
        try (var scope = Scope.open(c -> c.withName("empty").withPolicy(Policy.firstSuccess()))) {
            var e = assertThrows(ScopeFailedException.class, scope::join);
            assertEquals("scope 'empty' had no success: no fork was forked", e.getMessage());
        }
    }

    @Test
    void customPolicyDecidesWhenToCancelAndWhatJoinReports() throws InterruptedException {
        AtomicInteger seen = new AtomicInteger();
        Policy firstToEnd =
                new Policy() {
                    @Override
                    public boolean cancelAfter(Fork<?> ended) {
                        seen.incrementAndGet();
                        return true;
                    }

                    @Override
                    public void onJoin(Outcome outcome) {
                        if (outcome.succeeded() != 1) {
                            throw new IllegalStateException("expected one success: " + outcome);
                        }
                    }
                };
        Blocking other = new Blocking();
        try (var scope = Scope.open(firstToEnd)) {
            scope.fork(other::untilInterrupted);
            Fork<Integer> first =
                    scope.fork(
                            () -> {
                                other.started.await();
                                return 1;
                            });
            scope.join();
            assertEquals(1, first.get());
            assertTrue(other.interrupted.get());
            assertEquals(1, seen.get(), "cancelAfter is not asked again once cancelled");
        }
    }

    @Test
    void aPolicyThatThrowsFailsTheScopeInsteadOfLosingTheError() throws InterruptedException {
        var broken = new IllegalStateException("policy bug");
        try (var scope = Scope.open(throwingPolicy(broken, Policy.failFast()))) {
            scope.fork(() -> 1);
            var e = assertThrows(ScopeFailedException.class, scope::join);
            assertSame(broken, e.getCause());
        }
    }

    @Test
    void aPolicyThatThrowsFailsTheJoinEvenIfItsOnJoinReportsNoFailure()
            throws InterruptedException {
        var broken = new IllegalStateException("policy bug");
        try (var scope = Scope.open(throwingPolicy(broken, Policy.awaitAll()))) {
            scope.fork(() -> 1);
            var e = assertThrows(ScopeFailedException.class, scope::join);
            assertSame(broken, e.getCause());
            assertTrue(e.getMessage().contains("its policy threw"), e.getMessage());
        }
    }

    /** A policy whose cancelAfter throws {@code broken}, and that joins as {@code joinAs}. */
    private static Policy throwingPolicy(RuntimeException broken, Policy joinAs) {
        return new Policy() {
            @Override
            public boolean cancelAfter(Fork<?> ended) {
                throw broken;
            }

            @Override
            public void onJoin(Outcome outcome) {
                joinAs.onJoin(outcome);
            }
        };
    }
}

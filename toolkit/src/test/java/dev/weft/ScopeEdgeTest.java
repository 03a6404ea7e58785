package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The edges of a scope's life: a forgotten join, scopes a task leaves open, cause chains that are
 * cycles, and what {@code close()} leaves behind.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScopeEdgeTest {

    @Test
    void closeWithoutJoinThrowsWithTheForksFailuresAttached() throws InterruptedException {
        var boom = new IllegalStateException("boom");
        CountDownLatch failed = new CountDownLatch(1);
        var scope = Scope.open(c -> c.name("forgot").policy(Policy.awaitAll()));
        scope.fork(
                () -> {
                    failed.countDown();
                    throw boom;
                });
        failed.await();
        IllegalStateException e = assertThrows(IllegalStateException.class, scope::close);
        assertTrue(
                e.getMessage().startsWith("scope 'forgot' was closed without join()"),
                e.getMessage());
        assertEquals(List.of(boom), List.of(e.getSuppressed()));
    }

    @Test
    void inTryWithResourcesTheExceptionLeavingTheBlockStaysPrimary() throws InterruptedException {
        var boom = new IllegalStateException("fork failed");
        var leaving = new RuntimeException("leaving the block");
        CountDownLatch failed = new CountDownLatch(1);
        RuntimeException thrown =
                assertThrows(
                        RuntimeException.class,
                        () -> {
                            try (var scope = Scope.open(Policy.awaitAll())) {
                                scope.fork(
                                        () -> {
                                            failed.countDown();
                                            throw boom;
                                        });
                                failed.await();
                                throw leaving;
                            }
                        });
        assertSame(leaving, thrown);
        IllegalStateException unjoined =
                assertInstanceOf(IllegalStateException.class, thrown.getSuppressed()[0]);
        assertEquals(List.of(boom), List.of(unjoined.getSuppressed()));
    }

    @Test
    void closeWithNothingForkedNeedsNoJoin() {
        var scope = Scope.open();
        scope.close(); // nothing was forked: nothing to report
        assertTrue(scope.isCancelled());
    }

    @Test
    void isCancelledAfterCloseOfAScopeWhoseForksHadAllEnded() throws InterruptedException {
        var scope = Scope.open();
        scope.fork(() -> 1);
        scope.join();
        assertTrue(!scope.isCancelled(), "nothing cancelled it before close()");
        scope.close();
        assertTrue(scope.isCancelled());
    }

    @Test
    void aForkThatLeavesAScopeOpenFailsAndTheNestedForksEndBeforeTheOuterCloseReturns()
            throws InterruptedException {
        Blocking nestedFork = new Blocking();
        AtomicReference<Scope> leaked = new AtomicReference<>();
        Fork<Integer> fork;
        try (var outer = Scope.open()) {
            fork =
                    outer.fork(
                            () -> {
                                Scope inner = Scope.open(c -> c.name("leaked"));
                                leaked.set(inner);
                                inner.fork(nestedFork::untilInterrupted);
                                nestedFork.started.await();
                                return 1; // returns without closing `inner`
                            });
            ScopeFailedException e = assertThrows(ScopeFailedException.class, outer::join);
            IllegalStateException cause =
                    assertInstanceOf(IllegalStateException.class, e.getCause());
            assertTrue(
                    cause.getMessage()
                            .contains("ended with scope(s) [leaked] it opened still open"),
                    cause.getMessage());
        }
        assertEquals(0, nestedFork.ended.getCount(), "a nested fork outlived the outer scope");
        assertTrue(nestedFork.interrupted.get());
        assertEquals(Fork.State.FAILED, fork.state());
        assertTrue(leaked.get().isCancelled());
    }

    @Test
    void aForkThatLeavesAScopeOpenKeepsItsOwnFailureAsTheCause() throws InterruptedException {
        var own = new IllegalArgumentException("own failure");
        try (var outer = Scope.open(Policy.awaitAll())) {
            Fork<Object> fork =
                    outer.fork(
                            () -> {
                                Scope.open();
                                throw own;
                            });
            outer.join();
            IllegalStateException e =
                    assertInstanceOf(IllegalStateException.class, fork.exception());
            assertSame(own, e.getCause());
        }
    }

    /** A task that, once cancelled, throws an exception whose cause chain is a cycle. */
    private static Callable<Object> throwsACyclicCauseWhenCancelled(CountDownLatch started) {
        return () -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                var a = new RuntimeException("a");
                var b = new RuntimeException("b", a);
                a.initCause(b);
                throw a;
            }
            return null;
        };
    }

    @Test
    void aCyclicCauseChainDoesNotHangJoinOrClose() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        var sibling = new IllegalStateException("sibling");
        Fork<Object> cyclic;
        try (var scope = Scope.open()) {
            cyclic = scope.fork(throwsACyclicCauseWhenCancelled(started));
            scope.fork(Blocking.failingAfter(started, sibling));
            ScopeFailedException e = assertThrows(ScopeFailedException.class, scope::join);
            assertSame(sibling, e.getCause());
            assertEquals(1, e.getSuppressed().length); // the cyclic one: a real failure
        }
        assertEquals(Fork.State.FAILED, cyclic.state());
    }

    @Test
    void findingAnInterruptInACyclicCauseChainEnds() {
        var a = new RuntimeException("a");
        var b = new RuntimeException("b", a);
        a.initCause(b);
        assertFalse(Failures.isCancellation(a));
        var c = new RuntimeException("c", new InterruptedException());
        var d = new RuntimeException("d", c);
        assertTrue(Failures.isCancellation(d));
    }
}

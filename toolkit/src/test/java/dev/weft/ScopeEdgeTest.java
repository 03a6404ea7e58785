package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
        var scope = Scope.open(c -> c.withName("forgot").withPolicy(Policy.awaitAll()));
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
                                Scope inner = Scope.open(c -> c.withName("leaked"));
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

    /** a -> b -> a: no cause is null, none is an interrupt. */
    private static RuntimeException cyclicChain() {
        var a = new RuntimeException("a");
        var b = new RuntimeException("b", a);
        a.initCause(b);
        return b;
    }

    @Test
    void aCyclicCauseChainThrownAfterCancellationDoesNotHangJoin() throws InterruptedException {
        RuntimeException cyclic = cyclicChain();
        var sibling = new IllegalStateException("cancels the scope");
        Blocking blocking = new Blocking();
        Fork<Object> looping;
        try (var scope = Scope.open()) {
            looping = scope.fork(() -> blocking.untilInterruptedThenFail(cyclic));
            scope.fork(Blocking.failingAfter(blocking.started, sibling));
            ScopeFailedException e = assertThrows(ScopeFailedException.class, scope::join);
            assertSame(sibling, e.getCause());
            assertEquals(List.of(cyclic), List.of(e.getSuppressed())); // a real failure
        }
        assertEquals(Fork.State.FAILED, looping.state());
        assertSame(cyclic, looping.exception());
    }

    @Test
    void aCyclicCauseChainThrownAfterCancellationDoesNotHangClose() throws InterruptedException {
        RuntimeException cyclic = cyclicChain();
        Blocking blocking = new Blocking();
        var scope = Scope.open();
        Fork<Object> looping = scope.fork(() -> blocking.untilInterruptedThenFail(cyclic));
        blocking.started.await();
        var e = assertThrows(IllegalStateException.class, scope::close); // closed without join()
        assertEquals(List.of(cyclic), List.of(e.getSuppressed()));
        assertEquals(Fork.State.FAILED, looping.state());
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

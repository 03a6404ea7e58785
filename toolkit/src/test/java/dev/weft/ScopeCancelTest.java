package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Scope#cancel()}: the owner, a fork or any thread cuts the scope's work short on purpose;
 * tokio's {@code JoinSet::abort_all}.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScopeCancelTest {

    @Test
    void ownerCancelInterruptsTheForksAndJoinDoesNotSucceed() throws Exception {
        var blocking = new Blocking();
        try (var scope = Scope.open(c -> c.withName("search"))) {
            Fork<Object> fork = scope.fork(blocking::untilInterrupted);
            blocking.started.await();
            scope.cancel();
            assertTrue(scope.isCancelled());
            var e = assertThrows(ScopeCancelledException.class, scope::join);
            assertEquals(
                    "scope 'search' was cancelled: cancel() was called by thread '"
                            + Thread.currentThread().getName()
                            + "'",
                    e.getMessage());
            assertTrue(blocking.interrupted.get());
            assertEquals(Fork.State.CANCELLED, fork.state(), "cancelled, not failed");
        }
    }

    @Test
    void aForkThatFoundTheAnswerCancelsTheOthers() throws Exception {
        var slow = new Blocking();
        try (var scope = Scope.open(c -> c.withName("race"))) {
            Fork<Object> loser = scope.fork(slow::untilInterrupted);
            Fork<String> winner =
                    scope.fork(
                            () -> {
                                slow.started.await();
                                scope.cancel(); // from a fork's thread
                                return "found";
                            });
            var e = assertThrows(ScopeCancelledException.class, scope::join);
            assertTrue(e.getMessage().contains("cancel() was called by thread 'race-fork-2'"));
            assertEquals(Fork.State.CANCELLED, loser.state());
            assertEquals("found", winner.get(), "a fork that succeeded is still read");
        }
    }

    @Test
    void aForkForkedAfterTheCancelNeverStarts() throws Exception {
        var ran = new AtomicBoolean();
        try (var scope = Scope.open()) {
            scope.cancel();
            Fork<Void> late = scope.fork(() -> ran.set(true));
            assertThrows(ScopeCancelledException.class, scope::join);
            assertEquals(Fork.State.CANCELLED, late.state());
        }
        assertFalse(ran.get());
    }

    @Test
    void theFailuresOfTheForksAreAttached() throws Exception {
        var blocking = new Blocking();
        var cleanupFailed = new IllegalStateException("cleanup failed");
        try (var scope = Scope.open()) {
            scope.fork(() -> blocking.untilInterruptedThenFail(cleanupFailed));
            blocking.started.await();
            scope.cancel();
            var e = assertThrows(ScopeCancelledException.class, scope::join);
            assertSame(cleanupFailed, e.getCause(), "no failure vanishes");
        }
    }

    @Test
    void aPolicyVerdictThatCameFirstStaysFirst() throws Exception {
        var failure = new IOException("down");
        try (var scope = Scope.open()) {
            scope.fork(Blocking.failing(failure));
            scope.awaitForksEnded(); // fail-fast has cancelled the scope
            scope.cancel(); // already cancelled: nothing happens
            var e = assertThrows(ScopeFailedException.class, scope::join);
            assertSame(failure, e.getCause());
        }
    }

    @Test
    void cancellingAScopeWhosePolicyAlreadyDecidedDoesNothing() throws Exception {
        try (var scope = Scope.open(Policy.firstSuccess())) {
            Fork<String> first = scope.fork(() -> "first");
            scope.awaitForksEnded(); // first-success cancelled the scope after the first success
            scope.cancel();
            scope.join(); // success
            assertEquals("first", first.get());
        }
    }

    @Test
    void scopesNestedInACancelledScopeAreCancelledAndSaySo() throws Exception {
        var inner = new Blocking();
        try (var outer = Scope.open(c -> c.withName("outer"))) {
            Fork<Object> nested =
                    outer.fork(
                            () -> {
                                try (var scope = Scope.open(c -> c.withName("inner"))) {
                                    scope.fork(inner::untilInterrupted);
                                    scope.join();
                                    return "not reached";
                                }
                            });
            inner.started.await();
            outer.cancel();
            assertThrows(ScopeCancelledException.class, outer::join);
            assertEquals(Fork.State.CANCELLED, nested.state());
            assertTrue(inner.interrupted.get());
        }
    }

    @Test
    void cancelAfterCloseDoesNothing() {
        var scope = Scope.open();
        scope.close();
        scope.cancel();
        assertTrue(scope.isCancelled());
    }
}

package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Guarantee 6: nested scopes are cancelled with their parent and must close in order. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NestedScopeTest {

    @Test
    void scopeOpenedInAForkIsCancelledWhenItsParentIsCancelled() throws InterruptedException {
        Blocking grandchild = new Blocking();
        CountDownLatch grandchildInterrupted = new CountDownLatch(1);
        try (var parent = Scope.open()) {
            parent.fork(
                    () -> {
                        try (var child = Scope.open()) {
                            child.fork(
                                    () -> {
                                        try {
                                            return grandchild.untilInterrupted();
                                        } finally {
                                            grandchildInterrupted.countDown();
                                        }
                                    });
                            // The child's owner is busy, not in join(): only the link from
                            // parent to child can reach the grandchild.
                            ScopeTest.awaitIgnoringInterrupts(grandchildInterrupted);
                            assertTrue(child.isCancelled());
                        }
                        return null;
                    });
            parent.fork(
                    Blocking.failingAfter(
                            grandchild.started, new IllegalStateException("sibling failed")));
            assertThrows(ScopeFailedException.class, parent::join);
        }
        assertTrue(grandchild.interrupted.get());
    }

    @Test
    void scopeNestedOnTheSameThreadIsCancelledWithItsParent() throws InterruptedException {
        Blocking inner = new Blocking();
        try (var outer = Scope.open()) {
            outer.fork(
                    Blocking.failingAfter(
                            inner.started, new IllegalStateException("outer fork failed")));
            try (var nested = Scope.open()) {
                nested.fork(inner::untilInterrupted);
                inner.ended.await();
                assertTrue(nested.isCancelled());
                assertThrows(ScopeCancelledException.class, nested::join);
            }
            assertThrows(ScopeFailedException.class, outer::join);
        }
        assertTrue(inner.interrupted.get());
    }

    @Test
    void scopeOpenedInACancelledScopesForkStartsCancelled() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch parentCancelled = new CountDownLatch(1);
        try (var parent = Scope.open()) {
            Fork<Boolean> childWasCancelled =
                    parent.fork(
                            () -> {
                                started.countDown();
                                ScopeTest.awaitIgnoringInterrupts(parentCancelled);
                                Thread.interrupted(); // ignore it: check the link instead
                                try (var child = Scope.open()) {
                                    return child.isCancelled();
                                }
                            });
            parent.fork(Blocking.failingAfter(started, new IllegalStateException("boom")));
            org.awaitility.Awaitility.await().until(parent::isCancelled);
            parentCancelled.countDown();
            assertThrows(ScopeFailedException.class, parent::join);
            assertEquals(Fork.State.SUCCEEDED, childWasCancelled.state());
        }
    }

    @Test
    void closingAParentBeforeItsNestedScopeClosesBothAndThrows() throws InterruptedException {
        Blocking inner = new Blocking();
        var outer = Scope.open(c -> c.withName("outer"));
        var nested = Scope.open(c -> c.withName("inner"));
        Fork<Object> fork = nested.fork(inner::untilInterrupted);
        inner.started.await();
        var e = assertThrows(IllegalStateException.class, outer::close);
        assertEquals(
                "scope 'outer' was closed while its nested scope(s) [inner] were still open;"
                        + " they were closed first. Close nested scopes before the scope they are"
                        + " nested in.",
                e.getMessage());
        assertEquals(Fork.State.CANCELLED, fork.state());
        nested.close(); // already closed: does nothing
        try (var next = Scope.open()) {
            next.fork(() -> 1); // the thread is usable again
            next.join();
        }
    }

    @Test
    void everyNestedScopeStillOpenAmongManySiblingsIsCancelledWithItsParent()
            throws InterruptedException {
        int siblings = 400;
        CountDownLatch settled = new CountDownLatch(siblings);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Fork<String>[] forks = new Fork[siblings];
        try (var parent = Scope.open()) {
            for (int i = 0; i < siblings; i++) {
                boolean stayOpen = i % 2 == 0; // the others leave the list from its middle
                forks[i] =
                        parent.fork(
                                () -> {
                                    if (!stayOpen) {
                                        try (var child = Scope.open()) {
                                            child.fork(() -> 1);
                                            child.join();
                                        }
                                        settled.countDown();
                                        return "closed before the cancel";
                                    }
                                    Blocking task = new Blocking();
                                    try (var child = Scope.open()) {
                                        Fork<Object> blocked =
                                                child.fork(
                                                        () -> {
                                                            settled.countDown();
                                                            return task.untilInterrupted();
                                                        });
                                        // Only the parent's link to the child can end it.
                                        ScopeTest.awaitIgnoringInterrupts(task.ended);
                                        Thread.interrupted(); // the parent's cancel hit us too
                                        try {
                                            child.join();
                                            return "child joined as if it had succeeded";
                                        } catch (ScopeCancelledException e) {
                                            return blocked.state() + " " + child.isCancelled();
                                        }
                                    }
                                });
            }
            settled.await();
            parent.cancel();
            assertThrows(ScopeCancelledException.class, parent::join);
        }
        for (int i = 0; i < siblings; i++) {
            assertEquals(
                    i % 2 == 0 ? "CANCELLED true" : "closed before the cancel",
                    forks[i].get(),
                    "sibling " + i);
        }
    }
}

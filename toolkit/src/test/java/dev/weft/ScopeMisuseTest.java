package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Guarantee 5: misuse is a clear exception naming the scope, and corrupts nothing. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScopeMisuseTest {

    @Test
    void onlyTheOwnerMayFork() {
        try (var scope = Scope.open(c -> c.withName("owned"))) {
            Throwable e = fromAnotherThread(() -> scope.fork(() -> 1));
            assertInstanceOf(WrongThreadException.class, e);
            assertTrue(
                    e.getMessage().startsWith("fork() on scope 'owned' called by thread"),
                    e.getMessage());
        }
    }

    @Test
    void onlyTheOwnerMayJoinOrClose() {
        try (var scope = Scope.open()) {
            assertInstanceOf(
                    WrongThreadException.class,
                    fromAnotherThread(
                            () -> {
                                scope.join();
                                return null;
                            }));
            assertInstanceOf(
                    WrongThreadException.class,
                    fromAnotherThread(
                            () -> {
                                scope.close();
                                return null;
                            }));
        }
    }

    @Test
    void forkAfterJoinIsIllegal() throws InterruptedException {
        try (var scope = Scope.open(c -> c.withName("done"))) {
            scope.join();
            var e = assertThrows(IllegalStateException.class, () -> scope.fork(() -> 1));
            assertEquals("cannot fork() scope 'done': join() was already called", e.getMessage());
        }
    }

    @Test
    void joinTwiceIsIllegal() throws InterruptedException {
        try (var scope = Scope.open(c -> c.withName("twice"))) {
            scope.join();
            var e = assertThrows(IllegalStateException.class, scope::join);
            assertEquals("cannot join() scope 'twice': join() was already called", e.getMessage());
        }
    }

    @Test
    void forkAndJoinAfterCloseAreIllegal() {
        var scope = Scope.open(c -> c.withName("shut"));
        scope.close();
        var fork = assertThrows(IllegalStateException.class, () -> scope.fork(() -> 1));
        assertEquals("cannot fork() scope 'shut': it is closed", fork.getMessage());
        assertThrows(IllegalStateException.class, scope::join);
        scope.close(); // closing again does nothing
    }

    @Test
    void getBeforeJoinIsIllegal() throws InterruptedException {
        try (var scope = Scope.open(c -> c.withName("early"))) {
            Fork<Integer> fork = scope.fork(() -> 1);
            var e = assertThrows(IllegalStateException.class, fork::get);
            assertEquals(
                    "fork 'early-fork-1': get() called before join() of scope 'early'",
                    e.getMessage());
            assertThrows(IllegalStateException.class, fork::exception);
            scope.join();
            assertEquals(1, fork.get()); // nothing corrupted
        }
    }

    private static Throwable fromAnotherThread(java.util.concurrent.Callable<?> action) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread.ofVirtual()
                .start(
                        () -> {
                            try {
                                result.complete(action.call());
                            } catch (Throwable e) {
                                result.completeExceptionally(e);
                            }
                        });
        try {
            result.get();
            throw new AssertionError("expected an exception");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}

package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Context that travels from a scope's owner into its forks: ThreadLocals and carriers. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ContextCarrierTest {

    private static final ThreadLocal<String> LOCAL = new ThreadLocal<>();
    private static final ThreadLocal<String> OTHER = new ThreadLocal<>();
    private static final InheritableThreadLocal<String> INHERITED = new InheritableThreadLocal<>();

    /** Records each call with the thread it ran on; optionally throws from one method. */
    static final class Recording implements ContextCarrier<String> {
        final String name;
        final String throwIn;
        final List<String> events;
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        Recording(String name, String throwIn, List<String> events) {
            this.name = name;
            this.throwIn = throwIn;
            this.events = events;
        }

        Recording(String name, List<String> events) {
            this(name, "", events);
        }

        private void record(String method, String value) {
            events.add(method + " " + name + (value == null ? "" : " " + value));
            threads.add(Thread.currentThread());
            if (method.equals(throwIn)) {
                throw new IllegalStateException(name + " " + method + " failed");
            }
        }

        @Override
        public String capture() {
            record("capture", null);
            return name + "-value";
        }

        @Override
        public void restore(String captured) {
            record("restore", captured);
        }

        @Override
        public void clear(String captured) {
            record("clear", captured);
        }
    }

    @Test
    void forkSeesOwnersInheritableThreadLocal() throws InterruptedException {
        INHERITED.set("owner's");
        try (var scope = Scope.open()) {
            Fork<String> seen = scope.fork(INHERITED::get);
            scope.join();
            assertEquals("owner's", seen.get());
        } finally {
            INHERITED.remove();
        }
    }

    @Test
    void plainThreadLocalDoesNotReachForkWithoutTheOption() throws InterruptedException {
        LOCAL.set("owner's");
        try (var scope = Scope.open()) {
            Fork<String> seen = scope.fork(LOCAL::get);
            scope.join();
            assertNull(seen.get());
        } finally {
            LOCAL.remove();
        }
    }

    @Test
    void withThreadLocalsCarriesTheValueCapturedAtForkTime() throws InterruptedException {
        CountDownLatch changed = new CountDownLatch(1);
        LOCAL.set("at fork");
        OTHER.set("other");
        try (var scope = Scope.open(c -> c.withThreadLocals(LOCAL, OTHER))) {
            Fork<String> seen =
                    scope.fork(
                            () -> {
                                changed.await();
                                return LOCAL.get() + ", " + OTHER.get();
                            });
            LOCAL.set("after fork");
            changed.countDown();
            scope.join();
            assertEquals("at fork, other", seen.get());
            assertEquals("after fork", LOCAL.get());
        } finally {
            LOCAL.remove();
            OTHER.remove();
        }
    }

    @Test
    void forkThreadHasThreadLocalClearedAfterItsTask() throws InterruptedException {
        CountDownLatch watched = new CountDownLatch(1);
        AtomicReference<String> afterTask = new AtomicReference<>("not run");
        AtomicReference<Thread> afterTaskThread = new AtomicReference<>();
        LOCAL.set("owner's");
        try (var scope = Scope.open(c -> c.withThreadLocals(LOCAL))) {
            ForkImpl<String> fork =
                    scope.forkImpl(
                            () -> {
                                watched.await();
                                return LOCAL.get();
                            });
            fork.whenEnded( // runs on the fork's thread as it ends, after the task
                    () -> {
                        afterTask.set(LOCAL.get());
                        afterTaskThread.set(Thread.currentThread());
                    });
            watched.countDown();
            scope.join();
            assertEquals("owner's", fork.get());
            assertNull(afterTask.get());
            assertSame(fork.thread, afterTaskThread.get());
            assertEquals("owner's", LOCAL.get());
        } finally {
            LOCAL.remove();
        }
    }

    @Test
    void customCarrierIsCapturedOnTheOwnerAndRestoredAndClearedOnTheFork()
            throws InterruptedException {
        List<String> events = new CopyOnWriteArrayList<>();
        Recording carrier = new Recording("mdc", events);
        AtomicReference<Thread> forkThread = new AtomicReference<>();
        try (var scope = Scope.open(c -> c.withCarriers(carrier))) {
            scope.fork(
                    () -> {
                        events.add("task");
                        forkThread.set(Thread.currentThread());
                    });
            scope.join();
        }
        assertEquals(
                List.of("capture mdc", "restore mdc mdc-value", "task", "clear mdc mdc-value"),
                events);
        Thread owner = Thread.currentThread();
        assertEquals(List.of(owner, forkThread.get(), forkThread.get()), carrier.threads);
    }

    @Test
    void carriersAreRestoredInOrderAndClearedInReverse() throws InterruptedException {
        List<String> events = new CopyOnWriteArrayList<>();
        try (var scope =
                Scope.open(
                        c ->
                                c.withCarriers(new Recording("a", events))
                                        .withCarriers(new Recording("b", events)))) {
            scope.fork(() -> events.add("task"));
            scope.join();
        }
        assertEquals(
                List.of(
                        "capture a",
                        "capture b",
                        "restore a a-value",
                        "restore b b-value",
                        "task",
                        "clear b b-value",
                        "clear a a-value"),
                events);
    }

    @Test
    void carrierThatThrowsInRestoreFailsTheForkAndClearsWhatWasRestored()
            throws InterruptedException {
        List<String> events = new CopyOnWriteArrayList<>();
        try (var scope =
                Scope.open(
                        c ->
                                c.withPolicy(Policy.awaitAll())
                                        .withCarriers(
                                                new Recording("a", events),
                                                new Recording("b", "restore", events),
                                                new Recording("c", events)))) {
            Fork<?> fork = scope.fork(() -> events.add("task"));
            scope.join();
            assertEquals(Fork.State.FAILED, fork.state());
            assertEquals("b restore failed", fork.exception().getMessage());
        }
        assertEquals(
                List.of(
                        "capture a",
                        "capture b",
                        "capture c",
                        "restore a a-value",
                        "restore b b-value",
                        "clear a a-value"),
                events);
    }

    @Test
    void carrierThatThrowsInCaptureFailsTheForkWithoutRunningIt() throws InterruptedException {
        List<String> events = new CopyOnWriteArrayList<>();
        try (var scope =
                Scope.open(
                        c ->
                                c.withPolicy(Policy.awaitAll())
                                        .withCarriers(
                                                new Recording("a", events),
                                                new Recording("b", "capture", events)))) {
            Fork<?> fork = scope.fork(() -> events.add("task"));
            scope.join();
            assertEquals(Fork.State.FAILED, fork.state());
            assertEquals("b capture failed", fork.exception().getMessage());
        }
        assertEquals(List.of("capture a", "capture b"), events);
    }

    @Test
    void carrierThatThrowsInClearFailsAForkWhoseTaskSucceeded() throws InterruptedException {
        List<String> events = new CopyOnWriteArrayList<>();
        try (var scope =
                Scope.open(
                        c ->
                                c.withPolicy(Policy.awaitAll())
                                        .withCarriers(
                                                new Recording("a", events),
                                                new Recording("b", "clear", events)))) {
            Fork<String> fork = scope.fork(() -> "value");
            scope.join();
            assertEquals(Fork.State.FAILED, fork.state());
            assertEquals("b clear failed", fork.exception().getMessage());
        }
        assertEquals("clear a a-value", events.get(events.size() - 1)); // still cleared
    }

    @Test
    void carrierThatThrowsInClearIsSuppressedOnTheTasksFailure() throws InterruptedException {
        IllegalArgumentException taskFailure = new IllegalArgumentException("task failed");
        try (var scope =
                Scope.open(
                        c ->
                                c.withPolicy(Policy.awaitAll())
                                        .withCarriers(
                                                new Recording("a", "clear", new ArrayList<>())))) {
            Fork<String> fork =
                    scope.fork(
                            () -> {
                                throw taskFailure;
                            });
            scope.join();
            assertSame(taskFailure, fork.exception());
            assertEquals(1, taskFailure.getSuppressed().length);
            assertEquals("a clear failed", taskFailure.getSuppressed()[0].getMessage());
        }
    }

    @Test
    void carrierThatThrowsFailsAFailFastScope() throws InterruptedException {
        try (var scope =
                Scope.open(c -> c.withCarriers(new Recording("a", "restore", new ArrayList<>())))) {
            scope.fork(() -> "value");
            ScopeFailedException e = assertThrows(ScopeFailedException.class, scope::join);
            assertEquals("a restore failed", e.getCause().getMessage());
        }
    }

    @Test
    void scopeOpenedByAForkCarriesItsParentsContextPlusItsOwn() throws InterruptedException {
        LOCAL.set("outer");
        try (var outer = Scope.open(c -> c.withThreadLocals(LOCAL))) {
            Fork<String> seen =
                    outer.fork(
                            () -> {
                                OTHER.set("inner");
                                try (var inner = Scope.open(c -> c.withThreadLocals(OTHER))) {
                                    Fork<String> f =
                                            inner.fork(() -> LOCAL.get() + ", " + OTHER.get());
                                    inner.join();
                                    return f.get();
                                } finally {
                                    OTHER.remove();
                                }
                            });
            outer.join();
            assertEquals("outer, inner", seen.get());
        } finally {
            LOCAL.remove();
        }
    }

    @Test
    void scopeNestedOnTheSameThreadCarriesItsParentsContext() throws InterruptedException {
        LOCAL.set("outer");
        try (var outer = Scope.open(c -> c.withThreadLocals(LOCAL))) {
            try (var nested = Scope.open()) {
                Fork<String> seen = nested.fork(LOCAL::get);
                nested.join();
                assertEquals("outer", seen.get());
            }
            outer.join();
        } finally {
            LOCAL.remove();
        }
        try (var unrelated = Scope.open()) { // closed: the next scope is not nested
            LOCAL.set("later");
            Fork<String> seen = unrelated.fork(LOCAL::get);
            unrelated.join();
            assertNull(seen.get());
        } finally {
            LOCAL.remove();
        }
    }

    @Test
    void carrierDeclaredByOuterAndNestedScopeRunsOncePerFork() throws InterruptedException {
        List<String> events = new CopyOnWriteArrayList<>();
        Recording carrier = new Recording("a", events);
        try (var outer = Scope.open(c -> c.withCarriers(carrier))) {
            try (var nested = Scope.open(c -> c.withCarriers(carrier, carrier))) {
                nested.fork(() -> events.add("task"));
                nested.join();
            }
            outer.join();
        }
        assertEquals(List.of("capture a", "restore a a-value", "task", "clear a a-value"), events);
    }

    @Test
    void tasksAndJoinSetInsideAScopeCarryItsContext() throws InterruptedException {
        LOCAL.set("outer");
        try (var outer = Scope.open(c -> c.withThreadLocals(LOCAL))) {
            List<String> viaTasks =
                    Tasks.tryJoinAll(
                            List.<java.util.concurrent.Callable<String>>of(
                                    LOCAL::get, LOCAL::get)); // on the owner's thread
            Fork<String> viaJoinSet =
                    outer.fork(
                            () -> {
                                try (JoinSet<String> set = JoinSet.open()) {
                                    set.spawn(LOCAL::get);
                                    return set.joinNext().orElseThrow().getOrThrow();
                                }
                            });
            outer.join();
            assertEquals(List.of("outer", "outer"), viaTasks);
            assertEquals("outer", viaJoinSet.get());
        } finally {
            LOCAL.remove();
        }
    }

    @Test
    void workQueueWorkersCarryTheContextOfWhenTheyStarted() throws InterruptedException {
        LOCAL.set("at start");
        try (var scope = Scope.open(c -> c.withThreadLocals(LOCAL))) {
            try (var queue = WorkQueue.<String, String>start(scope, 1, in -> in + LOCAL.get())) {
                LOCAL.set("at request");
                assertEquals("seen at start", queue.request("seen "));
            }
            scope.join();
        } finally {
            LOCAL.remove();
        }
    }

    @Test
    void tasksOutsideAnyScopeCarryNoThreadLocal() throws InterruptedException {
        LOCAL.set("caller's");
        try {
            assertEquals(
                    Collections.singletonList(null),
                    Tasks.tryJoinAll(List.<java.util.concurrent.Callable<String>>of(LOCAL::get)));
        } finally {
            LOCAL.remove();
        }
    }

    @Test
    void cancelledForkIsClearedAfterItsTaskEnds() throws InterruptedException {
        List<String> events = new CopyOnWriteArrayList<>();
        Blocking blocking = new Blocking();
        try (var scope = Scope.open(c -> c.withCarriers(new Recording("a", events)))) {
            Fork<?> fork = scope.fork(blocking::untilInterrupted);
            blocking.started.await();
            scope.cancel();
            assertThrows(ScopeCancelledException.class, scope::join);
            assertEquals(Fork.State.CANCELLED, fork.state());
        }
        assertEquals(List.of("capture a", "restore a a-value", "clear a a-value"), events);
    }

    @Test
    void forkOfACancelledScopeIsNeitherRestoredNorCleared() throws InterruptedException {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        try (var scope = Scope.open(c -> c.withCarriers(new Recording("a", events)))) {
            scope.cancel();
            Fork<?> fork = scope.fork(() -> events.add("task"));
            assertThrows(ScopeCancelledException.class, scope::join);
            assertEquals(Fork.State.CANCELLED, fork.state());
        }
        assertEquals(List.of("capture a"), events);
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals(
                "local",
                assertThrows(NullPointerException.class, () -> ContextCarrier.of(null))
                        .getMessage());
        assertNpe("locals", c -> c.withThreadLocals((ThreadLocal<?>[]) null));
        assertNpe("locals[1]", c -> c.withThreadLocals(LOCAL, null));
        assertNpe("carriers", c -> c.withCarriers((ContextCarrier<?>[]) null));
        assertNpe("carriers[0]", c -> c.withCarriers((ContextCarrier<?>) null));
        assertNpe("scopedValues", c -> c.withScopedValues((Object[]) null));
        assertNpe("scopedValues[1]", c -> c.withScopedValues("x", null));
    }

    private static void assertNpe(
            String message, java.util.function.UnaryOperator<Scope.Config> configure) {
        assertEquals(
                message,
                assertThrows(NullPointerException.class, () -> Scope.open(configure).close())
                        .getMessage());
    }

    @Test
    void withScopedValuesRefusesOutsideTheMultiReleaseJar() {
        // Tests run on target/classes, which is never multi-release: the base class answers, on
        // any Java (ScopedValueIT runs on the jar).
        UnsupportedOperationException e =
                assertThrows(
                        UnsupportedOperationException.class,
                        () -> Scope.open(c -> c.withScopedValues(new Object())).close());
        assertTrue(e.getMessage().contains("JEP 506"), e.getMessage());
        assertTrue(e.getMessage().contains("Java " + Runtime.version()), e.getMessage());
    }

    @Test
    void threadLocalCarriersOfOneVariableAreEqual() {
        assertEquals(ContextCarrier.of(LOCAL), ContextCarrier.of(LOCAL));
        assertTrue(!ContextCarrier.of(LOCAL).equals(ContextCarrier.of(OTHER)));
    }
}

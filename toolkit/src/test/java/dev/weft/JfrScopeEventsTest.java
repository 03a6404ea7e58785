package dev.weft;

import static dev.weft.JfrRecorder.only;
import static dev.weft.JfrRecorder.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JFR events of scopes, read back from a recording: {@code dev.weft.ScopeClosed} for each
 * outcome, and {@code dev.weft.ForkFailed} for a failed fork but not for a cancelled one.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JfrScopeEventsTest {

    private static List<RecordedEvent> scopeClosed(String name, JfrRecorder.Work work)
            throws Exception {
        return record("dev.weft.ScopeClosed", null, e -> name.equals(e.getString("scope")), work);
    }

    private static void assertClosed(RecordedEvent e, String name, int forks, String outcome) {
        assertEquals(name, e.getString("scope"));
        assertEquals(forks, e.getInt("forks"));
        assertEquals(outcome, e.getString("outcome"));
    }

    @Test
    void jfrIsOnWhereJdkJfrIsResolved() {
        assertTrue(Jfr.ON);
    }

    @Test
    void aScopeThatSucceededIsRecordedWithItsForksAndItsLife() throws Exception {
        long[] life = new long[1];
        var events =
                scopeClosed(
                        "jfr-ok",
                        () -> {
                            long start = System.nanoTime();
                            try (var scope = Scope.open(c -> c.withName("jfr-ok"))) {
                                scope.fork(() -> 1);
                                scope.fork(() -> 2);
                                scope.join();
                            }
                            life[0] = System.nanoTime() - start;
                        });
        RecordedEvent e = only(events);
        assertClosed(e, "jfr-ok", 2, "succeeded");
        assertNull(e.getString("parent"));
        assertTrue(e.getDuration().toNanos() > 0, e.toString());
        assertTrue(e.getDuration().toNanos() <= life[0], e + " longer than " + life[0] + " ns");
        assertEquals(Thread.currentThread().threadId(), e.getThread().getJavaThreadId());
    }

    @Test
    void aScopeWhoseForkFailedIsRecordedAsFailed() throws Exception {
        var events =
                scopeClosed(
                        "jfr-failed",
                        () -> {
                            try (var scope = Scope.open(c -> c.withName("jfr-failed"))) {
                                scope.fork(
                                        () -> {
                                            throw new IllegalStateException("boom");
                                        });
                                assertThrows(ScopeFailedException.class, scope::join);
                            }
                        });
        assertClosed(only(events), "jfr-failed", 1, "failed");
    }

    @Test
    void aCancelledScopeIsRecordedAsCancelled() throws Exception {
        var events =
                scopeClosed(
                        "jfr-cancelled",
                        () -> {
                            try (var scope = Scope.open(c -> c.withName("jfr-cancelled"))) {
                                var never = new CountDownLatch(1);
                                scope.fork(
                                        () -> {
                                            never.await();
                                            return null;
                                        });
                                scope.cancel();
                                assertThrows(ScopeCancelledException.class, scope::join);
                            }
                        });
        assertClosed(only(events), "jfr-cancelled", 1, "cancelled");
    }

    @Test
    void aScopeWhoseDeadlinePassedIsRecordedAsTimedOut() throws Exception {
        var events =
                scopeClosed(
                        "jfr-timeout",
                        () -> {
                            try (var scope =
                                    Scope.open(
                                            c ->
                                                    c.withName("jfr-timeout")
                                                            .withTimeout(Duration.ofMillis(20)))) {
                                var never = new CountDownLatch(1);
                                scope.fork(
                                        () -> {
                                            never.await();
                                            return null;
                                        });
                                assertThrows(ScopeTimeoutException.class, scope::join);
                            }
                        });
        RecordedEvent e = only(events);
        assertClosed(e, "jfr-timeout", 1, "timed out");
        // The event begins just after the deadline is armed, so it may last a hair under 20 ms.
        assertTrue(e.getDuration().toMillis() >= 15, e.toString());
    }

    @Test
    void aScopeClosedWithoutJoinIsRecordedAsNotJoined() throws Exception {
        var events =
                scopeClosed(
                        "jfr-unjoined",
                        () -> {
                            var scope = Scope.open(c -> c.withName("jfr-unjoined"));
                            scope.fork(() -> 1);
                            scope.fork(() -> 2);
                            scope.fork(() -> 3);
                            assertThrows(IllegalStateException.class, scope::close);
                        });
        assertClosed(only(events), "jfr-unjoined", 3, "not joined");
    }

    @Test
    void aNestedScopeNamesItsParent() throws Exception {
        var events =
                scopeClosed(
                        "jfr-inner",
                        () -> {
                            try (var outer = Scope.open(c -> c.withName("jfr-outer"))) {
                                outer.fork(
                                        () -> {
                                            try (var inner =
                                                    Scope.open(c -> c.withName("jfr-inner"))) {
                                                inner.fork(() -> 1);
                                                inner.join();
                                            }
                                            return null;
                                        });
                                outer.join();
                            }
                        });
        RecordedEvent e = only(events);
        assertClosed(e, "jfr-inner", 1, "succeeded");
        assertEquals("jfr-outer", e.getString("parent"));
    }

    @Test
    void aFailedForkIsRecordedWithItsExceptionOnItsThread() throws Exception {
        Thread[] forkThread = new Thread[1];
        var events =
                record(
                        "dev.weft.ForkFailed",
                        null,
                        e -> "jfr-ff".equals(e.getString("scope")),
                        () -> {
                            try (var scope = Scope.open(c -> c.withName("jfr-ff"))) {
                                scope.fork(
                                        () -> {
                                            forkThread[0] = Thread.currentThread();
                                            throw new IllegalArgumentException("no threes");
                                        });
                                assertThrows(ScopeFailedException.class, scope::join);
                            }
                        });
        RecordedEvent e = only(events);
        assertEquals("jfr-ff", e.getString("scope"));
        assertEquals("jfr-ff-fork-1", e.getString("fork"));
        assertEquals("java.lang.IllegalArgumentException", e.getString("exceptionClass"));
        assertEquals("no threes", e.getString("message"));
        assertEquals(forkThread[0].threadId(), e.getThread().getJavaThreadId());
    }

    @Test
    void aCancelledForkIsNotRecordedAsFailed() throws Exception {
        var events =
                record(
                        "dev.weft.ForkFailed",
                        null,
                        e -> "jfr-ff-cancel".equals(e.getString("scope")),
                        () -> {
                            try (var scope = Scope.open(c -> c.withName("jfr-ff-cancel"))) {
                                var started = new CountDownLatch(1);
                                var never = new CountDownLatch(1);
                                Fork<Object> waiting =
                                        scope.fork(
                                                () -> {
                                                    started.countDown();
                                                    never.await();
                                                    return null;
                                                });
                                started.await();
                                scope.fork(
                                        () -> {
                                            throw new IllegalStateException("the only failure");
                                        });
                                assertThrows(ScopeFailedException.class, scope::join);
                                assertEquals(Fork.State.CANCELLED, waiting.state());
                            }
                        });
        RecordedEvent e = only(events);
        assertEquals("jfr-ff-cancel-fork-2", e.getString("fork"));
        assertEquals("the only failure", e.getString("message"));
    }

    @Test
    void nothingIsRecordedForAScopeOpenedBeforeTheEventWasEnabled() throws Exception {
        var scope = Scope.open(c -> c.withName("jfr-before"));
        var events =
                scopeClosed(
                        "jfr-before",
                        () -> {
                            scope.fork(() -> 1);
                            scope.join();
                            scope.close();
                        });
        assertEquals(List.of(), events);
    }
}

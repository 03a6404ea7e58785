package dev.weft;

import static dev.weft.ChannelContractTest.async;
import static dev.weft.ChannelContractTest.failureOf;
import static dev.weft.ChannelContractTest.startParked;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link BlockingPool}: where work runs, how many at once, failures, and what an interrupted caller
 * does to queued and running work. Ordering comes from latches and thread states, never sleeps.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BlockingPoolTest {

    @Test
    void workRunsOnAPlatformThreadOfThePool() throws Exception {
        try (var pool = BlockingPool.create("crunch", 2)) {
            String thread =
                    async(
                                    () ->
                                            pool.call(
                                                    () -> {
                                                        Thread t = Thread.currentThread();
                                                        return (t.isVirtual() ? "virtual " : "")
                                                                + t.getName();
                                                    }))
                            .get();
            assertTrue(thread.equals("crunch-1") || thread.equals("crunch-2"), thread);
        }
    }

    @Test
    void noMoreThanThreadsPiecesOfWorkRunAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch twoRunning = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        try (var pool = BlockingPool.create(2)) {
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                calls.add(
                        async(
                                () ->
                                        pool.call(
                                                () -> {
                                                    peak.accumulateAndGet(
                                                            running.incrementAndGet(), Math::max);
                                                    twoRunning.countDown();
                                                    release.await();
                                                    running.decrementAndGet();
                                                    return n;
                                                })));
            }
            twoRunning.await();
            release.countDown();
            for (int i = 0; i < 6; i++) {
                assertEquals(i, calls.get(i).get());
            }
        }
        assertEquals(2, peak.get());
    }

    @Test
    void aFailureReachesTheCallerAsTheCause() throws Exception {
        var boom = new IllegalStateException("boom");
        try (var pool = BlockingPool.create("p", 1)) {
            var e =
                    assertThrows(
                            TaskFailedException.class,
                            () ->
                                    pool.call(
                                            () -> {
                                                throw boom;
                                            }));
            assertSame(boom, e.getCause());
            assertEquals("work on blocking pool 'p' failed", e.getMessage());
        }
    }

    @Test
    void workStillQueuedWhenTheCallerIsInterruptedNeverRuns() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean secondRan = new AtomicBoolean();
        try (var pool = BlockingPool.create(1)) {
            var first =
                    async(
                            () ->
                                    pool.call(
                                            () -> {
                                                started.countDown();
                                                release.await();
                                                return "first";
                                            }));
            started.await(); // the only thread is busy: the next work waits in the queue
            var second =
                    startParked(
                            () ->
                                    pool.call(
                                            () -> {
                                                secondRan.set(true);
                                                return null;
                                            }));
            second.thread().interrupt();
            assertInstanceOf(InterruptedException.class, failureOf(second.outcome()));
            release.countDown();
            assertEquals("first", first.get());
        }
        assertFalse(secondRan.get()); // close() waited for the queue to empty
    }

    @Test
    void runningWorkIsInterruptedAndTheCallerWaitsForItsEnd() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean workEnded = new AtomicBoolean();
        try (var pool = BlockingPool.create(1)) {
            var caller =
                    startParked(
                            () -> {
                                try {
                                    return pool.call(
                                            () -> {
                                                started.countDown();
                                                try {
                                                    new CountDownLatch(1).await();
                                                    return "not interrupted";
                                                } finally {
                                                    Thread.sleep(20); // stands for cleaning up
                                                    workEnded.set(true);
                                                }
                                            });
                                } catch (InterruptedException e) {
                                    return "interrupted; work ended: " + workEnded.get();
                                }
                            });
            started.await();
            caller.thread().interrupt();
            assertEquals("interrupted; work ended: true", caller.outcome().get());
        }
    }

    @Test
    void anInterruptForOneWorkNeverReachesTheNext() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean finish = new AtomicBoolean();
        try (var pool = BlockingPool.create("deaf", 1)) {
            var caller =
                    startParked(
                            () ->
                                    pool.call(
                                            () -> {
                                                started.countDown();
                                                while (!finish.get()) {
                                                    Thread.onSpinWait(); // ignores interrupts
                                                }
                                                return "done";
                                            }));
            started.await();
            caller.thread().interrupt();
            await().until(() -> poolThreadInterrupted("deaf-"));
            finish.set(true);
            assertInstanceOf(InterruptedException.class, failureOf(caller.outcome()));
            assertFalse(pool.call(() -> Thread.currentThread().isInterrupted()));
        }
    }

    @Test
    void afterCloseNoWorkIsAccepted() throws Exception {
        var pool = BlockingPool.create("done", 1);
        assertEquals(3, pool.call(() -> 3));
        pool.close();
        Callable<Integer> refused = () -> 4;
        var e = assertThrows(ChannelClosedException.class, () -> pool.call(refused));
        assertEquals("cannot call: blocking pool 'done' is closed", e.getMessage());
        assertSame(refused, e.unsentValue(), "the work comes back");
        pool.close(); // again: nothing happens
    }

    @Test
    void badArgumentsAreRejectedByName() throws Exception {
        assertEquals(
                "threads must be at least 1, was 0",
                assertThrows(IllegalArgumentException.class, () -> BlockingPool.create(0))
                        .getMessage());
        try (var pool = BlockingPool.create(1)) {
            assertEquals(
                    "work",
                    assertThrows(NullPointerException.class, () -> pool.call(null)).getMessage());
        }
    }

    private static boolean poolThreadInterrupted(String prefix) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix) && t.isInterrupted()) {
                return true;
            }
        }
        return false;
    }
}

package dev.weft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The combinators of {@link Tasks}, each named for its Rust twin. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TasksTest {

    @Test
    void joinAllGivesEveryOutcomeInInputOrderEvenWhenTheyFinishInReverse()
            throws InterruptedException {
        CountDownLatch secondDone = new CountDownLatch(1);
        var badUrl = new IllegalArgumentException("BAD_URL");
        List<Callable<Integer>> tasks =
                List.of(
                        () -> {
                            secondDone.await(); // finishes last
                            return 1;
                        },
                        () -> {
                            secondDone.countDown();
                            return 2;
                        },
                        () -> {
                            throw badUrl;
                        });
        List<Result<Integer>> results = Tasks.joinAll(tasks);
        assertEquals(List.of(Result.ok(1), Result.ok(2), Result.err(badUrl)), results);
    }

    @Test
    void joinAllOfNothingIsEmpty() throws InterruptedException {
        assertEquals(List.of(), Tasks.joinAll(List.<Callable<Integer>>of()));
    }

    @Test
    void tryJoinAllGivesValuesInInputOrder() throws InterruptedException {
        List<Callable<Integer>> tasks =
                IntStream.range(0, 100).mapToObj(i -> (Callable<Integer>) () -> i * i).toList();
        assertEquals(
                IntStream.range(0, 100).map(i -> i * i).boxed().toList(), Tasks.tryJoinAll(tasks));
    }

    @Test
    void tryJoinAllFirstFailureCancelsTheRestAndThrows() throws InterruptedException {
        Blocking slow = new Blocking();
        var boom = new IOException("boom");
        List<Callable<Object>> tasks =
                List.of(slow::untilInterrupted, Blocking.failingAfter(slow.started, boom));
        var e = assertThrows(ScopeFailedException.class, () -> Tasks.tryJoinAll(tasks));
        assertSame(boom, e.getCause());
        assertTrue(slow.interrupted.get());
    }

    @Test
    void tryJoinAllowsNullValues() throws InterruptedException {
        assertEquals(
                Arrays.asList(null, 1),
                Tasks.tryJoinAll(List.<Callable<Integer>>of(() -> null, () -> 1)));
    }

    @Test
    void tryJoinOfTwoGivesATypedPair() throws InterruptedException {
        Tasks.Pair<String, Integer> both = Tasks.tryJoin(() -> "book", () -> 7);
        assertEquals(new Tasks.Pair<>("book", 7), both);
        assertEquals("book", both.first());
        assertEquals(7, both.second());
    }

    @Test
    void tryJoinOfThreeGivesATypedTriple() throws InterruptedException {
        var all = Tasks.tryJoin(() -> "a", () -> 2, () -> 3.0);
        assertEquals(new Tasks.Triple<>("a", 2, 3.0), all);
    }

    @Test
    void tryJoinFailureOfOneCancelsTheOther() throws InterruptedException {
        Blocking music = new Blocking();
        var noBook = new IOException("no book");
        var e =
                assertThrows(
                        ScopeFailedException.class,
                        () ->
                                Tasks.tryJoin(
                                        Blocking.failingAfter(music.started, noBook),
                                        music::untilInterrupted));
        assertSame(noBook, e.getCause());
        assertTrue(music.interrupted.get());
    }

    @Test
    void raceReturnsTheFirstSuccessAndCancelsTheLoser() throws InterruptedException {
        Blocking loser = new Blocking();
        List<Callable<Object>> tasks =
                List.of(
                        loser::untilInterrupted,
                        () -> {
                            loser.started.await();
                            return "winner";
                        });
        assertEquals("winner", Tasks.race(tasks));
        assertTrue(loser.interrupted.get());
        assertEquals(0, loser.ended.getCount(), "race returned before the loser ended");
    }

    @Test
    void raceIgnoresFailuresWhileAnotherTaskCanStillWin() throws InterruptedException {
        CountDownLatch failed = new CountDownLatch(1);
        List<Callable<String>> tasks =
                List.of(
                        () -> {
                            try {
                                throw new IOException("mirror down");
                            } finally {
                                failed.countDown();
                            }
                        },
                        () -> {
                            failed.await();
                            return "mirror 2";
                        });
        assertEquals("mirror 2", Tasks.race(tasks));
    }

    @Test
    void raceWhereEveryTaskFailsCarriesEveryFailure() {
        var a = new IOException("a");
        CountDownLatch aFailed = new CountDownLatch(1);
        var b = new IOException("b");
        List<Callable<Object>> tasks =
                List.of(
                        () -> {
                            try {
                                throw a;
                            } finally {
                                aFailed.countDown();
                            }
                        },
                        Blocking.failingAfter(aFailed, b));
        var e = assertThrows(ScopeFailedException.class, () -> Tasks.race(tasks));
        assertTrue(e.getMessage().endsWith("all 2 forks failed"), e.getMessage());
        List<Throwable> all = new ArrayList<>();
        all.add(e.getCause());
        all.addAll(List.of(e.getSuppressed()));
        assertEquals(2, all.size());
        assertTrue(all.containsAll(List.of(a, b)), all.toString());
    }

    @Test
    void raceOfNoTasksIsRejected() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Tasks.race(List.<Callable<Integer>>of()));
        assertEquals("race needs at least one task, got an empty list", e.getMessage());
    }

    @Test
    void timeoutReturnsTheValueOfATaskThatFinishesInTime()
            throws InterruptedException, TimeoutException {
        assertEquals(42, Tasks.timeout(Duration.ofSeconds(5), () -> 42));
    }

    @Test
    void timeoutInterruptsASlowTaskAndThrowsTimeoutException() {
        Blocking slow = new Blocking();
        var e =
                assertThrows(
                        TimeoutException.class,
                        () -> Tasks.timeout(Duration.ofMillis(30), slow::untilInterrupted));
        assertEquals("task did not finish within PT0.03S", e.getMessage());
        assertTrue(slow.interrupted.get());
        assertEquals(0, slow.ended.getCount());
    }

    @Test
    void timeoutReportsTheTasksOwnFailure() {
        var boom = new IOException("boom");
        var e =
                assertThrows(
                        ScopeFailedException.class,
                        () -> Tasks.timeout(Duration.ofSeconds(5), Blocking.failing(boom)));
        assertSame(boom, e.getCause());
    }

    @Test
    void mapConcurrentKeepsInputOrderAndNeverRunsMoreThanTheLimit() throws InterruptedException {
        int limit = 3;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch firstWaveTogether = new CountDownLatch(limit);
        List<Integer> items = IntStream.rangeClosed(1, 20).boxed().toList();
        List<String> out =
                Tasks.mapConcurrent(
                        items,
                        limit,
                        i -> {
                            int now = running.incrementAndGet();
                            peak.accumulateAndGet(now, Math::max);
                            firstWaveTogether.countDown();
                            firstWaveTogether.await(); // the limit is reached, not just allowed
                            running.decrementAndGet();
                            return "#" + i;
                        });
        assertEquals(items.stream().map(i -> "#" + i).toList(), out);
        assertEquals(limit, peak.get());
    }

    @Test
    void mapConcurrentStopsStartingWorkAfterTheFirstFailure() throws InterruptedException {
        List<Integer> applied = Collections.synchronizedList(new ArrayList<>());
        var bad = new IllegalArgumentException("item 3 is bad");
        var e =
                assertThrows(
                        ScopeFailedException.class,
                        () ->
                                Tasks.mapConcurrent(
                                        List.of(1, 2, 3, 4, 5),
                                        1,
                                        i -> {
                                            applied.add(i);
                                            if (i == 3) {
                                                throw bad;
                                            }
                                            return i;
                                        }));
        assertSame(bad, e.getCause());
        assertEquals(List.of(1, 2, 3), applied);
    }

    @Test
    void forEachConcurrentRunsEveryItemWithinTheLimit() throws InterruptedException {
        AtomicInteger sum = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        Tasks.forEachConcurrent(
                IntStream.rangeClosed(1, 200).boxed().toList(),
                100,
                n -> {
                    peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.sleep(5); // stands for slow work
                    sum.addAndGet(n);
                    running.decrementAndGet();
                });
        assertEquals(200 * 201 / 2, sum.get());
        assertTrue(peak.get() <= 100, "peak " + peak.get());
    }

    @Test
    void forEachConcurrentFailsFast() {
        var e =
                assertThrows(
                        ScopeFailedException.class,
                        () ->
                                Tasks.forEachConcurrent(
                                        List.of("a", "b"),
                                        2,
                                        s -> {
                                            if (s.equals("b")) {
                                                throw new IOException("b failed");
                                            }
                                        }));
        assertEquals("b failed", e.getCause().getMessage());
    }

    @Test
    void badArgumentsAreRejectedNamingTheValue() {
        var nullElement =
                assertThrows(
                        NullPointerException.class,
                        () -> Tasks.tryJoinAll(Arrays.asList(() -> 1, null)));
        assertEquals("tasks[1] is null", nullElement.getMessage());
        assertThrows(NullPointerException.class, () -> Tasks.joinAll(null));
        assertThrows(NullPointerException.class, () -> Tasks.tryJoin(null, () -> 1));
        var limit =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Tasks.mapConcurrent(List.of(1), 0, i -> i));
        assertEquals("limit must be at least 1, was 0", limit.getMessage());
        var negative =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Tasks.timeout(Duration.ofMillis(-5), () -> 1));
        assertEquals("timeout must be positive, was PT-0.005S", negative.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Tasks.forEachConcurrent(List.of(1), -1, i -> {}));
    }

    @Test
    void badArgumentsStartNothing() {
        AtomicInteger ran = new AtomicInteger();
        assertThrows(
                NullPointerException.class,
                () ->
                        Tasks.joinAll(
                                Arrays.asList(
                                        () -> ran.incrementAndGet(),
                                        () -> ran.incrementAndGet(),
                                        null)));
        assertEquals(0, ran.get());
    }

    @Test
    void anInterruptedCallerCancelsTheTasksAndGetsInterruptedException() throws Exception {
        Blocking task = new Blocking();
        var thrown = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread caller =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try {
                                        Tasks.joinAll(
                                                List.<Callable<Object>>of(task::untilInterrupted));
                                    } catch (Throwable e) {
                                        thrown.set(e);
                                    }
                                });
        task.started.await();
        caller.interrupt();
        caller.join();
        assertInstanceOf(InterruptedException.class, thrown.get());
        assertTrue(task.interrupted.get());
        assertEquals(0, task.ended.getCount(), "the task outlived the call");
    }

    @Test
    void tryJoinAllOfTenThousandTasks() throws InterruptedException {
        List<Callable<Integer>> tasks =
                IntStream.range(0, 10_000).mapToObj(i -> (Callable<Integer>) () -> i).toList();
        List<Integer> values = Tasks.tryJoinAll(tasks);
        assertEquals(10_000, values.size());
        assertArrayEquals(
                IntStream.range(0, 10_000).toArray(),
                values.stream().mapToInt(Integer::intValue).toArray());
    }
}

package dev.weft;

import static dev.weft.ChannelContractTest.async;
import static dev.weft.ChannelContractTest.failureOf;
import static dev.weft.ChannelContractTest.startParked;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link WorkQueue}: replies, failures, backpressure, closing, cancellation and statistics. A
 * handler that must stay busy waits on a latch the test opens; ordering comes from latches and
 * thread states, never from sleeping.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WorkQueueTest {

    @Test
    void eachRequestGetsItsReply() throws Exception {
        try (var scope = Scope.open()) {
            List<Integer> replies = new ArrayList<>();
            try (var queue = WorkQueue.<Integer, Integer>start(scope, 10, i -> i * 1000)) {
                for (int i = 0; i < 100; i++) {
                    replies.add(queue.request(i));
                }
                assertEquals(new WorkQueue.Stats(100, 0, 0, 0, 1), queue.stats());
            }
            scope.join();
            for (int i = 0; i < 100; i++) {
                assertEquals(i * 1000, replies.get(i));
            }
        }
    }

    @Test
    void aHandlerFailureReachesThatRequesterAndTheWorkerLivesOn() throws Exception {
        var boom = new IllegalArgumentException("no threes");
        try (var scope = Scope.open()) {
            try (var queue =
                    WorkQueue.<Integer, Integer>start(
                            scope,
                            4,
                            i -> {
                                if (i == 3) {
                                    throw boom;
                                }
                                return i;
                            })) {
                var e = assertThrows(TaskFailedException.class, () -> queue.request(3));
                assertSame(boom, e.getCause());
                assertEquals("the handler failed on input 3", e.getMessage());
                assertEquals(4, queue.request(4));
                assertEquals(new WorkQueue.Stats(1, 1, 0, 0, 1), queue.stats());
            }
            scope.join();
        }
    }

    @Test
    void aNullReplyIsAFailure() throws Exception {
        try (var scope = Scope.open()) {
            try (var queue = WorkQueue.<Integer, Integer>start(scope, 1, i -> null)) {
                var e = assertThrows(TaskFailedException.class, () -> queue.request(1));
                assertInstanceOf(NullPointerException.class, e.getCause());
                assertEquals("the handler returned null", e.getCause().getMessage());
            }
            scope.join();
        }
    }

    @Test
    void closingLetsTheWorkerHandleWhatIsQueuedAndThenEnd() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (var scope = Scope.open()) {
            var queue =
                    WorkQueue.<Integer, Integer>start(
                            scope,
                            10,
                            i -> {
                                release.await();
                                return -i;
                            });
            List<CompletableFuture<Integer>> requests = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                int input = i;
                requests.add(async(() -> queue.request(input)));
            }
            await().until(() -> queue.stats().queued() == 4); // one is in the handler
            queue.close();
            release.countDown();
            for (int i = 1; i <= 5; i++) {
                assertEquals(-i, requests.get(i - 1).get());
            }
            scope.join();
            assertEquals(new WorkQueue.Stats(5, 0, 0, 0, 0), queue.stats());
        }
    }

    @Test
    void aRequestAfterCloseFailsAndHandsTheInputBack() throws Exception {
        try (var scope = Scope.open()) {
            var queue = WorkQueue.<String, String>start(scope, 1, s -> s);
            queue.close();
            var e = assertThrows(ChannelClosedException.class, () -> queue.request("late"));
            assertEquals("cannot request: the work queue is closed", e.getMessage());
            assertEquals("late", e.unsentValue());
            assertThrows(ChannelClosedException.class, () -> queue.tryRequest("late"));
            assertThrows(
                    ChannelClosedException.class,
                    () -> queue.request("late", Duration.ofSeconds(1)));
            scope.join();
        }
    }

    @Test
    void aFullQueueHoldsRequestersBack() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (var scope = Scope.open()) {
            try (var queue = WorkQueue.<Integer, Integer>start(scope, 1, echoAfter(release))) {
                var inHandler = async(() -> queue.request(1));
                await().until(() -> queue.stats().queued() == 0 && !inHandler.isDone());
                var queued = async(() -> queue.request(2));
                await().until(() -> queue.stats().queued() == 1);

                assertEquals(Optional.empty(), queue.tryRequest(3));
                var e =
                        assertThrows(
                                TimeoutException.class,
                                () -> queue.request(4, Duration.ofMillis(50)));
                assertEquals("the work queue stayed full for PT0.05S", e.getMessage());

                release.countDown();
                assertEquals(1, inHandler.get());
                assertEquals(2, queued.get());
                assertEquals(Optional.of(5), queue.tryRequest(5));
            }
            scope.join();
        }
    }

    @Test
    void aTimedRequestWhoseReplyIsLateTimesOutAndIsNotHandledLater() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (var scope = Scope.open()) {
            try (var queue =
                    WorkQueue.<Integer, Integer>start(
                            scope,
                            2,
                            i -> {
                                if (i == 1) {
                                    release.await();
                                }
                                return i;
                            })) {
                var busy = async(() -> queue.request(1));
                await().until(() -> queue.stats().queued() == 0 && !busy.isDone());
                var e =
                        assertThrows(
                                TimeoutException.class,
                                () -> queue.request(2, Duration.ofMillis(50)));
                assertEquals("no reply within PT0.05S", e.getMessage());
                release.countDown();
                assertEquals(1, busy.get());
                assertEquals(3, queue.request(3, Duration.ofSeconds(5)));
                assertEquals(new WorkQueue.Stats(2, 0, 1, 0, 1), queue.stats());
            }
            scope.join();
        }
    }

    @Test
    void anInterruptedRequesterDoesNotHurtTheWorker() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (var scope = Scope.open()) {
            try (var queue = WorkQueue.<Integer, Integer>start(scope, 2, echoAfter(release))) {
                var requester = startParked(() -> queue.request(1));
                requester.thread().interrupt();
                assertInstanceOf(InterruptedException.class, failureOf(requester.outcome()));
                release.countDown();
                assertEquals(2, queue.request(2));
                assertEquals(2, queue.stats().served());
            }
            scope.join();
        }
    }

    @Test
    void severalWorkersHandleRequestsAtTheSameTime() throws Exception {
        CyclicBarrier allFourAtOnce = new CyclicBarrier(4);
        try (var scope = Scope.open()) {
            try (var queue =
                    WorkQueue.<Integer, Integer>start(
                            scope,
                            c -> c.withCapacity(0).withWorkers(4),
                            i -> {
                                allFourAtOnce.await();
                                return i;
                            })) {
                List<CompletableFuture<Integer>> requests = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    int input = i;
                    requests.add(async(() -> queue.request(input)));
                }
                for (int i = 0; i < 4; i++) {
                    assertEquals(i, requests.get(i).get());
                }
                assertEquals(4, queue.stats().workers());
            }
            scope.join();
        }
    }

    @Test
    void whenTheScopeIsCancelledTheHandledQueuedAndLaterRequestsFailNamingTheCancel()
            throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (var scope = Scope.open(c -> c.withName("workers"))) {
            var queue = WorkQueue.<Integer, Integer>start(scope, 4, echoAfter(never));
            // (caught in the body: a CompletableFuture would unwrap a CompletionException)
            var inHandler = async(() -> thrownBy(() -> queue.request(1)));
            await().until(() -> queue.stats().queued() == 0 && !inHandler.isDone());
            var queued = async(() -> queue.request(2));
            await().until(() -> queue.stats().queued() == 1);

            scope.fork(Blocking.failing(new IllegalStateException("boom"))); // cancels the scope

            String stoppedByTheCancel =
                    "the work queue's workers stopped before handling the request: their scope"
                            + " 'workers' was cancelled (its policy cancelled it after fork"
                            + " 'workers-fork-2' failed)";
            var handled = assertInstanceOf(ChannelClosedException.class, inHandler.get());
            assertEquals(stoppedByTheCancel, handled.getMessage());
            assertEquals(1, handled.unsentValue());
            var stopped = assertInstanceOf(ChannelClosedException.class, failureOf(queued));
            assertEquals(stoppedByTheCancel, stopped.getMessage());
            assertEquals(2, stopped.unsentValue());
            assertThrows(ChannelClosedException.class, () -> queue.request(3));
            assertThrows(ScopeFailedException.class, scope::join);
            assertEquals(0, queue.stats().workers());
        }
    }

    @Test
    void aWorkerThatNeverStartedStillClosesTheQueue() throws Exception {
        try (var scope = Scope.open()) {
            scope.fork(Blocking.failing(new IllegalStateException("boom")));
            await().until(scope::isCancelled);
            var queue = WorkQueue.<Integer, Integer>start(scope, 4, i -> i);
            assertThrows(ChannelClosedException.class, () -> queue.request(1));
            assertThrows(ScopeFailedException.class, scope::join);
        }
    }

    /** A handler that returns its input once {@code latch} opens. */
    static TaskFunction<Integer, Integer> echoAfter(CountDownLatch latch) {
        return i -> {
            latch.await();
            return i;
        };
    }

    /** What {@code body} threw. */
    static Throwable thrownBy(java.util.concurrent.Callable<?> body) {
        try {
            body.call();
        } catch (Throwable e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void badArgumentsAreRejectedByName() throws Exception {
        try (var scope = Scope.open()) {
            assertEquals(
                    "workers must be at least 1, was 0",
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () -> WorkQueue.start(scope, c -> c.withWorkers(0), i -> i))
                            .getMessage());
            assertEquals(
                    "capacity must be between 0 and 1073741824, was -1",
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () -> WorkQueue.start(scope, -1, i -> i))
                            .getMessage());
            assertEquals(
                    "handler",
                    assertThrows(NullPointerException.class, () -> WorkQueue.start(scope, 1, null))
                            .getMessage());
            try (var queue = WorkQueue.<Integer, Integer>start(scope, 1, i -> i)) {
                assertEquals(
                        "input",
                        assertThrows(NullPointerException.class, () -> queue.request(null))
                                .getMessage());
                var fromAnotherThread = failureOf(async(() -> WorkQueue.start(scope, 1, i -> i)));
                assertInstanceOf(WrongThreadException.class, fromAnotherThread);
                assertTrue(queue.toString().startsWith("WorkQueue[open"), queue.toString());
            }
            scope.join();
        }
    }
}

package dev.weft;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every timed method accepts any positive {@link Duration}: one too long to count in nanoseconds
 * (about 292 years) waits without a limit instead of overflowing. Each wait here really parks, and
 * is then ended by the event it waits for.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LongestTimeoutTest {

    private static final Duration LONGEST = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    private static final Duration TOO_LONG_FOR_NANOS = Duration.ofSeconds(Long.MAX_VALUE);

    /** Runs {@code action} on another thread once {@code waiter} is parked. */
    private static Thread whenParked(Thread waiter, Runnable action) {
        return Thread.ofVirtual()
                .start(
                        () -> {
                            await().until(() -> isParked(waiter.getState()));
                            action.run();
                        });
    }

    /** Parked with a deadline, or (a timeout too long to count) without one. */
    private static boolean isParked(Thread.State state) {
        return state == Thread.State.TIMED_WAITING || state == Thread.State.WAITING;
    }

    @Test
    void receiverRecvWaitsForAValueWithTheLongestTimeout() throws Exception {
        var ch = Channel.<Integer>bounded(1);
        Thread sender = whenParked(Thread.currentThread(), () -> ch.sender().trySend(7));
        assertEquals(7, ch.receiver().recv(LONGEST));
        sender.join();
    }

    @Test
    void senderSendWaitsForRoomWithTheLongestTimeout() throws Exception {
        var ch = Channel.<Integer>bounded(1);
        ch.sender().send(1);
        Thread receiver = whenParked(Thread.currentThread(), () -> ch.receiver().tryRecv());
        ch.sender().send(2, TOO_LONG_FOR_NANOS); // no TimeoutException
        receiver.join();
        assertEquals(Optional.of(2), ch.receiver().tryRecv());
    }

    @Test
    void selectWaitsForAnArmWithTheLongestTimeout() throws Exception {
        var ch = Channel.<String>bounded(1);
        Thread sender = whenParked(Thread.currentThread(), () -> ch.sender().trySend("x"));
        String got =
                Select.<String>create()
                        .recv(ch.receiver(), v -> v)
                        .timeout(LONGEST, () -> "timed out")
                        .await();
        assertEquals("x", got);
        sender.join();
    }

    @Test
    void joinSetJoinNextWaitsForATaskWithTheLongestTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (JoinSet<Integer> set = JoinSet.open()) {
            set.spawn(
                    () -> {
                        release.await();
                        return 1;
                    });
            Thread releaser = whenParked(Thread.currentThread(), release::countDown);
            assertEquals(Optional.of(Result.ok(1)), set.joinNext(TOO_LONG_FOR_NANOS));
            releaser.join();
        }
    }

    @Test
    void workQueueRequestWaitsForTheReplyWithTheLongestTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (var scope = Scope.open()) {
            try (var queue =
                    WorkQueue.<Integer, Integer>start(scope, 1, WorkQueueTest.echoAfter(release))) {
                Thread releaser = whenParked(Thread.currentThread(), release::countDown);
                assertEquals(5, queue.request(5, LONGEST));
                releaser.join();
            }
            scope.join();
        }
    }

    @Test
    void tasksTimeoutAndAScopeDeadlineAcceptTheLongestDuration()
            throws InterruptedException, TimeoutException {
        assertEquals(3, Tasks.timeout(LONGEST, () -> 3));
        try (var scope = Scope.open(c -> c.withTimeout(LONGEST))) {
            Fork<Integer> fork = scope.fork(() -> 4);
            scope.join();
            assertEquals(4, fork.get());
        }
    }
}

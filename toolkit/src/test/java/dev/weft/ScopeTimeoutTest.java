package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Guarantee 4: at the deadline, forks are interrupted and {@code join()} throws. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScopeTimeoutTest {

    @Test
    void deadlineInterruptsForksAndJoinThrowsTimeout() throws InterruptedException {
        Blocking slow = new Blocking();
        long start = System.nanoTime();
        try (var scope = Scope.open(c -> c.withName("slow").withTimeout(Duration.ofMillis(50)))) {
            Fork<Object> fork = scope.fork(slow::untilInterrupted);
            var e = assertThrows(ScopeTimeoutException.class, scope::join);
            assertEquals("scope 'slow' timed out after PT0.05S", e.getMessage());
            assertEquals(Duration.ofMillis(50), e.timeout());
            assertTrue(slow.interrupted.get());
            assertEquals(Fork.State.CANCELLED, fork.state());
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs >= 50, "timed out early: " + elapsedMs + " ms");
    }

    @Test
    void deadlineFiresEvenIfTheOwnerHasNotJoinedYet() throws InterruptedException {
        Blocking slow = new Blocking();
        try (var scope = Scope.open(c -> c.withTimeout(Duration.ofMillis(20)))) {
            scope.fork(slow::untilInterrupted);
            slow.ended.await(); // the owner is busy elsewhere; the deadline still cancels
            assertTrue(slow.interrupted.get());
            assertThrows(ScopeTimeoutException.class, scope::join);
        }
    }

    @Test
    void scopeThatFinishesInTimeDoesNotTimeOut() throws InterruptedException {
        try (var scope = Scope.open(c -> c.withTimeout(Duration.ofSeconds(5)))) {
            Fork<Integer> fork = scope.fork(() -> 42);
            scope.join();
            assertEquals(42, fork.get());
        }
    }

    @Test
    void failureBeforeTheDeadlineIsReportedAsFailureNotTimeout() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        try (var scope = Scope.open(c -> c.withTimeout(Duration.ofSeconds(5)))) {
            scope.fork(
                    () -> {
                        never.await();
                        return null;
                    });
            scope.fork(Blocking.failing(new IllegalArgumentException("bad input")));
            var e = assertThrows(ScopeFailedException.class, scope::join);
            assertEquals("bad input", e.getCause().getMessage());
        }
    }
}

package dev.weft;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A task for tests that signals when it has started and then blocks until it is interrupted,
 * recording that it was. Ordering comes from latches, never from sleeping.
 */
final class Blocking {
    final CountDownLatch started = new CountDownLatch(1);
    final AtomicBoolean interrupted = new AtomicBoolean();
    final CountDownLatch ended = new CountDownLatch(1);

    /** Blocks until interrupted, then rethrows the interrupt. */
    Object untilInterrupted() throws InterruptedException {
        started.countDown();
        try {
            new CountDownLatch(1).await();
            throw new AssertionError("unreachable");
        } catch (InterruptedException e) {
            interrupted.set(true);
            throw e;
        } finally {
            ended.countDown();
        }
    }

    /**
     * Blocks until interrupted, then fails with {@code e}: a task whose clean-up fails while it is
     * being cancelled, a real failure that must not vanish.
     */
    Object untilInterruptedThenFail(RuntimeException e) {
        started.countDown();
        try {
            new CountDownLatch(1).await();
            throw new AssertionError("unreachable");
        } catch (InterruptedException cancelled) {
            interrupted.set(true);
            throw e;
        } finally {
            ended.countDown();
        }
    }

    /** A task that fails at once with {@code e}. */
    static Callable<Object> failing(Exception e) {
        return () -> {
            throw e;
        };
    }

    /** A task that fails with {@code e} once {@code latch} has opened. */
    static Callable<Object> failingAfter(CountDownLatch latch, Exception e) {
        return () -> {
            latch.await();
            throw e;
        };
    }
}

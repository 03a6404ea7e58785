package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A watch under load, random interrupts and random closes, counting every change. One writer
 * changes the value {@value #CHANGES} times, each time to the number of changes so far (with {@code
 * send}, {@code update} and {@code modify} of a counter), so the value is its version. Receivers
 * (some cloned from others, some subscribed late) wait with every form ({@code changed}, timed
 * {@code changed}, {@code tryChanged}), and some close themselves at random; a chaos thread
 * interrupts them at random and, in some rounds, closes the writer's handle (the last) under it.
 *
 * <p>Every receiver must see increasing values that were really written (equal ones only where a
 * counter changed in place was read ahead of its version), {@code get()} never behind what it last
 * saw, and a receiver that ran to the end must have seen the last value (or subscribed when it was
 * current) before it was told of the close. The writer's count of changes that succeeded is the
 * final value and the final version. CI size: {@value #ROUNDS} rounds; {@code WEFT_STRESS=N} runs N
 * times as many.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WatchStressTest {
    static final int ROUNDS = 16;
    static final int CHANGES = 5_000;

    /**
     * A mutable counter, for {@code modify}. Volatile: a receiver reads it outside the watch's
     * lock, so it may read a later {@code modify}'s value ahead of that version's {@code changed}.
     */
    static final class Counter {
        volatile long value;
    }

    /** What a receiver's consumer saw. */
    static final class Tally {
        /** The value last seen: at first, the one current when the receiver subscribed. */
        long last;

        long changes;
        boolean ranToTheEnd;
        Throwable failure;

        /**
         * A value from {@code changed}: higher than the last one seen, or equal to it when a {@code
         * modify} had already changed the counter in place while this receiver read the previous
         * version (the case the class comment of {@link Watch} warns of).
         */
        void got(long value) {
            if (value < last) {
                throw new AssertionError("saw " + value + " after " + last);
            }
            last = value;
            changes++;
        }
    }

    @Test
    void everyReceiverSeesIncreasingValuesAndTheLastBeforeTheEnd() throws Exception {
        for (int round = 0; round < ROUNDS * Stress.scale(); round++) {
            runRound(round % 2 == 1);
        }
    }

    private static void runRound(boolean closeUnderTheWriter) throws Exception {
        var w = Watch.create(new Counter());
        WatchSender<Counter> tx = w.sender();
        List<Tally> tallies = new CopyOnWriteArrayList<>();
        List<Thread> consumers = new CopyOnWriteArrayList<>();
        AtomicLong written = new AtomicLong();
        AtomicBoolean writing = new AtomicBoolean(true);
        WatchReceiver<Counter> first = w.subscribe();
        startConsumer(first, 0, tallies, consumers, true);
        startConsumer(first.clone(), 0, tallies, consumers, false);
        startConsumer(w.subscribe(), 0, tallies, consumers, false);
        Thread writer =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    var random = ThreadLocalRandom.current();
                                    long n = 0;
                                    try {
                                        while (n < CHANGES) {
                                            if (random.nextInt(CHANGES / 4) == 0) {
                                                startConsumer(
                                                        tx.subscribe(),
                                                        n,
                                                        tallies,
                                                        consumers,
                                                        false);
                                            }
                                            long next = n + 1;
                                            switch (random.nextInt(3)) {
                                                case 0 -> {
                                                    Counter c = new Counter();
                                                    c.value = next;
                                                    tx.send(c); // the first receiver never closes
                                                }
                                                case 1 ->
                                                        tx.update(
                                                                c -> {
                                                                    Counter d = new Counter();
                                                                    d.value = c.value + 1;
                                                                    return d;
                                                                });
                                                default -> tx.modify(c -> c.value++);
                                            }
                                            n = next;
                                            if (random.nextInt(32) != 0) {
                                                Thread.yield();
                                            }
                                        }
                                        tx.close();
                                    } catch (IllegalStateException | ChannelClosedException e) {
                                        // the chaos thread closed the handle under this change
                                    } finally {
                                        written.set(n);
                                        writing.set(false);
                                    }
                                });
        Thread chaos = Stress.chaos(writing, consumers, closeUnderTheWriter, tx::close);
        writer.join();
        chaos.join();
        tx.close();
        for (Thread c : consumers) {
            c.join();
        }
        long total = written.get();
        assertEquals(total, w.core().version(), "every change that succeeded made one version");
        assertEquals(total, tx.get().value, "and the value counts them");
        for (Tally t : tallies) {
            if (t.failure != null) {
                throw new AssertionError("a consumer failed: " + t.failure, t.failure);
            }
            assertTrue(t.changes <= total && t.last <= total);
            if (t.ranToTheEnd) {
                assertEquals(total, t.last, "a receiver at the end has seen the last value");
            }
        }
        assertEquals(0, w.core().waitingThreads());
    }

    private static void startConsumer(
            WatchReceiver<Counter> rx,
            long subscribedAt,
            List<Tally> tallies,
            List<Thread> consumers,
            boolean neverCloses) {
        Tally tally = new Tally();
        tally.last = subscribedAt;
        tallies.add(tally);
        consumers.add(Thread.ofVirtual().start(() -> consume(rx, tally, neverCloses)));
    }

    private static void consume(WatchReceiver<Counter> rx, Tally tally, boolean neverCloses) {
        var random = ThreadLocalRandom.current();
        try {
            while (true) {
                if (!neverCloses && random.nextInt(2 * CHANGES) == 0) {
                    rx.close();
                    return;
                }
                try {
                    switch (random.nextInt(3)) {
                        case 0 -> tally.got(rx.changed().value);
                        case 1 -> tally.got(rx.changed(Duration.ofMillis(1)).value);
                        default -> {
                            Optional<Counter> c = rx.tryChanged();
                            if (c.isPresent()) {
                                tally.got(c.get().value);
                            } else {
                                Thread.yield();
                            }
                        }
                    }
                    if (rx.get().value < tally.last) {
                        throw new AssertionError("get() is behind what changed() returned");
                    }
                } catch (InterruptedException | TimeoutException e) {
                    // nothing was marked seen: go on
                }
            }
        } catch (ChannelClosedException end) {
            tally.ranToTheEnd = !rx.isClosed();
        } catch (Throwable e) {
            tally.failure = e;
        }
    }
}

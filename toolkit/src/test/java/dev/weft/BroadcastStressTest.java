package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A broadcast under load, random interrupts and random closes, counting every value. One producer
 * sends the values 0, 1, 2, ... (the value is its sequence: the number of sends that succeeded
 * before it); subscribers join at random points (the producer subscribes them between two sends, so
 * each knows the first value it must see), receive with every form (recv, timed recv, tryRecv, the
 * iterator), and some close themselves at random. A chaos thread interrupts the consumers at random
 * and, in some rounds, closes the producer's handle (the last) under it.
 *
 * <p>Each subscriber must get, in order, exactly the values sent after it subscribed, minus those
 * reported missed: every value received is the one it expected, a {@link LaggedException} moves its
 * expectation on by {@code missed()}, and a subscriber that ran to the end stopped exactly at the
 * number of values sent. The sends' counts add up too: the subscribers each send reached sum to at
 * least what the subscribers that ran to the end were owed. CI size: 3 capacities x {@value
 * #ROUNDS} rounds x {@value #VALUES} values; {@code WEFT_STRESS=N} runs N times the rounds.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BroadcastStressTest {
    static final int ROUNDS = 8;
    static final int VALUES = 5_000;

    /** What a subscriber's consumer saw. */
    static final class Tally {
        final long start;
        long expected;
        long received;
        long missed;
        boolean ranToTheEnd;
        Throwable failure;

        Tally(long start) {
            this.start = start;
            this.expected = start;
        }

        void got(int value) {
            if (value != expected) {
                throw new AssertionError("expected " + expected + ", got " + value);
            }
            expected++;
            received++;
        }

        void lagged(LaggedException e) {
            expected += e.missed();
            missed += e.missed();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 16})
    void everySubscriberGetsExactlyItsValuesInOrderMinusTheReportedLag(int capacity)
            throws Exception {
        for (int round = 0; round < ROUNDS * Stress.scale(); round++) {
            runRound(capacity, round % 2 == 1);
        }
    }

    private static void runRound(int capacity, boolean closeUnderTheProducer) throws Exception {
        var bc = Broadcast.<Integer>create(capacity);
        BroadcastSender<Integer> tx = bc.sender();
        List<Tally> tallies = new CopyOnWriteArrayList<>();
        List<Thread> consumers = new CopyOnWriteArrayList<>();
        AtomicLong reachedSum = new AtomicLong();
        AtomicLong sentCount = new AtomicLong();
        AtomicBoolean producing = new AtomicBoolean(true);
        for (int s = 0; s < 3; s++) {
            startConsumer(bc.subscribe(), 0, tallies, consumers, s == 0);
        }
        Thread producer =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    var random = ThreadLocalRandom.current();
                                    long sent = 0;
                                    try {
                                        while (sent < VALUES) {
                                            if (random.nextInt(VALUES / 8) == 0) {
                                                startConsumer(
                                                        tx.subscribe(),
                                                        sent,
                                                        tallies,
                                                        consumers,
                                                        false);
                                            }
                                            reachedSum.addAndGet(tx.send((int) sent));
                                            sent++;
                                            if (random.nextInt(64) != 0) {
                                                Thread.yield(); // mostly keep pace; bursts lag
                                            }
                                        }
                                        tx.close();
                                    } catch (IllegalStateException | ChannelClosedException e) {
                                        // the chaos thread closed the handle under this send
                                    } finally {
                                        sentCount.set(sent);
                                        producing.set(false);
                                    }
                                });
        Thread chaos = Stress.chaos(producing, consumers, closeUnderTheProducer, tx::close);
        producer.join();
        chaos.join();
        tx.close();
        for (Thread c : consumers) {
            c.join();
        }
        long total = sentCount.get();
        long owed = 0;
        for (Tally t : tallies) {
            if (t.failure != null) {
                throw new AssertionError("a consumer failed: " + t.failure, t.failure);
            }
            assertEquals(t.expected - t.start, t.received + t.missed, "the counts add up");
            if (t.ranToTheEnd) {
                assertEquals(total, t.expected, "a subscriber that ran to the end saw every send");
                owed += total - t.start;
            }
        }
        assertTrue(
                reachedSum.get() >= owed,
                "the sends reached " + reachedSum.get() + ", fewer than the " + owed + " owed");
        assertEquals(0, bc.core().waitingThreads());
    }

    private static void startConsumer(
            BroadcastReceiver<Integer> rx,
            long start,
            List<Tally> tallies,
            List<Thread> consumers,
            boolean neverCloses) {
        Tally tally = new Tally(start);
        tallies.add(tally);
        consumers.add(Thread.ofVirtual().start(() -> consume(rx, tally, neverCloses)));
    }

    private static void consume(BroadcastReceiver<Integer> rx, Tally tally, boolean neverCloses) {
        var random = ThreadLocalRandom.current();
        Iterator<Integer> it = rx.iterator();
        try {
            while (true) {
                if (!neverCloses && random.nextInt(4 * VALUES) == 0) {
                    rx.close();
                    Thread.interrupted();
                    return;
                }
                try {
                    switch (random.nextInt(4)) {
                        case 0 -> tally.got(rx.recv());
                        case 1 -> tally.got(rx.recv(Duration.ofMillis(random.nextInt(1, 3))));
                        case 2 -> {
                            Optional<Integer> v = rx.tryRecv();
                            if (v.isPresent()) {
                                tally.got(v.get());
                            } else {
                                Thread.yield();
                            }
                        }
                        default -> {
                            if (!it.hasNext()) {
                                tally.ranToTheEnd = true;
                                return;
                            }
                            tally.got(it.next());
                        }
                    }
                } catch (LaggedException e) {
                    tally.lagged(e);
                } catch (InterruptedException | TimeoutException e) {
                    // nothing was taken: go on
                } catch (CancellationException e) {
                    Thread.interrupted(); // the iterator, interrupted: nothing was taken
                }
            }
        } catch (ChannelClosedException end) {
            tally.ranToTheEnd = true;
        } catch (Throwable e) {
            tally.failure = e;
        }
    }
}

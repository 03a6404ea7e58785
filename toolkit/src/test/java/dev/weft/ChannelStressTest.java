package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Several producers and one consumer (or four, sharing the values) under random interrupts,
 * timeouts and handle closes: every value whose send reported success is received exactly once, no
 * other value is received, and every send that failed because the receiver closed handed its own
 * value back. 10^5 messages per flavour in CI; {@code WEFT_STRESS=100} makes it 10^7.
 *
 * <p>{@link #sharedHandlesClosedByOtherThreadsLoseNothingAndRefuseWithTheRightValue} closes sender
 * handles that producers share, from another thread, while their sends wait or are under way: each
 * value whose send returned is received once, and each refused send gets its own value back. 400
 * rounds (fresh channels) per flavour in CI; {@code WEFT_STRESS=N} makes it {@code 400 N}.
 */
@Timeout(value = 1800, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChannelStressTest {

    static final int PRODUCERS = 4;

    static Stream<Named<Supplier<Channel<Integer>>>> flavours() {
        return Stream.of(
                Named.of("rendezvous", Channel::rendezvous),
                Named.of("bounded(1)", () -> Channel.bounded(1)),
                Named.of("bounded(16)", () -> Channel.bounded(16)),
                Named.of(
                        "bounded(64), ring growing from 2",
                        () -> Channel.boundedGrowingFrom(64, 2)),
                Named.of("unbounded", Channel::unbounded));
    }

    /** What happened to every value, indexed by value. */
    static final class Ledger {
        final AtomicIntegerArray sent; // 1 when a send of the value reported success
        final AtomicIntegerArray received; // how many times the value was received
        final AtomicLong interruptedSends = new AtomicLong();
        final AtomicLong timedOutSends = new AtomicLong();
        final AtomicLong interruptedRecvs = new AtomicLong();
        final AtomicLong closedSends = new AtomicLong();
        final AtomicLong wrongValueBack = new AtomicLong();
        final AtomicLong handleSwaps = new AtomicLong();

        Ledger(int n) {
            sent = new AtomicIntegerArray(n);
            received = new AtomicIntegerArray(n);
        }
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void everySentValueIsReceivedExactlyOnceUnderRandomInterrupts(
            Supplier<Channel<Integer>> flavour) throws Exception {
        int n = 100_000 * Stress.scale();
        Ledger ledger = new Ledger(n);
        long sent = runAndCheckEachValue(flavour.get(), n, ledger, false);
        assertEquals(n, sent, "every value is sent in the end (failed sends are retried)");
        assertTrue(ledger.interruptedSends.get() + ledger.interruptedRecvs.get() > 0);
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void fourConsumersReceiveEverySentValueExactlyOnceUnderRandomInterruptsAndCloses(
            Supplier<Channel<Integer>> flavour) throws Exception {
        int n = 100_000 * Stress.scale();
        Ledger ledger = new Ledger(n);
        long sent = runAndCheckEachValue(flavour.get(), n, ledger, false, 4);
        assertEquals(n, sent, "every value is sent in the end (failed sends are retried)");
        assertTrue(ledger.interruptedSends.get() + ledger.interruptedRecvs.get() > 0);
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void fourConsumersClosedMidwayLoseNothingThatWasSentAndHandBackTheRest(
            Supplier<Channel<Integer>> flavour) throws Exception {
        Ledger ledger = new Ledger(100_000 * Stress.scale());
        runAndCheckEachValue(flavour.get(), ledger.sent.length(), ledger, true, 4);
        assertEquals(0, ledger.wrongValueBack.get(), "a failed send handed back another value");
        assertTrue(ledger.closedSends.get() > 0, "the close never hit a send");
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void receiverClosedMidwayLosesNothingThatWasSentAndHandsBackTheRest(
            Supplier<Channel<Integer>> flavour) throws Exception {
        Ledger ledger = new Ledger(100_000 * Stress.scale());
        runAndCheckEachValue(flavour.get(), ledger.sent.length(), ledger, true);
        assertEquals(0, ledger.wrongValueBack.get(), "a failed send handed back another value");
        assertTrue(ledger.closedSends.get() > 0, "the close never hit a send");
    }

    /**
     * Runs the producers and the consumer, then checks that each value was received exactly as
     * often as its send reported success (0 or 1 times); returns how many values were sent.
     */
    private static long runAndCheckEachValue(
            Channel<Integer> ch, int n, Ledger ledger, boolean closeMidway) throws Exception {
        return runAndCheckEachValue(ch, n, ledger, closeMidway, 1);
    }

    private static long runAndCheckEachValue(
            Channel<Integer> ch, int n, Ledger ledger, boolean closeMidway, int consumers)
            throws Exception {
        run(ch, n, ledger, closeMidway, consumers);
        long sent = 0;
        for (int v = 0; v < n; v++) {
            assertEquals(ledger.sent.get(v), ledger.received.get(v), "value " + v);
            sent += ledger.sent.get(v);
        }
        report(ch, n, ledger, sent);
        return sent;
    }

    private static void report(Channel<Integer> ch, int n, Ledger l, long sent) {
        System.out.printf(
                "channel stress %s: %,d values, %,d sent and received once each; %,d sends"
                        + " interrupted, %,d timed out, %,d failed on close (value handed back),"
                        + " %,d receives interrupted, %,d handle swaps%n",
                ch,
                n,
                sent,
                l.interruptedSends.get(),
                l.timedOutSends.get(),
                l.closedSends.get(),
                l.interruptedRecvs.get(),
                l.handleSwaps.get());
    }

    private static void run(
            Channel<Integer> ch, int n, Ledger ledger, boolean closeMidway, int consumerCount)
            throws Exception {
        List<Receiver<Integer>> receivers = new ArrayList<>(List.of(ch.receiver()));
        while (receivers.size() < consumerCount) {
            receivers.add(ch.receiver().clone());
        }
        List<Thread> producers = new ArrayList<>();
        int each = n / PRODUCERS;
        for (int p = 0; p < PRODUCERS; p++) {
            int from = p * each;
            int to = p == PRODUCERS - 1 ? n : from + each;
            Sender<Integer> handle = ch.sender().clone();
            // Producer 0 closes the receiver half-way through its own values, while the others
            // are mid-flight: its next send, at least, must fail and hand its value back.
            Runnable atMidpoint =
                    p == 0 && closeMidway ? () -> receivers.forEach(Receiver::close) : () -> {};
            producers.add(
                    Thread.ofVirtual()
                            .name("producer-" + p)
                            .start(() -> produce(handle, from, to, ledger, atMidpoint)));
        }
        ch.sender().close(); // the producers hold the only open handles now
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger running = new AtomicInteger(consumerCount);
        List<Thread> consumers = new ArrayList<>();
        for (int c = 0; c < consumerCount; c++) {
            Receiver<Integer> rx = receivers.get(c);
            // Several consumers also close their handle now and then (after cloning it), unless
            // the receiving side is closed midway: that close must find the handles it closes.
            boolean swapHandles = consumerCount > 1 && !closeMidway;
            consumers.add(
                    Thread.ofVirtual()
                            .name("consumer-" + c)
                            .start(
                                    () -> {
                                        try {
                                            consume(rx, ledger, swapHandles);
                                        } finally {
                                            if (running.decrementAndGet() == 0) {
                                                done.set(true);
                                            }
                                        }
                                    }));
        }
        Thread interrupter =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    ThreadLocalRandom r = ThreadLocalRandom.current();
                                    while (!done.get()) {
                                        Thread.yield();
                                        if (r.nextInt(32) == 0) {
                                            Thread t =
                                                    r.nextInt(PRODUCERS + 1) == 0
                                                            ? consumers.get(
                                                                    r.nextInt(consumerCount))
                                                            : producers.get(r.nextInt(PRODUCERS));
                                            t.interrupt();
                                        }
                                    }
                                });
        for (Thread t : producers) {
            t.join();
        }
        for (Thread t : consumers) {
            t.join();
        }
        interrupter.join();
    }

    private static void produce(
            Sender<Integer> first, int from, int to, Ledger ledger, Runnable atMidpoint) {
        int midpoint = from + (to - from) / 2;
        ThreadLocalRandom r = ThreadLocalRandom.current();
        Sender<Integer> tx = first;
        try {
            for (int v = from; v < to; ) {
                if (v == midpoint) {
                    atMidpoint.run(); // from another thread than the consumer's
                }
                if ((v & 255) == 0) {
                    // Virtual threads are not time-sliced, and an unbounded send never parks:
                    // yield now and then so the consumer, closer and interrupter get a carrier.
                    Thread.yield();
                }
                if (r.nextInt(500) == 0) {
                    // The interrupter may be starved of a carrier: interrupt ourselves too.
                    Thread.currentThread().interrupt();
                }
                if (r.nextInt(1000) == 0) {
                    Sender<Integer> next = tx.clone(); // a random close of one handle
                    tx.close();
                    tx = next;
                    ledger.handleSwaps.incrementAndGet();
                }
                try {
                    boolean ok = sendSomeWay(tx, v, r, 20_000);
                    if (ok) {
                        ledger.sent.set(v, 1);
                        v++;
                    } else {
                        ledger.timedOutSends.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    ledger.interruptedSends.incrementAndGet(); // not sent: try the same value again
                } catch (ChannelClosedException e) {
                    ledger.closedSends.incrementAndGet();
                    if (!Integer.valueOf(v).equals(e.unsentValue())) {
                        ledger.wrongValueBack.incrementAndGet();
                    }
                    return; // the receiver is gone: stop producing
                }
            }
        } finally {
            Thread.interrupted();
            tx.close();
        }
    }

    private static void consume(Receiver<Integer> first, Ledger ledger, boolean swapHandles) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        Receiver<Integer> rx = first;
        List<Integer> batch = new ArrayList<>();
        try {
            while (true) {
                if (swapHandles && r.nextInt(1000) == 0) {
                    Receiver<Integer> next = rx.clone(); // a random close of one handle
                    rx.close();
                    rx = next;
                    ledger.handleSwaps.incrementAndGet();
                }
                Integer next;
                try {
                    next =
                            switch (r.nextInt(swapHandles ? 4 : 3)) {
                                case 0 -> rx.recv();
                                case 1 -> rx.tryRecv().orElse(null);
                                case 2 -> rx.recv(Duration.ofNanos(r.nextInt(1, 20_000)));
                                default -> {
                                    batch.clear();
                                    rx.recvMany(batch, r.nextInt(1, 8));
                                    for (int i = 1; i < batch.size(); i++) {
                                        ledger.received.incrementAndGet(batch.get(i));
                                    }
                                    yield batch.get(0);
                                }
                            };
                } catch (InterruptedException e) {
                    ledger.interruptedRecvs.incrementAndGet();
                    continue;
                } catch (TimeoutException e) {
                    continue;
                } catch (ChannelClosedException e) {
                    return; // every sender closed and the buffer is drained
                }
                if (next == null) {
                    continue; // tryRecv found nothing yet
                }
                ledger.received.incrementAndGet(next);
            }
        } finally {
            Thread.interrupted();
            rx.close();
        }
    }

    /** What happened in the shared-handle rounds of one flavour. */
    static final class CloseLedger {
        final AtomicLong sent = new AtomicLong(); // sends that returned normally
        final AtomicLong received = new AtomicLong();
        final AtomicLong refused = new AtomicLong(); // ChannelClosedException, value handed back
        final AtomicLong onClosedHandle = new AtomicLong(); // IllegalStateException: not sent
        final AtomicLong notSentNow = new AtomicLong(); // trySend full or send timed out: retried
        final AtomicLong wrongValueBack = new AtomicLong();
    }

    static final int ROUNDS = 400;
    static final int VALUES_PER_PRODUCER = 500;

    /**
     * Rounds of: four producers, two on each of two sender handles (the first and a clone), send
     * their own values through their shared handle ({@code send}, {@code trySend} or a timed {@code
     * send}, at random); the consumer drains until the end; a closer thread closes the clone and
     * then the first handle, each once the producers have sent a random number of values (or are
     * all done), so the last close lands while sends wait for room or for a receiver, or are under
     * way. A producer stops when its handle is closed. Then, value by value: each one whose send
     * returned was received exactly once, and no other value was received; each refused send got
     * its own value back. Even rounds run on platform threads, so that a close can also land
     * between a send's check of its handle and its claim; odd rounds on virtual threads.
     */
    @ParameterizedTest
    @MethodSource("flavours")
    void sharedHandlesClosedByOtherThreadsLoseNothingAndRefuseWithTheRightValue(
            Supplier<Channel<Integer>> flavour) throws Exception {
        int rounds = ROUNDS * Stress.scale();
        int capacity = flavour.get().capacity();
        CloseLedger total = new CloseLedger();
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            runSharedHandleRound(flavour.get(), round % 2 == 0, total, round);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf(
                "channel stress, shared handles closed by another thread, %s: %,d rounds in %,d"
                        + " ms; %,d values sent and received once each; %,d sends refused (value"
                        + " handed back), %,d found the handle closed, %,d not sent at once"
                        + " (full, timed out) and retried%n",
                capacity == 0
                        ? "rendezvous"
                        : capacity == Channel.UNBOUNDED ? "unbounded" : "bounded(" + capacity + ")",
                rounds,
                millis,
                total.sent.get(),
                total.refused.get(),
                total.onClosedHandle.get(),
                total.notSentNow.get());
        assertEquals(total.sent.get(), total.received.get());
        assertEquals(0, total.wrongValueBack.get(), "a refused send handed back another value");
        assertTrue(total.sent.get() > 0);
        if (capacity != Channel.UNBOUNDED) {
            assertTrue(total.refused.get() > 0, "no close ever hit a waiting send");
        }
    }

    private static void runSharedHandleRound(
            Channel<Integer> ch, boolean platform, CloseLedger total, int round) throws Exception {
        int n = PRODUCERS * VALUES_PER_PRODUCER;
        AtomicIntegerArray sent = new AtomicIntegerArray(n);
        AtomicIntegerArray received = new AtomicIntegerArray(n);
        AtomicLong receivedCount = new AtomicLong();
        AtomicLong sentCount = new AtomicLong();
        java.util.concurrent.atomic.AtomicInteger producersDone =
                new java.util.concurrent.atomic.AtomicInteger();
        Sender<Integer> first = ch.sender();
        Sender<Integer> second = first.clone();
        Thread.Builder builder = platform ? Thread.ofPlatform() : Thread.ofVirtual();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            Sender<Integer> shared = p % 2 == 0 ? first : second;
            int from = p * VALUES_PER_PRODUCER;
            threads.add(
                    builder.start(
                            () -> {
                                try {
                                    produceUntilClosed(
                                            shared,
                                            from,
                                            VALUES_PER_PRODUCER,
                                            sent,
                                            sentCount,
                                            total);
                                } finally {
                                    producersDone.incrementAndGet();
                                }
                            }));
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long closeSecondAt = r.nextInt(2 * VALUES_PER_PRODUCER);
        long closeFirstAt = closeSecondAt + r.nextInt(VALUES_PER_PRODUCER / 2);
        threads.add(
                builder.start(
                        () -> {
                            awaitSentOrDone(sentCount, closeSecondAt, producersDone);
                            second.close();
                            awaitSentOrDone(sentCount, closeFirstAt, producersDone);
                            first.close(); // the last handle
                        }));
        Thread consumer =
                builder.start(
                        () -> {
                            for (int v : ch.receiver()) {
                                received.incrementAndGet(v);
                                receivedCount.incrementAndGet();
                            }
                        });
        for (Thread t : threads) {
            t.join();
        }
        consumer.join();
        for (int v = 0; v < n; v++) {
            assertEquals(sent.get(v), received.get(v), "round " + round + ", value " + v);
        }
        total.received.addAndGet(receivedCount.get());
    }

    /** Waits until {@code count} values were sent, or every producer has stopped. */
    private static void awaitSentOrDone(
            AtomicLong sent, long count, java.util.concurrent.atomic.AtomicInteger done) {
        while (sent.get() < count && done.get() < PRODUCERS) {
            Thread.yield();
        }
    }

    /**
     * Sends {@code from .. from + count - 1} through a handle that other threads share and close;
     * stops when the handle is closed (refused, or closed before the send began).
     */
    private static void produceUntilClosed(
            Sender<Integer> tx,
            int from,
            int count,
            AtomicIntegerArray sent,
            AtomicLong sentCount,
            CloseLedger total) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int v = from; v < from + count; ) {
            try {
                boolean ok = sendSomeWay(tx, v, r, 50_000);
                if (ok) {
                    sent.set(v, 1);
                    sentCount.incrementAndGet();
                    total.sent.incrementAndGet();
                    v++;
                } else {
                    total.notSentNow.incrementAndGet();
                    Thread.yield(); // full: let the consumer and the closer run
                }
            } catch (ChannelClosedException e) {
                total.refused.incrementAndGet();
                if (!Integer.valueOf(v).equals(e.unsentValue())) {
                    total.wrongValueBack.incrementAndGet();
                }
                return;
            } catch (IllegalStateException handleClosed) {
                total.onClosedHandle.incrementAndGet();
                return;
            } catch (InterruptedException e) {
                throw new AssertionError("nothing interrupts these producers", e);
            }
        }
    }

    /**
     * Sends {@code v} in one of the three forms, picked at random: blocking, never blocking, or
     * with a timeout below {@code maxTimeoutNanos}.
     *
     * @return whether it was sent (false: full, or timed out)
     */
    private static boolean sendSomeWay(
            Sender<Integer> tx, int v, ThreadLocalRandom r, int maxTimeoutNanos)
            throws InterruptedException {
        return switch (r.nextInt(3)) {
            case 0 -> {
                tx.send(v);
                yield true;
            }
            case 1 -> tx.trySend(v);
            default -> {
                try {
                    tx.send(v, Duration.ofNanos(r.nextInt(1, maxTimeoutNanos)));
                    yield true;
                } catch (TimeoutException e) {
                    yield false;
                }
            }
        };
    }
}

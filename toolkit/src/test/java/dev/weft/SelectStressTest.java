package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A consumer selecting in a loop over two channels, each fed by two producers that pause now and
 * then (so the select often waits), while a third thread interrupts everybody at random (the
 * consumer half the time) and some selects time out. One select in four also has a send arm into a
 * third channel, drained by a fourth thread. What must hold: every value whose send succeeded is
 * handled exactly once, no value is handled that was not sent, and the send arm's values arrive
 * exactly once and in order (a losing send arm sent nothing). A second round mixes a channel arm
 * with a broadcast and a watch arm (see its comment). 10^5 values in CI; {@code WEFT_STRESS=10}
 * makes it 10^6.
 */
@Timeout(value = 1800, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SelectStressTest {

    static Stream<Named<Supplier<Channel<Integer>>>> flavours() {
        return ChannelStressTest.flavours(); // rendezvous, bounded(1), bounded(16), unbounded
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void everySentValueIsHandledOnceAndALosingSendArmSendsNothing(
            Supplier<Channel<Integer>> flavour) throws Exception {
        int n = 100_000 * Stress.scale();
        Channel<Integer> a = flavour.get();
        Channel<Integer> b = flavour.get();
        Channel<Integer> out = flavour.get();
        AtomicIntegerArray sent = new AtomicIntegerArray(n);
        AtomicIntegerArray handled = new AtomicIntegerArray(n);
        AtomicLong interruptedSends = new AtomicLong();
        AtomicLong interruptedSelects = new AtomicLong();
        AtomicLong timeouts = new AtomicLong();
        AtomicLong selects = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();

        List<Thread> producers = new ArrayList<>();
        Sender<Integer>[] senders = senders(a, b);
        for (int p = 0; p < 4; p++) {
            Sender<Integer> tx = senders[p];
            int first = p;
            producers.add(
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        try (tx) {
                                            for (int v = first; v < n; v += 4) {
                                                if (v % 64 == first) {
                                                    // pause now and then, so that the consumer
                                                    // finds nothing and waits in its select
                                                    LockSupport.parkNanos(
                                                            ThreadLocalRandom.current()
                                                                    .nextInt(5_000));
                                                }
                                                while (true) {
                                                    try {
                                                        tx.send(v);
                                                        sent.incrementAndGet(v);
                                                        break;
                                                    } catch (InterruptedException e) {
                                                        interruptedSends.incrementAndGet();
                                                    }
                                                }
                                            }
                                        }
                                    }));
        }

        int[] nextOut = {0};
        List<Integer> drained = new ArrayList<>();
        Thread drainer =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    while (true) {
                                        try {
                                            drained.add(out.receiver().recv());
                                        } catch (ChannelClosedException closedAndDrained) {
                                            return;
                                        } catch (InterruptedException e) {
                                            // an interrupt for this thread: just go on
                                        }
                                    }
                                });

        Thread consumer =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try (Sender<Integer> outTx = out.sender()) {
                                        consume(
                                                a,
                                                b,
                                                outTx,
                                                nextOut,
                                                handled,
                                                selects,
                                                timeouts,
                                                interruptedSelects);
                                    }
                                });

        Thread interrupter =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    List<Thread> targets = new ArrayList<>(producers);
                                    targets.add(consumer);
                                    targets.add(drainer);
                                    ThreadLocalRandom random = ThreadLocalRandom.current();
                                    while (!done.get()) {
                                        // half the interrupts go to the selecting consumer
                                        Thread target =
                                                random.nextBoolean()
                                                        ? consumer
                                                        : targets.get(
                                                                random.nextInt(targets.size()));
                                        target.interrupt();
                                        LockSupport.parkNanos(random.nextInt(20_000));
                                    }
                                });

        for (Thread t : producers) {
            t.join();
        }
        consumer.join();
        drainer.join();
        done.set(true);
        interrupter.join();

        long total = 0;
        for (int v = 0; v < n; v++) {
            assertEquals(1, sent.get(v), "value " + v + " sent once");
            assertEquals(1, handled.get(v), "value " + v + " handled once");
            total += handled.get(v);
        }
        assertEquals(nextOut[0], drained.size(), "every committed send arm's value arrived");
        for (int i = 0; i < drained.size(); i++) {
            assertEquals(i, drained.get(i), "send arm values arrive once, in order");
        }
        System.out.printf(
                "select stress [%s]: %d values sent, %d handled, %d selects (%d timed out, %d"
                        + " interrupted), %d interrupted sends, %d values sent by the send arm%n",
                a.capacity() == 0 ? "rendezvous" : "capacity " + a.capacity(),
                n,
                total,
                selects.get(),
                timeouts.get(),
                interruptedSelects.get(),
                interruptedSends.get(),
                drained.size());
        assertTrue(interruptedSelects.get() + interruptedSends.get() > 0, "interrupts happened");
    }

    /**
     * A consumer selecting in a loop over a channel (two producers), a broadcast subscriber (its
     * sender never waits, so the subscriber may lag) and a watch receiver, while it is interrupted
     * at random. What must hold: every channel value is handled exactly once; the broadcast values
     * handled arrive in order, and with the values reported missed by lags they account for every
     * value broadcast; the watch values handled rise, and the last one is the watch's last value.
     */
    @org.junit.jupiter.api.Test
    void aSelectOverAChannelABroadcastAndAWatchLosesNothing() throws Exception {
        int n = 50_000 * Stress.scale();
        Channel<Integer> ch = Channel.bounded(16);
        Broadcast<Integer> news = Broadcast.create(64);
        BroadcastReceiver<Integer> subscriber = news.subscribe();
        Watch<Integer> config = Watch.create(-1);
        WatchReceiver<Integer> watcher = config.subscribe();
        AtomicIntegerArray handled = new AtomicIntegerArray(n);
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> producers = new ArrayList<>();
        Sender<Integer> second = ch.sender().clone();
        for (Sender<Integer> tx : List.of(ch.sender(), second)) {
            int first = tx == second ? 1 : 0;
            producers.add(
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        try (tx) {
                                            for (int v = first; v < n; v += 2) {
                                                pauseNowAndThen(v);
                                                sendUninterruptibly(tx, v);
                                            }
                                        }
                                    }));
        }
        producers.add(
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try (BroadcastSender<Integer> tx = news.sender()) {
                                        for (int v = 0; v < n; v++) {
                                            if (v % 8 == 0) { // often: lag only sometimes
                                                LockSupport.parkNanos(1_000);
                                            }
                                            tx.send(v);
                                        }
                                    }
                                }));
        producers.add(
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try (WatchSender<Integer> tx = config.sender()) {
                                        for (int v = 0; v < n; v++) {
                                            pauseNowAndThen(v);
                                            tx.send(v);
                                        }
                                    }
                                }));
        long[] missed = {0};
        List<Integer> newsHandled = new ArrayList<>();
        List<Integer> configHandled = new ArrayList<>();
        AtomicLong interruptedSelects = new AtomicLong();
        Thread consumer =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    Select<Integer> select =
                                            Select.<Integer>create()
                                                    .recv(ch.receiver(), v -> v)
                                                    .recv(subscriber, v -> n + v)
                                                    .changed(watcher, v -> 2 * n + v)
                                                    .fair();
                                    while (true) {
                                        int got;
                                        try {
                                            got = select.await();
                                        } catch (InterruptedException e) {
                                            interruptedSelects.incrementAndGet();
                                            continue;
                                        } catch (LaggedException lag) {
                                            missed[0] += lag.missed();
                                            continue;
                                        } catch (ChannelClosedException everyArmDisabled) {
                                            return;
                                        }
                                        if (got < n) {
                                            handled.incrementAndGet(got);
                                        } else if (got < 2 * n) {
                                            newsHandled.add(got - n);
                                        } else {
                                            configHandled.add(got - 2 * n);
                                        }
                                    }
                                });
        Thread interrupter =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    ThreadLocalRandom random = ThreadLocalRandom.current();
                                    while (!done.get()) {
                                        consumer.interrupt();
                                        LockSupport.parkNanos(random.nextInt(40_000));
                                    }
                                });
        for (Thread t : producers) {
            t.join();
        }
        consumer.join();
        done.set(true);
        interrupter.join();

        for (int v = 0; v < n; v++) {
            assertEquals(1, handled.get(v), "channel value " + v + " handled once");
        }
        for (int i = 1; i < newsHandled.size(); i++) {
            assertTrue(newsHandled.get(i - 1) < newsHandled.get(i), "broadcast values in order");
        }
        assertEquals(n, newsHandled.size() + missed[0], "every broadcast value handled or missed");
        for (int i = 1; i < configHandled.size(); i++) {
            assertTrue(configHandled.get(i - 1) < configHandled.get(i), "watch values rise");
        }
        assertEquals(n - 1, configHandled.get(configHandled.size() - 1), "the last watch value");
        System.out.printf(
                "select stress [channel, broadcast, watch]: %d broadcast values handled, %d missed"
                        + " in lags, %d watch changes handled, %d interrupted selects%n",
                newsHandled.size(), missed[0], configHandled.size(), interruptedSelects.get());
    }

    private static void pauseNowAndThen(int v) {
        if (v % 64 == 0) { // so that the consumer finds nothing and waits in its select
            LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(5_000));
        }
    }

    private static void sendUninterruptibly(Sender<Integer> tx, int v) {
        while (true) {
            try {
                tx.send(v);
                return;
            } catch (InterruptedException e) {
                // nobody interrupts the producers here; retry all the same
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Sender<Integer>[] senders(Channel<Integer> a, Channel<Integer> b) {
        return new Sender[] {a.sender(), a.sender().clone(), b.sender(), b.sender().clone()};
    }

    /** Selects until both channels are closed and drained. */
    private static void consume(
            Channel<Integer> a,
            Channel<Integer> b,
            Sender<Integer> outTx,
            int[] nextOut,
            AtomicIntegerArray handled,
            AtomicLong selects,
            AtomicLong timeouts,
            AtomicLong interruptedSelects) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        final Integer timedOut = -1;
        final Integer sentOut = -2;
        while (true) {
            Select<Integer> select =
                    Select.<Integer>create().recv(a.receiver(), v -> v).recv(b.receiver(), v -> v);
            if (random.nextInt(4) == 0) { // a send arm in one select out of four
                select.send(outTx, nextOut[0], () -> sentOut);
            }
            if (random.nextInt(8) == 0) {
                select.timeout(Duration.ofNanos(1 + random.nextInt(50_000)), () -> timedOut);
            }
            if (random.nextBoolean()) {
                select.fair();
            }
            Integer got;
            try {
                selects.incrementAndGet();
                got = select.await();
            } catch (InterruptedException e) {
                interruptedSelects.incrementAndGet();
                continue;
            } catch (ChannelClosedException everyArmDisabled) {
                return; // both inputs closed and drained (and the send arm's receiver is open)
            }
            if (got == timedOut) {
                timeouts.incrementAndGet();
            } else if (got == sentOut) {
                nextOut[0]++;
            } else {
                handled.incrementAndGet(got);
            }
            if (a.receiver().isDone() && b.receiver().isDone()) {
                return;
            }
        }
    }
}

package dev.weft;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10^6 interrupted waits leave nothing behind: no waiter stays registered with a channel, and every
 * thread that waited (which a leaked waiter would keep reachable) can be collected.
 */
@Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChannelLeakTest {
    static final int CHANNELS = 1_000;

    @Test
    void interruptedSendsLeaveNoWaiterReachable() throws Exception {
        List<Channel<Integer>> full = new ArrayList<>();
        for (int c = 0; c < CHANNELS; c++) {
            Channel<Integer> ch = c % 2 == 0 ? Channel.bounded(1) : Channel.rendezvous();
            if (ch.capacity() == 1) {
                ch.sender().send(0); // full: the next send waits
            }
            full.add(ch);
        }
        List<WeakReference<Thread>> parked =
                interruptParkedParties(
                        500 * Stress.scale(),
                        full,
                        ch -> {
                            ch.sender().send(1);
                            return null;
                        });
        for (Channel<Integer> ch : full) {
            assertEquals(0, ch.core().waitingSenders(), "a sender waiter stayed registered");
        }
        awaitCollected(parked);
    }

    @Test
    void interruptedReceivesLeaveNoWaiterReachable() throws Exception {
        List<Channel<Integer>> empty = new ArrayList<>();
        for (int c = 0; c < CHANNELS; c++) {
            empty.add(
                    c % 3 == 0
                            ? Channel.rendezvous()
                            : c % 3 == 1 ? Channel.bounded(4) : Channel.unbounded());
        }
        List<WeakReference<Thread>> parked =
                interruptParkedParties(500 * Stress.scale(), empty, ch -> ch.receiver().recv());
        for (Channel<Integer> ch : empty) {
            assertFalse(ch.core().hasWaitingReceiver(), "the receiver waiter stayed registered");
        }
        awaitCollected(parked);
    }

    @Test
    void severalReceiversInterruptedAtOnceOnOneChannelLeaveNoWaiterReachable() throws Exception {
        List<Channel<Integer>> empty = new ArrayList<>();
        List<Channel<Integer>> targets = new ArrayList<>(); // each channel three times
        for (int c = 0; c < CHANNELS / 5; c++) {
            Channel<Integer> ch =
                    c % 3 == 0
                            ? Channel.rendezvous()
                            : c % 3 == 1 ? Channel.bounded(4) : Channel.unbounded();
            empty.add(ch);
            targets.addAll(List.of(ch, ch, ch));
        }
        Receiver<Integer> clone = empty.get(1).receiver().clone(); // one through another handle
        List<WeakReference<Thread>> parked =
                interruptParkedParties(
                        500 * Stress.scale(),
                        targets,
                        ch ->
                                (ch == empty.get(1) ? clone : ch.receiver())
                                        .recvMany(new ArrayList<>(), 4));
        for (Channel<Integer> ch : empty) {
            assertEquals(0, ch.core().waitingReceivers(), "a receiver waiter stayed registered");
        }
        awaitCollected(parked);
    }

    @Test
    void interruptedWaitsForTheReceiverToCloseLeaveNoWaiterReachable() throws Exception {
        List<Channel<Integer>> open = new ArrayList<>();
        for (int c = 0; c < CHANNELS / 5; c++) {
            open.add(c % 2 == 0 ? Channel.rendezvous() : Channel.bounded(4));
        }
        List<WeakReference<Thread>> parked =
                interruptParkedParties(
                        500 * Stress.scale(),
                        open,
                        ch -> {
                            ch.sender().closed();
                            return null;
                        });
        for (Channel<Integer> ch : open) {
            assertEquals(0, ch.core().waitingForReceiverClose(), "a closed() waiter stayed");
        }
        awaitCollected(parked);
    }

    /** Something that waits on a target until interrupted. */
    interface Party<T> {
        Object waitOn(T target) throws Exception;
    }

    /**
     * In each round, parks one party on every channel, waits until all are parked, interrupts them
     * all and checks each failed with {@link InterruptedException}.
     */
    static <T> List<WeakReference<Thread>> interruptParkedParties(
            int rounds, List<T> channels, Party<T> party) throws Exception {
        List<WeakReference<Thread>> all = new ArrayList<>(rounds * channels.size());
        for (int round = 0; round < rounds; round++) {
            List<Thread> threads = new ArrayList<>(channels.size());
            List<AtomicReference<Throwable>> outcomes = new ArrayList<>(channels.size());
            for (T ch : channels) {
                AtomicReference<Throwable> outcome = new AtomicReference<>();
                outcomes.add(outcome);
                threads.add(
                        Thread.ofVirtual()
                                .start(
                                        () -> {
                                            try {
                                                party.waitOn(ch);
                                                outcome.set(new AssertionError("did not wait"));
                                            } catch (Throwable e) {
                                                outcome.set(e);
                                            }
                                        }));
            }
            for (Thread t : threads) {
                while (t.getState() != Thread.State.WAITING) {
                    Thread.onSpinWait();
                }
            }
            for (Thread t : threads) {
                t.interrupt();
            }
            for (Thread t : threads) {
                t.join();
                all.add(new WeakReference<>(t));
            }
            for (AtomicReference<Throwable> outcome : outcomes) {
                assertInstanceOf(InterruptedException.class, outcome.get());
            }
        }
        assertEquals(rounds * channels.size(), all.size());
        return all;
    }

    static void awaitCollected(List<WeakReference<Thread>> refs) {
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> {
                            System.gc();
                            return refs.stream().allMatch(r -> r.get() == null);
                        });
    }
}

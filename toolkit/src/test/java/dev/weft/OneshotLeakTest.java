package dev.weft;

import static dev.weft.ChannelLeakTest.awaitCollected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Interrupted, timed-out and closed oneshot receives leave nothing behind: no waiter stays
 * registered, and every thread that waited (which a leaked waiter would keep reachable) can be
 * collected. 10^5 interrupted receives in CI ({@code WEFT_STRESS=10}: 10^6).
 */
@Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OneshotLeakTest {
    static final int ONESHOTS = 1_000;

    /** A receive that waits; half the oneshots get the untimed one, half the timed one. */
    static Object waitOn(int index, Oneshot<Integer> once) throws Exception {
        return index % 2 == 0 ? once.receiver().recv() : once.receiver().recv(Duration.ofDays(1));
    }

    @Test
    void interruptedRecvsLeaveNoWaiterReachableAndTheValueForTheNextRecv() throws Exception {
        List<Oneshot<Integer>> empty = new ArrayList<>();
        for (int i = 0; i < ONESHOTS; i++) {
            empty.add(Oneshot.create());
        }
        List<WeakReference<Thread>> parked = new ArrayList<>();
        for (int round = 0; round < 100 * Stress.scale(); round++) {
            parked.addAll(parkAndEnd(empty, InterruptedException.class, Thread::interrupt, null));
        }
        assertEquals(100 * Stress.scale() * ONESHOTS, parked.size());
        for (int i = 0; i < ONESHOTS; i++) {
            Oneshot<Integer> once = empty.get(i);
            assertFalse(once.hasWaitingReceiver(), "a receiver waiter stayed registered");
            once.sender().send(i);
            assertEquals(Optional.of(i), once.receiver().tryRecv());
        }
        awaitCollected(parked);
    }

    @Test
    void closedRecvsLeaveNoWaiterReachable() throws Exception {
        List<WeakReference<Thread>> parked = new ArrayList<>();
        for (int round = 0; round < 10 * Stress.scale(); round++) {
            List<Oneshot<Integer>> fresh = new ArrayList<>();
            for (int i = 0; i < ONESHOTS; i++) {
                fresh.add(Oneshot.create());
            }
            parked.addAll(
                    parkAndEnd(
                            fresh,
                            ChannelClosedException.class,
                            null,
                            once -> once.receiver().close()));
            for (Oneshot<Integer> once : fresh) {
                assertFalse(once.hasWaitingReceiver(), "a receiver waiter stayed registered");
            }
        }
        awaitCollected(parked);
    }

    @Test
    void timedOutRecvsLeaveNoWaiterRegistered() throws Exception {
        var once = Oneshot.<Integer>create();
        for (int i = 0; i < 10_000 * Stress.scale(); i++) {
            assertThrows(TimeoutException.class, () -> once.receiver().recv(Duration.ofNanos(1)));
            assertFalse(once.hasWaitingReceiver(), "a receiver waiter stayed registered");
        }
        once.sender().send(1);
        assertEquals(1, once.receiver().recv(Duration.ofNanos(1)));
    }

    /**
     * Parks one receiving thread on every oneshot, waits until all are parked, ends each wait by
     * interrupting its thread or by acting on its oneshot, and checks each failed with {@code
     * expected}.
     */
    private static List<WeakReference<Thread>> parkAndEnd(
            List<Oneshot<Integer>> oneshots,
            Class<? extends Throwable> expected,
            Consumer<Thread> endThread,
            Consumer<Oneshot<Integer>> endOneshot)
            throws InterruptedException {
        List<Thread> threads = new ArrayList<>(oneshots.size());
        List<AtomicReference<Throwable>> outcomes = new ArrayList<>(oneshots.size());
        for (int i = 0; i < oneshots.size(); i++) {
            int index = i;
            Oneshot<Integer> once = oneshots.get(i);
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            outcomes.add(outcome);
            threads.add(
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        try {
                                            waitOn(index, once);
                                            outcome.set(new AssertionError("did not wait"));
                                        } catch (Throwable e) {
                                            outcome.set(e);
                                        }
                                    }));
        }
        for (int i = 0; i < threads.size(); i++) {
            Thread.State s;
            while ((s = threads.get(i).getState()) != Thread.State.WAITING
                    && s != Thread.State.TIMED_WAITING) {
                if (s == Thread.State.TERMINATED) {
                    throw new AssertionError("a receive did not wait", outcomes.get(i).get());
                }
                Thread.onSpinWait();
            }
        }
        for (int i = 0; i < oneshots.size(); i++) {
            if (endThread != null) {
                endThread.accept(threads.get(i));
            } else {
                endOneshot.accept(oneshots.get(i));
            }
        }
        List<WeakReference<Thread>> refs = new ArrayList<>(threads.size());
        for (Thread t : threads) {
            t.join();
            refs.add(new WeakReference<>(t));
        }
        for (AtomicReference<Throwable> outcome : outcomes) {
            assertInstanceOf(expected, outcome.get());
        }
        return refs;
    }
}

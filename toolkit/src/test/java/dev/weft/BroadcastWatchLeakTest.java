package dev.weft;

import static dev.weft.BroadcastTest.awaitWaiting;
import static dev.weft.ChannelLeakTest.awaitCollected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every waiting call of {@link BroadcastReceiver} ({@code recv}, {@code recv(timeout)}, the
 * iterator's {@code hasNext}) and of {@link WatchReceiver} ({@code changed}, {@code
 * changed(timeout)}) leaves nothing behind when it is interrupted, times out, or is woken by a
 * close: no thread stays queued on the channel's condition ({@link ChangeCore#waitingThreads()}),
 * no waker stays registered, the value it would have taken is still there, and every thread that
 * waited can be collected.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BroadcastWatchLeakTest {
    /** Threads parked at once on one channel, per round. */
    static final int PARKED = 50;

    /** A waiting call on a channel's receiver. */
    interface Wait {
        Object on(Object receiver) throws Exception;
    }

    static final List<Wait> BROADCAST_WAITS =
            List.of(
                    rx -> ((BroadcastReceiver<?>) rx).recv(),
                    rx -> ((BroadcastReceiver<?>) rx).recv(Duration.ofDays(1)),
                    rx -> ((BroadcastReceiver<?>) rx).iterator().hasNext());

    static final List<Wait> WATCH_WAITS =
            List.of(
                    rx -> ((WatchReceiver<?>) rx).changed(),
                    rx -> ((WatchReceiver<?>) rx).changed(Duration.ofDays(1)));

    /**
     * Parks {@link #PARKED} threads in {@code wait} on {@code receiver}, waits until all are queued
     * on {@code core}, ends their waits with {@code end} and returns how each ended (an iterator's
     * {@link CancellationException} with the flag set counts as an {@link InterruptedException}).
     */
    static List<Throwable> parkAndEnd(
            ChangeCore core,
            Object receiver,
            Wait wait,
            Consumer<List<Thread>> end,
            List<WeakReference<Thread>> parked)
            throws InterruptedException {
        List<AtomicReference<Throwable>> outcomes = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < PARKED; i++) {
            var outcome = new AtomicReference<Throwable>();
            outcomes.add(outcome);
            threads.add(
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        try {
                                            outcome.set(
                                                    new AssertionError(
                                                            "returned " + wait.on(receiver)));
                                        } catch (CancellationException c) {
                                            outcome.set(
                                                    Thread.currentThread().isInterrupted()
                                                            ? new InterruptedException("iterator")
                                                            : c);
                                        } catch (Throwable e) {
                                            outcome.set(e);
                                        }
                                    }));
        }
        awaitWaiting(core, PARKED);
        end.accept(threads);
        List<Throwable> ended = new ArrayList<>();
        for (int i = 0; i < PARKED; i++) {
            threads.get(i).join();
            parked.add(new WeakReference<>(threads.get(i)));
            ended.add(outcomes.get(i).get());
        }
        assertEquals(0, core.waitingThreads(), "a thread stayed queued on the condition");
        assertEquals(0, core.wakerCount(), "a waker stayed registered");
        return ended;
    }

    static void interruptAll(List<Thread> threads) {
        threads.forEach(Thread::interrupt);
    }

    @Test
    void interruptedBroadcastReceivesLeaveNothingAndTakeNothing() throws Exception {
        List<WeakReference<Thread>> parked = new ArrayList<>();
        for (Wait wait : BROADCAST_WAITS) {
            var bc = Broadcast.<Integer>create(4);
            var rx = bc.subscribe();
            for (int round = 0; round < 20 * Stress.scale(); round++) {
                for (Throwable e :
                        parkAndEnd(
                                bc.core(),
                                rx,
                                wait,
                                BroadcastWatchLeakTest::interruptAll,
                                parked)) {
                    assertInstanceOf(InterruptedException.class, e);
                }
            }
            bc.sender().send(1);
            assertEquals(1, rx.recv(), "no interrupted receive took the value");
        }
        awaitCollected(parked);
    }

    @Test
    void interruptedWatchChangesLeaveNothingAndTheChangeUnseen() throws Exception {
        List<WeakReference<Thread>> parked = new ArrayList<>();
        for (Wait wait : WATCH_WAITS) {
            var w = Watch.create(0);
            var rx = w.subscribe();
            for (int round = 0; round < 20 * Stress.scale(); round++) {
                for (Throwable e :
                        parkAndEnd(
                                w.core(), rx, wait, BroadcastWatchLeakTest::interruptAll, parked)) {
                    assertInstanceOf(InterruptedException.class, e);
                }
            }
            w.sender().send(1);
            assertEquals(1, rx.changed(), "no interrupted wait marked the change seen");
        }
        awaitCollected(parked);
    }

    @Test
    void waitsEndedByACloseLeaveNothing() throws Exception {
        List<WeakReference<Thread>> parked = new ArrayList<>();
        for (int round = 0; round < 5 * Stress.scale(); round++) {
            for (Wait wait : BROADCAST_WAITS) {
                var bySender = Broadcast.<Integer>create(2);
                var rx = bySender.subscribe();
                for (Throwable e :
                        parkAndEnd(
                                bySender.core(),
                                rx,
                                wait,
                                t -> bySender.sender().close(),
                                parked)) {
                    assertEndedByClose(e);
                }
                var bySelf = Broadcast.<Integer>create(2);
                var self = bySelf.subscribe();
                for (Throwable e :
                        parkAndEnd(bySelf.core(), self, wait, t -> self.close(), parked)) {
                    assertEndedByClose(e);
                }
            }
            for (Wait wait : WATCH_WAITS) {
                var bySender = Watch.create(0);
                var rx = bySender.subscribe();
                for (Throwable e :
                        parkAndEnd(
                                bySender.core(),
                                rx,
                                wait,
                                t -> bySender.sender().close(),
                                parked)) {
                    assertInstanceOf(ChannelClosedException.class, e);
                }
                var bySelf = Watch.create(0);
                var self = bySelf.subscribe();
                for (Throwable e :
                        parkAndEnd(bySelf.core(), self, wait, t -> self.close(), parked)) {
                    assertInstanceOf(ChannelClosedException.class, e);
                }
            }
        }
        awaitCollected(parked);
    }

    /** A receive ended by a close throws; the iterator's {@code hasNext} returns false instead. */
    private static void assertEndedByClose(Throwable e) {
        if (e instanceof AssertionError returned
                && returned.getMessage().equals("returned false")) {
            return;
        }
        assertInstanceOf(ChannelClosedException.class, e);
    }

    @Test
    void timedOutWaitsLeaveNothing() throws Exception {
        var bc = Broadcast.<Integer>create(2);
        var rx = bc.subscribe();
        var w = Watch.create(0);
        var wrx = w.subscribe();
        for (int i = 0; i < 2_000 * Stress.scale(); i++) {
            Duration tiny = Duration.ofNanos(1 + i % 50_000);
            assertThrows(TimeoutException.class, () -> rx.recv(tiny));
            assertThrows(TimeoutException.class, () -> wrx.changed(tiny));
        }
        assertEquals(0, bc.core().waitingThreads());
        assertEquals(0, w.core().waitingThreads());
        bc.sender().send(1);
        assertEquals(1, rx.recv(Duration.ofNanos(1)), "a value there is taken even at once");
    }
}

package dev.weft;

import static dev.weft.BroadcastTest.awaitWaiting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The contract of {@link Watch}. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WatchTest {
    private static final Duration SHORT = Duration.ofMillis(20);
    private static final Duration LONG = Duration.ofDays(1);

    @Test
    void aNewReceiverHasSeenTheCurrentVersion() {
        var w = Watch.create("v0");
        var rx = w.subscribe();
        assertEquals("v0", rx.get());
        assertFalse(rx.hasChanged());
        assertEquals(Optional.empty(), rx.tryChanged());
        w.sender().send("v1");
        var late = w.sender().subscribe();
        assertFalse(late.hasChanged(), "subscribed after v1: has seen it");
        assertTrue(rx.hasChanged());
    }

    @Test
    void anUnseenChangeIsReturnedAtOnceAndMarkedSeen() throws Exception {
        var w = Watch.create(0);
        var rx = w.subscribe();
        w.sender().send(1);
        assertEquals(1, rx.changed());
        assertFalse(rx.hasChanged());
        assertThrows(TimeoutException.class, () -> rx.changed(SHORT));
        w.sender().send(2);
        assertEquals(2, rx.changed(SHORT));
        w.sender().send(3);
        assertEquals(Optional.of(3), rx.tryChanged());
        assertEquals(Optional.empty(), rx.tryChanged());
    }

    @Test
    void changesMadeWhileNotLookingAreFoldedIntoTheLatest() throws Exception {
        var w = Watch.create(0);
        var rx = w.subscribe();
        for (int i = 1; i <= 10; i++) {
            w.sender().send(i);
        }
        assertEquals(10, rx.changed());
        assertEquals(Optional.empty(), rx.tryChanged(), "one change, not ten");
    }

    @Test
    void getReadsTheLatestWithoutMarkingItSeen() throws Exception {
        var w = Watch.create("a");
        var rx = w.subscribe();
        w.sender().send("b");
        assertEquals("b", rx.get());
        assertEquals("b", w.sender().get());
        assertTrue(rx.hasChanged(), "get() marks nothing");
        assertEquals("b", rx.changed());
    }

    @Test
    void changedWaitsForTheNextChangeAndEveryReceiverWakes() throws Exception {
        var w = Watch.create(0);
        var a = w.subscribe();
        var b = a.clone();
        var got = new AtomicInteger();
        Thread ta = Thread.ofVirtual().start(() -> got.addAndGet(uncheckedChanged(a)));
        Thread tb = Thread.ofVirtual().start(() -> got.addAndGet(uncheckedChanged(b)));
        awaitWaiting(w.core(), 2);
        w.sender().send(21);
        ta.join();
        tb.join();
        assertEquals(42, got.get());
    }

    private static int uncheckedChanged(WatchReceiver<Integer> rx) {
        try {
            return rx.changed(LONG);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCloneHasSeenTheSameVersion() throws Exception {
        var w = Watch.create(0);
        var rx = w.subscribe();
        w.sender().send(1);
        var unseen = rx.clone();
        assertEquals(1, unseen.changed(), "the clone had not seen 1 either");
        assertEquals(1, rx.changed());
        var seen = rx.clone();
        assertFalse(seen.hasChanged());
        rx.close();
        assertThrows(IllegalStateException.class, rx::clone);
    }

    @Test
    void updateReplacesAtomicallyUnderConcurrentUpdates() throws Exception {
        var w = Watch.create(0);
        var start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            WatchSender<Integer> tx = w.sender().clone();
            threads.add(
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        try {
                                            start.await();
                                        } catch (InterruptedException e) {
                                            throw new AssertionError(e);
                                        }
                                        for (int i = 0; i < 1000; i++) {
                                            tx.update(v -> v + 1);
                                        }
                                        tx.close();
                                    }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(4000, w.sender().get(), "no update was lost, though no receiver is open");
        assertEquals(4000, w.core().version());
    }

    @Test
    void updateThatThrowsChangesNothingAndWakesNoOne() {
        var w = Watch.create(1);
        var rx = w.subscribe();
        var boom = new IllegalStateException("boom");
        assertSame(
                boom,
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                w.sender()
                                        .update(
                                                v -> {
                                                    throw boom;
                                                })));
        assertFalse(rx.hasChanged());
        assertThrows(NullPointerException.class, () -> w.sender().update(v -> null));
        assertEquals(1, rx.get());
    }

    @Test
    void modifyChangesInPlaceAndNotifiesEvenIfItThrows() throws Exception {
        var w = Watch.create(new StringBuilder("a"));
        var rx = w.subscribe();
        w.sender().modify(sb -> sb.append('b'));
        assertEquals("ab", rx.changed().toString());
        assertThrows(
                ArithmeticException.class,
                () ->
                        w.sender()
                                .modify(
                                        sb -> {
                                            sb.append('c');
                                            throw new ArithmeticException("half done");
                                        }));
        assertTrue(rx.hasChanged(), "the value may have changed: the receivers hear of it");
        assertEquals("abc", rx.changed().toString());
    }

    @Test
    void sendFailsWithTheValueWhenNoReceiverIsOpenButUpdateAndModifyWork() {
        var w = Watch.create("a");
        var none = assertThrows(ChannelClosedException.class, () -> w.sender().send("b"));
        assertEquals("b", none.unsentValue());
        assertEquals("a", w.sender().get(), "not replaced");
        var rx = w.subscribe();
        assertEquals(1, w.sender().receiverCount());
        rx.close();
        assertEquals(0, w.sender().receiverCount());
        assertThrows(ChannelClosedException.class, () -> w.sender().send("c"));
        w.sender().update(v -> v + "u");
        w.sender().modify(v -> {});
        assertEquals("au", w.sender().get());
        assertFalse(w.subscribe().hasChanged());
    }

    @Test
    void afterTheLastSenderClosesTheUnseenLastValueComesFirstThenTheEnd() throws Exception {
        var w = Watch.create(0);
        var unseen = w.subscribe();
        var seen = w.subscribe();
        WatchSender<Integer> second = w.sender().clone();
        w.sender().close();
        second.send(1);
        assertEquals(1, seen.changed());
        second.close();
        assertThrows(IllegalStateException.class, () -> second.send(2));
        assertThrows(IllegalStateException.class, () -> second.update(v -> v));
        assertThrows(IllegalStateException.class, () -> second.modify(v -> {}));
        assertThrows(IllegalStateException.class, second::subscribe);
        assertThrows(IllegalStateException.class, second::clone);
        assertTrue(unseen.hasChanged());
        assertEquals(1, unseen.changed(), "the last value, not seen yet");
        assertThrows(ChannelClosedException.class, unseen::changed);
        assertThrows(ChannelClosedException.class, unseen::tryChanged);
        assertThrows(ChannelClosedException.class, () -> seen.changed(SHORT));
        assertEquals(1, seen.get(), "get() keeps working");
        assertEquals(1, second.get());
        assertThrows(ChannelClosedException.class, w.subscribe()::tryChanged);
    }

    @Test
    void aClosedReceiverCannotWaitButCanGet() throws Exception {
        var w = Watch.create(5);
        var rx = w.subscribe();
        w.sender().send(6);
        rx.close();
        rx.close(); // again: nothing
        assertTrue(rx.isClosed());
        assertFalse(rx.hasChanged());
        assertThrows(ChannelClosedException.class, rx::changed);
        assertThrows(ChannelClosedException.class, rx::tryChanged);
        assertEquals(6, rx.get());
    }

    @Test
    void argumentsAreChecked() {
        assertEquals(
                "initial",
                assertThrows(NullPointerException.class, () -> Watch.create(null)).getMessage());
        var w = Watch.create("a");
        var rx = w.subscribe();
        assertEquals(
                "value",
                assertThrows(NullPointerException.class, () -> w.sender().send(null)).getMessage());
        assertThrows(NullPointerException.class, () -> w.sender().update(null));
        assertThrows(NullPointerException.class, () -> w.sender().modify(null));
        assertThrows(NullPointerException.class, () -> rx.changed(null));
        assertThrows(IllegalArgumentException.class, () -> rx.changed(Duration.ofNanos(-1)));
    }

    @Test
    void interruptedChangedLeavesTheChangeUnseen() throws Exception {
        var w = Watch.create(0);
        var rx = w.subscribe();
        for (int form = 0; form < 2; form++) {
            var outcome = new AtomicReference<Throwable>();
            int f = form;
            Thread t =
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        try {
                                            Object v = f == 0 ? rx.changed() : rx.changed(LONG);
                                            outcome.set(new AssertionError("got " + v));
                                        } catch (Throwable e) {
                                            outcome.set(e);
                                        }
                                    });
            awaitWaiting(w.core(), 1);
            t.interrupt();
            t.join();
            assertInstanceOf(InterruptedException.class, outcome.get());
            assertEquals(0, w.core().waitingThreads());
        }
        w.sender().send(1);
        Thread.currentThread().interrupt();
        try {
            assertEquals(1, rx.changed(), "an unseen change is returned without waiting");
        } finally {
            assertTrue(Thread.interrupted());
        }
    }

    @Test
    void aWaitingChangedWakesOnEitherClose() throws Exception {
        var w = Watch.create(0);
        var bySender = w.subscribe();
        var byItself = w.subscribe();
        var senderClosed = new AtomicReference<Throwable>();
        var selfClosed = new AtomicReference<Throwable>();
        Thread a = Thread.ofVirtual().start(() -> senderClosed.set(changedFailure(bySender)));
        Thread b = Thread.ofVirtual().start(() -> selfClosed.set(changedFailure(byItself)));
        awaitWaiting(w.core(), 2);
        byItself.close();
        b.join();
        assertTrue(selfClosed.get().getMessage().contains("receiver is closed"));
        w.sender().close();
        a.join();
        assertTrue(senderClosed.get().getMessage().contains("every watch sender is closed"));
        assertInstanceOf(ChannelClosedException.class, senderClosed.get());
        assertInstanceOf(ChannelClosedException.class, selfClosed.get());
    }

    private static Throwable changedFailure(WatchReceiver<Integer> rx) {
        try {
            rx.changed();
            return new AssertionError("changed returned");
        } catch (Throwable e) {
            return e;
        }
    }

    @Test
    void aRegisteredWakerRunsOnEveryChangeAndClose() {
        var w = Watch.create(0);
        var rx = w.subscribe();
        var runs = new AtomicInteger();
        Runnable waker = runs::incrementAndGet;
        w.core().addWaker(waker);
        w.sender().send(1);
        w.sender().update(v -> v + 1);
        w.sender().modify(v -> {});
        rx.close();
        w.sender().close();
        assertEquals(5, runs.get());
        assertTrue(w.core().removeWaker(waker));
        assertEquals(0, w.core().wakerCount());
    }
}

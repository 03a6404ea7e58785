package dev.weft;

import static dev.weft.ChannelContractTest.awaitParked;
import static dev.weft.ChannelContractTest.awaitQuickly;
import static dev.weft.ChannelContractTest.failureOf;
import static dev.weft.ChannelContractTest.startParked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A select's arms on the change channels: {@code recv} on a {@link BroadcastReceiver} and {@code
 * changed} on a {@link WatchReceiver}, which wait through {@link ChangeCore}'s waker hook. Ordering
 * between threads comes from thread states, never from sleeping.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SelectChangeArmsTest {

    static Select<String> newsOrEvent(BroadcastReceiver<Integer> news, Channel<Integer> events) {
        return Select.<String>create()
                .recv(news, v -> "news " + v)
                .recv(events.receiver(), v -> "event " + v);
    }

    static Select<String> changeOrEvent(WatchReceiver<Integer> config, Channel<Integer> events) {
        return Select.<String>create()
                .changed(config, v -> "config " + v)
                .recv(events.receiver(), v -> "event " + v);
    }

    // ---- broadcast ---------------------------------------------------------------------------

    @Test
    void aBroadcastValueCommitsTheArmInOrder() throws Exception {
        Broadcast<Integer> b = Broadcast.create(4);
        BroadcastReceiver<Integer> rx = b.subscribe();
        b.sender().send(1);
        b.sender().send(2);
        Select<String> select = newsOrEvent(rx, Channel.bounded(1));
        assertEquals("news 1", select.await());
        assertEquals("news 2", select.await());
        assertEquals(0, rx.pending());
    }

    @Test
    void aLosingBroadcastArmLeavesTheValueForLater() throws Exception {
        Broadcast<Integer> b = Broadcast.create(4);
        BroadcastReceiver<Integer> rx = b.subscribe();
        Channel<Integer> events = Channel.bounded(1);
        events.sender().send(9);
        b.sender().send(1);
        String got =
                Select.<String>create()
                        .recv(events.receiver(), v -> "event " + v)
                        .recv(rx, v -> "news " + v)
                        .await();
        assertEquals("event 9", got);
        assertEquals(1, rx.pending());
        assertEquals(Optional.of(1), rx.tryRecv());
    }

    @Test
    void aBroadcastWakesAParkedSelectAndTheWakerGoes() throws Exception {
        Broadcast<Integer> b = Broadcast.create(4);
        BroadcastReceiver<Integer> rx = b.subscribe();
        Channel<Integer> events = Channel.bounded(1);
        var select = startParked(() -> newsOrEvent(rx, events).await());
        assertEquals(1, rx.core().wakerCount(), "the parked select's waker");
        b.sender().send(5);
        assertEquals("news 5", select.outcome().get());
        assertEquals(0, rx.core().wakerCount());
        assertFalse(events.core().hasWaitingReceiver());
    }

    @Test
    void aLosingParkedBroadcastArmLeavesTheValueAndNoWaker() throws Exception {
        Broadcast<Integer> b = Broadcast.create(4);
        BroadcastReceiver<Integer> rx = b.subscribe();
        Channel<Integer> events = Channel.bounded(1);
        var select = startParked(() -> newsOrEvent(rx, events).await());
        events.sender().send(3);
        assertEquals("event 3", select.outcome().get());
        assertEquals(0, rx.core().wakerCount());
        b.sender().send(5);
        assertEquals(5, rx.recv());
    }

    @Test
    void aLagCommitsTheArmAndAwaitThrowsIt() throws Exception {
        Broadcast<Integer> b = Broadcast.create(2);
        BroadcastReceiver<Integer> rx = b.subscribe();
        for (int i = 1; i <= 5; i++) {
            b.sender().send(i);
        }
        Channel<Integer> events = Channel.bounded(1);
        Select<String> select = newsOrEvent(rx, events);
        var lagged = assertThrows(LaggedException.class, select::await);
        assertEquals(3, lagged.missed());
        assertEquals("news 4", select.await(), "the subscriber moved past the gap");
        assertEquals("news 5", select.await());
    }

    @Test
    void aLagWhileTheHandlerRanIsThrownByTheNextAwait() throws Exception {
        Broadcast<Integer> b = Broadcast.create(1);
        BroadcastReceiver<Integer> rx = b.subscribe();
        Channel<Integer> events = Channel.bounded(1);
        // The select's handler blocks on a latch the first time, so the subscriber falls behind.
        java.util.concurrent.CountDownLatch handled = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        var select =
                ChannelContractTest.async(
                        () -> {
                            Select<String> s =
                                    Select.<String>create()
                                            .recv(
                                                    rx,
                                                    v -> {
                                                        handled.countDown();
                                                        release.await();
                                                        return "news " + v;
                                                    })
                                            .recv(events.receiver(), v -> "event " + v);
                            s.await();
                            return s.await();
                        });
        b.sender().send(1);
        handled.await();
        b.sender().send(2);
        b.sender().send(3);
        release.countDown();
        assertEquals(1, ((LaggedException) failureOf(select)).missed());
        assertEquals(Optional.of(3), rx.tryRecv(), "the subscriber moved past the gap");
    }

    @Test
    void aClosedOrDrainedSubscriberDisablesTheArm() throws Exception {
        Broadcast<Integer> b = Broadcast.create(4);
        BroadcastReceiver<Integer> drained = b.subscribe();
        BroadcastReceiver<Integer> unsubscribed = b.subscribe();
        unsubscribed.close();
        b.sender().send(1);
        b.sender().close();
        Select<String> select = Select.<String>create().recv(drained, v -> "news " + v);
        assertEquals("news 1", select.await(), "the values left are received first");
        assertThrows(ChannelClosedException.class, select::await);
        assertEquals(
                "nothing",
                Select.<String>create()
                        .recv(unsubscribed, v -> "news " + v)
                        .orElse(() -> "nothing")
                        .await());
    }

    @Test
    void theLastSendersCloseWakesAParkedSelectAndDisablesTheArm() throws Exception {
        Broadcast<Integer> b = Broadcast.create(4);
        BroadcastReceiver<Integer> rx = b.subscribe();
        Channel<Integer> events = Channel.bounded(1);
        var select = startParked(() -> newsOrEvent(rx, events).await());
        b.sender().close();
        awaitQuickly().until(() -> rx.core().wakerCount() == 0); // woken: the arm is disabled
        awaitParked(select.thread()); // and waits on the events alone
        assertFalse(select.outcome().isDone());
        events.sender().send(2);
        assertEquals("event 2", select.outcome().get());
        assertThrows(
                ChannelClosedException.class,
                () -> Select.<String>create().recv(rx, v -> "news").await());
    }

    @Test
    void aSubscribersCloseWakesAParkedSelectThatThenSaysSo() throws Exception {
        Broadcast<Integer> b = Broadcast.create(4);
        BroadcastReceiver<Integer> rx = b.subscribe();
        var select = startParked(() -> Select.<String>create().recv(rx, v -> "news").await());
        rx.close();
        assertInstanceOf(ChannelClosedException.class, failureOf(select.outcome()));
        assertEquals(0, rx.core().wakerCount());
    }

    @Test
    void anInterruptedBroadcastSelectLeavesNoWakerAndTakesNothing() throws Exception {
        Broadcast<Integer> b = Broadcast.create(4);
        BroadcastReceiver<Integer> rx = b.subscribe();
        Channel<Integer> events = Channel.bounded(1);
        var select = startParked(() -> newsOrEvent(rx, events).await());
        select.thread().interrupt();
        assertInstanceOf(InterruptedException.class, failureOf(select.outcome()));
        assertEquals(0, rx.core().wakerCount());
        assertEquals(0, rx.core().waitingThreads());
        assertFalse(events.core().hasWaitingReceiver());
        b.sender().send(5);
        assertEquals(Optional.of(5), rx.tryRecv());
    }

    // ---- watch -------------------------------------------------------------------------------

    @Test
    void anUnseenChangeCommitsTheArmAndIsMarkedSeen() throws Exception {
        Watch<Integer> w = Watch.create(0);
        WatchReceiver<Integer> rx = w.subscribe();
        w.sender().send(1);
        w.sender().send(2); // folded into one change
        assertEquals("config 2", changeOrEvent(rx, Channel.bounded(1)).await());
        assertFalse(rx.hasChanged());
        assertEquals(
                "nothing",
                Select.<String>create()
                        .changed(rx, v -> "config " + v)
                        .orElse(() -> "nothing")
                        .await());
    }

    @Test
    void aLosingWatchArmLeavesTheChangeUnseen() throws Exception {
        Watch<Integer> w = Watch.create(0);
        WatchReceiver<Integer> rx = w.subscribe();
        Channel<Integer> events = Channel.bounded(1);
        events.sender().send(9);
        w.sender().send(1);
        String got =
                Select.<String>create()
                        .recv(events.receiver(), v -> "event " + v)
                        .changed(rx, v -> "config " + v)
                        .await();
        assertEquals("event 9", got);
        assertTrue(rx.hasChanged());
        assertEquals(Optional.of(1), rx.tryChanged());
    }

    @Test
    void aChangeWakesAParkedSelectAndTheWakerGoes() throws Exception {
        Watch<Integer> w = Watch.create(0);
        WatchReceiver<Integer> rx = w.subscribe();
        Channel<Integer> events = Channel.bounded(1);
        var select = startParked(() -> changeOrEvent(rx, events).await());
        assertEquals(1, rx.core().wakerCount(), "the parked select's waker");
        w.sender().update(v -> v + 10);
        assertEquals("config 10", select.outcome().get());
        assertEquals(0, rx.core().wakerCount());
        assertFalse(rx.hasChanged());
    }

    @Test
    void afterTheLastSendersCloseTheLastVersionCommitsAndThenTheArmIsDisabled() throws Exception {
        Watch<Integer> w = Watch.create(0);
        WatchReceiver<Integer> rx = w.subscribe();
        w.sender().send(3);
        w.sender().close();
        Select<String> select = Select.<String>create().changed(rx, v -> "config " + v);
        assertEquals("config 3", select.await());
        assertThrows(ChannelClosedException.class, select::await);
    }

    @Test
    void theLastSendersCloseWakesAParkedWatchSelect() throws Exception {
        Watch<Integer> w = Watch.create(0);
        WatchReceiver<Integer> rx = w.subscribe();
        var select = startParked(() -> Select.<String>create().changed(rx, v -> "config").await());
        w.sender().close();
        assertInstanceOf(ChannelClosedException.class, failureOf(select.outcome()));
        assertEquals(0, rx.core().wakerCount());
    }

    @Test
    void aClosedWatchReceiverDisablesTheArm() throws Exception {
        Watch<Integer> w = Watch.create(0);
        WatchReceiver<Integer> rx = w.subscribe();
        w.sender().send(1);
        rx.close();
        assertEquals(
                "nothing",
                Select.<String>create()
                        .changed(rx, v -> "config " + v)
                        .orElse(() -> "nothing")
                        .await());
    }

    @Test
    void anInterruptedWatchSelectLeavesNoWakerAndTheChangeUnseen() throws Exception {
        Watch<Integer> w = Watch.create(0);
        WatchReceiver<Integer> rx = w.subscribe();
        Channel<Integer> events = Channel.bounded(1);
        var select = startParked(() -> changeOrEvent(rx, events).await());
        select.thread().interrupt();
        assertInstanceOf(InterruptedException.class, failureOf(select.outcome()));
        assertEquals(0, rx.core().wakerCount());
        assertFalse(events.core().hasWaitingReceiver());
        w.sender().send(4);
        assertEquals(Optional.of(4), rx.tryChanged());
    }

    @Test
    void theSameHandleCannotHaveTwoArmsButTwoHandlesOfOneChannelMay() throws Exception {
        Watch<Integer> w = Watch.create(0);
        WatchReceiver<Integer> rx = w.subscribe();
        WatchReceiver<Integer> twin = rx.clone();
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Select.<String>create().changed(rx, v -> "a").changed(rx, v -> "b"));
        assertTrue(e.getMessage().contains("the same watch receiver"), e.getMessage());
        Broadcast<Integer> b = Broadcast.create(2);
        BroadcastReceiver<Integer> sub = b.subscribe();
        assertThrows(
                IllegalArgumentException.class,
                () -> Select.<String>create().recv(sub, v -> "a").recv(sub, v -> "b"));
        w.sender().send(1);
        Select<String> both =
                Select.<String>create().changed(rx, v -> "rx " + v).changed(twin, v -> "twin " + v);
        assertEquals("rx 1", both.await());
        assertEquals("twin 1", both.await());
        assertThrows(
                NullPointerException.class, () -> Select.<String>create().changed(null, v -> "a"));
        assertThrows(
                NullPointerException.class,
                () -> Select.<String>create().recv((BroadcastReceiver<Integer>) null, v -> "a"));
    }
}

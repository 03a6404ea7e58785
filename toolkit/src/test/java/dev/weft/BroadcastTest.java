package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract of {@link Broadcast}, over capacities 1, 2 and 16. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BroadcastTest {
    private static final Duration SHORT = Duration.ofMillis(20);
    private static final Duration LONG = Duration.ofDays(1);

    /** Sends {@code from .. to-1}; every send must reach {@code subscribers}. */
    static void sendRange(BroadcastSender<Integer> tx, int from, int to, int subscribers) {
        for (int i = from; i < to; i++) {
            assertEquals(subscribers, tx.send(i));
        }
    }

    /** Waits until {@code n} threads wait for a change on {@code core}. */
    static void awaitWaiting(ChangeCore core, int n) {
        while (core.waitingThreads() != n) {
            Thread.onSpinWait();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 16})
    void everySubscriberGetsEveryValueInOrder(int capacity) throws Exception {
        var bc = Broadcast.<Integer>create(capacity);
        var a = bc.subscribe();
        var b = bc.subscribe();
        for (int i = 0; i < 3 * capacity; i++) {
            assertEquals(2, bc.sender().send(i));
            assertEquals(i, a.recv());
            assertEquals(Optional.of(i), b.tryRecv());
        }
        assertEquals(Optional.empty(), a.tryRecv());
        assertEquals(Optional.empty(), b.tryRecv());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 16})
    void lateSubscriberSeesOnlyLaterValues(int capacity) throws Exception {
        var bc = Broadcast.<Integer>create(capacity);
        var early = bc.subscribe();
        bc.sender().send(1);
        assertEquals(1, early.recv());
        var late = bc.sender().subscribe();
        assertEquals(0, late.pending());
        assertEquals(Optional.empty(), late.tryRecv(), "the value sent before it subscribed");
        assertEquals(2, bc.sender().send(2));
        assertEquals(2, late.recv());
        assertEquals(2, early.recv());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 16})
    void laggingSubscriberIsToldHowManyItMissedThenContinues(int capacity) throws Exception {
        var bc = Broadcast.<Integer>create(capacity);
        var slow = bc.subscribe();
        sendRange(bc.sender(), 0, capacity + 3, 1);
        assertEquals(capacity + 3, slow.pending());
        var lagged = assertThrows(LaggedException.class, slow::recv);
        assertEquals(3, lagged.missed());
        assertEquals("receiver lagged behind by 3 values", lagged.getMessage());
        for (int i = 3; i < capacity + 3; i++) {
            assertEquals(i, slow.recv(), "it continues at the oldest value retained");
        }
        assertEquals(Optional.empty(), slow.tryRecv());
        sendRange(bc.sender(), capacity + 3, capacity + 4, 1);
        assertEquals(capacity + 3, slow.recv());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 16})
    void lagIsReportedOnceByEveryForm(int capacity) throws Exception {
        var bc = Broadcast.<Integer>create(capacity);
        var viaRecv = bc.subscribe();
        var viaTimed = bc.subscribe();
        var viaTry = bc.subscribe();
        var viaIterator = bc.subscribe();
        sendRange(bc.sender(), 0, capacity + 1, 4);
        assertEquals(1, assertThrows(LaggedException.class, viaRecv::recv).missed());
        assertEquals(1, assertThrows(LaggedException.class, () -> viaTimed.recv(LONG)).missed());
        assertEquals(1, assertThrows(LaggedException.class, viaTry::tryRecv).missed());
        Iterator<Integer> it = viaIterator.iterator();
        assertEquals(1, assertThrows(LaggedException.class, it::hasNext).missed());
        assertEquals(1, viaRecv.recv());
        assertEquals(1, viaTimed.recv(LONG));
        assertEquals(Optional.of(1), viaTry.tryRecv());
        assertTrue(it.hasNext(), "the iteration continues after the gap");
        assertEquals(1, it.next());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 16})
    void aSubscriberFarBehindMissesEverythingButTheCapacity(int capacity) throws Exception {
        var bc = Broadcast.<Integer>create(capacity);
        var slow = bc.subscribe();
        var fast = bc.subscribe();
        for (int i = 0; i < 1000; i++) {
            bc.sender().send(i);
            assertEquals(i, fast.recv());
        }
        assertEquals(1000 - capacity, assertThrows(LaggedException.class, slow::recv).missed());
        assertEquals(1000 - capacity, slow.recv());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 16})
    void sendCountsOnlyOpenSubscribersAndFailsWithTheValueWhenNoneIsOpen(int capacity) {
        var bc = Broadcast.<String>create(capacity);
        var noOne = assertThrows(ChannelClosedException.class, () -> bc.sender().send("lost"));
        assertEquals("lost", noOne.unsentValue());
        var a = bc.subscribe();
        var b = bc.subscribe();
        assertEquals(2, bc.sender().send("x"));
        assertEquals(2, bc.sender().subscriberCount());
        b.close();
        assertTrue(b.isClosed());
        assertEquals(1, bc.sender().send("y"));
        a.close();
        a.close(); // again: nothing
        var none = assertThrows(ChannelClosedException.class, () -> bc.sender().send("z"));
        assertEquals("z", none.unsentValue());
        assertEquals(0, bc.core().valuesHeld(), "closed subscribers hold nothing back");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 16})
    void afterTheLastSenderClosesUnreadValuesAreReceivedThenTheEnd(int capacity) throws Exception {
        var bc = Broadcast.<Integer>create(capacity);
        var rx = bc.subscribe();
        var iterated = bc.subscribe();
        BroadcastSender<Integer> second = bc.sender().clone();
        sendRange(bc.sender(), 0, capacity, 2);
        bc.sender().close();
        assertTrue(bc.sender().isClosed());
        assertEquals(2, second.send(capacity), "a clone keeps the channel open");
        second.close();
        assertEquals(1, assertThrows(LaggedException.class, rx::recv).missed());
        for (int i = 1; i <= capacity; i++) {
            assertEquals(i, rx.recv());
        }
        assertThrows(ChannelClosedException.class, rx::recv);
        assertThrows(ChannelClosedException.class, rx::tryRecv);
        assertThrows(ChannelClosedException.class, () -> rx.recv(SHORT));
        List<Integer> rest = new ArrayList<>();
        Iterator<Integer> it = iterated.iterator();
        assertThrows(LaggedException.class, it::hasNext);
        it.forEachRemaining(rest::add);
        assertEquals(capacity, rest.size());
        assertEquals(capacity, rest.get(capacity - 1));
        assertFalse(bc.subscribe().iterator().hasNext(), "a subscriber after the close: the end");
    }

    @Test
    void closedHandlesCannotSendCloneOrSubscribe() {
        var bc = Broadcast.<String>create(4);
        var rx = bc.subscribe();
        BroadcastSender<String> tx = bc.sender();
        tx.close();
        tx.close(); // again: nothing
        assertThrows(IllegalStateException.class, () -> tx.send("a"));
        assertThrows(IllegalStateException.class, tx::clone);
        assertThrows(IllegalStateException.class, tx::subscribe);
        assertThrows(ChannelClosedException.class, rx::tryRecv);
        rx.close();
        assertThrows(
                ChannelClosedException.class, rx::recv, "a closed subscriber receives nothing");
    }

    @Test
    void argumentsAreChecked() {
        var zero = assertThrows(IllegalArgumentException.class, () -> Broadcast.create(0));
        assertTrue(zero.getMessage().endsWith("was 0"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Broadcast.create(-1));
        assertThrows(
                IllegalArgumentException.class, () -> Broadcast.create(Channel.MAX_CAPACITY + 1));
        assertEquals(Channel.MAX_CAPACITY, Broadcast.create(Channel.MAX_CAPACITY).capacity());
        var bc = Broadcast.<String>create(1);
        var rx = bc.subscribe();
        var npe = assertThrows(NullPointerException.class, () -> bc.sender().send(null));
        assertEquals("value", npe.getMessage());
        assertThrows(NullPointerException.class, () -> rx.recv(null));
        assertThrows(IllegalArgumentException.class, () -> rx.recv(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new LaggedException(0));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 16})
    void recvWaitsForTheNextSend(int capacity) throws Exception {
        var bc = Broadcast.<Integer>create(capacity);
        var a = bc.subscribe();
        var b = bc.subscribe();
        var got = new AtomicInteger();
        Thread ta = Thread.ofVirtual().start(() -> got.addAndGet(uncheckedRecv(a)));
        Thread tb = Thread.ofVirtual().start(() -> got.addAndGet(uncheckedRecv(b)));
        awaitWaiting(bc.core(), 2);
        assertEquals(2, bc.sender().send(21));
        ta.join();
        tb.join();
        assertEquals(42, got.get(), "one send wakes every waiting subscriber");
    }

    private static int uncheckedRecv(BroadcastReceiver<Integer> rx) {
        try {
            return rx.recv(LONG);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void recvTimesOutWithNothingTaken() throws Exception {
        var bc = Broadcast.<Integer>create(2);
        var rx = bc.subscribe();
        assertThrows(TimeoutException.class, () -> rx.recv(SHORT));
        bc.sender().send(1);
        assertEquals(1, rx.recv(SHORT));
        assertEquals(0, bc.core().waitingThreads());
    }

    @Test
    void interruptedRecvTakesNothing() throws Exception {
        var bc = Broadcast.<Integer>create(2);
        var rx = bc.subscribe();
        for (int form = 0; form < 3; form++) {
            var outcome = new AtomicReference<Throwable>();
            int f = form;
            Thread t =
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        try {
                                            if (f == 0) {
                                                rx.recv();
                                            } else if (f == 1) {
                                                rx.recv(LONG);
                                            } else {
                                                rx.iterator().hasNext();
                                            }
                                        } catch (Throwable e) {
                                            outcome.set(
                                                    e instanceof CancellationException
                                                                    && Thread.currentThread()
                                                                            .isInterrupted()
                                                            ? new InterruptedException("iterator")
                                                            : e);
                                        }
                                    });
            awaitWaiting(bc.core(), 1);
            t.interrupt();
            t.join();
            assertInstanceOf(InterruptedException.class, outcome.get());
            assertEquals(0, bc.core().waitingThreads());
        }
        bc.sender().send(7);
        assertEquals(7, rx.recv(), "nothing was taken by the interrupted receives");
    }

    @Test
    void aWaitingRecvWakesWhenTheLastSenderCloses() throws Exception {
        var bc = Broadcast.<Integer>create(2);
        var rx = bc.subscribe();
        var outcome = new AtomicReference<Throwable>();
        Thread t = Thread.ofVirtual().start(() -> outcome.set(recvFailure(rx)));
        awaitWaiting(bc.core(), 1);
        bc.sender().close();
        t.join();
        assertInstanceOf(ChannelClosedException.class, outcome.get());
    }

    @Test
    void aWaitingRecvWakesWhenAnotherThreadClosesTheSubscriber() throws Exception {
        var bc = Broadcast.<Integer>create(2);
        var rx = bc.subscribe();
        var outcome = new AtomicReference<Throwable>();
        Thread t = Thread.ofVirtual().start(() -> outcome.set(recvFailure(rx)));
        awaitWaiting(bc.core(), 1);
        rx.close();
        t.join();
        var closed = assertInstanceOf(ChannelClosedException.class, outcome.get());
        assertTrue(closed.getMessage().contains("subscriber is closed"), closed.getMessage());
    }

    private static Throwable recvFailure(BroadcastReceiver<Integer> rx) {
        try {
            rx.recv();
            return new AssertionError("received a value");
        } catch (Throwable e) {
            return e;
        }
    }

    @Test
    void valuesEverySubscriberReadAreLetGo() throws Exception {
        var bc = Broadcast.<Integer>create(16);
        var a = bc.subscribe();
        var b = bc.subscribe();
        sendRange(bc.sender(), 0, 10, 2);
        assertEquals(10, bc.core().valuesHeld());
        for (int i = 0; i < 10; i++) {
            a.recv();
        }
        assertEquals(10, bc.core().valuesHeld(), "b has not read them");
        for (int i = 0; i < 5; i++) {
            b.recv();
        }
        assertEquals(5, bc.core().valuesHeld());
        b.close();
        assertEquals(0, bc.core().valuesHeld());
    }

    @Test
    void theRingGrowsOnlyForUnreadValuesAndOnlyUpToTheCapacity() throws Exception {
        var bc = Broadcast.<Integer>create(100);
        var rx = bc.subscribe();
        for (int i = 0; i < 1000; i++) {
            bc.sender().send(i);
            assertEquals(i, rx.recv());
        }
        assertEquals(BroadcastCore.INITIAL_LENGTH, bc.core().ringLength(), "read at once");
        sendRange(bc.sender(), 0, 1000, 1);
        assertEquals(100, bc.core().ringLength());
        assertEquals(900, assertThrows(LaggedException.class, rx::recv).missed());
        for (int i = 900; i < 1000; i++) {
            assertEquals(i, rx.recv());
        }
    }

    @Test
    void aRegisteredWakerRunsOnEverySendAndCloseUntilRemoved() throws Exception {
        var bc = Broadcast.<Integer>create(2);
        var rx = bc.subscribe();
        var runs = new AtomicInteger();
        Runnable waker = runs::incrementAndGet;
        bc.core().addWaker(waker);
        assertEquals(1, bc.core().wakerCount());
        bc.sender().send(1);
        var second = bc.subscribe();
        second.close();
        assertEquals(2, runs.get(), "a send and a subscriber's close");
        assertTrue(bc.core().removeWaker(waker));
        assertFalse(bc.core().removeWaker(waker));
        bc.sender().send(2);
        assertEquals(2, runs.get());
        bc.core().addWaker(waker);
        bc.sender().close();
        assertEquals(3, runs.get(), "the last sender's close");
        assertEquals(1, rx.recv());
        bc.core().removeWaker(waker);
        assertEquals(0, bc.core().wakerCount());
    }

    @Test
    void aSubscriberSharedByThreadsGivesEachValueToOneOfThem() throws Exception {
        var bc = Broadcast.<Integer>create(1000);
        var rx = bc.subscribe();
        sendRange(bc.sender(), 0, 1000, 1);
        bc.sender().close();
        var sum = new AtomicInteger();
        var start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        try {
                                            start.await();
                                            for (int v : rx) {
                                                sum.addAndGet(v);
                                            }
                                        } catch (InterruptedException e) {
                                            throw new AssertionError(e);
                                        }
                                    }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(999 * 1000 / 2, sum.get());
    }
}

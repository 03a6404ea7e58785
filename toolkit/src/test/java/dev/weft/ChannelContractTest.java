package dev.weft;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The channel contract, run over every kind: rendezvous, bounded 1, 16 and 1024, bounded 64 whose
 * ring starts at 2 slots (so that it grows while the tests fill it), and unbounded. Each test names
 * the behaviour it shows; ordering between threads comes from thread states and latches, never from
 * sleeping.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChannelContractTest {

    static Stream<Named<Supplier<Channel<Integer>>>> flavours() {
        return Stream.of(
                Named.of("rendezvous", Channel::rendezvous),
                Named.of("bounded(1)", () -> Channel.bounded(1)),
                Named.of("bounded(16)", () -> Channel.bounded(16)),
                Named.of("bounded(1024)", () -> Channel.bounded(1024)),
                Named.of(
                        "bounded(64), ring growing from 2",
                        () -> Channel.boundedGrowingFrom(64, 2)),
                Named.of("unbounded", Channel::unbounded));
    }

    /** The kinds whose send can wait: rendezvous and bounded. */
    static Stream<Named<Supplier<Channel<Integer>>>> boundedFlavours() {
        return flavours().filter(f -> bounded(f.getPayload().get()));
    }

    /** The kinds with a buffer: bounded and unbounded. */
    static Stream<Named<Supplier<Channel<Integer>>>> bufferedFlavours() {
        return flavours().filter(f -> buffered(f.getPayload().get()));
    }

    /** Starts a virtual thread running {@code body}, returning its outcome as a future. */
    static <T> CompletableFuture<T> async(java.util.concurrent.Callable<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofVirtual()
                .start(
                        () -> {
                            try {
                                f.complete(body.call());
                            } catch (Throwable e) {
                                f.completeExceptionally(e);
                            }
                        });
        return f;
    }

    /** Starts a producer that sends {@code from..to} (inclusive) and then closes its handle. */
    static CompletableFuture<Void> produce(Sender<Integer> tx, int from, int to) {
        return async(
                () -> {
                    try (tx) {
                        for (int i = from; i <= to; i++) {
                            tx.send(i);
                        }
                    }
                    return null;
                });
    }

    static Throwable failureOf(CompletableFuture<?> f) throws InterruptedException {
        try {
            f.get();
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** A party running on its own virtual thread, known to be parked (waiting). */
    record Parked<T>(Thread thread, CompletableFuture<T> outcome) {}

    /** Starts {@code body} on a virtual thread and returns once that thread is parked in it. */
    static <T> Parked<T> startParked(java.util.concurrent.Callable<T> body) {
        java.util.concurrent.atomic.AtomicReference<Thread> thread =
                new java.util.concurrent.atomic.AtomicReference<>();
        CompletableFuture<T> outcome =
                async(
                        () -> {
                            thread.set(Thread.currentThread());
                            return body.call();
                        });
        awaitQuickly().until(() -> thread.get() != null);
        awaitParked(thread.get());
        return new Parked<>(thread.get(), outcome);
    }

    /**
     * Awaitility polling every millisecond from the start (its default waits 100 ms first), for the
     * tests that park a party in each of many trials.
     */
    static org.awaitility.core.ConditionFactory awaitQuickly() {
        return await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1));
    }

    static void awaitParked(Thread t) {
        awaitQuickly()
                .until(
                        () ->
                                t.getState() == Thread.State.WAITING
                                        || t.getState() == Thread.State.TIMED_WAITING);
    }

    static boolean buffered(Channel<?> ch) {
        return ch.capacity() > 0;
    }

    static boolean bounded(Channel<?> ch) {
        return ch.capacity() != Channel.UNBOUNDED;
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void valuesArriveInTheOrderTheyWereSent(Supplier<Channel<Integer>> flavour) throws Exception {
        Channel<Integer> ch = flavour.get();
        CompletableFuture<Void> producer = produce(ch.sender(), 1, 100);
        List<Integer> got = new ArrayList<>();
        for (int next : ch.receiver()) {
            got.add(next);
        }
        producer.get();
        assertEquals(IntStream.rangeClosed(1, 100).boxed().toList(), got);
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void lastSenderClosedEndsReceiver(Supplier<Channel<Integer>> flavour) throws Exception {
        Channel<Integer> ch = flavour.get();
        Sender<Integer> second = ch.sender().clone();
        ch.sender().close();
        assertFalse(ch.receiver().isDone(), "one sender is still open");
        CompletableFuture<Integer> recv = async(() -> ch.receiver().recv());
        second.close();
        assertInstanceOf(ChannelClosedException.class, failureOf(recv));
        assertTrue(ch.receiver().isDone());
    }

    @ParameterizedTest
    @MethodSource("bufferedFlavours")
    void receiverDrainsWhatIsBufferedBeforeItEnds(Supplier<Channel<Integer>> flavour)
            throws Exception {
        Channel<Integer> ch = flavour.get();
        ch.sender().send(1);
        ch.sender().close();
        assertEquals(1, ch.receiver().recv());
        assertThrows(ChannelClosedException.class, ch.receiver()::recv);
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void sendAfterReceiverClosedHandsTheValueBack(Supplier<Channel<Integer>> flavour) {
        Channel<Integer> ch = flavour.get();
        ch.receiver().close();
        var e = assertThrows(ChannelClosedException.class, () -> ch.sender().send(42));
        assertEquals(42, e.unsentValue());
        var e2 = assertThrows(ChannelClosedException.class, () -> ch.sender().trySend(43));
        assertEquals(43, e2.unsentValue());
        assertTrue(ch.sender().isReceiverClosed());
    }

    @ParameterizedTest
    @MethodSource("boundedFlavours")
    void parkedSenderFailsWithItsValueWhenTheReceiverCloses(Supplier<Channel<Integer>> flavour)
            throws Exception {
        Channel<Integer> ch = flavour.get();
        for (int i = 0; i < ch.capacity(); i++) {
            ch.sender().send(i); // fill the buffer
        }
        Parked<Void> parkedParty =
                startParked(
                        () -> {
                            ch.sender().send(-1);
                            return null;
                        });
        Thread sender = parkedParty.thread();
        CompletableFuture<Void> parked = parkedParty.outcome();
        ch.receiver().close();
        var e = assertInstanceOf(ChannelClosedException.class, failureOf(parked));
        assertEquals(-1, e.unsentValue());
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void trySendNeverWaitsAndSaysWhenFull(Supplier<Channel<Integer>> flavour) {
        Channel<Integer> ch = flavour.get();
        if (!bounded(ch)) {
            for (int i = 0; i < 10_000; i++) {
                assertTrue(ch.sender().trySend(i));
            }
            return;
        }
        for (int i = 0; i < ch.capacity(); i++) {
            assertTrue(ch.sender().trySend(i));
        }
        assertFalse(ch.sender().trySend(-1), "full");
        assertEquals(ch.capacity(), ch.receiver().size());
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void tryRecvNeverWaits(Supplier<Channel<Integer>> flavour) throws Exception {
        Channel<Integer> ch = flavour.get();
        assertEquals(Optional.empty(), ch.receiver().tryRecv());
        assertFalse(ch.receiver().isDone());
        if (buffered(ch)) {
            ch.sender().send(5);
            assertEquals(Optional.of(5), ch.receiver().tryRecv());
        }
        ch.sender().close();
        assertThrows(ChannelClosedException.class, ch.receiver()::tryRecv);
        assertTrue(ch.receiver().isDone());
    }

    @org.junit.jupiter.api.Test
    void rendezvousTryRecvTakesFromAParkedSender() throws Exception {
        Channel<Integer> ch = Channel.rendezvous();
        Parked<Void> sendParty =
                startParked(
                        () -> {
                            ch.sender().send(7);
                            return null;
                        });
        Thread sender = sendParty.thread();
        CompletableFuture<Void> send = sendParty.outcome();
        assertEquals(Optional.of(7), ch.receiver().tryRecv());
        send.get(); // the send completed because the value was taken
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void recvWithTimeoutThrowsWhenNothingArrives(Supplier<Channel<Integer>> flavour) {
        Channel<Integer> ch = flavour.get();
        var e =
                assertThrows(
                        TimeoutException.class, () -> ch.receiver().recv(Duration.ofMillis(20)));
        assertEquals("no value arrived within PT0.02S", e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("boundedFlavours")
    void sendWithTimeoutGivesUpWhenFull(Supplier<Channel<Integer>> flavour) throws Exception {
        Channel<Integer> ch = flavour.get();
        for (int i = 0; i < ch.capacity(); i++) {
            ch.sender().send(i);
        }
        assertThrows(TimeoutException.class, () -> ch.sender().send(-1, Duration.ofMillis(20)));
        // nothing was sent: the buffer holds exactly what it held
        for (int i = 0; i < ch.capacity(); i++) {
            assertEquals(Optional.of(i), ch.receiver().tryRecv());
        }
        assertEquals(Optional.empty(), ch.receiver().tryRecv());
    }

    @ParameterizedTest
    @MethodSource("boundedFlavours")
    void parkedSendCompletesWhenRoomIsMade(Supplier<Channel<Integer>> flavour) throws Exception {
        Channel<Integer> ch = flavour.get();
        for (int i = 0; i < ch.capacity(); i++) {
            ch.sender().send(i);
        }
        Parked<Void> parkedParty =
                startParked(
                        () -> {
                            ch.sender().send(ch.capacity());
                            return null;
                        });
        Thread sender = parkedParty.thread();
        CompletableFuture<Void> parked = parkedParty.outcome();
        assertFalse(parked.isDone(), "backpressure: the send waits");
        for (int i = 0; i <= ch.capacity(); i++) {
            assertEquals(i, ch.receiver().recv());
        }
        parked.get();
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void interruptedRecvTakesNothing(Supplier<Channel<Integer>> flavour) throws Exception {
        Channel<Integer> ch = flavour.get();
        Parked<Integer> recvParty =
                startParked(
                        () -> {
                            return ch.receiver().recv();
                        });
        Thread receiver = recvParty.thread();
        CompletableFuture<Integer> recv = recvParty.outcome();
        receiver.interrupt();
        assertInstanceOf(InterruptedException.class, failureOf(recv));
        assertFalse(ch.core().hasWaitingReceiver(), "the waiter was left registered");
        CompletableFuture<Void> producer = produce(ch.sender(), 9, 9);
        assertEquals(9, ch.receiver().recv());
        producer.get();
    }

    @ParameterizedTest
    @MethodSource("boundedFlavours")
    void interruptedSendSendsNothing(Supplier<Channel<Integer>> flavour) throws Exception {
        Channel<Integer> ch = flavour.get();
        for (int i = 0; i < ch.capacity(); i++) {
            ch.sender().send(i);
        }
        Parked<Void> sendParty =
                startParked(
                        () -> {
                            ch.sender().send(-1);
                            return null;
                        });
        Thread sender = sendParty.thread();
        CompletableFuture<Void> send = sendParty.outcome();
        sender.interrupt();
        assertInstanceOf(InterruptedException.class, failureOf(send));
        assertEquals(0, ch.core().waitingSenders(), "the waiter was left registered");
        ch.sender().close();
        List<Integer> rest = ch.receiver().stream().toList();
        assertEquals(IntStream.range(0, ch.capacity()).boxed().toList(), rest);
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void aSecondThreadReceivesWhileTheFirstIsParkedAndNothingIsLost(
            Supplier<Channel<Integer>> flavour) throws Exception {
        Channel<Integer> ch = flavour.get();
        Parked<Integer> recvParty = startParked(() -> ch.receiver().recv());
        CompletableFuture<Integer> recv = recvParty.outcome();
        assertEquals(Optional.empty(), ch.receiver().tryRecv(), "nothing there yet");
        CompletableFuture<Void> producer = produce(ch.sender(), 1, 3);
        List<Integer> got = new ArrayList<>();
        got.add(recv.get());
        ch.receiver().forEach(got::add);
        producer.get();
        assertEquals(List.of(1, 2, 3), got.stream().sorted().toList(), "each value exactly once");
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void manyProducersEachKeepTheirOrder(Supplier<Channel<Integer>> flavour) throws Exception {
        Channel<Integer> ch = flavour.get();
        int producers = 4;
        int each = 1_000;
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            running.add(produce(ch.sender().clone(), p * each, p * each + each - 1));
        }
        ch.sender().close();
        int[] lastSeen = new int[producers];
        java.util.Arrays.fill(lastSeen, -1);
        int count = 0;
        for (int v : ch.receiver()) {
            int p = v / each;
            assertTrue(v > lastSeen[p], "out of order: " + v + " after " + lastSeen[p]);
            lastSeen[p] = v;
            count++;
        }
        for (CompletableFuture<Void> f : running) {
            f.get();
        }
        assertEquals(producers * each, count);
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void streamEndsWhenTheChannelCloses(Supplier<Channel<Integer>> flavour) throws Exception {
        Channel<Integer> ch = flavour.get();
        CompletableFuture<Void> producer = produce(ch.sender(), 1, 5);
        assertEquals(15, ch.receiver().stream().mapToInt(Integer::intValue).sum());
        producer.get();
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void misuseIsAClearErrorAndCorruptsNothing(Supplier<Channel<Integer>> flavour)
            throws Exception {
        Channel<Integer> ch = flavour.get();
        assertThrows(NullPointerException.class, () -> ch.sender().send(null));
        assertThrows(NullPointerException.class, () -> ch.sender().trySend(null));
        var zero =
                assertThrows(
                        IllegalArgumentException.class, () -> ch.receiver().recv(Duration.ZERO));
        assertEquals("timeout must be positive, was PT0S", zero.getMessage());
        Sender<Integer> extra = ch.sender().clone();
        extra.close();
        extra.close(); // a second close does nothing
        var closedSend = assertThrows(IllegalStateException.class, () -> extra.send(1));
        assertEquals("cannot send: this sender is closed", closedSend.getMessage());
        var closedClone = assertThrows(IllegalStateException.class, extra::clone);
        assertEquals("cannot clone: this sender is closed", closedClone.getMessage());
        // the channel still works
        CompletableFuture<Void> producer = produce(ch.sender(), 1, 2);
        assertEquals(List.of(1, 2), ch.receiver().stream().toList());
        producer.get();
    }

    // ---- the last handle closed while a send through it is in flight -------------------------
    //
    // The invariant (Channel's class comment): a send that returns normally is received unless the
    // receiver closes, and the receiver reports the end only after every such value; a send that
    // cannot deliver fails and hands its value back. Here one thread closes the handle another
    // thread is sending through, the last one open.

    /** Whether {@code values} is 0, 1, ..., {@code n - 1}. */
    static boolean isRange(List<Integer> values, int n) {
        return values.equals(IntStream.range(0, n).boxed().toList());
    }

    /** A short account of a long list: its size and its last few values. */
    static String describe(List<Integer> values) {
        return values.size()
                + " values, ending "
                + values.subList(Math.max(0, values.size() - 3), values.size());
    }

    /**
     * Sends {@code value} through {@code tx}; returns "sent", or the value a refusal handed back.
     */
    static Object sendOrValueBack(Sender<Integer> tx, int value) throws InterruptedException {
        try {
            tx.send(value);
            return "sent";
        } catch (ChannelClosedException refused) {
            return refused.unsentValue();
        }
    }

    @ParameterizedTest
    @MethodSource("boundedFlavours")
    void lastHandleClosedWhileASendThroughItWaitsRefusesThatSendWithItsValue(
            Supplier<Channel<Integer>> flavour) throws Exception {
        for (int trial = 0; trial < 20; trial++) {
            Channel<Integer> ch = flavour.get();
            Sender<Integer> tx = ch.sender();
            for (int i = 0; i < ch.capacity(); i++) {
                tx.send(i); // full: the next send waits
            }
            Parked<Object> parked = startParked(() -> sendOrValueBack(tx, -1));
            tx.close(); // the last open handle, while the send through it waits
            List<Integer> drained = new ArrayList<>();
            for (int v : ch.receiver()) {
                drained.add(v);
            }
            String what = "trial " + trial + ", drained " + describe(drained);
            assertEquals(-1, parked.outcome().get(), what);
            assertTrue(isRange(drained, ch.capacity()), what);
            assertTrue(ch.receiver().isDone());
            assertEquals(0, ch.core().waitingSenders(), "the refused send stayed registered");
        }
    }

    @org.junit.jupiter.api.Test
    void rendezvousIsDoneOnlyOnceNoSendWaits() throws Exception {
        for (int trial = 0; trial < 20; trial++) {
            Channel<Integer> ch = Channel.rendezvous();
            Sender<Integer> tx = ch.sender();
            Parked<Object> parked = startParked(() -> sendOrValueBack(tx, 7));
            tx.close();
            boolean done = ch.receiver().isDone();
            assertThrows(
                    ChannelClosedException.class,
                    ch.receiver()::tryRecv,
                    "isDone() was " + done + ", then a value came");
            assertTrue(done, "closed, and no send can deliver any more");
            assertEquals(7, parked.outcome().get(), "the waiting send was refused");
        }
    }

    @ParameterizedTest
    @MethodSource("boundedFlavours")
    void selectSendArmWaitingWhenTheLastHandleClosesIsDisabledAndSendsNothing(
            Supplier<Channel<Integer>> flavour) throws Exception {
        for (int trial = 0; trial < 20; trial++) {
            Channel<Integer> ch = flavour.get();
            Sender<Integer> tx = ch.sender();
            for (int i = 0; i < ch.capacity(); i++) {
                tx.send(i);
            }
            Select<String> select = Select.<String>create().send(tx, -1, () -> "sent");
            Parked<String> parked = startParked(select::await);
            tx.close();
            List<Integer> drained = new ArrayList<>();
            for (int v : ch.receiver()) {
                drained.add(v);
            }
            Throwable failure = failureOf(parked.outcome());
            String what = "trial " + trial + ", drained " + describe(drained);
            assertInstanceOf(ChannelClosedException.class, failure, what);
            assertEquals(
                    "select: every arm is disabled (1 arm, all of their channels closed) and"
                            + " there is no orElse or timeout arm",
                    failure.getMessage());
            assertTrue(isRange(drained, ch.capacity()), what);
        }
    }

    /**
     * A producer sends 0, 1, 2, ... through the one open handle while a consumer drains, and a
     * third thread closes that handle mid-stream: the sends that returned are exactly the values
     * received, in order, and the send in flight at the close was received or handed its value
     * back. Platform threads, so that the close can land between a send's check of its handle and
     * its claim of a slot (no send of an unbounded channel ever parks).
     */
    @ParameterizedTest
    @MethodSource("flavours")
    void sendRacingTheCloseOfItsHandleIsReceivedOrHandsItsValueBack(
            Supplier<Channel<Integer>> flavour) throws Exception {
        for (int trial = 0; trial < 100; trial++) {
            Channel<Integer> ch = flavour.get();
            Sender<Integer> tx = ch.sender();
            CountDownLatch streaming = new CountDownLatch(1);
            AtomicReference<Object> lastOutcome = new AtomicReference<>();
            int[] sent = {0};
            Thread producer =
                    Thread.ofPlatform()
                            .start(
                                    () -> {
                                        try {
                                            for (int v = 0; ; v++) {
                                                if (v == 50) {
                                                    streaming.countDown();
                                                }
                                                Object outcome = sendOrValueBack(tx, v);
                                                if (outcome != "sent") {
                                                    lastOutcome.set(outcome);
                                                    return;
                                                }
                                                sent[0] = v + 1;
                                            }
                                        } catch (IllegalStateException handleClosed) {
                                            lastOutcome.set("handle closed");
                                        } catch (InterruptedException e) {
                                            lastOutcome.set(e);
                                        }
                                    });
            List<Integer> received = new ArrayList<>();
            Thread consumer =
                    Thread.ofPlatform()
                            .start(
                                    () -> {
                                        for (int v : ch.receiver()) {
                                            received.add(v);
                                        }
                                    });
            streaming.await();
            tx.close();
            producer.join();
            consumer.join();
            Object last = lastOutcome.get();
            String what =
                    "trial "
                            + trial
                            + ": "
                            + sent[0]
                            + " sent, then "
                            + last
                            + "; received "
                            + describe(received);
            assertTrue(last.equals("handle closed") || last.equals(sent[0]), what);
            assertTrue(isRange(received, sent[0]), what);
        }
    }

    @org.junit.jupiter.api.Test
    void capacityOutOfRangeIsRejectedNamingTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> Channel.bounded(-1));
        assertEquals("capacity must be between 0 and 1073741824, was -1", e.getMessage());
        assertEquals(0, Channel.bounded(0).capacity());
        assertEquals(Channel.UNBOUNDED, Channel.unbounded().capacity());
    }
}

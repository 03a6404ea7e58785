package dev.weft;

import static dev.weft.ChannelContractTest.async;
import static dev.weft.ChannelContractTest.awaitQuickly;
import static dev.weft.ChannelContractTest.buffered;
import static dev.weft.ChannelContractTest.failureOf;
import static dev.weft.ChannelContractTest.produce;
import static dev.weft.ChannelContractTest.startParked;
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
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The channel contract for several consumers, and for the calls added with them ({@code
 * Receiver.clone}, {@code isClosed}, {@code recvMany}, {@code Sender.closed}), run over every kind
 * of {@link ChannelContractTest#flavours()}. (A class of its own, beside {@link
 * ChannelContractTest}, which is near the size limit.)
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChannelMultiConsumerTest {

    static java.util.stream.Stream<org.junit.jupiter.api.Named<Supplier<Channel<Integer>>>>
            flavours() {
        return ChannelContractTest.flavours();
    }

    /** Receives through {@code rx} until the end, on a virtual thread; returns what it got. */
    static CompletableFuture<List<Integer>> drain(Receiver<Integer> rx) {
        return async(
                () -> {
                    List<Integer> got = new ArrayList<>();
                    rx.forEach(got::add);
                    return got;
                });
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void twoReceiversShareTheValuesAndLoseNone(Supplier<Channel<Integer>> flavour)
            throws Exception {
        Channel<Integer> ch = flavour.get();
        Receiver<Integer> second = ch.receiver().clone();
        CompletableFuture<List<Integer>> a = drain(ch.receiver());
        CompletableFuture<List<Integer>> b = drain(second);
        int n = 2_000;
        produce(ch.sender(), 1, n).get();
        List<Integer> all = new ArrayList<>(a.get());
        all.addAll(b.get());
        all.sort(null);
        assertEquals(IntStream.rangeClosed(1, n).boxed().toList(), all, "each value exactly once");
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void threeThreadsIteratingOneReceiverShareTheValues(Supplier<Channel<Integer>> flavour)
            throws Exception {
        Channel<Integer> ch = flavour.get();
        List<CompletableFuture<List<Integer>>> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            workers.add(drain(ch.receiver())); // one handle, shared
        }
        produce(ch.sender(), 1, 900).get();
        List<Integer> all = new ArrayList<>();
        for (var w : workers) {
            List<Integer> got = w.get();
            assertEquals(got.stream().sorted().toList(), got, "one sender's order, per consumer");
            all.addAll(got);
        }
        all.sort(null);
        assertEquals(IntStream.rangeClosed(1, 900).boxed().toList(), all);
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void severalParkedReceiversEachGetOneValue(Supplier<Channel<Integer>> flavour)
            throws Exception {
        Channel<Integer> ch = flavour.get();
        List<CompletableFuture<Integer>> parked = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            parked.add(startParked(() -> ch.receiver().recv()).outcome());
        }
        awaitQuickly().until(() -> ch.core().waitingReceivers() == 3);
        for (int v = 1; v <= 3; v++) {
            ch.sender().send(v);
        }
        List<Integer> got = new ArrayList<>();
        for (var p : parked) {
            got.add(p.get());
        }
        got.sort(null);
        assertEquals(List.of(1, 2, 3), got);
        assertFalse(ch.core().hasWaitingReceiver());
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void lastReceiverClosedRefusesSends(Supplier<Channel<Integer>> flavour) {
        Channel<Integer> ch = flavour.get();
        Receiver<Integer> second = ch.receiver().clone();
        ch.receiver().close();
        second.close();
        assertTrue(ch.sender().isReceiverClosed());
        var e = assertThrows(ChannelClosedException.class, () -> ch.sender().send(7));
        assertEquals(7, e.unsentValue());
        assertThrows(ChannelClosedException.class, () -> ch.sender().trySend(8));
        assertThrows(ChannelClosedException.class, ch.receiver()::recv);
        assertThrows(ChannelClosedException.class, second::tryRecv);
        assertThrows(IllegalStateException.class, second::clone);
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void closingOneOfTwoReceiversKeepsTheChannelOpen(Supplier<Channel<Integer>> flavour)
            throws Exception {
        Channel<Integer> ch = flavour.get();
        Receiver<Integer> second = ch.receiver().clone();
        ch.receiver().close();
        assertFalse(ch.sender().isReceiverClosed(), "one receiver handle is still open");
        assertTrue(ch.receiver().isClosed(), "the closed handle says so");
        assertFalse(second.isClosed());
        CompletableFuture<Integer> recv = startParked(second::recv).outcome();
        ch.sender().send(5); // delivered through the open handle
        assertEquals(5, recv.get());
        assertThrows(ChannelClosedException.class, ch.receiver()::recv, "a closed handle ends");
        assertTrue(ch.receiver().isDone());
        second.close();
        assertTrue(ch.sender().isReceiverClosed());
    }

    @ParameterizedTest
    @MethodSource("bufferedFlavours")
    void aClosedHandleStillDrainsWhatIsBuffered(Supplier<Channel<Integer>> flavour) {
        Channel<Integer> ch = flavour.get();
        Receiver<Integer> second = ch.receiver().clone();
        assertTrue(ch.sender().trySend(1));
        second.close();
        assertEquals(Optional.of(1), second.tryRecv());
        assertThrows(ChannelClosedException.class, second::tryRecv);
        assertEquals(Optional.empty(), ch.receiver().tryRecv(), "the open handle still waits");
    }

    static java.util.stream.Stream<org.junit.jupiter.api.Named<Supplier<Channel<Integer>>>>
            bufferedFlavours() {
        return ChannelContractTest.bufferedFlavours();
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void recvManyTakesWhatIsThereUpToMax(Supplier<Channel<Integer>> flavour) throws Exception {
        Channel<Integer> ch = flavour.get();
        if (!buffered(ch)) {
            // Rendezvous: a batch is what the parked senders offer; one is there now.
            CompletableFuture<Void> producer = produce(ch.sender(), 1, 1);
            List<Integer> got = new ArrayList<>();
            assertEquals(1, ch.receiver().recvMany(got, 5));
            assertEquals(List.of(1), got);
            producer.get();
            assertThrows(ChannelClosedException.class, () -> ch.receiver().recvMany(got, 5));
            return;
        }
        int n = Math.min(ch.capacity(), 8);
        for (int i = 1; i <= n; i++) {
            assertTrue(ch.sender().trySend(i));
        }
        List<Integer> got = new ArrayList<>();
        int max = Math.max(1, n - 1);
        assertEquals(max, ch.receiver().recvMany(got, max));
        assertEquals(IntStream.rangeClosed(1, max).boxed().toList(), got);
        got.clear();
        ch.sender().close();
        assertEquals(n - max, n == max ? 0 : ch.receiver().recvMany(got, 100));
        assertThrows(ChannelClosedException.class, () -> ch.receiver().recvMany(got, 100));
        assertEquals(n - max, got.size(), "nothing added at the end");
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void recvManyWaitsOnlyForTheFirst(Supplier<Channel<Integer>> flavour) throws Exception {
        Channel<Integer> ch = flavour.get();
        List<Integer> got = new ArrayList<>();
        var party = startParked(() -> ch.receiver().recvMany(got, 10));
        ch.sender().send(42);
        assertEquals(1, party.outcome().get(), "returned with the one value there");
        assertEquals(List.of(42), got);
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void recvManyChecksItsArgumentsAndIsInterruptible(Supplier<Channel<Integer>> flavour)
            throws Exception {
        Channel<Integer> ch = flavour.get();
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ch.receiver().recvMany(new ArrayList<>(), 0));
        assertTrue(e.getMessage().contains("max"), e.getMessage());
        assertThrows(NullPointerException.class, () -> ch.receiver().recvMany(null, 1));
        var party = startParked(() -> ch.receiver().recvMany(new ArrayList<>(), 3));
        party.thread().interrupt();
        assertInstanceOf(InterruptedException.class, failureOf(party.outcome()));
        assertFalse(ch.core().hasWaitingReceiver(), "the waiter was left registered");
    }

    @ParameterizedTest
    @MethodSource("bufferedFlavours")
    void isClosedBeforeDrained(Supplier<Channel<Integer>> flavour) {
        Channel<Integer> ch = flavour.get();
        assertTrue(ch.sender().trySend(1));
        assertFalse(ch.receiver().isClosed());
        ch.sender().close();
        assertTrue(ch.receiver().isClosed(), "every sender is closed");
        assertFalse(ch.receiver().isDone(), "a value is still buffered");
        assertEquals(Optional.of(1), ch.receiver().tryRecv());
        assertTrue(ch.receiver().isDone());
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void senderClosedReturnsWhenTheReceiverCloses(Supplier<Channel<Integer>> flavour)
            throws Exception {
        Channel<Integer> ch = flavour.get();
        Receiver<Integer> second = ch.receiver().clone();
        var waiting =
                startParked(
                        () -> {
                            ch.sender().closed();
                            return null;
                        });
        assertEquals(1, ch.core().waitingForReceiverClose());
        ch.receiver().close();
        assertThrows(
                TimeoutException.class,
                () -> ch.sender().closed(Duration.ofMillis(20)),
                "one receiver handle is still open");
        assertFalse(waiting.outcome().isDone());
        second.close();
        waiting.outcome().get();
        assertEquals(0, ch.core().waitingForReceiverClose());
        ch.sender().closed(); // at once now
        ch.sender().closed(Duration.ofMillis(1));
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void senderClosedIsInterruptibleAndLeavesNothingRegistered(Supplier<Channel<Integer>> flavour)
            throws Exception {
        Channel<Integer> ch = flavour.get();
        var waiting =
                startParked(
                        () -> {
                            ch.sender().closed();
                            return null;
                        });
        waiting.thread().interrupt();
        assertInstanceOf(InterruptedException.class, failureOf(waiting.outcome()));
        assertEquals(0, ch.core().waitingForReceiverClose());
        assertThrows(IllegalArgumentException.class, () -> ch.sender().closed(Duration.ZERO));
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void receiversParkedOnTheChannelEndWhenTheLastSenderCloses(Supplier<Channel<Integer>> flavour)
            throws Exception {
        Channel<Integer> ch = flavour.get();
        var a = startParked(() -> ch.receiver().recv()).outcome();
        var b = startParked(() -> ch.receiver().clone().recv()).outcome();
        ch.sender().close();
        assertInstanceOf(ChannelClosedException.class, failureOf(a));
        assertInstanceOf(ChannelClosedException.class, failureOf(b));
        assertFalse(ch.core().hasWaitingReceiver());
    }
}

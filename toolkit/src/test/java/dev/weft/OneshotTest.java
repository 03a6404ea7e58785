package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Oneshot}: tokio's oneshot, one value from one sender to one receiver. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OneshotTest {

    @Test
    void sentValueIsReceived() throws InterruptedException {
        var once = Oneshot.<Integer>create();
        once.sender().send(7_000);
        assertEquals(7_000, once.receiver().recv());
    }

    @Test
    void recvWaitsForTheSend() throws Exception {
        var once = Oneshot.<String>create();
        ChannelContractTest.Parked<String> replyParty =
                ChannelContractTest.startParked(
                        () -> {
                            return once.receiver().recv();
                        });
        Thread receiver = replyParty.thread();
        CompletableFuture<String> reply = replyParty.outcome();
        assertFalse(reply.isDone());
        once.sender().send("done");
        assertEquals("done", reply.get());
    }

    @Test
    void sendAfterTheReceiverClosedHandsTheValueBack() {
        var once = Oneshot.<Integer>create();
        once.receiver().close();
        assertTrue(once.sender().isReceiverClosed());
        assertEquals(
                1,
                assertThrows(ChannelClosedException.class, () -> once.sender().send(1))
                        .unsentValue());
    }

    @Test
    void senderClosedWithoutSendingFailsTheReceiverClearly() throws Exception {
        var once = Oneshot.<Integer>create();
        CompletableFuture<Integer> reply = ChannelContractTest.async(() -> once.receiver().recv());
        once.sender().close();
        var e =
                assertInstanceOf(
                        ChannelClosedException.class, ChannelContractTest.failureOf(reply));
        assertEquals("the oneshot sender was closed without sending a value", e.getMessage());
    }

    @Test
    void closingTheSenderAfterSendingKeepsTheValue() throws InterruptedException {
        var once = Oneshot.<Integer>create();
        try (var tx = once.sender()) {
            tx.send(1);
        }
        assertEquals(1, once.receiver().recv());
    }

    @Test
    void sendingTwiceIsIllegal() {
        var once = Oneshot.<Integer>create();
        once.sender().send(1);
        var e = assertThrows(IllegalStateException.class, () -> once.sender().send(2));
        assertEquals("cannot send: this oneshot already sent a value", e.getMessage());
    }

    @Test
    void receivingTwiceIsIllegal() throws InterruptedException {
        var once = Oneshot.<Integer>create();
        once.sender().send(1);
        once.receiver().recv();
        var e = assertThrows(IllegalStateException.class, () -> once.receiver().recv());
        assertEquals("the oneshot value was already received", e.getMessage());
    }

    @Test
    void timedRecvThrowsWhenNothingComes() {
        var once = Oneshot.<Integer>create();
        var e =
                assertThrows(
                        TimeoutException.class, () -> once.receiver().recv(Duration.ofMillis(20)));
        assertEquals("no value arrived within PT0.02S", e.getMessage());
    }

    @Test
    void tryRecvNeverWaits() {
        var once = Oneshot.<Integer>create();
        assertEquals(Optional.empty(), once.receiver().tryRecv());
        once.sender().send(3);
        assertEquals(Optional.of(3), once.receiver().tryRecv());
    }

    @Test
    void interruptedRecvLeavesTheValueForTheNextRecv() throws Exception {
        var once = Oneshot.<Integer>create();
        ChannelContractTest.Parked<Integer> firstParty =
                ChannelContractTest.startParked(
                        () -> {
                            return once.receiver().recv();
                        });
        Thread receiver = firstParty.thread();
        CompletableFuture<Integer> first = firstParty.outcome();
        receiver.interrupt();
        assertInstanceOf(InterruptedException.class, ChannelContractTest.failureOf(first));
        once.sender().send(5);
        assertEquals(5, once.receiver().recv());
    }

    @Test
    void nullAndBadTimeoutAreRejected() {
        var once = Oneshot.<Integer>create();
        assertThrows(NullPointerException.class, () -> once.sender().send(null));
        assertThrows(
                IllegalArgumentException.class, () -> once.receiver().recv(Duration.ofSeconds(-1)));
    }

    // ---- one waiter at a time ----------------------------------------------------------------

    static final String ONE_WAITER =
            "cannot receive: another thread is already waiting on this oneshot receiver"
                    + " (only one thread may wait at a time)";

    static final String RECEIVER_CLOSED = "the oneshot receiver was closed";

    /** The two waiting receives, each as a party that parks until something ends it. */
    static Stream<Named<Wait>> waits() {
        return Stream.of(
                Named.of("recv()", OneshotReceiver::recv),
                Named.of("recv(1 day)", rx -> rx.recv(Duration.ofDays(1))));
    }

    /** A waiting receive on a oneshot receiver. */
    interface Wait {
        Integer on(OneshotReceiver<Integer> receiver) throws Exception;
    }

    @ParameterizedTest
    @MethodSource("waits")
    void secondConcurrentRecvFailsInsteadOfHanging(Wait second) throws Exception {
        var once = Oneshot.<Integer>create();
        var first = ChannelContractTest.startParked(() -> once.receiver().recv());
        var e = assertThrows(IllegalStateException.class, () -> second.on(once.receiver()));
        assertEquals(ONE_WAITER, e.getMessage());
        once.sender().send(7);
        assertEquals(7, first.outcome().get());
        assertFalse(once.hasWaitingReceiver());
    }

    @ParameterizedTest
    @MethodSource("waits")
    void secondRecvWhileATimedRecvWaitsFailsAndLeavesTheFirstWaiting(Wait second) throws Exception {
        var once = Oneshot.<Integer>create();
        var first = ChannelContractTest.startParked(() -> once.receiver().recv(Duration.ofDays(1)));
        var e = assertThrows(IllegalStateException.class, () -> second.on(once.receiver()));
        assertEquals(ONE_WAITER, e.getMessage());
        assertFalse(first.outcome().isDone());
        once.receiver().close();
        var closed =
                assertInstanceOf(
                        ChannelClosedException.class,
                        ChannelContractTest.failureOf(first.outcome()));
        assertEquals(RECEIVER_CLOSED, closed.getMessage());
    }

    @ParameterizedTest
    @MethodSource("waits")
    void anotherThreadMayWaitOnceTheWaitingRecvWasInterrupted(Wait next) throws Exception {
        var once = Oneshot.<Integer>create();
        var first = ChannelContractTest.startParked(() -> once.receiver().recv());
        first.thread().interrupt();
        assertInstanceOf(
                InterruptedException.class, ChannelContractTest.failureOf(first.outcome()));
        var second = ChannelContractTest.startParked(() -> next.on(once.receiver()));
        once.sender().send(4);
        assertEquals(4, second.outcome().get());
    }

    // ---- the receiver's close ----------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("waits")
    void closeFromAnotherThreadWakesAParkedRecv(Wait wait) throws Exception {
        var once = Oneshot.<Integer>create();
        var parked = ChannelContractTest.startParked(() -> wait.on(once.receiver()));
        once.receiver().close();
        var e =
                assertInstanceOf(
                        ChannelClosedException.class,
                        ChannelContractTest.failureOf(parked.outcome()));
        assertEquals(RECEIVER_CLOSED, e.getMessage());
        assertNull(e.unsentValue());
        assertFalse(once.hasWaitingReceiver());
        assertTrue(once.sender().isReceiverClosed());
        assertEquals(
                1,
                assertThrows(ChannelClosedException.class, () -> once.sender().send(1))
                        .unsentValue());
    }

    @Test
    void everyReceiveAfterTheReceiverClosedThrowsChannelClosed() {
        var once = Oneshot.<Integer>create();
        once.receiver().close();
        assertEquals(
                RECEIVER_CLOSED,
                assertThrows(ChannelClosedException.class, () -> once.receiver().recv())
                        .getMessage());
        assertEquals(
                RECEIVER_CLOSED,
                assertThrows(
                                ChannelClosedException.class,
                                () -> once.receiver().recv(Duration.ofDays(1)))
                        .getMessage());
        assertEquals(
                RECEIVER_CLOSED,
                assertThrows(ChannelClosedException.class, () -> once.receiver().tryRecv())
                        .getMessage());
    }

    @Test
    void closingTheReceiverDropsAValueSentButNotTaken() {
        var once = Oneshot.<Integer>create();
        once.sender().send(1);
        once.receiver().close();
        assertTrue(once.sender().isReceiverClosed());
        var e = assertThrows(ChannelClosedException.class, () -> once.receiver().recv());
        assertEquals(RECEIVER_CLOSED, e.getMessage());
    }

    @Test
    void closingTheReceiverAfterTheValueWasTakenChangesNothing() throws InterruptedException {
        var once = Oneshot.<Integer>create();
        once.sender().send(1);
        assertEquals(1, once.receiver().recv());
        once.receiver().close();
        assertFalse(once.sender().isReceiverClosed());
        var e = assertThrows(IllegalStateException.class, () -> once.receiver().recv());
        assertEquals("the oneshot value was already received", e.getMessage());
    }

    // ---- cancellation: interrupt and timeout --------------------------------------------------

    @Test
    void interruptedTimedRecvLeavesTheValueForTheNextRecv() throws Exception {
        var once = Oneshot.<Integer>create();
        var parked =
                ChannelContractTest.startParked(() -> once.receiver().recv(Duration.ofDays(1)));
        parked.thread().interrupt();
        assertInstanceOf(
                InterruptedException.class, ChannelContractTest.failureOf(parked.outcome()));
        assertFalse(once.hasWaitingReceiver());
        once.sender().send(5);
        assertEquals(5, once.receiver().recv(Duration.ofDays(1)));
    }

    @ParameterizedTest
    @MethodSource("waits")
    void interruptedRecvLeavesNoWaiterRegistered(Wait wait) throws Exception {
        var once = Oneshot.<Integer>create();
        var parked = ChannelContractTest.startParked(() -> wait.on(once.receiver()));
        assertTrue(once.hasWaitingReceiver(), "the parked recv registered no waiter");
        parked.thread().interrupt();
        assertInstanceOf(
                InterruptedException.class, ChannelContractTest.failureOf(parked.outcome()));
        assertFalse(once.hasWaitingReceiver());
    }

    @Test
    void recvWithTheInterruptFlagSetThrowsAtOnceAndKeepsTheValue() throws InterruptedException {
        var once = Oneshot.<Integer>create();
        once.sender().send(6);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> once.receiver().recv());
        assertFalse(Thread.currentThread().isInterrupted());
        assertEquals(6, once.receiver().recv());
    }

    @Test
    void timedOutRecvLeavesNoWaiterRegisteredAndTheValueForTheNextRecv() throws Exception {
        var once = Oneshot.<Integer>create();
        assertThrows(TimeoutException.class, () -> once.receiver().recv(Duration.ofMillis(1)));
        assertFalse(once.hasWaitingReceiver());
        once.sender().send(8);
        assertEquals(8, once.receiver().recv());
    }

    @Test
    void wokenRecvLeavesNoWaiterRegistered() throws Exception {
        var once = Oneshot.<Integer>create();
        var parked = ChannelContractTest.startParked(() -> once.receiver().recv());
        once.sender().send(9);
        assertEquals(9, parked.outcome().get());
        assertFalse(once.hasWaitingReceiver());
    }

    // ---- timeouts of any length --------------------------------------------------------------

    static Stream<Duration> longestTimeouts() {
        return Stream.of(
                Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), // the longest Duration
                Duration.ofSeconds(Long.MAX_VALUE),
                Duration.ofNanos(Long.MAX_VALUE), // fits in nanos: nanoTime() + nanos wraps
                Duration.ofNanos(Long.MAX_VALUE - 1),
                Duration.ofNanos(Long.MAX_VALUE).plusNanos(1)); // the first that does not fit
    }

    @ParameterizedTest
    @MethodSource("longestTimeouts")
    void timedRecvWithAHugeTimeoutWaitsForTheValue(Duration timeout) throws Exception {
        var once = Oneshot.<Integer>create();
        var parked = ChannelContractTest.startParked(() -> once.receiver().recv(timeout));
        assertFalse(parked.outcome().isDone());
        once.sender().send(11);
        assertEquals(11, parked.outcome().get());
    }

    @ParameterizedTest
    @MethodSource("longestTimeouts")
    void timedRecvWithAHugeTimeoutIsWokenByCloseAndInterrupt(Duration timeout) throws Exception {
        var closedOnce = Oneshot.<Integer>create();
        var closed = ChannelContractTest.startParked(() -> closedOnce.receiver().recv(timeout));
        closedOnce.receiver().close();
        assertInstanceOf(
                ChannelClosedException.class, ChannelContractTest.failureOf(closed.outcome()));
        var interruptedOnce = Oneshot.<Integer>create();
        var interrupted =
                ChannelContractTest.startParked(() -> interruptedOnce.receiver().recv(timeout));
        interrupted.thread().interrupt();
        assertInstanceOf(
                InterruptedException.class, ChannelContractTest.failureOf(interrupted.outcome()));
        assertFalse(interruptedOnce.hasWaitingReceiver());
    }

    @Test
    void timedRecvWithAHugeTimeoutTakesASentValueAtOnce() throws Exception {
        var once = Oneshot.<Integer>create();
        once.sender().send(12);
        assertEquals(12, once.receiver().recv(Duration.ofSeconds(Long.MAX_VALUE)));
    }
}

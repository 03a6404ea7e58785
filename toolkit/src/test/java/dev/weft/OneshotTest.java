package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Oneshot}: tokio's oneshot, one value from one sender to one receiver. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OneshotTest {

    @Test
    void sentValueIsReceived() throws InterruptedException {
        var once = Oneshot.<Integer>create();
        assertTrue(once.sender().send(7_000));
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
    void sendAfterTheReceiverClosedReturnsFalse() {
        var once = Oneshot.<Integer>create();
        once.receiver().close();
        assertTrue(once.sender().isReceiverClosed());
        assertFalse(once.sender().send(1));
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
}

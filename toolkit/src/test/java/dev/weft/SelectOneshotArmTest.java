package dev.weft;

import static dev.weft.ChannelContractTest.async;
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
 * A select's arms on a {@link Oneshot}: {@code recv} and {@code recvOrClosed}. Ordering between
 * threads comes from thread states, never from sleeping.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SelectOneshotArmTest {

    static Select<String> replyOrEvent(Oneshot<Integer> reply, Channel<Integer> events) {
        return Select.<String>create()
                .recv(reply.receiver(), v -> "reply " + v)
                .recv(events.receiver(), v -> "event " + v);
    }

    @Test
    void aSentValueCommitsTheArmAndIsTaken() throws Exception {
        Oneshot<Integer> reply = Oneshot.create();
        reply.sender().send(7);
        assertEquals("reply 7", replyOrEvent(reply, Channel.bounded(1)).await());
        assertEquals(Oneshot.Mark.TAKEN, reply.state);
    }

    @Test
    void aLosingOneshotArmLeavesTheValueForLater() throws Exception {
        Oneshot<Integer> reply = Oneshot.create();
        Channel<Integer> events = Channel.bounded(1);
        events.sender().send(1);
        reply.sender().send(7);
        String got =
                Select.<String>create()
                        .recv(events.receiver(), v -> "event " + v)
                        .recv(reply.receiver(), v -> "reply " + v)
                        .await();
        assertEquals("event 1", got);
        assertEquals(Optional.of(7), reply.receiver().tryRecv());
    }

    @Test
    void aSendWakesAParkedSelectThatWasTheOneshotsWaiter() throws Exception {
        Oneshot<Integer> reply = Oneshot.create();
        Channel<Integer> events = Channel.bounded(1);
        var select = startParked(() -> replyOrEvent(reply, events).await());
        assertTrue(reply.hasWaitingReceiver(), "the select is the oneshot's waiter");
        reply.sender().send(7);
        assertEquals("reply 7", select.outcome().get());
        assertFalse(reply.hasWaitingReceiver());
        assertFalse(events.core().hasWaitingReceiver());
    }

    @Test
    void aLosingParkedOneshotArmLeavesTheValueAndItsWaiterSlot() throws Exception {
        Oneshot<Integer> reply = Oneshot.create();
        Channel<Integer> events = Channel.bounded(1);
        var select = startParked(() -> replyOrEvent(reply, events).await());
        events.sender().send(3);
        assertEquals("event 3", select.outcome().get());
        assertFalse(reply.hasWaitingReceiver());
        reply.sender().send(7);
        assertEquals(7, reply.receiver().recv());
    }

    @Test
    void aOneshotThatCanGetNoValueDisablesTheArm() throws Exception {
        Oneshot<Integer> senderClosed = Oneshot.create();
        senderClosed.sender().close();
        Oneshot<Integer> receiverClosed = Oneshot.create();
        receiverClosed.receiver().close();
        Oneshot<Integer> taken = Oneshot.create();
        taken.sender().send(1);
        assertEquals(1, taken.receiver().recv());
        for (Oneshot<Integer> o : java.util.List.of(senderClosed, receiverClosed, taken)) {
            assertEquals(
                    "nothing",
                    Select.<String>create()
                            .recv(o.receiver(), v -> "value " + v)
                            .orElse(() -> "nothing")
                            .await());
            assertThrows(
                    ChannelClosedException.class,
                    () -> Select.<String>create().recv(o.receiver(), v -> "value " + v).await());
            assertEquals(
                    "closed",
                    Select.<String>create()
                            .recvOrClosed(o.receiver(), v -> v.isEmpty() ? "closed" : "value")
                            .await());
        }
    }

    @Test
    void aSelectInALoopKeepsItsOneshotArmAfterItCommitted() throws Exception {
        Oneshot<Integer> reply = Oneshot.create();
        Channel<Integer> events = Channel.bounded(2);
        Select<String> select = replyOrEvent(reply, events);
        reply.sender().send(7);
        events.sender().send(1);
        assertEquals("reply 7", select.await());
        assertEquals("event 1", select.await()); // the oneshot arm is disabled now
    }

    @Test
    void aSendersCloseWakesAParkedSelectAndDisablesTheArm() throws Exception {
        Oneshot<Integer> reply = Oneshot.create();
        Channel<Integer> events = Channel.bounded(1);
        var select = startParked(() -> replyOrEvent(reply, events).await());
        reply.sender().close();
        awaitQuickly().until(() -> !reply.hasWaitingReceiver()); // woken: the arm is disabled
        awaitParked(select.thread()); // and waits on the events alone
        assertFalse(select.outcome().isDone());
        events.sender().send(2);
        assertEquals("event 2", select.outcome().get());
    }

    @Test
    void recvOrClosedSeesTheReceiversCloseFromAnotherThread() throws Exception {
        Oneshot<Integer> reply = Oneshot.create();
        var select =
                startParked(
                        () ->
                                Select.<String>create()
                                        .recvOrClosed(
                                                reply.receiver(),
                                                v -> v.map(x -> "value " + x).orElse("closed"))
                                        .await());
        reply.receiver().close();
        assertEquals("closed", select.outcome().get());
        assertFalse(reply.hasWaitingReceiver());
    }

    @Test
    void aWaitingSelectIsTheOneshotsOneWaiter() throws Exception {
        Oneshot<Integer> reply = Oneshot.create();
        var select = startParked(() -> replyOrEvent(reply, Channel.bounded(1)).await());
        assertThrows(IllegalStateException.class, () -> reply.receiver().recv());
        assertTrue(reply.hasWaitingReceiver(), "the select's waiter was not disturbed");
        reply.sender().send(7);
        assertEquals("reply 7", select.outcome().get());
    }

    @Test
    void aSelectThatWouldWaitOnAOneshotAnotherThreadWaitsOnFails() throws Exception {
        Oneshot<Integer> reply = Oneshot.create();
        Channel<Integer> events = Channel.bounded(1);
        var receiver = startParked(() -> reply.receiver().recv());
        var e = assertThrows(IllegalStateException.class, replyOrEvent(reply, events)::await);
        assertTrue(e.getMessage().contains("another thread is already waiting"), e.getMessage());
        assertFalse(events.core().hasWaitingReceiver(), "the select left a registration");
        events.sender().send(1);
        assertEquals(Optional.of(1), events.receiver().tryRecv(), "the select took nothing");
        reply.sender().send(7);
        assertEquals(7, receiver.outcome().get());
    }

    @Test
    void aSelectThatDoesNotWaitDoesNotMindAnotherWaiter() throws Exception {
        Oneshot<Integer> reply = Oneshot.create();
        var receiver = startParked(() -> reply.receiver().recv());
        assertEquals(
                "nothing",
                Select.<String>create()
                        .recv(reply.receiver(), v -> "value " + v)
                        .orElse(() -> "nothing")
                        .await());
        reply.sender().send(7);
        assertEquals(7, receiver.outcome().get());
    }

    @Test
    void anInterruptedSelectLeavesNoWaiterAndTheValueForTheNextRecv() throws Exception {
        Oneshot<Integer> reply = Oneshot.create();
        Channel<Integer> events = Channel.bounded(1);
        var select = startParked(() -> replyOrEvent(reply, events).await());
        select.thread().interrupt();
        assertInstanceOf(InterruptedException.class, failureOf(select.outcome()));
        assertFalse(reply.hasWaitingReceiver());
        assertFalse(events.core().hasWaitingReceiver());
        var later = async(() -> reply.receiver().recv());
        reply.sender().send(7);
        assertEquals(7, later.get());
    }

    @Test
    void theSameOneshotCannotHaveTwoArms() {
        Oneshot<Integer> reply = Oneshot.create();
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                Select.<String>create()
                                        .recv(reply.receiver(), v -> "a")
                                        .recvOrClosed(reply.receiver(), v -> "b"));
        assertTrue(e.getMessage().contains("the same oneshot"), e.getMessage());
        assertThrows(
                NullPointerException.class,
                () -> Select.<String>create().recv((OneshotReceiver<Integer>) null, v -> "a"));
        assertThrows(
                NullPointerException.class,
                () -> Select.<String>create().recv(reply.receiver(), null));
    }
}

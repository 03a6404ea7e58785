package dev.weft;

import static dev.weft.ModelChecking.everyInterleaving;
import static dev.weft.ModelChecking.scenario;
import static dev.weft.ModelChecking.shared;
import static dev.weft.ModelChecking.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Model checking of {@link Oneshot} with Lincheck.
 *
 * <p>A oneshot is a small state machine, moved by one CAS per step: empty, then sent, sender-closed
 * or receiver-closed; and from sent to taken (or to receiver-closed: the value is dropped). {@link
 * #everyOperationIsLinearizable} checks that every concurrent run of {@code send}, {@code tryRecv},
 * both {@code close}s and {@code isReceiverClosed} is explained by the same operations run one at a
 * time against {@link Model}, the state machine written out plainly. No operation is confined to
 * one thread: the oneshot claims nothing of the kind, so two threads may race to send, or to
 * receive, and exactly one must win.
 *
 * <p>The blocking {@code recv()} cannot join a random scenario (Lincheck 3.7 reports a platform
 * thread parked for good as a hang, see {@link ChannelLincheckTest}), so the other tests are
 * scenarios whose threads must all finish, explored by Lincheck's general-purpose model checker: a
 * parked {@code recv} wakes for the value, for the sender's close and for the receiver's close
 * (also when a send races that close); an interrupted {@code recv} leaves the value for the next
 * one; and of two racing {@code recv}s, one gets the value and the other fails, neither hangs.
 * Sizes: see {@link ModelChecking}.
 */
@Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OneshotLincheckTest {

    @Test
    void everyOperationIsLinearizable() {
        ModelChecking.linearizability(Model.class, 3 /* threads */)
                .addCustomScenario(
                        scenario(Operations.class, "", "send(1) | send(2) | closeReceiver()", ""))
                .addCustomScenario(
                        scenario(
                                Operations.class,
                                "send(1)",
                                "tryRecv() | tryRecv() | closeReceiver()",
                                "isReceiverClosed()"))
                .addCustomScenario(
                        scenario(
                                Operations.class,
                                "",
                                "closeSender(), isReceiverClosed() | send(3) | tryRecv()",
                                "tryRecv()"))
                .check(Operations.class);
    }

    @Test
    void parkedRecvWakesWhenTheValueIsSent() {
        everyInterleaving(
                () -> {
                    Oneshot<Integer> once = shared(Oneshot.create());
                    var receiver = start(() -> once.receiver().recv());
                    once.sender().send(7);
                    assertEquals(7, receiver.value());
                });
    }

    @Test
    void parkedRecvFailsClearlyWhenTheSenderClosesWithoutSending() {
        everyInterleaving(
                () -> {
                    Oneshot<Integer> once = shared(Oneshot.create());
                    var receiver = start(() -> once.receiver().recv());
                    once.sender().close();
                    assertInstanceOf(ChannelClosedException.class, receiver.join());
                });
    }

    @Test
    void interruptedRecvLeavesTheValueForTheNextRecv() {
        everyInterleaving(
                () -> {
                    Oneshot<Integer> once = shared(Oneshot.create());
                    var receiver = start(() -> once.receiver().recv());
                    receiver.interrupt();
                    once.sender().send(7);
                    Object outcome = receiver.join();
                    if (outcome instanceof InterruptedException) {
                        assertEquals(Optional.of(7), once.receiver().tryRecv());
                    } else {
                        assertEquals(7, outcome);
                        assertThrows(IllegalStateException.class, once.receiver()::tryRecv);
                    }
                });
    }

    @Test
    void closeRacingAParkedRecvWakesIt() {
        everyInterleaving(
                () -> {
                    Oneshot<Integer> once = shared(Oneshot.create());
                    var receiver = start(() -> once.receiver().recv());
                    once.receiver().close();
                    var e = assertInstanceOf(ChannelClosedException.class, receiver.join());
                    assertEquals(OneshotTest.RECEIVER_CLOSED, e.getMessage());
                    assertThrows(ChannelClosedException.class, () -> once.sender().send(1));
                    assertFalse(once.hasWaitingReceiver());
                });
    }

    @Test
    void closeRacingASendAndAParkedRecvEndsBoth() {
        everyInterleaving(
                () -> {
                    Oneshot<Integer> once = shared(Oneshot.create());
                    var receiver = start(() -> once.receiver().recv());
                    var sender =
                            start(
                                    () -> {
                                        try {
                                            once.sender().send(7);
                                            return true;
                                        } catch (ChannelClosedException refused) {
                                            return false;
                                        }
                                    });
                    once.receiver().close();
                    Object got = receiver.join();
                    boolean delivered = sender.value();
                    if (got instanceof ChannelClosedException e) {
                        assertEquals(OneshotTest.RECEIVER_CLOSED, e.getMessage());
                        assertTrue(once.sender().isReceiverClosed()); // a delivered 7 was dropped
                    } else {
                        assertEquals(7, got);
                        assertTrue(delivered);
                        assertFalse(once.sender().isReceiverClosed()); // closed after the take
                    }
                    assertFalse(once.hasWaitingReceiver());
                });
    }

    @Test
    void ofTwoRacingRecvsOneGetsTheValueAndTheOtherFailsNeitherHangs() {
        everyInterleaving(
                () -> {
                    Oneshot<Integer> once = shared(Oneshot.create());
                    var first = start(() -> once.receiver().recv());
                    var second = start(() -> once.receiver().recv());
                    once.sender().send(7);
                    Object a = first.join();
                    Object b = second.join();
                    Object loser = Integer.valueOf(7).equals(a) ? b : a;
                    assertEquals(7, Integer.valueOf(7).equals(a) ? a : b);
                    var e = assertInstanceOf(IllegalStateException.class, loser);
                    assertTrue(
                            e.getMessage().equals(OneshotTest.ONE_WAITER)
                                    || e.getMessage()
                                            .equals("the oneshot value was already received"),
                            e.getMessage());
                    assertFalse(once.hasWaitingReceiver());
                });
    }

    // ---- the operations Lincheck calls
    // -----------------------------------------------------------

    /** A fresh oneshot; every operation answers in words, exceptions included. */
    public static class Operations {
        final Oneshot<Integer> once = Oneshot.create();

        @Operation
        public String send(@Param(gen = IntGen.class, conf = "1:9") int value) {
            try {
                once.sender().send(value);
                return "delivered";
            } catch (ChannelClosedException e) {
                return "refused";
            } catch (IllegalStateException e) {
                return e.getMessage().contains("closed") ? "sender closed" : "already sent";
            }
        }

        @Operation
        public void closeSender() {
            once.sender().close();
        }

        @Operation
        public boolean isReceiverClosed() {
            return once.sender().isReceiverClosed();
        }

        @Operation
        public String tryRecv() {
            try {
                return once.receiver().tryRecv().map(v -> "got " + v).orElse("none");
            } catch (ChannelClosedException e) {
                return e.getMessage().contains("receiver")
                        ? "receiver closed"
                        : "closed without a value";
            } catch (IllegalStateException e) {
                return "already received";
            }
        }

        @Operation
        public void closeReceiver() {
            once.receiver().close();
        }
    }

    /** The oneshot's state machine, one operation at a time. */
    public static class Model {
        enum State {
            EMPTY,
            SENT,
            SENDER_CLOSED,
            RECEIVER_CLOSED,
            TAKEN
        }

        State state = State.EMPTY;
        int value;

        public String send(int v) {
            switch (state) {
                case EMPTY:
                    state = State.SENT;
                    value = v;
                    return "delivered";
                case RECEIVER_CLOSED:
                    return "refused";
                case SENDER_CLOSED:
                    return "sender closed";
                default:
                    return "already sent";
            }
        }

        public void closeSender() {
            if (state == State.EMPTY) {
                state = State.SENDER_CLOSED;
            }
        }

        /** True only while the receiver's close is what ended the oneshot (as implemented). */
        public boolean isReceiverClosed() {
            return state == State.RECEIVER_CLOSED;
        }

        public String tryRecv() {
            switch (state) {
                case EMPTY:
                    return "none";
                case SENT:
                    state = State.TAKEN;
                    return "got " + value;
                case SENDER_CLOSED:
                    return "closed without a value";
                case TAKEN:
                    return "already received";
                default:
                    return "receiver closed";
            }
        }

        /** Closing drops a sent value; after the value was taken or the sender closed, no-op. */
        public void closeReceiver() {
            if (state == State.EMPTY || state == State.SENT) {
                state = State.RECEIVER_CLOSED;
            }
        }
    }
}

package dev.weft;

import static dev.weft.ChannelBlockingLincheckTest.channel;
import static dev.weft.ChannelBlockingLincheckTest.letAPartnerSpinOut;
import static dev.weft.ModelChecking.everyInterleaving;
import static dev.weft.ModelChecking.scenario;
import static dev.weft.ModelChecking.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model checking of several consumers on one channel, in the two ways of {@link ModelChecking}:
 *
 * <ul>
 *   <li>linearizability of two consumers, each on its own receiver handle ({@code tryRecv}, closing
 *       the handle, {@code isClosed}, {@code isDone}), against a producer's {@code trySend} and
 *       close: the outcome of every interleaving must be one the sequential {@link Model} can give,
 *       so no value is taken twice or lost, and the last receiver handle's close refuses sends;
 *   <li>blocking scenarios whose threads must all finish (a lost wake-up hangs): two receivers
 *       parked at once and one send; two receivers and two sends; a select that is woken for a
 *       value but commits another arm, which must hand the wake to the receiver parked beside it.
 * </ul>
 */
@Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChannelMultiConsumerLincheckTest {

    static Stream<ChannelLincheckTest.Kind> kinds() {
        return Stream.concat(
                ChannelLincheckTest.bufferedKinds(),
                Stream.of(ChannelLincheckTest.Kind.RENDEZVOUS));
    }

    // ---- linearizability --------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("kinds")
    void twoConsumersOnTwoHandlesAreLinearizable(ChannelLincheckTest.Kind kind) {
        Class<?> ops = TwoConsumers.class;
        ChannelLincheckTest.check(
                kind,
                ops,
                Model.class,
                3,
                scenario(ops, "trySend(1), trySend(2)", "tryRecv1() | tryRecv2() | trySend(3)", ""),
                scenario(
                        ops,
                        "trySend(1)",
                        "tryRecv1() | closeReceiver2(), tryRecv2()",
                        "isDone1()"),
                scenario(
                        ops,
                        "",
                        "closeReceiver1(), tryRecv1() | closeReceiver2() | trySend(4), trySend(5)",
                        "isClosed2()"),
                scenario(
                        ops, "trySend(1)", "tryRecv1() | tryRecv2() | closeSender()", "isDone1()"));
    }

    /** A producer on the first sender handle, and two consumers, each on a receiver handle. */
    public static class TwoConsumers {
        final Channel<Integer> channel = ChannelLincheckTest.newChannel();
        final Sender<Integer> tx = channel.sender();
        final Receiver<Integer> rx1 = channel.receiver();
        final Receiver<Integer> rx2 = rx1.clone();

        @Operation(nonParallelGroup = "producer")
        public String trySend(@Param(gen = IntGen.class, conf = "1:9") int value) {
            return ChannelLincheckTest.ChannelState.trySend(tx, value);
        }

        @Operation(nonParallelGroup = "producer")
        public void closeSender() {
            tx.close();
        }

        @Operation(nonParallelGroup = "consumer1")
        public String tryRecv1() {
            return ChannelLincheckTest.ChannelState.tryRecv(rx1);
        }

        @Operation(nonParallelGroup = "consumer1")
        public void closeReceiver1() {
            rx1.close();
        }

        @Operation(nonParallelGroup = "consumer1")
        public boolean isDone1() {
            return rx1.isDone();
        }

        @Operation(nonParallelGroup = "consumer2")
        public String tryRecv2() {
            return ChannelLincheckTest.ChannelState.tryRecv(rx2);
        }

        @Operation(nonParallelGroup = "consumer2")
        public void closeReceiver2() {
            rx2.close();
        }

        @Operation(nonParallelGroup = "consumer2")
        public boolean isClosed2() {
            return rx2.isClosed();
        }
    }

    /**
     * The channel run one operation at a time: a queue of at most {@code capacity} values (none for
     * rendezvous), whether the sender handle is open, and which receiver handles are. A closed
     * receiver handle takes what is buffered and is "closed" when it would wait; the last one's
     * close refuses sends.
     */
    public static class Model {
        final int capacity = ChannelLincheckTest.capacity;
        final ArrayDeque<Integer> buffer = new ArrayDeque<>();
        boolean senderOpen = true;
        boolean open1 = true;
        boolean open2 = true;

        public String trySend(int value) {
            if (!senderOpen) {
                return "handle closed";
            }
            if (!open1 && !open2) {
                return "receiver closed";
            }
            if (buffer.size() >= capacity) {
                return "not sent";
            }
            buffer.add(value);
            return "sent";
        }

        public void closeSender() {
            senderOpen = false;
        }

        private boolean closedFor(boolean handleOpen) {
            return !handleOpen || !senderOpen || (!open1 && !open2);
        }

        private String tryRecv(boolean handleOpen) {
            Integer value = buffer.poll();
            if (value != null) {
                return "got " + value;
            }
            return closedFor(handleOpen) ? "closed" : "none";
        }

        public String tryRecv1() {
            return tryRecv(open1);
        }

        public String tryRecv2() {
            return tryRecv(open2);
        }

        public void closeReceiver1() {
            open1 = false;
        }

        public void closeReceiver2() {
            open2 = false;
        }

        public boolean isDone1() {
            return closedFor(open1) && buffer.isEmpty();
        }

        public boolean isClosed2() {
            return closedFor(open2);
        }
    }

    // ---- blocking scenarios -----------------------------------------------------------------

    static Stream<Integer> rendezvousRingAndLinked() {
        return ChannelBlockingLincheckTest.rendezvousRingAndLinked();
    }

    /** Receives once, reporting the value or the exception it ended with. */
    static Object recvOrFailure(Receiver<Integer> rx) {
        try {
            return rx.recv();
        } catch (ChannelClosedException | InterruptedException e) {
            return e;
        }
    }

    @ParameterizedTest
    @MethodSource("rendezvousRingAndLinked")
    void twoParkedReceiversAndOneSendTheValueGoesToExactlyOne(int capacity) {
        everyInterleaving(
                () -> {
                    Channel<Integer> ch = channel(capacity);
                    Receiver<Integer> clone = ch.receiver().clone();
                    var a = start(() -> recvOrFailure(ch.receiver()));
                    var b = start(() -> recvOrFailure(clone));
                    while (ch.core().waitingReceivers() < 2) {
                        Thread.onSpinWait();
                    }
                    letAPartnerSpinOut();
                    ch.sender().send(7);
                    ch.sender().close(); // the other one ends
                    List<Object> outcomes = List.of(a.join(), b.join());
                    assertEquals(
                            1, outcomes.stream().filter(o -> o.equals(7)).count(), "" + outcomes);
                    assertEquals(
                            1,
                            outcomes.stream()
                                    .filter(o -> o instanceof ChannelClosedException)
                                    .count(),
                            "" + outcomes);
                });
    }

    @ParameterizedTest
    @MethodSource("rendezvousRingAndLinked")
    void twoReceiversAndTwoSendsEachReceiverGetsOneValue(int capacity) {
        everyInterleaving(
                () -> {
                    Channel<Integer> ch = channel(capacity);
                    var a = start(() -> ch.receiver().recv());
                    var b = start(() -> ch.receiver().recv()); // the same handle, shared
                    ch.sender().send(1);
                    ch.sender().send(2);
                    List<Integer> got = new ArrayList<>(List.of(a.value(), b.value()));
                    got.sort(null);
                    assertEquals(List.of(1, 2), got); // a lost wake-up would hang instead
                });
    }

    /**
     * A select over {@code other} (polled first) and {@code ch}, and a plain receiver on {@code
     * ch}, both parked. A value on {@code ch} and then one on {@code other}: the wake for {@code
     * ch}'s value may reach the select, which then commits {@code other}'s arm and must pass the
     * wake on, or the receiver would sleep beside a buffered value (the scenario would hang).
     */
    @ParameterizedTest
    @MethodSource("ringAndLinked")
    void aSelectThatCommitsAnotherArmPassesTheValueWakeOn(int capacity) {
        everyInterleaving(
                () -> {
                    Channel<Integer> ch = channel(capacity);
                    Channel<Integer> other = channel(capacity);
                    var select =
                            start(
                                    () ->
                                            Select.<String>create()
                                                    .recv(other.receiver(), v -> "other " + v)
                                                    .recv(ch.receiver(), v -> "ch " + v)
                                                    .await());
                    var receiver = start(() -> recvOrFailure(ch.receiver()));
                    while (ch.core().waitingReceivers() < 2) {
                        Thread.onSpinWait();
                    }
                    assertTrue(ch.sender().trySend(1));
                    assertTrue(other.sender().trySend(2));
                    String selected = select.value();
                    if (selected.equals("other 2")) {
                        assertEquals(1, receiver.join(), "the receiver gets ch's value");
                    } else {
                        assertEquals("ch 1", selected);
                        ch.sender().close();
                        assertInstanceOf(ChannelClosedException.class, receiver.join());
                    }
                });
    }

    static Stream<Integer> ringAndLinked() {
        return ChannelBlockingLincheckTest.ringAndLinked();
    }
}

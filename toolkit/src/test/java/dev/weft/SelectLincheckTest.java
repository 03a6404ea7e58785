package dev.weft;

import static dev.weft.ChannelBlockingLincheckTest.awaitRegisteredReceiver;
import static dev.weft.ChannelBlockingLincheckTest.channel;
import static dev.weft.ChannelBlockingLincheckTest.drainNow;
import static dev.weft.ChannelBlockingLincheckTest.letAPartnerSpinOut;
import static dev.weft.ChannelBlockingLincheckTest.send;
import static dev.weft.ModelChecking.everyInterleaving;
import static dev.weft.ModelChecking.shared;
import static dev.weft.ModelChecking.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model checking of {@link Select} over two channels: small scenarios of platform threads run by
 * Lincheck's model checker under many interleavings, as in {@link ChannelBlockingLincheckTest}
 * (whose class comment explains why these are scenarios that must finish, not a linearizability
 * check of operations that may block). Each scenario asserts that exactly one arm committed, that
 * the losing arm had no effect, and that nobody waits for ever (a lost wake-up shows as "the test
 * has hung", with the interleaving).
 *
 * <p>Two scenarios race a select's oneshot arm with the oneshot's send and closes: it ends once,
 * with the value only if it was delivered, and leaves no waiter in the oneshot's one slot. The
 * first reports "the test has hung" for an arm that registers its waiter without reading the state
 * again (a lost wake-up; checked with that mutant of {@code OneshotRecvArm}).
 *
 * <p><b>What it is known to catch.</b> A select that is woken for room in a full channel, commits
 * another arm, and does not pass the wake on (so that a parked sender never learns of the room):
 * "the test has hung" in {@link #aWakeForRoomThatASelectDoesNotUseIsPassedOn} at the CI size
 * (checked with that mutant of {@code Select}).
 */
@Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SelectLincheckTest {

    /** Rendezvous (0), a ring (bounded(1)) and a linked queue (unbounded). */
    static Stream<Integer> rendezvousRingAndLinked() {
        return Stream.of(0, 1, Channel.UNBOUNDED);
    }

    @ParameterizedTest
    @MethodSource("rendezvousRingAndLinked")
    void aSelectOverTwoSendersTakesOneValueAndLeavesTheOther(int capacity) {
        everyInterleaving(
                () -> {
                    Channel<Integer> a = channel(capacity);
                    Channel<Integer> second = channel(capacity);
                    var producerA = start(() -> send(a, 1));
                    var producerB = start(() -> send(second, 2));
                    int first =
                            Select.<Integer>create()
                                    .recv(a.receiver(), v -> v)
                                    .recv(second.receiver(), v -> v)
                                    .await();
                    Channel<Integer> other = first == 1 ? second : a;
                    int rest = other.receiver().recv();
                    producerA.value();
                    producerB.value();
                    assertEquals(3, first + rest, "got " + first + " and " + rest);
                    assertEquals(List.of(), drainNow(a.receiver()));
                    assertEquals(List.of(), drainNow(second.receiver()));
                });
    }

    @ParameterizedTest
    @MethodSource("rendezvousRingAndLinked")
    void aSelectWithASendAndAReceiveArmCommitsExactlyOne(int capacity) {
        everyInterleaving(
                () -> {
                    Channel<Integer> in = channel(capacity);
                    Channel<Integer> out = shared(Channel.rendezvous());
                    var producer = start(() -> send(in, 1));
                    var consumer = start(() -> out.receiver().recv());
                    String result =
                            Select.<String>create()
                                    .recv(in.receiver(), v -> "received " + v)
                                    .send(out.sender(), 7, () -> "sent")
                                    .await();
                    if (result.equals("sent")) {
                        assertEquals(1, in.receiver().recv());
                        assertEquals(7, consumer.value());
                    } else {
                        assertEquals("received 1", result);
                        out.sender().send(8); // the select sent nothing: the consumer gets 8
                        assertEquals(8, consumer.value());
                        assertEquals(List.of(), drainNow(in.receiver()));
                    }
                    producer.value();
                });
    }

    @ParameterizedTest
    @MethodSource("rendezvousRingAndLinked")
    void anInterruptedSelectCommitsNothingOrCommitsOnce(int capacity) {
        everyInterleaving(
                () -> {
                    Channel<Integer> a = channel(capacity);
                    Channel<Integer> b = shared(Channel.bounded(1));
                    var selecting =
                            start(
                                    () ->
                                            Select.<Integer>create()
                                                    .recv(a.receiver(), v -> v)
                                                    .recv(b.receiver(), v -> v)
                                                    .await());
                    awaitRegisteredReceiver(a); // about to park
                    selecting.interrupt(); // races the send below
                    letAPartnerSpinOut();
                    boolean sent = a.sender().trySend(5); // rendezvous: only to a parked select
                    Object outcome = selecting.join();
                    List<Integer> left = drainNow(a.receiver());
                    if (outcome instanceof InterruptedException) {
                        assertEquals(sent ? List.of(5) : List.of(), left, "sent: " + sent);
                        assertFalse(a.core().hasWaitingReceiver(), "left registered");
                        assertFalse(b.core().hasWaitingReceiver(), "left registered");
                    } else {
                        assertTrue(sent, "selected a value that was not sent: " + outcome);
                        assertEquals(5, outcome);
                        assertEquals(List.of(), left);
                    }
                });
    }

    @Test
    void aWakeForRoomThatASelectDoesNotUseIsPassedOn() {
        everyInterleaving(
                () -> {
                    Channel<Integer> in = shared(Channel.bounded(1));
                    Channel<Integer> full = shared(Channel.bounded(1));
                    full.sender().send(0);
                    var selecting =
                            start(
                                    () ->
                                            Select.<String>create()
                                                    .recv(in.receiver(), v -> "received")
                                                    .send(full.sender(), 7, () -> "sent")
                                                    .await());
                    var sender = start(() -> send(full, 8));
                    while (full.core().waitingSenders() < 2) {
                        Thread.onSpinWait(); // both wait for room
                    }
                    List<Integer> got = new ArrayList<>();
                    got.add(full.receiver().recv()); // makes room for one of them
                    in.sender().send(1); // if the room woke the select, it may take this instead
                    String result = selecting.value().toString();
                    got.add(full.receiver().recv());
                    if (result.equals("sent")) {
                        got.add(full.receiver().recv());
                    }
                    sender.value(); // hangs if the room went to the select and was not passed on
                    assertEquals(
                            result.equals("sent") ? List.of(1) : List.of(),
                            drainNow(in.receiver()),
                            "a losing receive arm takes nothing");
                    assertEquals(
                            result.equals("sent") ? List.of(0, 7, 8) : List.of(0, 8),
                            got,
                            "select " + result);
                });
    }

    @Test
    void aOneshotArmRacingASendAndTheReceiversCloseEndsOnceAndLeavesNoWaiter() {
        everyInterleaving(
                () -> {
                    Oneshot<Integer> once = shared(Oneshot.create());
                    Channel<Integer> events = shared(Channel.bounded(1));
                    var selecting =
                            start(
                                    () ->
                                            Select.<String>create()
                                                    .recvOrClosed(
                                                            once.receiver(),
                                                            v ->
                                                                    v.map(x -> "got " + x)
                                                                            .orElse("closed"))
                                                    .recv(events.receiver(), v -> "event")
                                                    .await());
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
                    Object result = selecting.value();
                    boolean delivered = sender.value();
                    if (result.equals("got 7")) {
                        assertTrue(delivered, "took a value that was not sent");
                    } else {
                        assertEquals("closed", result);
                        assertTrue(once.sender().isReceiverClosed());
                    }
                    assertFalse(once.hasWaitingReceiver(), "the select's waiter stayed");
                    assertFalse(events.core().hasWaitingReceiver(), "left registered");
                });
    }

    @Test
    void aOneshotArmDisabledByTheSendersCloseLetsTheOtherArmCommit() {
        everyInterleaving(
                () -> {
                    Oneshot<Integer> once = shared(Oneshot.create());
                    Channel<Integer> events = shared(Channel.bounded(1));
                    var selecting =
                            start(
                                    () ->
                                            Select.<String>create()
                                                    .recv(once.receiver(), v -> "got " + v)
                                                    .recv(events.receiver(), v -> "event " + v)
                                                    .await());
                    var closer =
                            start(
                                    () -> {
                                        once.sender().close();
                                        return null;
                                    });
                    events.sender().send(1);
                    assertEquals("event 1", selecting.value()); // hangs if a wake was lost
                    closer.value();
                    assertFalse(once.hasWaitingReceiver(), "the select's waiter stayed");
                    assertEquals(List.of(), drainNow(events.receiver()));
                });
    }
}

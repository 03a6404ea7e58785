package dev.weft;

import static dev.weft.ModelChecking.everyInterleaving;
import static dev.weft.ModelChecking.shared;
import static dev.weft.ModelChecking.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model checking of the channels' <em>blocking</em> operations: small scenarios of platform threads
 * that send, receive, close and interrupt, run by Lincheck's general-purpose model checker under
 * many interleavings (it switches threads at every read and write of the channel's fields, every
 * CAS, lock, park and unpark, and every interrupt).
 *
 * <p><b>Why scenarios and not linearizability.</b> Lincheck 3.7 checks linearizability only of
 * operations that finish; a platform thread parked for good is reported as a hang, never as a
 * pending operation (that treatment exists only for Kotlin suspending functions). So a random mix
 * of {@code send} and {@code recv} cannot be checked: some mixes must block. Instead each scenario
 * here is built so that every thread <em>must</em> finish if the channel is correct, and asserts
 * what must hold at the end. If a wake-up is lost, Lincheck reports "the test has hung" with the
 * interleaving that lost it; if an assertion fails, the interleaving that broke it. The timed forms
 * ({@code send(v, timeout)}, {@code recv(timeout)}) are not used: under Lincheck, {@code
 * System.nanoTime()} is constant and {@code parkNanos} parks until unparked, so they would behave
 * as the untimed forms.
 *
 * <p><b>What the scenarios cover.</b> Parking and waking on both sides (a full buffer, an empty
 * one, a rendezvous), closing either side while the other waits, closing the one sender handle
 * while a send through it is under way, and interrupting a parked sender or receiver while the
 * other side wakes it: the value is then delivered exactly once, or not at all.
 *
 * <p><b>Making Lincheck reach the park.</b> A blocked operation spins {@link ChannelCore#SPINS}
 * times before it registers and parks. When that was 64, Lincheck's default loop settings never let
 * a thread get that far (a mutant that throws on the park path passed every scenario), so {@link
 * ModelChecking#everyInterleaving} sets them from {@code SPINS}. Lincheck also switches away from a
 * spinning thread whenever another one can run; so the interrupt scenarios first wait until the
 * thread to interrupt has registered as a waiter, and then spin for a while themselves ({@link
 * #letAPartnerSpinOut}), which lets a rendezvous partner park too.
 *
 * <p><b>What it is known to catch.</b> Checked with mutants of the channel code ({@code SPINS} =
 * 8): a receiver that parks without re-checking the buffer after it registers (a lost wake-up:
 * "hung" in five scenarios at the CI size); a sender that parks without re-trying after it
 * registers ("hung" in one at the CI size); a park path that throws (every scenario that must park
 * fails); and, only with {@code WEFT_STRESS=20}, a rendezvous receiver that drops a value delivered
 * at the moment it gives up on an interrupt. Not caught even then: a sender woken for room it no
 * longer needs that does not pass the wake on. These windows lie behind a spin and a park, and
 * Lincheck's loop heuristics explore few such schedules; {@link ChannelStressTest} and {@link
 * ChannelLeakTest} cover them by running for real.
 *
 * <p>Each scenario {@linkplain ModelChecking#shared publishes} its channel before it starts
 * threads, or Lincheck would take the channel for thread-local and never switch inside it. Sizes:
 * see {@link ModelChecking}.
 */
@Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChannelBlockingLincheckTest {

    /** Every kind of channel, by capacity: rendezvous (0), bounded(1), bounded(2), unbounded. */
    static Stream<Integer> everyKind() {
        return Stream.of(0, 1, 2, Channel.UNBOUNDED);
    }

    /**
     * One channel per receiving algorithm: rendezvous, a ring (bounded(1), where a send parks
     * soonest) and a linked queue (unbounded). Bounded(2) parks and wakes like bounded(1); it joins
     * the first scenario only, to keep the CI run short.
     */
    static Stream<Integer> rendezvousRingAndLinked() {
        return Stream.of(0, 1, Channel.UNBOUNDED);
    }

    /** The kinds whose {@code send} can park: rendezvous, and a ring, bounded(1). */
    static Stream<Integer> kindsWhoseSendWaits() {
        return Stream.of(0, 1);
    }

    /** The kinds with a buffer to drain: a ring, bounded(1), and a linked queue, unbounded. */
    static Stream<Integer> ringAndLinked() {
        return Stream.of(1, Channel.UNBOUNDED);
    }

    static Channel<Integer> channel(int capacity) {
        Channel<Integer> ch =
                capacity == 0
                        ? Channel.rendezvous()
                        : capacity == Channel.UNBOUNDED
                                ? Channel.unbounded()
                                : Channel.bounded(capacity);
        return shared(ch);
    }

    /** Fills a bounded channel's buffer, so that the next send parks; nothing on rendezvous. */
    static void fill(Channel<Integer> ch) {
        for (int i = 0; i < ch.capacity(); i++) {
            assertTrue(ch.sender().trySend(100 + i));
        }
    }

    /**
     * Sends {@code value} on {@code ch}, waiting as {@code send} does; for {@link
     * ModelChecking#start}.
     */
    static Void send(Channel<Integer> ch, int value) throws InterruptedException {
        ch.sender().send(value);
        return null;
    }

    /** Receives what is there now, without waiting, up to the end if the channel is closed. */
    static List<Integer> drainNow(Receiver<Integer> rx) {
        List<Integer> got = new ArrayList<>();
        try {
            Optional<Integer> next;
            while ((next = rx.tryRecv()).isPresent()) {
                got.add(next.get());
            }
        } catch (ChannelClosedException closedAndDrained) {
            // the end: nothing more can come
        }
        return got;
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void blockingSendAndRecvDeliverEveryValueOnceInEachProducersOrder(int capacity) {
        everyInterleaving(
                () ->
                        twoProducersDeliverEveryValueOnceInOrder(
                                channel(capacity), List.of(1, 2), List.of(3)));
    }

    /**
     * A bounded(3) channel whose ring starts at 2 slots: two producers send four values, so the
     * ring grows while sends claim slots, and a send may park at the capacity and be woken; the
     * consumer crosses from the old ring to the new one. Every value arrives once, in each
     * producer's order. (A send that writes into the newest ring rather than the ring of its index
     * passed this scenario at the CI size; {@link
     * ChannelLincheckTest#ringGrowingUnderConcurrentSendsAndReceivesIsLinearizable} catches it.)
     */
    @Test
    void ringGrowingWhileSendsWaitDeliversEveryValueOnceInEachProducersOrder() {
        everyInterleaving(
                () ->
                        twoProducersDeliverEveryValueOnceInOrder(
                                shared(Channel.boundedGrowingFrom(3, 2)),
                                List.of(1, 2),
                                List.of(3, 4)));
    }

    /**
     * Two producers on two handles of {@code ch} send their values and close; the consumer reads
     * until the end. Every value arrives exactly once, and each producer's values in its order.
     */
    private static void twoProducersDeliverEveryValueOnceInOrder(
            Channel<Integer> ch, List<Integer> first, List<Integer> second) throws Exception {
        Sender<Integer> tx1 = ch.sender();
        Sender<Integer> tx2 = tx1.clone();
        var producer1 = start(() -> sendAllAndClose(tx1, first));
        var producer2 = start(() -> sendAllAndClose(tx2, second));
        List<Integer> got = new ArrayList<>();
        for (Integer value : ch.receiver()) { // ends when both handles are closed
            got.add(value);
        }
        producer1.value();
        producer2.value();
        assertEquals(first.size() + second.size(), got.size(), "received " + got);
        for (List<Integer> sent : List.of(first, second)) {
            assertTrue(got.containsAll(sent), "received " + got);
            for (int k = 1; k < sent.size(); k++) {
                assertTrue(
                        got.indexOf(sent.get(k - 1)) < got.indexOf(sent.get(k)), "received " + got);
            }
        }
    }

    private static Void sendAllAndClose(Sender<Integer> tx, List<Integer> values)
            throws InterruptedException {
        try (tx) {
            for (Integer v : values) {
                tx.send(v);
            }
        }
        return null;
    }

    @ParameterizedTest
    @MethodSource("rendezvousRingAndLinked")
    void parkedReceiverWakesWhenTheLastSenderCloses(int capacity) {
        everyInterleaving(
                () -> {
                    Channel<Integer> ch = channel(capacity);
                    Sender<Integer> tx1 = ch.sender();
                    Sender<Integer> tx2 = tx1.clone();
                    var consumer = start(() -> ch.receiver().recv());
                    var closer =
                            start(
                                    () -> {
                                        tx2.close();
                                        return null;
                                    });
                    tx1.close();
                    closer.value();
                    // The end, as Receiver.recv() reports it since issue 11 part 1.
                    assertInstanceOf(ChannelClosedException.class, consumer.join());
                });
    }

    @ParameterizedTest
    @MethodSource("kindsWhoseSendWaits")
    void parkedSenderFailsWithItsValueWhenTheReceiverCloses(int capacity) {
        everyInterleaving(
                () -> {
                    Channel<Integer> ch = channel(capacity);
                    fill(ch);
                    var producer = start(() -> send(ch, 9)); // no room, no receiver: must fail
                    ch.receiver().close();
                    var failure = assertInstanceOf(ChannelClosedException.class, producer.join());
                    assertEquals(9, failure.unsentValue());
                });
    }

    @ParameterizedTest
    @MethodSource("ringAndLinked")
    void everyValueWhoseSendSucceededIsDrainedAfterTheReceiverCloses(int capacity) {
        everyInterleaving(
                () -> {
                    Channel<Integer> ch = channel(capacity);
                    var producer =
                            start(
                                    () -> {
                                        try {
                                            ch.sender().send(7);
                                            return true;
                                        } catch (ChannelClosedException refused) {
                                            assertEquals(7, refused.unsentValue());
                                            return false;
                                        }
                                    });
                    ch.receiver().close();
                    List<Integer> drained = new ArrayList<>();
                    for (int next : ch.receiver()) { // closed: never parks
                        drained.add(next);
                    }
                    boolean sent = producer.value();
                    assertEquals(sent ? List.of(7) : List.of(), drained, "send succeeded: " + sent);
                });
    }

    /**
     * One thread sends through the channel's only handle while another closes that handle and
     * drains: the invariant of {@link Channel} under every interleaving Lincheck picks. The send
     * (which waits on a full bounded channel or a rendezvous, and on unbounded is merely under way)
     * either returned and its value was received, or failed and handed its value back (or found the
     * handle closed and sent nothing); the drain ends only after a value whose send returned.
     * Before the fix, a send woken for room after the close claimed that room once the drain had
     * already ended: it returned and its value was lost (buffered kinds); a rendezvous send that
     * parked after the close waited for ever ("hung").
     */
    @ParameterizedTest
    @MethodSource("everyKind")
    void sendThroughAHandleClosedMeanwhileIsReceivedOrHandsItsValueBack(int capacity) {
        everyInterleaving(
                () -> {
                    Channel<Integer> ch = channel(capacity);
                    Sender<Integer> tx = ch.sender();
                    for (int i = 0; i < fillCount(ch); i++) {
                        assertTrue(tx.trySend(100 + i)); // bounded: full, so the send waits
                    }
                    var producer =
                            start(
                                    () -> {
                                        try {
                                            tx.send(9);
                                            return "sent";
                                        } catch (ChannelClosedException refused) {
                                            return refused.unsentValue();
                                        } catch (IllegalStateException handleClosed) {
                                            return "handle closed";
                                        }
                                    });
                    tx.close(); // the only handle, while the send through it is under way
                    List<Integer> drained = new ArrayList<>();
                    for (Integer value : ch.receiver()) { // closed: never parks
                        drained.add(value);
                    }
                    Object outcome = producer.value();
                    List<Integer> expected = new ArrayList<>();
                    for (int i = 0; i < fillCount(ch); i++) {
                        expected.add(100 + i);
                    }
                    if (outcome.equals("sent")) {
                        expected.add(9);
                    } else {
                        assertTrue(
                                outcome.equals(9) || outcome.equals("handle closed"),
                                "the send ended with " + outcome);
                    }
                    assertEquals(expected, drained, "the send ended with " + outcome);
                    assertTrue(ch.receiver().isDone());
                });
    }

    /**
     * The rendezvous shape of the scenario above, with the send known to be waiting when its handle
     * closes: {@code isDone()} and the receive that follows it agree (done, and nothing comes), and
     * the waiting send hands its value back. Before the fix, {@code isDone()} said true and the
     * next {@code tryRecv()} took the waiting send's value.
     */
    @Test
    void rendezvousIsDoneOnlyOnceTheWaitingSendIsRefused() {
        everyInterleaving(
                () -> {
                    Channel<Integer> ch = channel(0);
                    Sender<Integer> tx = ch.sender();
                    var producer =
                            start(
                                    () -> {
                                        try {
                                            tx.send(9);
                                            return "sent";
                                        } catch (ChannelClosedException refused) {
                                            return refused.unsentValue();
                                        }
                                    });
                    awaitRegisteredSender(ch);
                    tx.close();
                    boolean done = ch.receiver().isDone();
                    assertThrows(
                            ChannelClosedException.class,
                            ch.receiver()::tryRecv,
                            "isDone() said " + done);
                    assertTrue(done);
                    assertEquals(9, producer.value());
                });
    }

    /** How many values fill the buffer: 0 for rendezvous and unbounded. */
    static int fillCount(Channel<Integer> ch) {
        return ch.capacity() == Channel.UNBOUNDED ? 0 : ch.capacity();
    }

    /**
     * Waits until a sender has registered to be woken (a buffered channel's sender has spun out and
     * is about to park; a rendezvous sender spins after it registers). Interrupting it at once
     * would mostly hit its first check or its spin.
     */
    static void awaitRegisteredSender(Channel<?> ch) {
        while (ch.core().waitingSenders() == 0) {
            Thread.onSpinWait();
        }
    }

    /** Waits until the receiver has registered to be woken, as {@link #awaitRegisteredSender}. */
    static void awaitRegisteredReceiver(Channel<?> ch) {
        while (!ch.core().hasWaitingReceiver()) {
            Thread.onSpinWait();
        }
    }

    /**
     * Spins for twice as long as a blocked operation spins before it parks. Lincheck switches away
     * from a spinning thread whenever another thread can run, so without this a rendezvous partner,
     * which spins after it registers, would almost never get to park before this thread acts; while
     * both spin, Lincheck explores either finishing first.
     */
    static void letAPartnerSpinOut() {
        for (int i = 0; i < 2 * ChannelCore.SPINS; i++) {
            Thread.onSpinWait();
        }
    }

    @ParameterizedTest
    @MethodSource("kindsWhoseSendWaits")
    void interruptedParkedSendEitherSendsItsValueOnceOrSendsNothing(int capacity) {
        everyInterleaving(
                () -> {
                    Channel<Integer> ch = channel(capacity);
                    fill(ch);
                    var producer = start(() -> send(ch, 9));
                    awaitRegisteredSender(ch);
                    producer.interrupt(); // races the wake-up below
                    letAPartnerSpinOut();
                    List<Integer> got = drainNow(ch.receiver()); // makes room, or takes the value
                    Object outcome = producer.join();
                    got.addAll(drainNow(ch.receiver()));
                    if (outcome == null) {
                        assertEquals(1, got.stream().filter(v -> v == 9).count(), "got " + got);
                    } else {
                        assertInstanceOf(InterruptedException.class, outcome);
                        assertTrue(!got.contains(9), "interrupted, yet sent: " + got);
                    }
                    assertEquals(capacity + (outcome == null ? 1 : 0), got.size(), "got " + got);
                });
    }

    @ParameterizedTest
    @MethodSource("rendezvousRingAndLinked")
    void interruptedParkedRecvTakesNothingOrTakesTheValueOnce(int capacity) {
        everyInterleaving(
                () -> {
                    Channel<Integer> ch = channel(capacity);
                    var consumer = start(() -> ch.receiver().recv());
                    awaitRegisteredReceiver(ch);
                    consumer.interrupt(); // races the delivery below
                    letAPartnerSpinOut();
                    boolean sent = ch.sender().trySend(5); // rendezvous: only to a parked recv
                    Object outcome = consumer.join();
                    List<Integer> left = drainNow(ch.receiver());
                    if (outcome instanceof InterruptedException) {
                        assertEquals(sent ? List.of(5) : List.of(), left, "sent: " + sent);
                    } else {
                        assertTrue(sent, "received a value that was not sent: " + outcome);
                        assertEquals(5, outcome);
                        assertEquals(List.of(), left);
                    }
                });
    }

    @Test
    void rendezvousTrySendHandsItsValueToAParkedReceiver() {
        everyInterleaving(
                () -> {
                    Channel<Integer> ch = channel(0);
                    var consumer = start(() -> ch.receiver().recv());
                    while (!ch.sender().trySend(1)) { // succeeds once the receiver has parked
                        Thread.onSpinWait();
                    }
                    assertEquals(1, consumer.value()); // recv() returns T since issue 11 part 1
                });
    }

    @Test
    void rendezvousTryRecvTakesTheValueOfAParkedSender() {
        everyInterleaving(
                () -> {
                    Channel<Integer> ch = channel(0);
                    var producer = start(() -> send(ch, 1));
                    Optional<Integer> got;
                    while ((got = ch.receiver().tryRecv()).isEmpty()) { // once the sender parked
                        Thread.onSpinWait();
                    }
                    assertEquals(Optional.of(1), got);
                    assertNull(producer.value(), "the send completed");
                });
    }
}

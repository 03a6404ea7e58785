package dev.weft;

import static dev.weft.ModelChecking.scenario;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.stream.Stream;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model checking of the channels' non-blocking operations with Lincheck: is every concurrent run of
 * {@code trySend}, {@code tryRecv}, {@code isDone} and the closing of senders and receiver
 * <em>linearizable</em>, that is, explained by some order of the same operations, one at a time,
 * that keeps each thread's own order and puts an operation that finished before another started
 * first?
 *
 * <p><b>How Lincheck checks it.</b> Each test names a class whose {@code @Operation} methods act on
 * one fresh channel. Lincheck generates random scenarios from them (2 operations run alone, then 2
 * threads run 3 each, then 1 more alone) and, for each scenario, its model checker runs many
 * interleavings of the threads, switching at every read and write of shared memory, lock and park.
 * Every outcome is compared with {@link Model}, a plain {@link ArrayDeque} with a capacity and
 * closed flags, run one operation at a time in every order the scenario allows. An outcome that no
 * order explains fails the test with the scenario and the interleaving that produced it.
 *
 * <p><b>One consumer here.</b> Every receiving operation of this class is in the {@code
 * nonParallelGroup} "consumer", which Lincheck runs in one thread only; several consumers at once
 * are checked by {@link ChannelMultiConsumerLincheckTest}. Each sender handle gets a group too, so
 * in most tests a handle's {@code close} races other handles, not its own sends; {@link
 * #sendThroughAHandleAnotherThreadClosesIsLinearizable} has the consumer close the handle a
 * producer sends through (any number of threads may share a handle).
 *
 * <p><b>Why only the non-blocking forms.</b> Lincheck 3.7 understands a blocked platform thread
 * only as a failure: a {@code send} on a full channel or a {@code recv} on an empty one in a random
 * scenario would park forever and be reported as a hang. (Lincheck models a suspending Kotlin
 * function as a legitimate pending operation, not a parked Java thread; and it turns {@code
 * LockSupport.parkNanos} into an untimed park and makes {@code System.nanoTime()} constant, so the
 * timed forms cannot time out either.) The blocking forms are checked by {@link
 * ChannelBlockingLincheckTest}: hand-written scenarios that must finish, under every interleaving.
 * A rendezvous channel exchanges only with a parked partner, so here its {@code trySend} and {@code
 * tryRecv} can only show that nothing is exchanged without one, and that closing works.
 *
 * <p><b>Hand-written scenarios.</b> Random scenarios find a race only when the generator happens to
 * produce its shape, so each test also adds the shapes that matter ({@link
 * ModelChecking#scenario}); Lincheck explores those on every run.
 *
 * <p><b>Bugs found.</b> Lincheck found three bugs in the first versions of the channels, and
 * confirmed a fourth; all are fixed, and the tests that found them run on every build (their shapes
 * are among the hand-written scenarios). The counterexamples it printed:
 *
 * <ol>
 *   <li><em>{@code tryRecv} misses a value queued behind an unfinished send</em> (every buffered
 *       kind, {@link #twoProducersAndTheConsumerAreLinearizable}):
 *       <pre>
 * | trySend1(3): sent | trySend2(2): sent |
 * | tryRecv(): none   |                   |</pre>
 *       Thread 2 claims slot 0 (CAS of {@code tail}; unbounded: swaps itself in as {@code tail})
 *       and is switched out before it writes the slot (links its node). Thread 1 claims slot 1,
 *       writes 3 and returns; its own {@code tryRecv} then finds slot 0 empty and reports nothing,
 *       though 3 was buffered before it began. On bounded(1) the same interleaving gives {@code
 *       trySend1(3): not sent} (full) and then {@code tryRecv(): none}. The receiver already waits
 *       out such a send after a close ({@code drainAfterClose}); tokio's {@code try_recv} waits in
 *       the same case. Fixed: {@code tryRecv} now waits out such an unfinished write.
 *   <li><em>A refused send counts as buffered for a moment</em> (unbounded, {@link
 *       #closingTheReceiverIsLinearizableWithConcurrentSends}):
 *       <pre>
 * | trySend(2): receiver closed | closeReceiver(): void |
 * |                             | isDone(): false       |</pre>
 *       {@code Receiver.close()} sets the close bit of {@code LinkedCore.count}; a send adds 1 to
 *       {@code count}, sees the bit, and is switched out before it takes the 1 back. Meanwhile the
 *       receiver is closed and nothing is buffered, yet {@code isDone()} is false and {@code
 *       size()} is 1. (Bounded kinds check the bit before they claim, and pass.) Fixed: the
 *       unbounded claim is now a CAS that checks the bit first.
 *   <li><em>A send racing {@code Receiver.close()} added its value after the end</em> (every
 *       buffered kind, {@link #closingTheReceiverIsLinearizableWithConcurrentSends}, in the very
 *       first version; the stress test found it too):
 *       <pre>
 * | trySend(2): sent | closeReceiver(): void |
 * |                  | isDone(): true        |</pre>
 *       The send read {@code receiverClosed == false} and was switched out before it claimed a
 *       slot; the consumer closed, found nothing buffered or pending, and was done; then the send
 *       claimed, wrote, and returned true: a value lost although its send succeeded. Fixed: the
 *       close is a bit of the claim counter, checked in the CAS that claims.
 *   <li><em>A send through the last handle, racing its close by another thread, added its value
 *       after the end</em> (every buffered kind, {@link
 *       #sendThroughAHandleAnotherThreadClosesIsLinearizable}):
 *       <pre>
 * | trySend(1): sent | closeSender(): void |
 * |                  | tryRecv(): none     |
 * |                  | isDone(): true      |</pre>
 *       The send checked that its handle was open and was switched out; the consumer closed that
 *       handle, the last, found nothing buffered and was done; then the send claimed a slot and
 *       returned true. The same race with a parked send lost a value in {@link
 *       ChannelBlockingLincheckTest#sendThroughAHandleClosedMeanwhileIsReceivedOrHandsItsValueBack}.
 *       Fixed: closing the last handle sets the buffer's close bit before it reports the end, so
 *       such a send is refused and hands its value back.
 * </ol>
 *
 * <p>Sizes: see {@link ModelChecking}; {@code WEFT_STRESS=N} runs {@code N} times the scenarios,
 * with a third thread.
 */
@Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChannelLincheckTest {

    /** The kinds of channel, by capacity. */
    enum Kind {
        BOUNDED_1(1),
        BOUNDED_2(2),
        /** Bounded(3) whose ring starts at 2 slots: the third value makes it grow to 4. */
        BOUNDED_3_GROWING(3, 2),
        /** Bounded(5) whose ring starts at 2 slots: it grows to 4 and then to 8. */
        BOUNDED_5_GROWING(5, 2),
        UNBOUNDED(Channel.UNBOUNDED),
        RENDEZVOUS(0);

        final int capacity;
        final int initialRing;

        Kind(int capacity) {
            this(capacity, ArrayCore.INITIAL_LENGTH);
        }

        Kind(int capacity, int initialRing) {
            this.capacity = capacity;
            this.initialRing = initialRing;
        }
    }

    static Stream<Kind> bufferedKinds() {
        return Stream.of(Kind.BOUNDED_1, Kind.BOUNDED_2, Kind.BOUNDED_3_GROWING, Kind.UNBOUNDED);
    }

    /**
     * The capacity of the channel each new test instance and model gets. Lincheck creates the
     * instances itself, from a no-argument constructor, so the test sets this before it checks.
     */
    static volatile int capacity;

    /** The length a bounded channel's ring starts at, set with {@link #capacity}. */
    static volatile int initialRing = ArrayCore.INITIAL_LENGTH;

    static Channel<Integer> newChannel() {
        if (capacity == 0) {
            return Channel.rendezvous();
        }
        return capacity == Channel.UNBOUNDED
                ? Channel.unbounded()
                : Channel.boundedGrowingFrom(capacity, initialRing);
    }

    static void check(
            Kind kind,
            Class<?> operations,
            Class<?> model,
            int threads,
            ExecutionScenario... scenarios) {
        capacity = kind.capacity;
        initialRing = kind.initialRing;
        ModelChecking.linearizability(model, threads, scenarios).check(operations);
    }

    /** More threads when scaled up: a third one makes room for every group at once. */
    static int threadsForThreeGroups() {
        return Stress.scale() > 1 ? 3 : 2;
    }

    // ---- the tests -----------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("bufferedKinds")
    void oneProducerAndTheConsumerAreLinearizable(Kind kind) {
        check(
                kind,
                OneProducer.class,
                Model.class,
                2,
                scenario(
                        OneProducer.class,
                        "",
                        "trySend(1), trySend(2), closeSender() | tryRecv(), tryRecv(), isDone()",
                        "tryRecv()"));
    }

    /**
     * Found bug 1 (fixed), every buffered kind: {@code tryRecv} returns empty while a value whose
     * send has finished is buffered, because another send has claimed an earlier slot and not
     * written it yet. Counterexample: see the class comment.
     */
    @ParameterizedTest
    @MethodSource("bufferedKinds")
    void twoProducersAndTheConsumerAreLinearizable(Kind kind) {
        Class<?> operations = TwoProducers.class;
        check(
                kind,
                operations,
                TwoHandleModel.class,
                threadsForThreeGroups(),
                scenario(operations, "", "trySend1(3), tryRecv() | trySend2(2)", ""),
                scenario(
                        operations,
                        "",
                        "trySend1(1), closeSender1() | trySend2(2), closeSender2(), isDone()",
                        "tryRecv()"));
    }

    /**
     * A send racing {@code Receiver.close()} is either refused or drained: it never adds a value
     * after the receiver has seen the channel closed and empty. Found bug 2 (fixed), unbounded
     * only: {@code isDone()} (and {@code size()}) can say a value is buffered in a closed, empty
     * channel while a refused send backs out. Counterexample: see the class comment.
     */
    @ParameterizedTest
    @MethodSource("bufferedKinds")
    void closingTheReceiverIsLinearizableWithConcurrentSends(Kind kind) {
        check(
                kind,
                ReceiverCloses.class,
                Model.class,
                2,
                scenario(ReceiverCloses.class, "", "trySend(2) | closeReceiver(), isDone()", ""),
                scenario(ReceiverCloses.class, "", "trySend(2) | closeReceiver(), tryRecv()", ""));
    }

    /**
     * One sender handle shared by two threads: one sends through it, the consumer closes it (the
     * last handle) and receives. A send the close overtakes is refused (it reports "closed",
     * whether it found the handle closed or was refused with its value handed back), so nothing is
     * sent after the consumer has seen the end. Before the fix a send that had checked its handle
     * before the close claimed room after it: {@code trySend(1): sent} with {@code tryRecv(): none,
     * isDone(): true} after the close, which no order explains.
     */
    @ParameterizedTest
    @MethodSource("bufferedKinds")
    void sendThroughAHandleAnotherThreadClosesIsLinearizable(Kind kind) {
        Class<?> operations = SharedHandle.class;
        check(
                kind,
                operations,
                SharedHandleModel.class,
                2,
                scenario(operations, "", "trySend(1) | closeSender(), tryRecv(), isDone()", ""),
                scenario(
                        operations,
                        "trySend(5)",
                        "trySend(1), trySend(2) | closeSender(), tryRecv(), tryRecv()",
                        "isDone()"));
    }

    /**
     * The ring grows (from 2 slots to 4, then 8) while two producers claim slots and the consumer
     * receives: a send that claimed before a growth writes into the old ring after it, and the
     * consumer crosses from ring to ring; every value is received once, in each producer's order,
     * and a send reports full only at the capacity. Checked with two mutants of {@link ArrayCore},
     * each reported "hung" here at the CI size: a send that writes into the newest ring rather than
     * the ring of its index, and a growth that does not stop claims while it publishes the ring.
     */
    @Test
    void ringGrowingUnderConcurrentSendsAndReceivesIsLinearizable() {
        Class<?> operations = TwoProducers.class;
        check(
                Kind.BOUNDED_5_GROWING,
                operations,
                TwoHandleModel.class,
                threadsForThreeGroups(),
                scenario(
                        operations,
                        "trySend1(1), trySend2(2)",
                        "trySend1(3), trySend1(4) | trySend2(5), tryRecv(), trySend2(6)",
                        "tryRecv()"),
                scenario(
                        operations,
                        "trySend1(1)",
                        "trySend1(2), trySend1(3), trySend1(4) | tryRecv(), tryRecv(), tryRecv()",
                        "tryRecv()"),
                scenario(
                        operations,
                        "trySend1(1), trySend1(2)",
                        "trySend1(3), trySend1(4) | trySend2(5), trySend2(6) | tryRecv(), tryRecv()",
                        "tryRecv()"));
    }

    @Test
    void rendezvousTryOperationsExchangeNothingWithoutAParkedPartner() {
        Class<?> operations = RendezvousOperations.class;
        check(
                Kind.RENDEZVOUS,
                operations,
                TwoHandleModel.class,
                2,
                scenario(
                        operations,
                        "",
                        "trySend1(1), closeSender1() | trySend2(2), closeSender2(), tryRecv()",
                        "isDone()"),
                scenario(
                        operations,
                        "",
                        "trySend1(1) | closeReceiver(), tryRecv(), isDone()",
                        "trySend2(2)"));
    }

    // ---- the operations Lincheck calls
    // -----------------------------------------------------------

    /** A fresh channel with its first sender handle, and the operations' plumbing. */
    public abstract static class ChannelState {
        final Channel<Integer> channel = newChannel();
        final Sender<Integer> tx1 = channel.sender();
        final Receiver<Integer> rx = channel.receiver();

        static String trySend(Sender<Integer> tx, int value) {
            try {
                return tx.trySend(value) ? "sent" : "not sent";
            } catch (ChannelClosedException e) {
                return "receiver closed";
            } catch (IllegalStateException e) {
                return "handle closed";
            }
        }

        static String describe(Optional<Integer> received) {
            return received.map(v -> "got " + v).orElse("none");
        }

        /** A {@code tryRecv}: "got v", "none" (empty now), or "closed" (closed and drained). */
        static String tryRecv(Receiver<Integer> rx) {
            try {
                return describe(rx.tryRecv());
            } catch (ChannelClosedException closedAndDrained) {
                return "closed";
            }
        }

        // The consumer's operations, in every operation class.

        @Operation(nonParallelGroup = "consumer")
        public String tryRecv() {
            return tryRecv(rx);
        }

        @Operation(nonParallelGroup = "consumer")
        public boolean isDone() {
            return rx.isDone();
        }
    }

    /** One sender handle used by one thread, and the consumer (see {@link ChannelState}). */
    public static class OneProducer extends ChannelState {
        @Operation(nonParallelGroup = "producer")
        public String trySend(@Param(gen = IntGen.class, conf = "1:9") int value) {
            return trySend(tx1, value);
        }

        @Operation(nonParallelGroup = "producer")
        public void closeSender() {
            tx1.close();
        }
    }

    /** One producer and a consumer that may also close the receiving side. */
    public static class ReceiverCloses extends OneProducer {
        @Operation(nonParallelGroup = "consumer")
        public void closeReceiver() {
            rx.close();
        }
    }

    /**
     * Two sender handles (the first and a clone), each used by its own thread, and the consumer.
     */
    public static class TwoProducers extends ChannelState {
        final Sender<Integer> tx2 = tx1.clone();

        @Operation(nonParallelGroup = "producer1")
        public String trySend1(@Param(gen = IntGen.class, conf = "1:9") int value) {
            return trySend(tx1, value);
        }

        @Operation(nonParallelGroup = "producer1")
        public void closeSender1() {
            tx1.close();
        }

        @Operation(nonParallelGroup = "producer2")
        public String trySend2(@Param(gen = IntGen.class, conf = "1:9") int value) {
            return trySend(tx2, value);
        }

        @Operation(nonParallelGroup = "producer2")
        public void closeSender2() {
            tx2.close();
        }

        /** A third handle that comes and goes: it must never end the channel early. */
        @Operation(nonParallelGroup = "producer2")
        public String cloneAndCloseSender2() {
            try {
                tx2.clone().close();
                return "cloned";
            } catch (IllegalStateException e) {
                return "handle closed";
            }
        }
    }

    /**
     * One sender handle: a producer thread sends through it while the consumer closes it. A handle
     * shared by two threads is legal (any number of threads may send through one handle), so its
     * close races its sends.
     */
    public static class SharedHandle extends ChannelState {
        @Operation(nonParallelGroup = "producer")
        public String trySend(@Param(gen = IntGen.class, conf = "1:9") int value) {
            try {
                return tx1.trySend(value) ? "sent" : "not sent";
            } catch (ChannelClosedException refused) {
                return refused.unsentValue().equals(value) ? "closed" : "another value back";
            } catch (IllegalStateException handleClosed) {
                return "closed";
            }
        }

        @Operation(nonParallelGroup = "consumer")
        public void closeSender() {
            tx1.close();
        }
    }

    /** Every non-blocking operation, for a rendezvous channel. */
    public static class RendezvousOperations extends TwoProducers {
        @Operation(nonParallelGroup = "consumer")
        public void closeReceiver() {
            rx.close();
        }
    }

    // ---- the sequential model ------------------------------------------------------------------

    /**
     * The channel run one operation at a time: a queue of at most {@code capacity} values (none for
     * a rendezvous channel: without a parked receiver nothing can be handed over), the open sender
     * handles, and whether the receiver is closed. It answers in the same words as the operations.
     */
    public static class Model {
        final int capacity = ChannelLincheckTest.capacity;
        final ArrayDeque<Integer> buffer = new ArrayDeque<>();
        boolean open1 = true;
        boolean open2;
        boolean receiverClosed;

        String send(boolean handleOpen, int value) {
            if (!handleOpen) {
                return "handle closed";
            }
            if (receiverClosed) {
                return "receiver closed";
            }
            if (buffer.size() >= capacity) {
                return "not sent";
            }
            buffer.add(value);
            return "sent";
        }

        public String trySend(int value) {
            return send(open1, value);
        }

        public String trySend1(int value) {
            return send(open1, value);
        }

        public String trySend2(int value) {
            return send(open2, value);
        }

        public void closeSender() {
            open1 = false;
        }

        public void closeSender1() {
            open1 = false;
        }

        public void closeSender2() {
            open2 = false;
        }

        public String cloneAndCloseSender2() {
            return open2 ? "cloned" : "handle closed";
        }

        public String tryRecv() {
            Integer value = buffer.poll();
            if (value != null) {
                return "got " + value;
            }
            return isDone() ? "closed" : "none";
        }

        public boolean isDone() {
            return ((!open1 && !open2) || receiverClosed) && buffer.isEmpty();
        }

        public void closeReceiver() {
            receiverClosed = true;
        }
    }

    /** The model of a channel with two sender handles. */
    public static class TwoHandleModel extends Model {
        public TwoHandleModel() {
            open2 = true;
        }
    }

    /** The model of {@link SharedHandle}: a send through the closed handle reports "closed". */
    public static class SharedHandleModel extends Model {
        @Override
        public String trySend(int value) {
            String outcome = super.trySend(value);
            return outcome.equals("handle closed") ? "closed" : outcome;
        }
    }
}

package dev.weft;

import static dev.weft.ModelChecking.scenario;

import java.util.ArrayList;
import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Model checking of a {@link Broadcast}'s lag accounting with Lincheck (see {@link
 * ChannelLincheckTest} for how the checks work): is every concurrent run of {@code send}, {@code
 * tryRecv} on two subscribers, a late {@code subscribe}, and the closes of the sender and of a
 * subscriber explained by some order of the same operations, one at a time, in {@link Model}? The
 * model is a list of every value sent, a position per subscriber, and the rule that a subscriber
 * more than {@code capacity} behind is told how many it missed and moved to {@code tail -
 * capacity}. A send through the handle another thread closes is either sent or refused ("closed",
 * whether it found the handle closed or the channel closed under it), never sent after a subscriber
 * saw the end. Capacities 1 and 2 make most scenarios lag; capacity 3 with a ring that starts at 1
 * slot makes the ring grow (to 2, then 3) while subscribers read and lag.
 *
 * <p>Only the non-blocking forms, for the reason given in {@link ChannelLincheckTest}. Sizes: see
 * {@link ModelChecking}.
 */
@Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BroadcastLincheckTest {

    /** The capacity of each new instance and model (Lincheck builds them itself). */
    static volatile int capacity;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void sendTryRecvAndClosesAreLinearizable(int capacity) {
        BroadcastLincheckTest.capacity = capacity;
        Class<?> operations = Operations.class;
        ModelChecking.linearizability(
                        Model.class,
                        2,
                        scenario(
                                operations,
                                "send(1)",
                                "send(2), send(3) | tryRecv1(), tryRecv1(), tryRecv2()",
                                "tryRecv1()"),
                        scenario(
                                operations,
                                "send(1), send(2)",
                                "send(3), closeSender() | tryRecv2(), subscribe3(), tryRecv3()",
                                "tryRecv3()"),
                        scenario(
                                operations,
                                "",
                                "send(1), send(2) | closeReceiver2(), tryRecv1()",
                                "send(3)"))
                .check(operations);
    }

    /** A fresh broadcast with its sender and two subscribers; a third may subscribe later. */
    public static class Operations {
        /** Starts at 1 slot: below the capacity, sends grow the ring. */
        final Broadcast<Integer> broadcast = Broadcast.createGrowingFrom(capacity, 1);

        final BroadcastSender<Integer> tx = broadcast.sender();
        final BroadcastReceiver<Integer> rx1 = broadcast.subscribe();
        final BroadcastReceiver<Integer> rx2 = broadcast.subscribe();
        volatile BroadcastReceiver<Integer> rx3;

        static String tryRecv(BroadcastReceiver<Integer> rx) {
            if (rx == null) {
                return "not subscribed";
            }
            try {
                return rx.tryRecv().map(v -> "got " + v).orElse("none");
            } catch (LaggedException e) {
                return "lagged " + e.missed();
            } catch (ChannelClosedException e) {
                return "closed";
            }
        }

        @Operation
        public String send(@Param(gen = IntGen.class, conf = "1:9") int value) {
            try {
                return "sent to " + tx.send(value);
            } catch (ChannelClosedException e) {
                // refused with its value: no subscriber open, or the handle closed under it
                return e.unsentValue().equals(value) && e.getMessage().contains("meanwhile")
                        ? "closed"
                        : "no subscriber";
            } catch (IllegalStateException e) {
                return "closed";
            }
        }

        @Operation
        public String tryRecv1() {
            return tryRecv(rx1);
        }

        @Operation
        public String tryRecv2() {
            return tryRecv(rx2);
        }

        @Operation(nonParallelGroup = "third")
        public String subscribe3() {
            if (rx3 != null) {
                return "already";
            }
            rx3 = broadcast.subscribe();
            return "subscribed";
        }

        @Operation(nonParallelGroup = "third")
        public String tryRecv3() {
            return tryRecv(rx3);
        }

        @Operation
        public void closeSender() {
            tx.close();
        }

        @Operation
        public void closeReceiver2() {
            rx2.close();
        }
    }

    /** The broadcast, one operation at a time. */
    public static class Model {
        final int capacity = BroadcastLincheckTest.capacity;
        final List<Integer> sent = new ArrayList<>();
        final Position rx1 = new Position(0);
        final Position rx2 = new Position(0);
        Position rx3;
        boolean senderClosed;

        /** A subscriber's position and whether it is closed. */
        static final class Position {
            int next;
            boolean closed;

            Position(int next) {
                this.next = next;
            }
        }

        String tryRecv(Position p) {
            if (p == null) {
                return "not subscribed";
            }
            if (p.closed) {
                return "closed";
            }
            int behind = sent.size() - p.next;
            if (behind > capacity) {
                p.next = sent.size() - capacity;
                return "lagged " + (behind - capacity);
            }
            if (behind > 0) {
                return "got " + sent.get(p.next++);
            }
            return senderClosed ? "closed" : "none";
        }

        public String send(int value) {
            if (senderClosed) {
                return "closed";
            }
            int open = 0;
            for (Position p : positions()) {
                open += p.closed ? 0 : 1;
            }
            if (open == 0) {
                return "no subscriber";
            }
            sent.add(value);
            return "sent to " + open;
        }

        private List<Position> positions() {
            List<Position> all = new ArrayList<>(List.of(rx1, rx2));
            if (rx3 != null) {
                all.add(rx3);
            }
            return all;
        }

        public String tryRecv1() {
            return tryRecv(rx1);
        }

        public String tryRecv2() {
            return tryRecv(rx2);
        }

        public String subscribe3() {
            if (rx3 != null) {
                return "already";
            }
            rx3 = new Position(sent.size());
            return "subscribed";
        }

        public String tryRecv3() {
            return tryRecv(rx3);
        }

        public void closeSender() {
            senderClosed = true;
        }

        public void closeReceiver2() {
            rx2.closed = true;
        }
    }
}

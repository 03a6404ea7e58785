package dev.weft;

import static dev.weft.ChannelContractTest.failureOf;
import static dev.weft.ChannelContractTest.startParked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A select's {@code sendOrClosed} arm: it sends like a {@code send} arm, and commits with the
 * unsent value once the channel refuses it, instead of being disabled. Ordering between threads
 * comes from thread states, never from sleeping.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SelectSendOrClosedTest {

    static java.util.stream.Stream<org.junit.jupiter.api.Named<Supplier<Channel<Integer>>>>
            flavours() {
        return ChannelContractTest.flavours();
    }

    static Select<String> sendOrClosed(Channel<Integer> ch, int value) {
        return Select.<String>create()
                .sendOrClosed(ch.sender(), value, () -> "sent", v -> "refused " + v);
    }

    /** A channel that a send must wait on: full, or a rendezvous with no receiver. */
    static Channel<Integer> waitingForRoom(Supplier<Channel<Integer>> flavour) {
        Channel<Integer> ch = flavour.get();
        while (ch.capacity() != 0 && ch.sender().trySend(0)) {
            if (ch.capacity() == Channel.UNBOUNDED) {
                return null; // an unbounded channel never makes a send wait
            }
        }
        return ch;
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void aReceiverClosedBeforeTheSelectHandsTheValueBack(Supplier<Channel<Integer>> flavour)
            throws Exception {
        Channel<Integer> ch = flavour.get();
        ch.receiver().close();
        assertEquals("refused 5", sendOrClosed(ch, 5).await());
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void withRoomItSendsLikeASendArm(Supplier<Channel<Integer>> flavour) throws Exception {
        Channel<Integer> ch = flavour.get();
        if (ch.capacity() == 0) {
            var receiver = startParked(() -> ch.receiver().recv());
            assertEquals("sent", sendOrClosed(ch, 5).await());
            assertEquals(5, receiver.outcome().get());
        } else {
            assertEquals("sent", sendOrClosed(ch, 5).await());
            assertEquals(Optional.of(5), ch.receiver().tryRecv());
        }
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void aReceiversCloseWakesAParkedSelectWithTheUnsentValue(Supplier<Channel<Integer>> flavour)
            throws Exception {
        Channel<Integer> ch = waitingForRoom(flavour);
        if (ch == null) {
            return; // unbounded: never waits
        }
        var select = startParked(() -> sendOrClosed(ch, 5).await());
        ch.receiver().close();
        assertEquals("refused 5", select.outcome().get());
        assertEquals(0, ch.core().waitingSenders());
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void theLastSenderHandleClosedUnderAParkedSelectHandsTheValueBack(
            Supplier<Channel<Integer>> flavour) throws Exception {
        Channel<Integer> ch = waitingForRoom(flavour);
        if (ch == null) {
            return;
        }
        Sender<Integer> tx = ch.sender();
        var select =
                startParked(
                        () ->
                                Select.<String>create()
                                        .sendOrClosed(tx, 5, () -> "sent", v -> "refused " + v)
                                        .await());
        tx.close(); // the channel's last handle, closed by another thread
        assertEquals("refused 5", select.outcome().get());
        assertEquals(0, ch.core().waitingSenders());
    }

    @Test
    void aLosingSendOrClosedArmSendsNothing() throws Exception {
        Channel<Integer> in = Channel.bounded(1);
        Channel<Integer> out = Channel.bounded(1);
        in.sender().send(1);
        String got =
                Select.<String>create()
                        .recv(in.receiver(), v -> "received " + v)
                        .sendOrClosed(out.sender(), 5, () -> "sent", v -> "refused " + v)
                        .await();
        assertEquals("received 1", got);
        assertEquals(Optional.empty(), out.receiver().tryRecv());
    }

    @Test
    void aClosedReceiveArmDoesNotHideTheRefusal() throws Exception {
        Channel<Integer> in = Channel.bounded(1);
        in.sender().close();
        Channel<Integer> out = Channel.bounded(1);
        out.receiver().close();
        String got =
                Select.<String>create()
                        .recv(in.receiver(), v -> "received " + v)
                        .sendOrClosed(out.sender(), 5, () -> "sent", v -> "refused " + v)
                        .await();
        assertEquals("refused 5", got);
    }

    @Test
    void anInterruptedSelectLeavesNoSenderQueued() throws Exception {
        Channel<Integer> full = Channel.bounded(1);
        full.sender().send(0);
        var select = startParked(() -> sendOrClosed(full, 5).await());
        select.thread().interrupt();
        assertInstanceOf(InterruptedException.class, failureOf(select.outcome()));
        assertEquals(0, full.core().waitingSenders());
        assertEquals(Optional.of(0), full.receiver().tryRecv());
        assertEquals(Optional.empty(), full.receiver().tryRecv());
    }

    @Test
    void badArgumentsAreRejected() {
        Channel<Integer> ch = Channel.bounded(1);
        Select<String> s = Select.create();
        assertThrows(
                NullPointerException.class, () -> s.sendOrClosed(ch.sender(), 1, () -> "", null));
        assertThrows(
                NullPointerException.class,
                () -> s.sendOrClosed(ch.sender(), null, () -> "", v -> ""));
        s.send(ch.sender(), 1, () -> "sent");
        assertThrows(
                IllegalArgumentException.class,
                () -> s.sendOrClosed(ch.sender(), 1, () -> "", v -> ""));
        Sender<Integer> closed = ch.sender().clone();
        closed.close();
        assertThrows(
                IllegalStateException.class,
                () -> Select.<String>create().sendOrClosed(closed, 1, () -> "", v -> ""));
        assertFalse(ch.receiver().isDone());
    }
}

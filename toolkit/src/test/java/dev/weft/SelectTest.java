package dev.weft;

import static dev.weft.ChannelContractTest.async;
import static dev.weft.ChannelContractTest.failureOf;
import static dev.weft.ChannelContractTest.startParked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a {@link Select} does: which arm commits, that the losers have no effect, disabled arms,
 * timeouts, defaults, forks, ticks, bad input and interrupts. Ordering between threads comes from
 * thread states and latches, never from sleeping.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SelectTest {

    static java.util.stream.Stream<org.junit.jupiter.api.Named<Supplier<Channel<Integer>>>>
            flavours() {
        return ChannelContractTest.flavours();
    }

    static java.util.stream.Stream<org.junit.jupiter.api.Named<Supplier<Channel<Integer>>>>
            boundedFlavours() {
        return ChannelContractTest.boundedFlavours();
    }

    sealed interface Animal permits Cat, Dog {}

    record Cat(String name) implements Animal {}

    record Dog(String name) implements Animal {}

    static Select<Animal> race(Receiver<String> cats, Receiver<String> dogs) {
        return Select.<Animal>create().recv(cats, Cat::new).recv(dogs, Dog::new);
    }

    static Select<String> catOrDog(Channel<Integer> cats, Channel<Integer> dogs) {
        return Select.<String>create()
                .recv(cats.receiver(), c -> "cat " + c)
                .recv(dogs.receiver(), d -> "dog " + d);
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void theFirstValueToArriveCommitsItsArm(Supplier<Channel<Integer>> flavour) throws Exception {
        Channel<Integer> cats = flavour.get();
        Channel<Integer> dogs = flavour.get();
        var select = startParked(() -> catOrDog(cats, dogs).await());
        dogs.sender().send(7);
        assertEquals("dog 7", select.outcome().get());
    }

    @Test
    void aLosingReceiveArmTakesNothing() throws Exception {
        Channel<String> cats = Channel.bounded(4);
        Channel<String> dogs = Channel.bounded(4);
        cats.sender().send("Felix");
        dogs.sender().send("Rex");
        assertEquals(new Cat("Felix"), race(cats.receiver(), dogs.receiver()).await());
        assertEquals(Optional.of("Rex"), dogs.receiver().tryRecv());
    }

    @Test
    void aLosingSendArmSendsNothing() throws Exception {
        Channel<String> in = Channel.bounded(1);
        Channel<String> out = Channel.bounded(1);
        in.sender().send("ready");
        String result =
                Select.<String>create()
                        .recv(in.receiver(), v -> "received " + v)
                        .send(out.sender(), "lost?", () -> "sent")
                        .await();
        assertEquals("received ready", result);
        assertEquals(Optional.empty(), out.receiver().tryRecv());
    }

    @Test
    void aBiasedSelectCommitsTheFirstDeclaredReadyArm() throws Exception {
        Channel<String> cats = Channel.bounded(100);
        Channel<String> dogs = Channel.bounded(100);
        for (int i = 0; i < 100; i++) {
            cats.sender().send("cat" + i);
            dogs.sender().send("dog" + i);
        }
        Select<Animal> select = race(cats.receiver(), dogs.receiver());
        for (int i = 0; i < 100; i++) {
            assertEquals(new Cat("cat" + i), select.await());
        }
        assertEquals(100, dogs.receiver().size());
    }

    @Test
    void aFairSelectCommitsEveryReadyArmSometimes() throws Exception {
        Channel<String> cats = Channel.bounded(200);
        Channel<String> dogs = Channel.bounded(200);
        for (int i = 0; i < 200; i++) {
            cats.sender().send("cat");
            dogs.sender().send("dog");
        }
        Select<Animal> select = race(cats.receiver(), dogs.receiver()).fair();
        Set<Class<?>> winners = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            winners.add(select.await().getClass());
        }
        assertEquals(Set.of(Cat.class, Dog.class), winners); // fails with odds 2^-199
        assertEquals(200, cats.receiver().size() + dogs.receiver().size());
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void aReceiveArmOnAClosedDrainedChannelIsDisabled(Supplier<Channel<Integer>> flavour)
            throws Exception {
        Channel<Integer> cats = flavour.get();
        Channel<Integer> dogs = flavour.get();
        cats.sender().close();
        var select = startParked(() -> catOrDog(cats, dogs).await());
        dogs.sender().send(3);
        assertEquals("dog 3", select.outcome().get());
    }

    @Test
    void aClosedChannelIsDrainedBeforeItsArmIsDisabled() throws Exception {
        Channel<String> cats = Channel.bounded(2);
        cats.sender().send("Felix");
        cats.sender().close();
        Channel<String> dogs = Channel.bounded(2);
        assertEquals(new Cat("Felix"), race(cats.receiver(), dogs.receiver()).await());
    }

    @Test
    void recvOrClosedLetsTheHandlerSeeTheClose() throws Exception {
        Channel<String> stop = Channel.bounded(1);
        Channel<String> work = Channel.bounded(1);
        stop.sender().close();
        String result =
                Select.<String>create()
                        .recv(work.receiver(), w -> "work " + w)
                        .recvOrClosed(stop.receiver(), v -> v.isEmpty() ? "stopped" : "value")
                        .await();
        assertEquals("stopped", result);
    }

    @Test
    void whenEveryArmIsDisabledTheDefaultArmRuns() throws Exception {
        Channel<String> cats = Channel.bounded(1);
        Channel<String> dogs = Channel.bounded(1);
        cats.sender().close();
        dogs.sender().close();
        assertNull(race(cats.receiver(), dogs.receiver()).orElse(() -> null).await());
    }

    @Test
    void whenEveryArmIsDisabledWithoutADefaultArmTheSelectSaysSo() {
        Channel<String> cats = Channel.bounded(1);
        Channel<String> dogs = Channel.rendezvous();
        cats.sender().close();
        dogs.receiver().close();
        var e =
                assertThrows(
                        ChannelClosedException.class,
                        () ->
                                Select.<String>create()
                                        .recv(cats.receiver(), c -> c)
                                        .send(dogs.sender(), "Rex", () -> "sent")
                                        .await());
        assertEquals(
                "select: every arm is disabled (2 arms, all of their channels closed) and there is"
                        + " no orElse or timeout arm",
                e.getMessage());
    }

    @Test
    void whenEveryArmIsDisabledATimeoutArmIsStillAwaited() throws Exception {
        Channel<String> cats = Channel.bounded(1);
        cats.sender().close();
        String result =
                Select.<String>create()
                        .recv(cats.receiver(), c -> c)
                        .timeout(Duration.ofMillis(20), () -> "timed out")
                        .await();
        assertEquals("timed out", result);
    }

    @Test
    void theDefaultArmRunsWhenNothingIsReadyAndTheSelectDoesNotWait() throws Exception {
        Channel<String> cats = Channel.bounded(1);
        assertEquals(
                "nothing",
                Select.<String>create()
                        .recv(cats.receiver(), c -> c)
                        .orElse(() -> "nothing")
                        .await());
    }

    @Test
    void theDefaultArmDoesNotRunWhenAnArmIsReady() throws Exception {
        Channel<String> cats = Channel.bounded(1);
        cats.sender().send("Felix");
        assertEquals(
                "Felix",
                Select.<String>create()
                        .recv(cats.receiver(), c -> c)
                        .orElse(() -> "nothing")
                        .await());
    }

    @Test
    void theTimeoutArmCommitsWhenNothingArrivesInTime() throws Exception {
        Channel<String> cats = Channel.bounded(1);
        long start = System.nanoTime();
        String result =
                Select.<String>create()
                        .recv(cats.receiver(), c -> c)
                        .timeout(Duration.ofMillis(50), () -> "too slow")
                        .await();
        assertEquals("too slow", result);
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(50).toNanos());
        cats.sender().send("late");
        assertEquals(Optional.of("late"), cats.receiver().tryRecv());
    }

    @ParameterizedTest
    @MethodSource("boundedFlavours")
    void aSendArmWaitsForRoomAndSendsExactlyOnce(Supplier<Channel<Integer>> flavour)
            throws Exception {
        Channel<Integer> ch = flavour.get();
        for (int i = 0; i < ch.capacity(); i++) {
            ch.sender().send(i);
        }
        Channel<Integer> never = Channel.bounded(1);
        var select =
                startParked(
                        () ->
                                Select.<String>create()
                                        .recv(never.receiver(), v -> "received")
                                        .send(ch.sender(), 99, () -> "sent")
                                        .await());
        for (int i = 0; i < ch.capacity(); i++) {
            assertEquals(i, ch.receiver().recv());
        }
        assertEquals(99, ch.receiver().recv());
        assertEquals("sent", select.outcome().get());
        assertEquals(Optional.empty(), ch.receiver().tryRecv());
    }

    @Test
    void aSendArmWhoseReceiverIsClosedIsDisabledAndKeepsItsValue() throws Exception {
        Channel<String> out = Channel.bounded(1);
        out.receiver().close();
        Channel<String> in = Channel.bounded(1);
        in.sender().send("x");
        assertEquals(
                "received x",
                Select.<String>create()
                        .send(out.sender(), "unsent", () -> "sent")
                        .recv(in.receiver(), v -> "received " + v)
                        .await());
    }

    @Test
    void aRendezvousReceiveArmTakesAParkedSendersValue() throws Exception {
        Channel<String> ch = Channel.rendezvous();
        var sender =
                startParked(
                        () -> {
                            ch.sender().send("hand-off");
                            return "done";
                        });
        assertEquals("hand-off", Select.<String>create().recv(ch.receiver(), v -> v).await());
        assertEquals("done", sender.outcome().get());
    }

    @Test
    void aParkedSelectGetsTheValueASenderDeliversThroughItsSecondRendezvousArm() throws Exception {
        Channel<String> first = Channel.rendezvous();
        Channel<String> second = Channel.rendezvous();
        var select =
                startParked(
                        () ->
                                Select.<String>create()
                                        .recv(first.receiver(), v -> "first " + v)
                                        .recv(second.receiver(), v -> "second " + v)
                                        .await());
        second.sender().send("hand-off"); // returns once the parked select has the value
        assertEquals("second hand-off", select.outcome().get());
        assertFalse(first.receiver().tryRecv().isPresent());
        assertEquals(0, first.core().waitingReceivers()); // the losing arm left nothing queued
    }

    @Test
    void aRendezvousSendArmCommitsWhenAReceiverTakesTheValue() throws Exception {
        Channel<String> ch = Channel.rendezvous();
        Channel<String> other = Channel.rendezvous();
        var select =
                startParked(
                        () ->
                                Select.<String>create()
                                        .recv(other.receiver(), v -> "received")
                                        .send(ch.sender(), "hand-off", () -> "sent")
                                        .await());
        assertEquals("hand-off", ch.receiver().recv());
        assertEquals("sent", select.outcome().get());
    }

    @Test
    void aForkArmGetsTheForksValue() throws Exception {
        try (var scope = Scope.open()) {
            CountDownLatch go = new CountDownLatch(1);
            Fork<Integer> fork =
                    scope.fork(
                            () -> {
                                go.await();
                                return 42;
                            });
            Channel<String> never = Channel.bounded(1);
            var select =
                    async(
                            () ->
                                    Select.<Result<Integer>>create()
                                            .recv(never.receiver(), v -> null)
                                            .forkEnded(fork, outcome -> outcome)
                                            .await());
            go.countDown();
            assertEquals(Result.ok(42), select.get());
            scope.join();
        }
    }

    @Test
    void aForkArmGetsTheForksFailure() throws Exception {
        var boom = new IllegalStateException("boom");
        try (var scope = Scope.open()) {
            Fork<Integer> fork =
                    scope.fork(
                            () -> {
                                throw boom;
                            });
            Result<Integer> outcome =
                    Select.<Result<Integer>>create().forkEnded(fork, r -> r).await();
            assertEquals(Result.err(boom), outcome);
            assertThrows(ScopeFailedException.class, scope::join);
        }
    }

    @Test
    void aForkArmSeesACancelledForkAsCancellation() throws Exception {
        try (var scope = Scope.open()) {
            Blocking sibling = new Blocking();
            Fork<Object> fork = scope.fork(sibling::untilInterrupted);
            var select =
                    async(() -> Select.<Result<Object>>create().forkEnded(fork, r -> r).await());
            sibling.started.await();
            scope.fork(Blocking.failing(new IllegalStateException("boom"))); // cancels the scope
            var err = assertInstanceOf(Result.Err.class, select.get());
            assertInstanceOf(CancellationException.class, err.exception());
            assertEquals("fork '" + fork.name() + "' was cancelled", err.exception().getMessage());
            assertThrows(ScopeFailedException.class, scope::join);
        }
    }

    @Test
    void aTickArmCommitsWhenTheTickIsDue() throws Exception {
        Interval every20ms = Interval.every(Duration.ofMillis(20));
        assertEquals(Duration.ZERO, every20ms.tick());
        Channel<String> never = Channel.bounded(1);
        Duration due =
                Select.<Duration>create()
                        .recv(never.receiver(), v -> Duration.ZERO)
                        .tick(every20ms, at -> at)
                        .await();
        assertEquals(Duration.ofMillis(20), due);
    }

    @Test
    void aLosingTickArmLeavesTheTickForLater() throws Exception {
        Interval interval = Interval.every(Duration.ofHours(1));
        Channel<String> cats = Channel.bounded(1);
        cats.sender().send("Felix");
        String result =
                Select.<String>create()
                        .recv(cats.receiver(), c -> c)
                        .tick(interval, at -> "tick")
                        .await();
        assertEquals("Felix", result);
        assertEquals(
                Optional.of(Duration.ZERO), interval.tryTick()); // the first tick is still there
    }

    @Test
    void aSelectCanBeAwaitedInALoop() throws Exception {
        Channel<Integer> numbers = Channel.bounded(10);
        try (var tx = numbers.sender()) {
            for (int i = 1; i <= 10; i++) {
                tx.send(i);
            }
        }
        int[] sum = {0};
        Select<Boolean> next =
                Select.<Boolean>create()
                        .recvOrClosed(
                                numbers.receiver(),
                                n -> {
                                    n.ifPresent(v -> sum[0] += v);
                                    return n.isPresent();
                                });
        while (next.await()) {
            // sum them all
        }
        assertEquals(55, sum[0]);
    }

    @Test
    void aHandlerMayReceiveFromItsOwnChannel() throws Exception {
        Channel<String> ch = Channel.bounded(2);
        ch.sender().send("first");
        ch.sender().send("second");
        String both =
                Select.<String>create()
                        .recv(ch.receiver(), v -> v + "+" + ch.receiver().tryRecv().orElseThrow())
                        .await();
        assertEquals("first+second", both);
    }

    @Test
    void interruptWhileWaitingCommitsNothingAndLeavesNothingRegistered() throws Exception {
        Channel<String> in = Channel.bounded(1);
        Channel<String> full = Channel.bounded(1);
        full.sender().send("old");
        Channel<String> rendezvous = Channel.rendezvous();
        try (var scope = Scope.open()) {
            CountDownLatch done = new CountDownLatch(1);
            Fork<Object> fork =
                    scope.fork(
                            () -> {
                                done.await();
                                return null;
                            });
            var select =
                    startParked(
                            () ->
                                    Select.<String>create()
                                            .recv(in.receiver(), v -> "received")
                                            .send(full.sender(), "new", () -> "sent")
                                            .send(rendezvous.sender(), "r", () -> "handed off")
                                            .forkEnded(fork, r -> "fork ended")
                                            .await());
            assertEquals(1, full.core().waitingSenders());
            assertEquals(1, rendezvous.core().waitingSenders());
            select.thread().interrupt();
            assertInstanceOf(InterruptedException.class, failureOf(select.outcome()));

            assertFalse(in.core().hasWaitingReceiver());
            assertEquals(0, full.core().waitingSenders());
            assertEquals(0, rendezvous.core().waitingSenders());
            assertEquals(Optional.of("old"), full.receiver().tryRecv());
            assertEquals(Optional.empty(), full.receiver().tryRecv());
            assertEquals(Optional.empty(), rendezvous.receiver().tryRecv());
            in.sender().send("still here");
            assertEquals(Optional.of("still here"), in.receiver().tryRecv());
            done.countDown();
            scope.join();
        }
    }

    @Test
    void anInterruptedThreadDoesNotSelect() {
        Channel<String> cats = Channel.bounded(1);
        cats.sender().trySend("Felix");
        Thread.currentThread().interrupt();
        assertThrows(
                InterruptedException.class,
                () -> Select.<String>create().recv(cats.receiver(), c -> c).await());
        assertEquals(Optional.of("Felix"), cats.receiver().tryRecv());
    }

    @Test
    void anotherThreadReceivesWhileASelectWaitsOnTheChannelAndEachValueGoesToOne()
            throws Exception {
        Channel<String> ch = Channel.bounded(1);
        var select = startParked(() -> Select.<String>create().recv(ch.receiver(), v -> v).await());
        assertEquals(Optional.empty(), ch.receiver().tryRecv(), "nothing there yet");
        ch.sender().send("first");
        String bySelect = select.outcome().get();
        ch.sender().send("second");
        String byTryRecv = ch.receiver().tryRecv().orElseThrow();
        assertEquals(List.of("first", "second"), List.of(bySelect, byTryRecv));
    }

    @Test
    void theSameChannelCannotHaveTwoArms() {
        Channel<String> ch = Channel.bounded(1);
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                Select.<String>create()
                                        .recv(ch.receiver(), v -> v)
                                        .send(ch.sender(), "x", () -> "sent"));
        assertEquals(
                "the same channel cannot have two arms in one select: recv arm 0 already uses it,"
                        + " send arm 1 would too",
                e.getMessage());
    }

    @Test
    void aSelectWithManyArmsKeepsThemAllInOrderAndChecksEachForADuplicate() throws Exception {
        List<Channel<Integer>> channels = new java.util.ArrayList<>();
        Select<String> select = Select.create();
        for (int i = 0; i < 9; i++) { // past the first array (2 arms) and two doublings
            Channel<Integer> ch = Channel.bounded(1);
            channels.add(ch);
            int arm = i;
            select.recv(ch.receiver(), v -> "arm " + arm + " got " + v);
        }
        channels.get(8).sender().send(80);
        channels.get(5).sender().send(50);
        assertEquals("arm 5 got 50", select.await()); // biased: the first ready arm declared
        assertEquals("arm 8 got 80", select.await());
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> select.recv(channels.get(7).receiver(), v -> "again"));
        assertEquals(
                "the same channel cannot have two arms in one select: recv arm 7 already uses it,"
                        + " recv arm 9 would too",
                e.getMessage());
        assertTrue(select.toString().startsWith("Select[recv arm 0, recv arm 1, "));
        assertTrue(select.toString().endsWith("recv arm 8] biased"));
    }

    @Test
    void aSelectWithoutArmsIsRejected() {
        var e = assertThrows(IllegalStateException.class, () -> Select.create().await());
        assertEquals(
                "select has no arms: add a recv, recvOrClosed, send, forkEnded, tick, timeout or orElse"
                        + " arm before await()",
                e.getMessage());
    }

    @Test
    void badArgumentsAreRejectedByName() {
        Channel<String> ch = Channel.bounded(1);
        Select<String> select = Select.create();
        assertEquals(
                "handler",
                assertThrows(NullPointerException.class, () -> select.recv(ch.receiver(), null))
                        .getMessage());
        assertEquals(
                "value",
                assertThrows(
                                NullPointerException.class,
                                () -> select.send(ch.sender(), null, () -> "x"))
                        .getMessage());
        assertEquals(
                "duration must be positive, was PT0S",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> select.timeout(Duration.ZERO, () -> "x"))
                        .getMessage());
        select.orElse(() -> "x");
        assertEquals(
                "this select already has an orElse arm",
                assertThrows(IllegalStateException.class, () -> select.orElse(() -> "y"))
                        .getMessage());
        Sender<String> closed = ch.sender().clone();
        closed.close();
        assertEquals(
                "cannot add a send arm: this sender is closed",
                assertThrows(IllegalStateException.class, () -> select.send(closed, "x", () -> "x"))
                        .getMessage());
    }

    @Test
    void aHandlersExceptionIsThrownAsItIsAfterTheArmCommitted() {
        Channel<String> ch = Channel.bounded(1);
        ch.sender().trySend("v");
        var boom = new IllegalStateException("boom");
        var e =
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                Select.<String>create()
                                        .recv(
                                                ch.receiver(),
                                                v -> {
                                                    throw boom;
                                                })
                                        .await());
        assertEquals(boom, e);
        assertEquals(Optional.empty(), ch.receiver().tryRecv());
    }

    @Test
    void toStringListsTheArms() {
        Channel<String> ch = Channel.bounded(1);
        assertEquals(
                "Select[recv arm 0, timeout arm (PT1S), orElse arm] biased",
                Select.<String>create()
                        .recv(ch.receiver(), v -> v)
                        .timeout(Duration.ofSeconds(1), () -> "t")
                        .orElse(() -> "e")
                        .toString());
    }
}

package dev.weft;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Snapshot}: the open scopes as a tree, and the channels and work queues registered. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SnapshotTest {

    /** The scope named {@code name} anywhere in the snapshot's tree, if listed. */
    static Optional<Snapshot.ScopeInfo> find(Snapshot snapshot, String name) {
        List<Snapshot.ScopeInfo> todo = new ArrayList<>(snapshot.scopes());
        while (!todo.isEmpty()) {
            Snapshot.ScopeInfo s = todo.remove(todo.size() - 1);
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
            todo.addAll(s.children());
        }
        return Optional.empty();
    }

    static Optional<Snapshot.ChannelInfo> channel(Snapshot snapshot, String name) {
        return snapshot.channels().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    @Test
    void openScopeIsListedWithItsOwnerAndItsRunningForks() throws InterruptedException {
        Blocking a = new Blocking();
        Blocking b = new Blocking();
        Thread me = Thread.currentThread();
        try (var scope = Scope.open(c -> c.withName("snap-open"))) {
            scope.fork(a::untilInterrupted);
            scope.fork(b::untilInterrupted);
            a.started.await();
            b.started.await();

            Snapshot.ScopeInfo s = find(Snapshot.take(), "snap-open").orElseThrow();
            assertEquals("snap-open", s.threadName());
            assertEquals(me.getName(), s.owner());
            assertEquals(me.threadId(), s.ownerId());
            assertFalse(s.cancelled());
            assertEquals(Optional.empty(), s.timeLeft());
            assertFalse(s.age().isNegative());
            assertEquals(
                    List.of(
                            new Snapshot.ForkInfo(
                                    "snap-open-fork-1", Fork.State.RUNNING, "snap-open-fork-1"),
                            new Snapshot.ForkInfo(
                                    "snap-open-fork-2", Fork.State.RUNNING, "snap-open-fork-2")),
                    s.forks());
            assertEquals(List.of(), s.children());

            scope.cancel();
            assertThrows(ScopeCancelledException.class, scope::join);
        }
    }

    @Test
    void scopeOpenedByAForkIsListedAsItsChildWithTheChainOfThreadNames()
            throws InterruptedException {
        Blocking inner = new Blocking();
        AtomicReference<String> innerThread = new AtomicReference<>();
        try (var outer = Scope.open(c -> c.withName("snap-outer"))) {
            outer.fork(() -> "done");
            outer.fork(
                    () -> {
                        try (var payment = Scope.open(c -> c.withName("snap-payment"))) {
                            payment.fork(
                                    () -> {
                                        innerThread.set(Thread.currentThread().getName());
                                        return inner.untilInterrupted();
                                    });
                            payment.join();
                        }
                        return null;
                    });
            inner.started.await();

            Snapshot.ScopeInfo o = find(Snapshot.take(), "snap-outer").orElseThrow();
            assertEquals(1, o.children().size());
            Snapshot.ScopeInfo p = o.children().get(0);
            assertEquals("snap-payment", p.name());
            assertEquals("snap-outer-fork-2/snap-payment", p.threadName());
            assertEquals("snap-outer-fork-2", p.owner());
            assertEquals(
                    List.of(
                            new Snapshot.ForkInfo(
                                    "snap-payment-fork-1",
                                    Fork.State.RUNNING,
                                    "snap-outer-fork-2/snap-payment-fork-1")),
                    p.forks());
            assertEquals("snap-outer-fork-2/snap-payment-fork-1", innerThread.get());

            outer.cancel();
            assertThrows(ScopeCancelledException.class, outer::join);
        }
    }

    @Test
    void closedScopeIsNoLongerListed() throws InterruptedException {
        try (var scope = Scope.open(c -> c.withName("snap-closed"))) {
            assertTrue(find(Snapshot.take(), "snap-closed").isPresent());
            scope.fork(() -> 1);
            scope.join();
        }
        assertEquals(Optional.empty(), find(Snapshot.take(), "snap-closed"));
    }

    @Test
    void scopeWithADeadlineShowsTheTimeLeft() {
        Duration timeout = Duration.ofHours(1);
        try (var scope = Scope.open(c -> c.withName("snap-deadline").withTimeout(timeout))) {
            Snapshot.ScopeInfo s = find(Snapshot.take(), "snap-deadline").orElseThrow();
            Duration left = s.timeLeft().orElseThrow();
            assertEquals(timeout, left.plus(s.age()));
            assertTrue(left.compareTo(timeout) <= 0 && !left.isNegative(), left.toString());
        }
    }

    @Test
    void scopeWhoseDeadlinePassedShowsANegativeTimeLeft() throws InterruptedException {
        try (var scope =
                Scope.open(c -> c.withName("snap-late").withTimeout(Duration.ofMillis(1)))) {
            Blocking task = new Blocking();
            scope.fork(task::untilInterrupted); // may never start: the deadline can pass first
            await().atMost(Duration.ofSeconds(10)).until(scope::isCancelled);
            Snapshot.ScopeInfo s = find(Snapshot.take(), "snap-late").orElseThrow();
            assertTrue(s.timeLeft().orElseThrow().isNegative(), s.toString());
            assertTrue(s.cancelled());
            assertThrows(ScopeTimeoutException.class, scope::join);
        }
    }

    @Test
    void registeredChannelShowsCapacityBufferedAndWaitingSendersExactly()
            throws InterruptedException {
        Channel<Integer> ch = Channel.bounded(2);
        try (var registration = Snapshot.register("snap-full", ch);
                var scope = Scope.open()) {
            ch.sender().send(1);
            ch.sender().send(2);
            List<Thread> senders = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 3; i++) {
                int v = 3 + i;
                scope.fork(
                        () -> {
                            senders.add(Thread.currentThread());
                            ch.sender().send(v);
                            return null;
                        });
            }
            await().until(
                            () ->
                                    senders.size() == 3
                                            && senders.stream()
                                                    .allMatch(
                                                            t ->
                                                                    t.getState()
                                                                            == Thread.State.WAITING)
                                            && ch.core().waitingSenders() == 3);

            assertEquals(
                    new Snapshot.ChannelInfo("snap-full", "bounded", 2, 2, 3, false),
                    channel(Snapshot.take(), "snap-full").orElseThrow());

            for (int i = 0; i < 5; i++) {
                ch.receiver().recv();
            }
            scope.join();
            ch.sender().close();
            assertEquals(
                    new Snapshot.ChannelInfo("snap-full", "bounded", 2, 0, 0, true),
                    channel(Snapshot.take(), "snap-full").orElseThrow());
        }
    }

    @Test
    void channelKindsAreNamedAfterTheirFactories() throws InterruptedException {
        Channel<String> unbounded = Channel.unbounded();
        Channel<String> rendezvous = Channel.rendezvous();
        try (var u = Snapshot.register("snap-unbounded", unbounded);
                var r = Snapshot.register("snap-rendezvous", rendezvous)) {
            unbounded.sender().send("x");
            Snapshot s = Snapshot.take();
            assertEquals(
                    new Snapshot.ChannelInfo(
                            "snap-unbounded", "unbounded", Channel.UNBOUNDED, 1, 0, false),
                    channel(s, "snap-unbounded").orElseThrow());
            assertEquals(
                    new Snapshot.ChannelInfo("snap-rendezvous", "rendezvous", 0, 0, 0, false),
                    channel(s, "snap-rendezvous").orElseThrow());
            int u1 = s.channels().indexOf(channel(s, "snap-unbounded").orElseThrow());
            int r1 = s.channels().indexOf(channel(s, "snap-rendezvous").orElseThrow());
            assertTrue(u1 < r1, "registration order");
        }
    }

    @Test
    void closingARegistrationUnregistersItOnceAndForAll() {
        Channel<String> ch = Channel.bounded(4);
        Snapshot.Registration registration = Snapshot.register("snap-unregistered", ch);
        assertTrue(channel(Snapshot.take(), "snap-unregistered").isPresent());
        registration.close();
        assertEquals(Optional.empty(), channel(Snapshot.take(), "snap-unregistered"));
        registration.close(); // idempotent
        assertEquals(Optional.empty(), channel(Snapshot.take(), "snap-unregistered"));
    }

    @Test
    void forgottenRegistrationDoesNotKeepAnUnreachableChannel() {
        WeakReference<Object> core = registerAndDrop("snap-dropped");
        assertTrue(channel(Snapshot.take(), "snap-dropped").isPresent() || core.get() == null);
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> {
                            System.gc();
                            return core.get() == null
                                    && channel(Snapshot.take(), "snap-dropped").isEmpty();
                        });
    }

    /** Registers a channel and keeps only the registration (never closed) and a weak reference. */
    private static WeakReference<Object> registerAndDrop(String name) {
        Channel<String> ch = Channel.bounded(1);
        Snapshot.register(name, ch); // forgotten: never closed
        return new WeakReference<>(ch.core());
    }

    @Test
    void channelStaysListedWhileOnlyAHandleIsReachable() {
        Sender<String> tx = registerKeepingTheSender("snap-handle");
        System.gc();
        assertTrue(channel(Snapshot.take(), "snap-handle").isPresent());
        tx.close();
        assertTrue(channel(Snapshot.take(), "snap-handle").orElseThrow().closed());
    }

    private static Sender<String> registerKeepingTheSender(String name) {
        Channel<String> ch = Channel.bounded(1);
        Snapshot.register(name, ch);
        return ch.sender();
    }

    @Test
    void registeredWorkQueueShowsItsStats() throws InterruptedException {
        try (var scope = Scope.open()) {
            WorkQueue<Integer, Integer> queue =
                    WorkQueue.start(scope, c -> c.withCapacity(4).withWorkers(2), x -> x * 2);
            try (var registration = Snapshot.register("snap-queue", queue)) {
                assertEquals(6, queue.request(3));
                Snapshot.WorkQueueInfo info =
                        Snapshot.take().workQueues().stream()
                                .filter(q -> q.name().equals("snap-queue"))
                                .findFirst()
                                .orElseThrow();
                assertEquals(new WorkQueue.Stats(1, 0, 0, 0, 2), info.stats());
            }
            queue.close();
            scope.join();
        }
    }

    @Test
    void badRegistrationsAreRefusedNamingTheBadValue() {
        Channel<String> ch = Channel.bounded(1);
        assertEquals(
                "name",
                assertThrows(NullPointerException.class, () -> Snapshot.register(null, ch))
                        .getMessage());
        assertEquals(
                "channel",
                assertThrows(
                                NullPointerException.class,
                                () -> Snapshot.register("x", (Channel<?>) null))
                        .getMessage());
        assertEquals(
                "queue",
                assertThrows(
                                NullPointerException.class,
                                () -> Snapshot.register("x", (WorkQueue<?, ?>) null))
                        .getMessage());
        assertEquals(
                "name must not be blank, was ' '",
                assertThrows(IllegalArgumentException.class, () -> Snapshot.register(" ", ch))
                        .getMessage());
    }

    @Test
    void toStringIsAnIndentedTree() throws InterruptedException {
        Blocking inner = new Blocking();
        Channel<String> ch = Channel.bounded(8);
        try (var registration = Snapshot.register("snap-text-channel", ch);
                var outer = Scope.open(c -> c.withName("snap-text"))) {
            outer.fork(
                    () -> {
                        try (var child = Scope.open(c -> c.withName("snap-text-child"))) {
                            child.fork(inner::untilInterrupted);
                            child.join();
                        }
                        return null;
                    });
            inner.started.await();
            String text = Snapshot.take().toString();
            assertTrue(text.startsWith("Snapshot at "), text);
            String owner = Thread.currentThread().getName();
            long id = Thread.currentThread().threadId();
            assertTrue(
                    text.contains("\n  scope snap-text, owner " + owner + " #" + id + ", age "),
                    text);
            assertTrue(text.contains("\n    fork snap-text-fork-1 RUNNING\n"), text);
            assertTrue(
                    text.contains(
                            "\n    scope snap-text-child (threads"
                                    + " snap-text-fork-1/snap-text-child-fork-<n>), owner"
                                    + " snap-text-fork-1 #"),
                    text);
            assertTrue(
                    text.contains(
                            "\n      fork snap-text-child-fork-1 RUNNING, thread"
                                    + " snap-text-fork-1/snap-text-child-fork-1"),
                    text);
            assertTrue(
                    text.contains(
                            "\n  channel snap-text-channel: bounded, capacity 8, buffered 0,"
                                    + " waiting senders 0"),
                    text);
            outer.cancel();
            assertThrows(ScopeCancelledException.class, outer::join);
        }
    }

    @Test
    void takeNeverThrowsWhileScopesOpenAndClose() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger cycles = new AtomicInteger();
        List<Thread> churners = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            churners.add(
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        while (!stop.get()) {
                                            try (var s = Scope.open(c -> c.withName("churn"))) {
                                                s.fork(
                                                        () -> {
                                                            try (var n = Scope.open()) {
                                                                n.fork(() -> 1);
                                                                n.fork(() -> 2);
                                                                n.join();
                                                            }
                                                            return null;
                                                        });
                                                s.fork(() -> 3);
                                                s.join();
                                            } catch (InterruptedException e) {
                                                return;
                                            }
                                            cycles.incrementAndGet();
                                        }
                                    }));
        }
        try {
            int taken = 0;
            while (taken < 2_000 || cycles.get() < 2_000) {
                Snapshot s = Snapshot.take();
                assertNotNull(s.toString());
                for (Snapshot.ScopeInfo root : s.scopes()) {
                    for (Snapshot.ScopeInfo child : root.children()) {
                        if (root.name().equals("churn")) {
                            assertEquals("churn-fork-1/" + child.name(), child.threadName());
                        }
                    }
                }
                taken++;
            }
        } finally {
            stop.set(true);
            for (Thread t : churners) {
                t.join();
            }
        }
        assertEquals(Optional.empty(), find(Snapshot.take(), "churn"));
    }

    @Test
    void tenThousandScopesOpenedAndClosedLeaveNothingRegistered() throws Exception {
        int threads = 4;
        List<WeakReference<Scope>> some = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread.ofVirtual()
                    .start(
                            () -> {
                                try {
                                    for (int i = 0; i < 2_500; i++) {
                                        try (var s = Scope.open(c -> c.withName("leak"))) {
                                            if (i % 100 == 0) {
                                                some.add(new WeakReference<>(s));
                                            }
                                        }
                                    }
                                } finally {
                                    done.countDown();
                                }
                            });
        }
        done.await();
        assertEquals(Optional.empty(), find(Snapshot.take(), "leak"));
        // Removed nodes wait at most for their stripe's next clean-up (see ChildScopes).
        int open = OpenScopes.roots().size();
        int linked = OpenScopes.linkedNodes();
        assertTrue(
                linked - open <= OpenScopes.STRIPES * (32 + threads),
                "removed nodes still linked: " + (linked - open));
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> {
                            System.gc();
                            return some.stream().allMatch(r -> r.get() == null);
                        });
    }
}

package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The package's table of forms, one test per row: for each type, what its blocking, never-blocking
 * and timed calls do when nothing is ready, when the time runs out, when the other side is closed
 * and when a task failed. Each test walks its row from left to right.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FormsTest {
    private static final Duration SHORT = Duration.ofMillis(20);

    @Test
    void senderRow() throws Exception {
        var ch = Channel.<String>bounded(1);
        Sender<String> tx = ch.sender();
        tx.send("a"); // blocks only while full
        assertFalse(tx.trySend("b"), "never blocks: false when full");
        assertThrows(TimeoutException.class, () -> tx.send("b", SHORT), "timed");
        assertFalse(tx.isReceiverClosed(), "waiting for the receiver to go: never blocks");
        assertThrows(TimeoutException.class, () -> tx.closed(SHORT), "timed");
        ch.receiver().close();
        tx.closed(); // blocks until the receiving side is closed: returns at once now
        tx.closed(SHORT);
        var closed = assertThrows(ChannelClosedException.class, () -> tx.send("c"));
        assertEquals("c", closed.unsentValue());
        assertEquals(
                "d",
                assertThrows(ChannelClosedException.class, () -> tx.trySend("d")).unsentValue());
        assertEquals(
                "e",
                assertThrows(ChannelClosedException.class, () -> tx.send("e", SHORT))
                        .unsentValue());
    }

    @Test
    void receiverRow() throws Exception {
        var ch = Channel.<String>bounded(4);
        Receiver<String> rx = ch.receiver();
        assertEquals(Optional.empty(), rx.tryRecv(), "never blocks: empty when nothing is there");
        assertThrows(TimeoutException.class, () -> rx.recv(SHORT), "timed");
        ch.sender().send("a");
        ch.sender().send("b");
        ch.sender().send("c");
        ch.sender().send("d");
        ch.sender().close();
        assertTrue(rx.isClosed(), "closed, not yet drained");
        assertFalse(rx.isDone());
        assertEquals("a", rx.recv(), "values buffered before the close are still received");
        assertEquals(Optional.of("b"), rx.tryRecv());
        List<String> batch = new ArrayList<>();
        assertEquals(2, rx.recvMany(batch, 5), "blocks for the first only");
        assertEquals(List.of("c", "d"), batch);
        assertTrue(rx.isDone());
        assertThrows(ChannelClosedException.class, rx::recv, "closed and drained");
        assertThrows(ChannelClosedException.class, rx::tryRecv);
        assertThrows(ChannelClosedException.class, () -> rx.recv(SHORT));
        assertThrows(ChannelClosedException.class, () -> rx.recvMany(batch, 5));
        assertFalse(rx.iterator().hasNext(), "the iteration ends normally");
        assertEquals(0, rx.stream().count(), "so does the stream");
    }

    @Test
    void oneshotSenderRow() throws Exception {
        var delivered = Oneshot.<String>create();
        delivered.sender().send("a"); // never blocks: a oneshot is never full
        assertEquals("a", delivered.receiver().recv());

        var refused = Oneshot.<String>create();
        refused.receiver().close();
        var closed = assertThrows(ChannelClosedException.class, () -> refused.sender().send("b"));
        assertEquals("b", closed.unsentValue());
    }

    @Test
    void oneshotReceiverRow() throws Exception {
        var once = Oneshot.<String>create();
        OneshotReceiver<String> rx = once.receiver();
        assertEquals(Optional.empty(), rx.tryRecv(), "never blocks: empty before the send");
        assertThrows(TimeoutException.class, () -> rx.recv(SHORT), "timed");
        once.sender().close(); // closed without sending
        assertThrows(ChannelClosedException.class, rx::recv);
        assertThrows(ChannelClosedException.class, rx::tryRecv);
        assertThrows(ChannelClosedException.class, () -> rx.recv(SHORT));
    }

    @Test
    void broadcastSenderRow() {
        var bc = Broadcast.<String>create(1);
        BroadcastSender<String> tx = bc.sender();
        var rx = bc.subscribe();
        assertEquals(1, tx.send("a"), "never blocks: the count of subscribers reached");
        assertEquals(1, tx.send("b"), "never full: the oldest is overwritten");
        rx.close();
        var closed = assertThrows(ChannelClosedException.class, () -> tx.send("c"));
        assertEquals("c", closed.unsentValue(), "no subscriber open: with the value");
    }

    @Test
    void broadcastReceiverRow() throws Exception {
        var bc = Broadcast.<String>create(1);
        BroadcastReceiver<String> rx = bc.subscribe();
        assertEquals(Optional.empty(), rx.tryRecv(), "never blocks: empty when nothing new");
        assertThrows(TimeoutException.class, () -> rx.recv(SHORT), "timed");
        bc.sender().send("a");
        bc.sender().send("b");
        assertEquals(1, assertThrows(LaggedException.class, rx::tryRecv).missed(), "fell behind");
        assertEquals("b", rx.recv(), "then it continues");
        bc.sender().send("c");
        bc.sender().close();
        assertEquals(Optional.of("c"), rx.tryRecv(), "values sent before the close are received");
        assertThrows(ChannelClosedException.class, rx::recv, "closed and drained");
        assertThrows(ChannelClosedException.class, rx::tryRecv);
        assertThrows(ChannelClosedException.class, () -> rx.recv(SHORT));
        assertFalse(rx.iterator().hasNext(), "the iteration ends normally");
    }

    @Test
    void watchSenderRow() {
        var w = Watch.create("a");
        WatchSender<String> tx = w.sender();
        var rx = w.subscribe();
        tx.send("b"); // never blocks: a watch is never full
        tx.update(v -> v + "u");
        tx.modify(v -> {});
        rx.close();
        var closed = assertThrows(ChannelClosedException.class, () -> tx.send("c"));
        assertEquals("c", closed.unsentValue(), "no receiver open: with the value");
        tx.update(v -> v + "!");
        assertEquals("bu!", tx.get(), "update and modify still change the value");
    }

    @Test
    void watchReceiverRow() throws Exception {
        var w = Watch.create("a");
        WatchReceiver<String> rx = w.subscribe();
        assertEquals(Optional.empty(), rx.tryChanged(), "never blocks: empty when nothing unseen");
        assertEquals("a", rx.get(), "never blocks: the latest value");
        assertThrows(TimeoutException.class, () -> rx.changed(SHORT), "timed");
        w.sender().send("b");
        w.sender().close();
        assertEquals("b", rx.changed(), "the last value, unseen, comes first");
        assertThrows(ChannelClosedException.class, rx::changed, "closed, last version seen");
        assertThrows(ChannelClosedException.class, rx::tryChanged);
        assertThrows(ChannelClosedException.class, () -> rx.changed(SHORT));
        assertEquals("b", rx.get(), "get() keeps working");
    }

    @Test
    void workQueueRow() throws Exception {
        var busy = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var failure = new IOException("disk full");
        try (var scope = Scope.open()) {
            var queue =
                    WorkQueue.<Integer, Integer>start(
                            scope,
                            c -> c.withCapacity(0), // a request waits until the worker takes it
                            input -> {
                                if (input < 0) {
                                    throw failure;
                                }
                                busy.countDown();
                                release.await();
                                return input * 10;
                            });
            var first = scope.fork(() -> queue.request(2)); // blocks the one worker
            busy.await();
            assertEquals(Optional.empty(), queue.tryRequest(1), "never blocks: empty when full");
            assertThrows(TimeoutException.class, () -> queue.request(3, SHORT), "timed");
            release.countDown();
            var failed = assertThrows(TaskFailedException.class, () -> queue.request(-1));
            assertSame(failure, failed.getCause(), "task failed: the handler's exception");
            queue.close();
            var closed = assertThrows(ChannelClosedException.class, () -> queue.request(4));
            assertEquals(4, closed.unsentValue());
            scope.join();
            assertEquals(20, first.get());
        }
    }

    @Test
    void blockingPoolRow() throws Exception {
        var failure = new IOException("no such file");
        var pool = BlockingPool.create("forms", 1);
        assertEquals(3, pool.call(() -> 3));
        var failed =
                assertThrows(TaskFailedException.class, () -> pool.call(Blocking.failing(failure)));
        assertSame(failure, failed.getCause());
        pool.close();
        Callable<Integer> work = () -> 4;
        var closed = assertThrows(ChannelClosedException.class, () -> pool.call(work));
        assertSame(work, closed.unsentValue());
    }

    @Test
    void joinSetRow() throws Exception {
        var failure = new IOException("lost");
        var release = new CountDownLatch(1);
        try (JoinSet<Object> set = JoinSet.open()) {
            set.spawn(Blocking.failingAfter(release, failure));
            assertEquals(
                    Optional.empty(), set.tryJoinNext(), "never blocks: empty when none ended");
            assertThrows(TimeoutException.class, () -> set.joinNext(SHORT), "timed");
            release.countDown();
            Result<Object> outcome = set.joinNext().orElseThrow();
            assertEquals(new Result.Err<>(failure), outcome, "task failed: a value");
            assertEquals(Optional.empty(), set.joinNext(), "no task left: empty, not closed");
        }
    }

    @Test
    void intervalRow() throws Exception {
        var interval = Interval.every(Duration.ofHours(1));
        assertEquals(Optional.of(Duration.ZERO), interval.tryTick(), "the first tick is at once");
        assertEquals(Optional.empty(), interval.tryTick(), "never blocks: empty until due");
    }

    @Test
    void selectRow() throws Exception {
        var ch = Channel.<String>bounded(1);
        Select<String> select = Select.<String>create().recv(ch.receiver(), v -> "got " + v);
        assertEquals("nothing", select.orElse(() -> "nothing").await(), "never blocks: orElse");
        assertEquals(
                "late",
                Select.<String>create()
                        .recv(ch.receiver(), v -> v)
                        .timeout(SHORT, () -> "late")
                        .await(),
                "timed: the timeout arm");
        var io = new IOException("handler I/O");
        ch.sender().send("x");
        var failed =
                assertThrows(
                        TaskFailedException.class,
                        () ->
                                Select.<String>create()
                                        .recv(
                                                ch.receiver(),
                                                v -> {
                                                    throw io;
                                                })
                                        .await());
        assertSame(io, failed.getCause(), "a handler's checked exception: TaskFailedException");
        ch.sender().close();
        assertThrows(
                ChannelClosedException.class,
                () -> Select.<String>create().recv(ch.receiver(), v -> v).await(),
                "every arm disabled");
        var closedOut = Channel.<String>bounded(1);
        closedOut.receiver().close();
        assertEquals(
                "back: y",
                Select.<String>create()
                        .recv(ch.receiver(), v -> v)
                        .sendOrClosed(closedOut.sender(), "y", () -> "sent", v -> "back: " + v)
                        .await(),
                "every arm disabled but a sendOrClosed: it commits with the unsent value");
        var news = Broadcast.<String>create(1);
        var subscriber = news.subscribe();
        news.sender().send("a");
        news.sender().send("b");
        assertThrows(
                LaggedException.class,
                () -> Select.<String>create().recv(subscriber, v -> v).await(),
                "a broadcast arm that fell behind: LaggedException");
    }

    @Test
    void scopeRow() throws Exception {
        var failure = new IOException("down");
        try (var scope = Scope.open()) {
            scope.fork(Blocking.failing(failure));
            var failed = assertThrows(ScopeFailedException.class, scope::join);
            assertInstanceOf(TaskFailedException.class, failed, "a ScopeFailedException is one");
            assertSame(failure, failed.getCause());
        }
        try (var scope = Scope.open(c -> c.withTimeout(SHORT))) {
            var blocking = new Blocking();
            scope.fork(blocking::untilInterrupted);
            assertThrows(ScopeTimeoutException.class, scope::join, "the deadline");
        }
    }

    @Test
    void forkAndResultRow() throws Exception {
        var failure = new IOException("boom");
        var blocking = new Blocking();
        try (var scope = Scope.open()) {
            Fork<Object> cancelled = scope.fork(blocking::untilInterrupted);
            blocking.started.await();
            Fork<Object> failed = scope.fork(Blocking.failing(failure)); // fail-fast cancels
            assertThrows(ScopeFailedException.class, scope::join);
            var get = assertThrows(TaskFailedException.class, failed::get);
            assertSame(failure, get.getCause(), "task failed: its exception is the cause");
            assertThrows(CancellationException.class, cancelled::get, "cancelled: not a failure");
        }
        assertEquals(7, new Result.Ok<>(7).getOrThrow());
        var err =
                assertThrows(
                        TaskFailedException.class, () -> new Result.Err<>(failure).getOrThrow());
        assertSame(failure, err.getCause());
    }

    @Test
    void tasksRow() throws Exception {
        var failure = new IOException("one of them");
        var failed =
                assertThrows(
                        ScopeFailedException.class,
                        () -> Tasks.tryJoinAll(List.of(() -> 1, Blocking.failing(failure))));
        assertSame(failure, failed.getCause());
        assertThrows(
                TimeoutException.class,
                () -> Tasks.timeout(SHORT, () -> new Blocking().untilInterrupted()));
        List<Result<Object>> all = Tasks.joinAll(List.of(() -> 1, Blocking.failing(failure)));
        assertEquals(List.of(new Result.Ok<>(1), new Result.Err<>(failure)), all);
        assertTrue(all.get(0).isOk());
    }

    @Test
    void snapshotRow() throws Exception {
        var ch = Channel.<String>bounded(1);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder =
                Thread.ofPlatform()
                        .start(
                                () -> {
                                    ch.core()
                                            .sendQueue
                                            .lock()
                                            .lock(); // what a parking sender takes
                                    try {
                                        locked.countDown();
                                        release.await();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    } finally {
                                        ch.core().sendQueue.lock().unlock();
                                    }
                                });
        locked.await();
        try (var registration = Snapshot.register("forms-row", ch)) { // never blocks
            Snapshot s = Snapshot.take(); // never blocks, even with the channel's lock held
            assertEquals(
                    1, s.channels().stream().filter(c -> c.name().equals("forms-row")).count());
        } finally {
            release.countDown();
            holder.join();
        }
    }
}

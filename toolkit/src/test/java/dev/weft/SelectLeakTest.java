package dev.weft;

import static dev.weft.ChannelLeakTest.awaitCollected;
import static dev.weft.ChannelLeakTest.interruptParkedParties;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Interrupted and timed-out selects leave nothing behind: no waiter stays registered with a
 * channel, a fork or a oneshot, no waker with a broadcast or watch, and every thread that waited
 * can be collected. 10^5 interrupted selects in CI ({@code WEFT_STRESS=10}: 10^6).
 */
@Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SelectLeakTest {

    /** What one select waits on: an empty channel, a full one, a rendezvous with no receiver. */
    record Arms(Channel<Integer> empty, Channel<Integer> full, Channel<Integer> rendezvous) {}

    @Test
    void interruptedSelectsLeaveNoWaiterReachable() throws Exception {
        List<Arms> targets = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Channel<Integer> full = Channel.bounded(1);
            full.sender().send(0);
            targets.add(new Arms(Channel.unbounded(), full, Channel.rendezvous()));
        }
        List<WeakReference<Thread>> parked =
                interruptParkedParties(
                        100 * Stress.scale(),
                        targets,
                        arms ->
                                Select.<String>create()
                                        .recv(arms.empty().receiver(), v -> "received")
                                        .send(arms.full().sender(), 1, () -> "sent")
                                        .send(arms.rendezvous().sender(), 2, () -> "handed off")
                                        .await());
        for (Arms arms : targets) {
            assertFalse(arms.empty().core().hasWaitingReceiver(), "a receive arm stayed");
            assertEquals(0, arms.full().core().waitingSenders(), "a send arm stayed");
            assertEquals(0, arms.rendezvous().core().waitingSenders(), "a send arm stayed");
            assertEquals(1, arms.full().receiver().size(), "a losing send arm sent");
        }
        awaitCollected(parked);
    }

    /**
     * What a select on the newer arms waits on: a oneshot, a broadcast, a watch, a full channel.
     */
    record NewerArms(
            Oneshot<Integer> reply,
            BroadcastReceiver<Integer> news,
            WatchReceiver<Integer> config,
            Channel<Integer> full) {}

    @Test
    void interruptedSelectsOnOneshotBroadcastAndWatchArmsLeaveNothingRegistered() throws Exception {
        List<NewerArms> targets = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Channel<Integer> full = Channel.bounded(1);
            full.sender().send(0);
            targets.add(
                    new NewerArms(
                            Oneshot.create(),
                            Broadcast.<Integer>create(4).subscribe(),
                            Watch.create(0).subscribe(),
                            full));
        }
        List<WeakReference<Thread>> parked =
                interruptParkedParties(
                        100 * Stress.scale(),
                        targets,
                        arms ->
                                Select.<String>create()
                                        .recv(arms.reply().receiver(), v -> "reply")
                                        .recv(arms.news(), v -> "news")
                                        .changed(arms.config(), v -> "config")
                                        .sendOrClosed(
                                                arms.full().sender(), 1, () -> "sent", v -> "no")
                                        .await());
        for (NewerArms arms : targets) {
            assertFalse(arms.reply().hasWaitingReceiver(), "a oneshot arm stayed");
            assertEquals(0, arms.news().core().wakerCount(), "a broadcast waker stayed");
            assertEquals(0, arms.config().core().wakerCount(), "a watch waker stayed");
            assertEquals(0, arms.full().core().waitingSenders(), "a sendOrClosed arm stayed");
            assertEquals(1, arms.full().receiver().size(), "a losing sendOrClosed arm sent");
        }
        awaitCollected(parked);
    }

    @Test
    void selectingOverAQuietWatchInALoopDoesNotPileUpWakers() throws Exception {
        int selects = 100_000 * Stress.scale();
        WatchReceiver<Integer> config = Watch.create(0).subscribe();
        Select<String> select =
                Select.<String>create()
                        .changed(config, v -> "changed")
                        .timeout(Duration.ofNanos(1_000), () -> "timed out");
        for (int i = 0; i < selects; i++) {
            assertEquals("timed out", select.await());
            assertEquals(0, config.core().wakerCount(), "a waker stayed registered");
        }
    }

    @Test
    void selectingOverALongRunningForkInALoopDoesNotPileUpRegistrations() throws Exception {
        int selects = 100_000 * Stress.scale();
        CountDownLatch done = new CountDownLatch(1);
        try (var scope = Scope.open()) {
            var fork =
                    (ForkImpl<Object>)
                            scope.fork(
                                    () -> {
                                        done.await();
                                        return null;
                                    });
            Select<String> select =
                    Select.<String>create()
                            .forkEnded(fork, r -> "ended")
                            .timeout(Duration.ofNanos(1_000), () -> "timed out");
            int most = 0;
            for (int i = 0; i < selects; i++) {
                assertEquals("timed out", select.await());
                most = Math.max(most, fork.watcherCount());
            }
            assertTrue(most <= 1, "registrations piled up: " + most);
            done.countDown();
            assertEquals("ended", Select.<String>create().forkEnded(fork, r -> "ended").await());
            scope.join();
            assertEquals(-1, fork.watcherCount());
        }
    }
}

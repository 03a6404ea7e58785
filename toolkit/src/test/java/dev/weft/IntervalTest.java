package dev.weft;

import static dev.weft.ChannelContractTest.failureOf;
import static dev.weft.ChannelContractTest.startParked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Interval}: the schedule, the three missed-tick behaviours, interrupts and bad input. The
 * missed-tick tests stand for a busy taker by sleeping past the schedule; what they assert is the
 * schedule the interval reports, not timing.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IntervalTest {

    @Test
    void theFirstTickIsDueAtOnceAndTheNextOnesEveryPeriod() throws Exception {
        long start = System.nanoTime();
        Interval interval = Interval.every(Duration.ofMillis(10));
        List<Duration> ticks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ticks.add(interval.tick());
        }
        long elapsed = System.nanoTime() - start;
        assertEquals(
                List.of(
                        Duration.ZERO,
                        Duration.ofMillis(10),
                        Duration.ofMillis(20),
                        Duration.ofMillis(30)),
                ticks);
        assertTrue(elapsed >= Duration.ofMillis(30).toNanos(), "elapsed " + elapsed);
    }

    @Test
    void tryTickTakesOnlyADueTick() {
        Interval interval = Interval.every(Duration.ofHours(1));
        assertEquals(Optional.of(Duration.ZERO), interval.tryTick());
        assertEquals(Optional.empty(), interval.tryTick());
    }

    @Test
    void burstDeliversEveryMissedTickAtOnce() throws Exception {
        Interval interval = Interval.every(Duration.ofMillis(20), Interval.MissedTick.BURST);
        interval.tick();
        Thread.sleep(75); // busy for more than three periods: ticks 20, 40 and 60 are missed
        assertEquals(Optional.of(Duration.ofMillis(20)), interval.tryTick());
        assertEquals(Optional.of(Duration.ofMillis(40)), interval.tryTick());
        assertEquals(Optional.of(Duration.ofMillis(60)), interval.tryTick());
        assertEquals(Duration.ofMillis(80), interval.tick()); // back on the schedule
    }

    @Test
    void skipDropsTheMissedTicksAndKeepsTheSchedule() throws Exception {
        Interval interval = Interval.every(Duration.ofMillis(20), Interval.MissedTick.SKIP);
        interval.tick();
        Thread.sleep(75);
        assertEquals(Optional.of(Duration.ofMillis(20)), interval.tryTick()); // the late one
        assertEquals(Optional.empty(), interval.tryTick()); // 40 and 60 were dropped
        Duration next = interval.tick();
        assertEquals(0, next.toMillis() % 20, "on the original schedule: " + next);
        assertTrue(next.toMillis() >= 80, "after the sleep: " + next);
    }

    @Test
    void delayStartsANewScheduleOnePeriodAfterTheLateTick() throws Exception {
        Interval interval = Interval.every(Duration.ofMillis(20), Interval.MissedTick.DELAY);
        interval.tick();
        Thread.sleep(75);
        long lateTickTaken = System.nanoTime();
        assertEquals(Optional.of(Duration.ofMillis(20)), interval.tryTick());
        assertEquals(Optional.empty(), interval.tryTick());
        interval.tick();
        assertTrue(
                System.nanoTime() - lateTickTaken >= Duration.ofMillis(20).toNanos(),
                "the next tick waits a whole period after the late one");
    }

    @Test
    void aTickLateByLessThanAPeriodDoesNotMoveTheSchedule() throws Exception {
        Interval interval = Interval.every(Duration.ofMillis(200), Interval.MissedTick.DELAY);
        interval.tick();
        Thread.sleep(250); // tick 200 is late by 50 ms, tick 400 is not due yet
        assertEquals(Optional.of(Duration.ofMillis(200)), interval.tryTick());
        assertEquals(Duration.ofMillis(400), interval.tick());
    }

    @Test
    void anInterruptedTickThrowsAndTakesNothing() throws Exception {
        Interval interval = Interval.every(Duration.ofHours(1));
        interval.tick();
        var waiting = startParked(interval::tick);
        waiting.thread().interrupt();
        assertInstanceOf(InterruptedException.class, failureOf(waiting.outcome()));
        assertEquals(Optional.empty(), interval.tryTick());
    }

    @Test
    void badArgumentsAreRejectedByName() {
        assertEquals(
                "period must be positive, was PT0S",
                assertThrows(IllegalArgumentException.class, () -> Interval.every(Duration.ZERO))
                        .getMessage());
        assertEquals(
                "period",
                assertThrows(NullPointerException.class, () -> Interval.every(null)).getMessage());
        assertEquals(
                "missedTick",
                assertThrows(
                                NullPointerException.class,
                                () -> Interval.every(Duration.ofSeconds(1), null))
                        .getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Interval.every(Duration.ofSeconds(Long.MAX_VALUE)));
    }

    @Test
    void toStringSaysThePeriodAndTheBehaviour() {
        assertEquals(
                "Interval[every PT0.1S, SKIP]",
                Interval.every(Duration.ofMillis(100), Interval.MissedTick.SKIP).toString());
    }
}

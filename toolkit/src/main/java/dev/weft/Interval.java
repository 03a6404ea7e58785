package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A clock that ticks every {@code period}: tokio's {@code time::interval}. The first tick is due at
 * once, the next one {@code period} later, and so on.
 *
 * {@snippet :
 * var everySecond = Interval.every(Duration.ofSeconds(1));
 * while (running) {
 *     everySecond.tick();                       // waits for the next tick
 *     System.out.println("still alive");
 * }
 * }
 *
 * <p>An interval is also an arm of a {@link Select}, which is how a loop that waits for work
 * reports progress on a schedule:
 *
 * {@snippet :
 * var report = Interval.every(Duration.ofMillis(100));
 * while (true) {
 *     boolean more = Select.<Boolean>create()
 *             .recv(work, job -> { handle(job); return true; })
 *             .tick(report, at -> { System.out.println("handled " + count); return true; })
 *             .recvOrClosed(stop, closed -> false)
 *             .await();
 *     if (!more) break;
 * }
 * }
 *
 * <p><b>Missed ticks.</b> A tick is <em>missed</em> when it is taken so late that the next one is
 * already due too (the taker was busy for a whole period). What then happens is the interval's
 * {@link MissedTick} behaviour, as in tokio's {@code MissedTickBehavior}: {@link MissedTick#BURST
 * BURST} (the default) delivers the missed ticks at once, one per call, until the schedule has
 * caught up; {@link MissedTick#DELAY DELAY} starts a new schedule one period after the late tick;
 * {@link MissedTick#SKIP SKIP} drops the missed ticks and keeps to the original schedule. A tick
 * that is late by less than a period never changes the schedule.
 *
 * <p><b>Cancellation.</b> {@link #tick()} is interruptible: it throws {@link InterruptedException}
 * and the tick it was waiting for is not consumed. A select arm consumes a tick only when that arm
 * is the one that commits.
 *
 * <p><b>Threads.</b> Any thread may take ticks; each tick is taken exactly once (one CAS on the
 * schedule), so two threads ticking one interval share its ticks.
 *
 * <p><b>Forms</b> (its row of the package's <a href="package-summary.html#forms">table of
 * forms</a>): blocks: {@link #tick()}; never blocks: {@link #tryTick()}, empty when the tick is not
 * due; timed: use a {@link Select} with a {@code tick} and a {@code timeout} arm; closed and
 * failed: not applicable.
 */
public final class Interval {

    /** What an interval does about ticks that were missed. */
    public enum MissedTick {
        /** Deliver every missed tick, immediately, one per call; the schedule is unchanged. */
        BURST,
        /** Start a new schedule: the next tick is one period after the late one was taken. */
        DELAY,
        /** Drop the missed ticks: the next tick is the first one of the schedule still ahead. */
        SKIP
    }

    private static final VarHandle NEXT;

    static {
        try {
            NEXT = MethodHandles.lookup().findVarHandle(Interval.class, "next", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Duration period;
    private final long periodNanos;
    private final MissedTick missedTick;
    private final long start;
    private volatile long next; // System.nanoTime() at which the next tick is due

    private Interval(Duration period, MissedTick missedTick) {
        this.period = period;
        this.periodNanos = period.toNanos();
        this.missedTick = missedTick;
        this.start = System.nanoTime();
        this.next = start;
    }

    /**
     * Creates an interval that ticks every {@code period}, the first tick due now, and delivers
     * missed ticks in a {@link MissedTick#BURST BURST}.
     *
     * @param period the time between ticks; positive, at most 292 years
     * @return the interval
     * @throws NullPointerException if {@code period} is {@code null}
     * @throws IllegalArgumentException if {@code period} is not positive or too long
     */
    public static Interval every(Duration period) {
        return every(period, MissedTick.BURST);
    }

    /**
     * Creates an interval that ticks every {@code period}, the first tick due now.
     *
     * @param period the time between ticks; positive, at most 292 years
     * @param missedTick what to do about ticks that were missed
     * @return the interval
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code period} is not positive or too long
     */
    public static Interval every(Duration period, MissedTick missedTick) {
        Checks.positive(period, "period");
        Objects.requireNonNull(missedTick, "missedTick");
        try {
            period.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("period is too long, was " + period, e);
        }
        return new Interval(period, missedTick);
    }

    /**
     * Waits for the next tick and takes it.
     *
     * @return when the tick was due, as the time since the interval was created: {@code 0s}, then
     *     {@code period}, {@code 2 × period} and so on (with {@link MissedTick#DELAY DELAY}, the
     *     schedule moves after a missed tick)
     * @throws InterruptedException if the thread is interrupted while waiting; no tick is taken
     */
    public Duration tick() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        while (true) {
            long now = System.nanoTime();
            Duration due = takeIfDue(now);
            if (due != null) {
                return due;
            }
            LockSupport.parkNanos(this, next - now);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /**
     * Takes the next tick if it is due now, without waiting.
     *
     * @return when the tick was due (see {@link #tick()}), or empty if it is not due yet
     */
    public Optional<Duration> tryTick() {
        return Optional.ofNullable(takeIfDue(System.nanoTime()));
    }

    /**
     * Returns the time between ticks.
     *
     * @return the period
     */
    public Duration period() {
        return period;
    }

    /**
     * Returns what this interval does about missed ticks.
     *
     * @return the behaviour
     */
    public MissedTick missedTick() {
        return missedTick;
    }

    /** When the next tick is due, in {@code System.nanoTime()} terms. */
    long nextDue() {
        return next;
    }

    /** Takes the next tick if it is due at {@code now}: one CAS, so each tick is taken once. */
    Duration takeIfDue(long now) {
        while (true) {
            long due = next;
            if (now - due < 0) {
                return null;
            }
            if (NEXT.compareAndSet(this, due, following(due, now))) {
                return Duration.ofNanos(due - start);
            }
        }
    }

    /** The tick after the one due at {@code due}, taken at {@code now}. */
    private long following(long due, long now) {
        long regular = due + periodNanos;
        if (now - regular < 0) {
            return regular; // on time, or late by less than a period
        }
        return switch (missedTick) {
            case BURST -> regular;
            case DELAY -> now + periodNanos;
            case SKIP -> start + ((now - start) / periodNanos + 1) * periodNanos;
        };
    }

    @Override
    public String toString() {
        return "Interval[every " + period + ", " + missedTick + "]";
    }
}

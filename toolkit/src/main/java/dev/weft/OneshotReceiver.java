package dev.weft;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The receiving half of a {@link Oneshot}: tokio's {@code oneshot::Receiver}. It receives the one
 * value: {@code recv} blocks, {@code recv(timeout)} throws {@link TimeoutException} when the time
 * runs out, {@code tryRecv} never waits; each throws {@link ChannelClosedException} once no value
 * can come. See {@link Oneshot} for the states, the one-waiter rule and the rules on close.
 *
 * <p><b>Forms</b> (its row of the package's <a href="package-summary.html#forms">table of
 * forms</a>): blocks: {@link #recv()}; never blocks: {@link #tryRecv()}, empty before the send;
 * timed: {@link #recv(Duration) recv(timeout)}, {@link TimeoutException}; closed (the sender
 * without sending, or this receiver): {@link ChannelClosedException} from all three; task failed:
 * not applicable.
 *
 * @param <T> the type of the value
 */
public final class OneshotReceiver<T> implements AutoCloseable {
    private final Oneshot<T> channel;

    OneshotReceiver(Oneshot<T> channel) {
        this.channel = channel;
    }

    /** The oneshot behind this half (for Select). */
    Oneshot<T> oneshot() {
        return channel;
    }

    /**
     * Waits for the value. Wakes when the value is sent, when either half is closed (by any
     * thread), or when interrupted. Only one thread at a time may wait: see {@link Oneshot}.
     *
     * @return the value
     * @throws InterruptedException if interrupted before or while waiting; the value, if it comes,
     *     stays for the next {@code recv}
     * @throws ChannelClosedException if this receiver was closed (a value sent before the close was
     *     dropped), or the sender was closed without sending
     * @throws IllegalStateException if the value was already received, or if this call would have
     *     to wait while another thread is already waiting on this receiver
     */
    public T recv() throws InterruptedException {
        try {
            return await(Long.MAX_VALUE, null);
        } catch (TimeoutException impossible) {
            throw new AssertionError("no deadline, no timeout", impossible);
        }
    }

    /**
     * Waits at most {@code timeout} for the value; otherwise as {@link #recv()}. Any positive
     * timeout is accepted: one too long to count in nanoseconds (about 292 years) waits without a
     * deadline.
     *
     * @param timeout how long to wait; positive
     * @return the value
     * @throws TimeoutException if no value came in time; the value, if it comes later, stays for
     *     the next {@code recv}
     * @throws InterruptedException if interrupted before or while waiting; the value, if it comes,
     *     stays for the next {@code recv}
     * @throws ChannelClosedException if this receiver was closed (a value sent before the close was
     *     dropped), or the sender was closed without sending
     * @throws IllegalStateException if the value was already received, or if this call would have
     *     to wait while another thread is already waiting on this receiver
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public T recv(Duration timeout) throws InterruptedException, TimeoutException {
        Checks.positive(timeout, "timeout");
        return await(Checks.deadline(timeout), timeout);
    }

    /**
     * Takes the value if it is there now; never waits.
     *
     * @return the value, or empty if it has not been sent yet
     * @throws ChannelClosedException if this receiver was closed (a value sent before the close was
     *     dropped), or the sender was closed without sending
     * @throws IllegalStateException if the value was already received
     */
    public Optional<T> tryRecv() {
        Oneshot.Slot s = channel.state;
        if (s == Oneshot.Mark.EMPTY) {
            return Optional.empty();
        }
        return Optional.of(take(s));
    }

    /**
     * Closes the receiver, from any thread: a later {@code send} throws {@link
     * ChannelClosedException} with its value, a value already sent but not taken is dropped, and a
     * thread parked in {@code recv} wakes and throws {@link ChannelClosedException}, as does every
     * receive after it. After the value was taken, after the sender closed without sending, or a
     * second time, this does nothing.
     */
    @Override
    public void close() {
        Oneshot.Slot s;
        do {
            s = channel.state;
            if (s == Oneshot.Mark.RECEIVER_CLOSED
                    || s == Oneshot.Mark.TAKEN
                    || s == Oneshot.Mark.SENDER_CLOSED) {
                return;
            }
        } while (!Oneshot.STATE.compareAndSet(channel, s, Oneshot.Mark.RECEIVER_CLOSED));
        channel.wakeReceiver();
    }

    /**
     * The wait of {@code recv}. No lost wake-up: the waiter is published (CAS on {@code
     * receiverWaiter}) before {@code state} is read again, and every move of {@code state} away
     * from empty is followed by a read of {@code receiverWaiter} and a wake; so either this thread
     * sees the move, or the mover sees the waiter. Once woken, {@code state} is not empty and never
     * will be again, so the loop ends. An interrupt or timeout leaves through the same {@code
     * finally}, which unregisters the waiter.
     */
    private T await(long deadline, Duration timeout) throws InterruptedException, TimeoutException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Oneshot.Slot s = channel.state;
        for (int spin = 0; spin < ChannelCore.SPINS && s == Oneshot.Mark.EMPTY; spin++) {
            Thread.yield(); // the sender is often queued on our carrier: let it run first
            s = channel.state;
        }
        if (s != Oneshot.Mark.EMPTY) {
            return take(s);
        }
        Object wait = Jfr.ON ? Jfr.waitBegun() : null; // a ChannelWait event, if recorded
        if (wait == null) {
            return awaitParked(deadline, timeout);
        }
        T value;
        try {
            value = awaitParked(deadline, timeout);
        } catch (Throwable e) {
            Jfr.waitEnded(wait, "receive", "oneshot", deadline, null, e);
            throw e;
        }
        Jfr.waitEnded(wait, "receive", "oneshot", deadline, "received", null);
        return value;
    }

    /** The part of {@link #await} that parks: the value was not there while it yielded. */
    private T awaitParked(long deadline, Duration timeout)
            throws InterruptedException, TimeoutException {
        Oneshot.Slot s;
        Waiter waiter = new Waiter(Thread.currentThread());
        if (!Oneshot.RECEIVER_WAITER.compareAndSet(channel, null, waiter)) {
            s = channel.state; // the other waiter may just have been woken
            if (s == Oneshot.Mark.EMPTY) {
                throw new IllegalStateException(
                        "cannot receive: another thread is already waiting on this"
                                + " oneshot receiver (only one thread may wait at a time)");
            }
            return take(s);
        }
        try {
            while ((s = channel.state) == Oneshot.Mark.EMPTY) {
                waiter.await(deadline);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (channel.state == Oneshot.Mark.EMPTY
                        && deadline != Long.MAX_VALUE
                        && deadline - System.nanoTime() <= 0) {
                    throw new TimeoutException("no value arrived within " + timeout);
                }
            }
        } finally {
            waiter.cancel(); // a waker that read the slot before we cleared it: no unpark
            Oneshot.RECEIVER_WAITER.compareAndSet(channel, waiter, null);
        }
        return take(s);
    }

    @SuppressWarnings("unchecked")
    private T take(Oneshot.Slot s) {
        while (true) {
            if (s instanceof Oneshot.Sent sent) {
                if (Oneshot.STATE.compareAndSet(channel, s, Oneshot.Mark.TAKEN)) {
                    return (T) sent.value();
                }
                s = channel.state; // the receiver was closed meanwhile
                continue;
            }
            throw switch ((Oneshot.Mark) s) {
                case SENDER_CLOSED ->
                        new ChannelClosedException(
                                "the oneshot sender was closed without sending a value", null);
                case TAKEN -> new IllegalStateException("the oneshot value was already received");
                case RECEIVER_CLOSED, EMPTY -> // never EMPTY: the callers wait that out
                        new ChannelClosedException("the oneshot receiver was closed", null);
            };
        }
    }
}

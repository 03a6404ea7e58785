package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * A channel for exactly one value: tokio's {@code oneshot}. The usual use is a reply: a requester
 * sends work together with a oneshot {@link Sender}, and waits on the {@link Receiver}.
 *
 * {@snippet :
 * var reply = Oneshot.<Integer>create();
 * work.send(new Work(7, reply.sender()));        // the worker calls respondOn.send(7 * 1000)
 * int answer = reply.receiver().recv();          // 7000
 * }
 *
 * <p>The value's state moves once: from empty to sent ({@link Sender#send}), to sender-closed
 * ({@link Sender#close()} without sending) or to receiver-closed ({@link Receiver#close()}); and
 * from sent to taken ({@link Receiver#recv()}) or to receiver-closed (the value is dropped). Each
 * move is one CAS, and the state never moves back to empty.
 *
 * <p><b>One waiter.</b> Any thread may use either half, but only one thread at a time may
 * <em>wait</em> in {@code recv}: tokio's receiver is not {@code Clone}, and its {@code await} takes
 * it by value. A {@code recv} that would have to wait while another thread is already waiting on
 * the same receiver throws {@link IllegalStateException} at once, and the waiting thread is not
 * disturbed. A {@code recv} that finds the value, or the oneshot closed, never waits and so never
 * fails this way; {@link Receiver#tryRecv()} never waits at all.
 *
 * <p><b>On close.</b> After {@link Receiver#close()}, from any thread: {@code send} returns {@code
 * false} (the value was not delivered); a value sent but not yet taken is dropped; a {@code recv}
 * parked at the time wakes, and every {@code recv} and {@code tryRecv} from then on throws {@link
 * ChannelClosedException} ("the oneshot receiver was closed"). After {@link Sender#close()} without
 * a send, a parked {@code recv} wakes, and every receive throws {@link ChannelClosedException}
 * ("the oneshot sender was closed without sending a value"). Whichever close comes first decides;
 * the later one, and a close after the value was taken, does nothing.
 *
 * <p><b>On cancellation.</b> An interrupted {@code recv} throws {@link InterruptedException} (the
 * interrupt status cleared), and a timed {@code recv} whose time ran out throws {@link
 * TimeoutException}; either way the value, if it is sent, stays for the next {@code recv}, and the
 * receiver is left with no waiter registered, so another thread may then wait on it.
 *
 * <p><b>Memory consistency.</b> Actions before {@code send} happen-before {@code recv} returns the
 * value.
 *
 * @param <T> the type of the value
 */
public final class Oneshot<T> {
    private static final Object EMPTY = new Object();
    private static final Object SENDER_CLOSED = new Object();
    private static final Object RECEIVER_CLOSED = new Object();
    private static final Object TAKEN = new Object();

    private static final VarHandle STATE;
    private static final VarHandle RECEIVER_WAITER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(Oneshot.class, "state", Object.class);
            RECEIVER_WAITER = lookup.findVarHandle(Oneshot.class, "receiverWaiter", Waiter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A sent value, boxed so that it can never be mistaken for a state marker. */
    private record Sent(Object value) {}

    private volatile Object state = EMPTY;

    /**
     * The one thread waiting in {@code recv}, or {@code null}. Set only by CAS from {@code null},
     * by the waiting thread, which clears it when it stops waiting (package-private for the tests).
     */
    volatile Waiter receiverWaiter;

    private final Sender<T> sender = new Sender<>(this);
    private final Receiver<T> receiver = new Receiver<>(this);

    private Oneshot() {}

    /**
     * Creates a oneshot channel.
     *
     * @param <T> the type of the value
     * @return the channel
     */
    public static <T> Oneshot<T> create() {
        return new Oneshot<>();
    }

    /**
     * Returns the sending half.
     *
     * @return the sender
     */
    public Sender<T> sender() {
        return sender;
    }

    /**
     * Returns the receiving half.
     *
     * @return the receiver
     */
    public Receiver<T> receiver() {
        return receiver;
    }

    private void wakeReceiver() {
        Waiter w = receiverWaiter;
        if (w != null) {
            w.wake(Waiter.WOKEN);
        }
    }

    /**
     * The sending half of a {@link Oneshot}: sends at most one value.
     *
     * @param <T> the type of the value
     */
    public static final class Sender<T> implements AutoCloseable {
        private final Oneshot<T> channel;

        private Sender(Oneshot<T> channel) {
            this.channel = channel;
        }

        /**
         * Sends the value, waking the thread waiting in {@code recv} if there is one; never waits.
         *
         * @param value the value; not {@code null}
         * @return {@code true} if delivered (the receiver may still close before taking it, and so
         *     drop it), {@code false} if the receiver is closed (the value stays with the caller)
         * @throws IllegalStateException if a value was already sent, or this sender is closed
         * @throws NullPointerException if {@code value} is {@code null}
         */
        public boolean send(T value) {
            Objects.requireNonNull(value, "value");
            Object s = STATE.compareAndExchange(channel, EMPTY, new Sent(value));
            if (s == EMPTY) {
                channel.wakeReceiver();
                return true;
            }
            if (s == RECEIVER_CLOSED) {
                return false;
            }
            if (s == SENDER_CLOSED) {
                throw new IllegalStateException("cannot send: this oneshot sender is closed");
            }
            throw new IllegalStateException("cannot send: this oneshot already sent a value");
        }

        /**
         * Returns whether the receiver is closed, so a send would not be delivered.
         *
         * @return {@code true} once the receiver is closed
         */
        public boolean isReceiverClosed() {
            return channel.state == RECEIVER_CLOSED;
        }

        /**
         * Closes the sender. If nothing was sent and the receiver is open, a parked {@code recv}
         * wakes, and every receive from then on throws {@link ChannelClosedException}. After a
         * send, after the receiver's close, or a second time, this does nothing.
         */
        @Override
        public void close() {
            if (STATE.compareAndSet(channel, EMPTY, SENDER_CLOSED)) {
                channel.wakeReceiver();
            }
        }
    }

    /**
     * The receiving half of a {@link Oneshot}: receives the one value.
     *
     * @param <T> the type of the value
     */
    public static final class Receiver<T> implements AutoCloseable {
        private final Oneshot<T> channel;

        private Receiver(Oneshot<T> channel) {
            this.channel = channel;
        }

        /**
         * Waits for the value. Wakes when the value is sent, when either half is closed (by any
         * thread), or when interrupted. Only one thread at a time may wait: see {@link Oneshot}.
         *
         * @return the value
         * @throws InterruptedException if interrupted before or while waiting; the value, if it
         *     comes, stays for the next {@code recv}
         * @throws ChannelClosedException if this receiver was closed (a value sent before the close
         *     was dropped), or the sender was closed without sending
         * @throws IllegalStateException if the value was already received, or if this call would
         *     have to wait while another thread is already waiting on this receiver
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
         * timeout is accepted: one too long to count in nanoseconds (about 292 years) waits without
         * a deadline.
         *
         * @param timeout how long to wait; positive
         * @return the value
         * @throws TimeoutException if no value came in time; the value, if it comes later, stays
         *     for the next {@code recv}
         * @throws InterruptedException if interrupted before or while waiting; the value, if it
         *     comes, stays for the next {@code recv}
         * @throws ChannelClosedException if this receiver was closed (a value sent before the close
         *     was dropped), or the sender was closed without sending
         * @throws IllegalStateException if the value was already received, or if this call would
         *     have to wait while another thread is already waiting on this receiver
         * @throws NullPointerException if {@code timeout} is {@code null}
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public T recv(Duration timeout) throws InterruptedException, TimeoutException {
            Checks.positive(timeout, "timeout");
            return await(dev.weft.Sender.deadline(timeout), timeout);
        }

        /**
         * Takes the value if it is there now; never waits.
         *
         * @return the value, or empty if it has not been sent yet
         * @throws ChannelClosedException if this receiver was closed (a value sent before the close
         *     was dropped), or the sender was closed without sending
         * @throws IllegalStateException if the value was already received
         */
        public Optional<T> tryRecv() {
            Object s = channel.state;
            if (s == EMPTY) {
                return Optional.empty();
            }
            return Optional.of(take(s));
        }

        /**
         * Closes the receiver, from any thread: a later {@code send} returns {@code false}, a value
         * already sent but not taken is dropped, and a thread parked in {@code recv} wakes and
         * throws {@link ChannelClosedException}, as does every receive after it. After the value
         * was taken, after the sender closed without sending, or a second time, this does nothing.
         */
        @Override
        public void close() {
            Object s;
            do {
                s = channel.state;
                if (s == RECEIVER_CLOSED || s == TAKEN || s == SENDER_CLOSED) {
                    return;
                }
            } while (!STATE.compareAndSet(channel, s, RECEIVER_CLOSED));
            channel.wakeReceiver();
        }

        /**
         * The wait of {@code recv}. No lost wake-up: the waiter is published (CAS on {@code
         * receiverWaiter}) before {@code state} is read again, and every move of {@code state} away
         * from empty is followed by a read of {@code receiverWaiter} and a wake; so either this
         * thread sees the move, or the mover sees the waiter. Once woken, {@code state} is not
         * empty and never will be again, so the loop ends. An interrupt or timeout leaves through
         * the same {@code finally}, which unregisters the waiter.
         */
        private T await(long deadline, Duration timeout)
                throws InterruptedException, TimeoutException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Object s = channel.state;
            for (int spin = 0; spin < ChannelCore.SPINS && s == EMPTY; spin++) {
                Thread.yield(); // the sender is often queued on our carrier: let it run first
                s = channel.state;
            }
            if (s == EMPTY) {
                Waiter waiter = new Waiter(Thread.currentThread());
                if (!RECEIVER_WAITER.compareAndSet(channel, null, waiter)) {
                    s = channel.state; // the other waiter may just have been woken
                    if (s == EMPTY) {
                        throw new IllegalStateException(
                                "cannot receive: another thread is already waiting on this"
                                        + " oneshot receiver (only one thread may wait at a time)");
                    }
                    return take(s);
                }
                try {
                    while ((s = channel.state) == EMPTY) {
                        waiter.await(deadline);
                        if (Thread.interrupted()) {
                            throw new InterruptedException();
                        }
                        if (channel.state == EMPTY
                                && deadline != Long.MAX_VALUE
                                && deadline - System.nanoTime() <= 0) {
                            throw new TimeoutException("no value arrived within " + timeout);
                        }
                    }
                } finally {
                    waiter.cancel(); // a waker that read the slot before we cleared it: no unpark
                    RECEIVER_WAITER.compareAndSet(channel, waiter, null);
                }
            }
            return take(s);
        }

        @SuppressWarnings("unchecked")
        private T take(Object s) {
            while (true) {
                if (s instanceof Sent sent) {
                    if (STATE.compareAndSet(channel, s, TAKEN)) {
                        return (T) sent.value();
                    }
                    s = channel.state;
                    continue;
                }
                if (s == SENDER_CLOSED) {
                    throw new ChannelClosedException(
                            "the oneshot sender was closed without sending a value", null);
                }
                if (s == TAKEN) {
                    throw new IllegalStateException("the oneshot value was already received");
                }
                throw new ChannelClosedException("the oneshot receiver was closed", null);
            }
        }
    }
}

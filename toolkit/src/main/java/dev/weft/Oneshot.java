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
 * from sent to taken ({@link Receiver#recv()}). Each move is one CAS.
 *
 * <p><b>On close:</b> {@code send} returns {@code false} (the value was not delivered) once the
 * receiver is closed; {@code recv} throws {@link ChannelClosedException} when the sender was closed
 * without sending. <b>On cancellation:</b> an interrupted {@code recv} throws {@link
 * InterruptedException} and leaves the value for the next {@code recv}. <b>Memory consistency:</b>
 * actions before {@code send} happen-before {@code recv} returns the value.
 *
 * @param <T> the type of the value
 */
public final class Oneshot<T> {
    private static final Object EMPTY = new Object();
    private static final Object SENDER_CLOSED = new Object();
    private static final Object RECEIVER_CLOSED = new Object();
    private static final Object TAKEN = new Object();

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Oneshot.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A sent value, boxed so that it can never be mistaken for a state marker. */
    private record Sent(Object value) {}

    private volatile Object state = EMPTY;
    private volatile Waiter receiverWaiter;
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
         * Sends the value; never waits.
         *
         * @param value the value; not {@code null}
         * @return {@code true} if delivered, {@code false} if the receiver is closed (the value
         *     stays with the caller)
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
         * Closes the sender. If nothing was sent, the receiver's {@code recv} then throws {@link
         * ChannelClosedException}. After a send, or a second time, this does nothing.
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
         * Waits for the value.
         *
         * @return the value
         * @throws InterruptedException if interrupted while waiting; the value, if it comes, stays
         *     for the next {@code recv}
         * @throws ChannelClosedException if the sender was closed without sending
         * @throws IllegalStateException if the value was already received, or this receiver is
         *     closed
         */
        public T recv() throws InterruptedException {
            try {
                return await(Long.MAX_VALUE, null);
            } catch (TimeoutException impossible) {
                throw new AssertionError("no deadline, no timeout", impossible);
            }
        }

        /**
         * Waits at most {@code timeout} for the value.
         *
         * @param timeout how long to wait; positive
         * @return the value
         * @throws TimeoutException if no value came in time
         * @throws InterruptedException if interrupted while waiting
         * @throws ChannelClosedException if the sender was closed without sending
         * @throws IllegalStateException if the value was already received, or this receiver is
         *     closed
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
         * @throws ChannelClosedException if the sender was closed without sending
         * @throws IllegalStateException if the value was already received, or this receiver is
         *     closed
         */
        public Optional<T> tryRecv() {
            Object s = channel.state;
            if (s == EMPTY) {
                return Optional.empty();
            }
            return Optional.of(take(s));
        }

        /**
         * Closes the receiver: a later {@code send} returns {@code false}. A value already sent is
         * dropped. Closing again does nothing.
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
        }

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
                channel.receiverWaiter = waiter;
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
                        if (!waiter.isWaiting()) {
                            waiter = new Waiter(Thread.currentThread());
                            channel.receiverWaiter = waiter;
                        }
                    }
                } finally {
                    channel.receiverWaiter = null;
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
                throw new IllegalStateException("cannot receive: this oneshot receiver is closed");
            }
        }
    }
}

package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeoutException;

/**
 * A channel for exactly one value: tokio's {@code oneshot}. The usual use is a reply: a requester
 * sends work together with a oneshot {@link OneshotSender}, and waits on the {@link
 * OneshotReceiver}.
 *
 * {@snippet :
 * var reply = Oneshot.<Integer>create();
 * work.send(new Work(7, reply.sender()));        // the worker calls respondOn.send(7 * 1000)
 * int answer = reply.receiver().recv();          // 7000
 * }
 *
 * <p>The value's state moves once: from empty to sent ({@link OneshotSender#send}), to
 * sender-closed ({@link OneshotSender#close()} without sending) or to receiver-closed ({@link
 * OneshotReceiver#close()}); and from sent to taken ({@link OneshotReceiver#recv()}) or to
 * receiver-closed (the value is dropped). Each move is one CAS, and the state never moves back to
 * empty.
 *
 * <p><b>One waiter.</b> Any thread may use either half, but only one thread at a time may
 * <em>wait</em> in {@code recv}: tokio's receiver is not {@code Clone}, and its {@code await} takes
 * it by value. A {@code recv} that would have to wait while another thread is already waiting on
 * the same receiver throws {@link IllegalStateException} at once, and the waiting thread is not
 * disturbed. A {@code recv} that finds the value, or the oneshot closed, never waits and so never
 * fails this way; {@link OneshotReceiver#tryRecv()} never waits at all.
 *
 * <p><b>On close.</b> After {@link OneshotReceiver#close()}, from any thread: {@code send} throws
 * {@link ChannelClosedException} with the value (it was not delivered); a value sent but not yet
 * taken is dropped; a {@code recv} parked at the time wakes, and every {@code recv} and {@code
 * tryRecv} from then on throws {@link ChannelClosedException} ("the oneshot receiver was closed").
 * After {@link OneshotSender#close()} without a send, a parked {@code recv} wakes, and every
 * receive throws {@link ChannelClosedException} ("the oneshot sender was closed without sending a
 * value"). Whichever close comes first decides; the later one, and a close after the value was
 * taken, does nothing.
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
    /** What the oneshot's one slot holds: a {@link Mark} or the {@link Sent} value. */
    sealed interface Slot permits Mark, Sent {}

    /** The states without a value; see the class note for how they move. */
    enum Mark implements Slot {
        EMPTY,
        SENDER_CLOSED,
        RECEIVER_CLOSED,
        TAKEN
    }

    /** A sent value, boxed so that it can never be mistaken for a mark. */
    record Sent(Object value) implements Slot {}

    static final VarHandle STATE;
    static final VarHandle RECEIVER_WAITER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(Oneshot.class, "state", Slot.class);
            RECEIVER_WAITER = lookup.findVarHandle(Oneshot.class, "receiverWaiter", Waiter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    volatile Slot state = Mark.EMPTY;

    /**
     * The one thread waiting in {@code recv}, or {@code null}. Set only by CAS from {@code null},
     * by the waiting thread, which clears it when it stops waiting (package-private for the tests).
     */
    volatile Waiter receiverWaiter;

    private final OneshotSender<T> sender = new OneshotSender<>(this);
    private final OneshotReceiver<T> receiver = new OneshotReceiver<>(this);

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
    public OneshotSender<T> sender() {
        return sender;
    }

    /**
     * Returns the receiving half.
     *
     * @return the receiver
     */
    public OneshotReceiver<T> receiver() {
        return receiver;
    }

    /** Whether a thread is registered as waiting in {@code recv} now (for tests). */
    boolean hasWaitingReceiver() {
        return receiverWaiter != null;
    }

    void wakeReceiver() {
        Waiter w = receiverWaiter;
        if (w != null) {
            w.wake(Wake.Signal.ONESHOT_SETTLED);
        }
    }
}

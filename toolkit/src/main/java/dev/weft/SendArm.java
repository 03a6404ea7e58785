package dev.weft;

/**
 * A select's {@code send} arm on one channel: it queues the select's waiter in the channel's {@link
 * WaitQueue}, with its value for a rendezvous channel. A rendezvous receiver that takes the value
 * wakes the select with the channel itself: that CAS is the commit. A buffered channel's wake only
 * says there is room; if the select commits another arm, it passes that wake on, so that the freed
 * slot is not left unused while another sender sleeps.
 *
 * <p>A {@code sendOrClosed} arm differs only when the channel refuses the value (its receiver is
 * closed, or its last sender handle was closed under it): instead of being disabled, the arm
 * commits then, and its {@code onClosed} handler gets the unsent value. A close wakes a parked
 * select with {@link Wake.Signal#CLOSED} (a hint), and its poll finds the refusal.
 *
 * @param <R> the select's result type
 */
final class SendArm<R> extends SelectArm<R> {
    private final Sender<?> tx;
    private final ChannelCore core;
    private final Object value;
    private final Select.Action<? extends R> onSent;
    private final Select.Handler<Object, ? extends R> onClosed; // null: a send arm

    /** A {@code send} arm: disabled once the channel refuses the value. */
    static <T, R> SendArm<R> send(
            int index, Sender<? super T> tx, T value, Select.Action<? extends R> onSent) {
        return new SendArm<>(index, tx, value, onSent, null);
    }

    /** A {@code sendOrClosed} arm: commits with {@code onClosed} once the channel refuses. */
    @SuppressWarnings("unchecked")
    static <T, R> SendArm<R> sendOrClosed(
            int index,
            Sender<? super T> tx,
            T value,
            Select.Action<? extends R> onSent,
            Select.Handler<? super T, ? extends R> onClosed) {
        // The handler only ever gets this arm's own value, a T.
        return new SendArm<>(index, tx, value, onSent, (Select.Handler<Object, R>) onClosed);
    }

    private SendArm(
            int index,
            Sender<?> tx,
            Object value,
            Select.Action<? extends R> onSent,
            Select.Handler<Object, ? extends R> onClosed) {
        super(index);
        this.tx = tx;
        this.core = tx.core();
        this.value = value;
        this.onSent = onSent;
        this.onClosed = onClosed;
    }

    @Override
    String kind() {
        return onClosed != null ? "sendOrClosed" : "send";
    }

    @Override
    Object source() {
        return core;
    }

    @Override
    String sourceKind() {
        return "channel";
    }

    @Override
    void begin() {
        tx.checkOpen("send in a select");
    }

    @Override
    Object poll(long now) {
        try {
            return core.trySend(value) ? Polled.SENT : Polled.NOT_READY;
        } catch (ChannelClosedException refused) {
            return onClosed != null ? Polled.REFUSED : Polled.DISABLED;
        }
    }

    @Override
    Object register(Waiter waiter) {
        return core.registerSender(waiter, value);
    }

    @Override
    void unregister(Waiter waiter, Object registration) {
        core.unregisterSender((WaitQueue.Node) registration);
    }

    @Override
    Object committedBy(Wake wake, Object registration) {
        if (wake instanceof RendezvousCore taken && taken == core) {
            return Polled.SENT; // the receiver took the value in the waking CAS
        }
        return Polled.NOT_READY;
    }

    @Override
    void passOn(Wake wake) {
        if (wake instanceof BufferedCore room && room == core) {
            room.signalRoom();
        }
    }

    @Override
    R handle(Object got) throws Exception {
        return got == Polled.REFUSED ? onClosed.handle(value) : onSent.run();
    }
}

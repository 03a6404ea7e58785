package dev.weft;

/**
 * A select's {@code send} arm on one channel: it queues the select's waiter in the channel's {@link
 * WaitQueue}, with its value for a rendezvous channel. A rendezvous receiver that takes the value
 * wakes the select with the channel itself: that CAS is the commit. A buffered channel's wake only
 * says there is room; if the select commits another arm, it passes that wake on, so that the freed
 * slot is not left unused while another sender sleeps.
 *
 * @param <R> the select's result type
 */
final class SendArm<R> extends SelectArm<R> {
    private final Sender<?> tx;
    private final ChannelCore core;
    private final Object value;
    private final Select.Action<? extends R> onSent;

    SendArm(int index, Sender<?> tx, Object value, Select.Action<? extends R> onSent) {
        super(index, "send", tx.core(), "channel");
        this.tx = tx;
        this.core = tx.core();
        this.value = value;
        this.onSent = onSent;
    }

    @Override
    void begin() {
        tx.checkOpen("send in a select");
    }

    @Override
    Object poll(long now) {
        try {
            return core.trySend(value) ? Polled.SENT : Polled.NOT_READY;
        } catch (ChannelClosedException receiverClosed) {
            return Polled.DISABLED;
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
    Object committedBy(Wake wake) {
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
        return onSent.run();
    }
}

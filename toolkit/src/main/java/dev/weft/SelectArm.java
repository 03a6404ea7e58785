package dev.weft;

/**
 * One arm of a {@link Select}: how it polls its source, registers the select's waiter there, tells
 * whether a wake committed it, and hands what it got to its handler. Each kind lives beside the
 * source it waits on: {@link ChannelRecvArm} beside the channel core, {@link SendArm} beside the
 * send queue, {@link TickArm} beside {@link Interval}, {@link ForkEndedArm} beside the fork, {@link
 * OneshotRecvArm} beside {@link Oneshot}, {@link ChangeArm} beside {@link ChangeCore} (a broadcast
 * subscriber or a watch receiver, through the core's waker hook).
 *
 * @param <R> the select's result type
 */
abstract class SelectArm<R> {

    /**
     * What {@link #poll} returns when the arm got no value of the caller's.
     *
     * <p>Design note: why a poll returns {@code Object}. An arm that commits at once returns what
     * it got (a received value, a fork's {@link Result}, a tick's time), and the select hands it to
     * the handler. A typed wrapper would allocate on every select that commits at once, the hot
     * path; so the outcomes that are not what the arm got are these constants, which no caller's
     * value can be (the type is package-private), and the select tells them apart by identity.
     */
    enum Polled {
        /** The arm cannot commit now; it may later. */
        NOT_READY,
        /** The arm can never commit in this await (its channel is closed for it). */
        DISABLED,
        /** A send arm committed: its value was sent (it gets nothing). */
        SENT,
        /** A {@code sendOrClosed} arm committed: its channel refused the value (closed). */
        REFUSED
    }

    /**
     * What an arm got when it committed by failing: {@link Select#await()} throws {@code exception}
     * instead of running a handler (a broadcast subscriber's lag, a oneshot that another thread is
     * waiting on). Boxed, so that no caller's value (an exception, say) can be mistaken for it.
     *
     * @param exception what {@code await()} throws
     */
    record Failed(RuntimeException exception) {}

    /**
     * The arm's place among the select's arms, for messages.
     *
     * <p>Design note: an arm holds only what it needs to poll. A select built per message (a {@code
     * Select.create()...await()} in a loop) allocates its arms every time, so the base keeps one
     * int: what the arm does, what it waits on and what that is called come from the kind ({@link
     * #kind}, {@link #source}, {@link #sourceKind}), not from three more fields.
     */
    final int index;

    SelectArm(int index) {
        this.index = index;
    }

    /** What the arm does ("recv", "send", ...), for messages. */
    abstract String kind();

    /** What the arm waits on; no two arms of a select may share one. */
    abstract Object source();

    /** What the source is ("channel", "fork", "interval"), for messages. */
    abstract String sourceKind();

    /**
     * @throws IllegalArgumentException if {@code other} waits on the same source: no two arms of a
     *     select may
     */
    final void checkSourceDiffers(SelectArm<?> other) {
        if (other.source() == source()) {
            throw new IllegalArgumentException(
                    "the same "
                            + sourceKind()
                            + " cannot have two arms in one select: "
                            + other
                            + " already uses it, "
                            + this
                            + " would too");
        }
    }

    /** Called when {@code await()} begins. */
    void begin() {}

    /** Called when {@code await()} ends, however it ends, if {@link #begin()} returned. */
    void end() {}

    /**
     * Tries to commit without waiting.
     *
     * @param now {@code System.nanoTime()}, read if the select has a timeout or tick arm
     * @return what it got, {@link Polled#NOT_READY} or {@link Polled#DISABLED}
     */
    abstract Object poll(long now);

    /**
     * Registers the select's waiter with the source.
     *
     * @return what {@link #unregister} needs to undo it, or {@code null} if the source is ready now
     *     (and nothing was registered)
     */
    abstract Object register(Waiter waiter);

    /** Undoes a registration that {@link #register} returned. */
    abstract void unregister(Waiter waiter, Object registration);

    /**
     * What the arm got if {@code wake} committed it (a rendezvous exchange happened in the CAS that
     * woke the select), else {@link Polled#NOT_READY}: every other wake is only a hint.
     *
     * @param registration what {@link #register} returned in the wait that {@code wake} ended
     *     (already unregistered), or {@code null} if the arm was not registered
     */
    Object committedBy(Wake wake, Object registration) {
        return Polled.NOT_READY;
    }

    /** A wake this arm's source sent was not used, because another arm committed: hand it on. */
    void passOn(Wake wake) {}

    /** When the arm becomes ready by itself (a tick), or {@code Long.MAX_VALUE}. */
    long due() {
        return Long.MAX_VALUE;
    }

    /** Runs the handler with what the arm got; called by {@link #commit}. */
    abstract R handle(Object got) throws Exception;

    /** What the select does once this arm committed: throws a {@link Failed}, else handles. */
    final R commit(Object got) throws Exception {
        if (got instanceof Failed failed) {
            throw failed.exception();
        }
        return handle(got);
    }

    @Override
    public String toString() {
        return kind() + " arm " + index;
    }
}

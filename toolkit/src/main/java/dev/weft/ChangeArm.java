package dev.weft;

/**
 * A select's arm on a receiving handle of a {@link ChangeCore} channel ({@link BroadcastRecvArm},
 * {@link WatchChangedArm}): it waits through the core's waker hook, since a select cannot wait on
 * the core's condition.
 *
 * <p>Design note: registering without taking. {@link #register} adds a waker that wakes the
 * select's waiter with {@link Wake.Signal#CHANGED}, and only then asks whether the handle has
 * something ({@link #hasNews()}: a value, a change, a close) without taking it; if so it removes
 * the waker and says "ready", and the select polls. A change after the waker was added runs it (see
 * {@link ChangeCore}), one before it is seen by the question, so no wake-up is lost. The wake is a
 * hint: only the poll of the arm that commits takes anything, so a losing arm leaves the value (or
 * the change) for later. A waker that a change read just before it was removed may still run: it
 * finds the waiter decided, and does nothing.
 *
 * @param <R> the select's result type
 */
abstract class ChangeArm<R> extends SelectArm<R> {
    private final ChangeCore core;

    /**
     * @param receiver the receiving handle: the arm's source
     * @param sourceKind what the handle is, for messages
     */
    ChangeArm(int index, String kind, ChangeCore core, Object receiver, String sourceKind) {
        super(index, kind, receiver, sourceKind);
        this.core = core;
    }

    /** Whether a poll would find something now (not taking it): a value, a change or a close. */
    abstract boolean hasNews();

    @Override
    final Object register(Waiter waiter) {
        Runnable waker = () -> waiter.wake(Wake.Signal.CHANGED);
        core.addWaker(waker);
        if (hasNews()) {
            core.removeWaker(waker);
            return null;
        }
        return waker;
    }

    @Override
    final void unregister(Waiter waiter, Object registration) {
        core.removeWaker((Runnable) registration);
    }
}

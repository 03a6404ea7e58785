package dev.weft;

/**
 * A select's {@code forkEnded} arm on one fork, through the fork's watcher hooks ({@link
 * ForkImpl#watch}, {@link ForkImpl#unwatch}). The fork's wake ({@link Wake.Signal#FORK_ENDED}) is a
 * hint: the select polls again and finds the fork's final state.
 *
 * @param <T> the type of the fork's value
 * @param <R> the select's result type
 */
final class ForkEndedArm<T, R> extends SelectArm<R> {
    private final ForkImpl<T> fork;
    private final Select.Handler<? super Result<T>, ? extends R> handler;

    ForkEndedArm(
            int index, ForkImpl<T> fork, Select.Handler<? super Result<T>, ? extends R> handler) {
        super(index);
        this.fork = fork;
        this.handler = handler;
    }

    @Override
    String kind() {
        return "fork";
    }

    @Override
    Object source() {
        return fork;
    }

    @Override
    String sourceKind() {
        return "fork";
    }

    @Override
    Object poll(long now) {
        return fork.state == Fork.State.RUNNING ? Polled.NOT_READY : fork.outcome();
    }

    @Override
    Object register(Waiter waiter) {
        return fork.watch(waiter); // null: the fork has already ended
    }

    @Override
    void unregister(Waiter waiter, Object registration) {
        fork.unwatch((ForkImpl.Watcher) registration);
    }

    @Override
    @SuppressWarnings("unchecked")
    R handle(Object got) throws Exception {
        return handler.handle((Result<T>) got);
    }
}

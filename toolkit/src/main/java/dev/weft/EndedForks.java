package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How the ended forks of a {@link Scope} did: each fork's final state, and, for the scope's join
 * and close, how many did not succeed and the failures in the order they ended. Forks end
 * concurrently and take no lock: the failures are a lock-free stack, newest first, reversed when
 * read. Only the rare paths (failed, cancelled) write here; a success writes only its fork.
 */
final class EndedForks {
    private static final VarHandle NOT_SUCCEEDED;
    private static final VarHandle TOP;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            NOT_SUCCEEDED = l.findVarHandle(EndedForks.class, "notSucceeded", int.class);
            TOP = l.findVarHandle(EndedForks.class, "top", Failure.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A failure, in the stack. */
    private record Failure(Throwable exception, Failure next) {}

    private volatile int notSucceeded; // forks that failed or were cancelled
    private volatile Failure top;

    /**
     * Settles a fork whose task ran (or whose thread could not start) with {@code result}. A
     * failure makes the fork {@link Fork.State#CANCELLED} if the scope is cancelled and it is how a
     * cancelled task ends, unless {@code alwaysFails} (the task left scopes open); otherwise {@link
     * Fork.State#FAILED}.
     */
    void settle(ForkImpl<?> fork, Result<?> result, boolean alwaysFails, boolean scopeCancelled) {
        if (result instanceof Result.Ok<?> ok) {
            fork.settle(Fork.State.SUCCEEDED, ok.value());
            return;
        }
        Throwable failure = ((Result.Err<?>) result).exception();
        NOT_SUCCEEDED.getAndAdd(this, 1);
        if (!alwaysFails && scopeCancelled && Failures.isCancellation(failure)) {
            fork.settle(Fork.State.CANCELLED, failure);
            return;
        }
        fork.settle(Fork.State.FAILED, failure);
        if (Jfr.ON) {
            Jfr.forkFailed(fork, failure);
        }
        Failure old;
        do {
            old = top;
        } while (!TOP.compareAndSet(this, old, new Failure(failure, old)));
    }

    /** Settles a fork whose task never ran: its scope was cancelled first. */
    void settleUnstarted(ForkImpl<?> fork) {
        fork.settle(Fork.State.CANCELLED, null);
        NOT_SUCCEEDED.getAndAdd(this, 1);
    }

    /** How many forks failed or were cancelled. */
    int notSucceeded() {
        return notSucceeded;
    }

    /** The failures, oldest first; an unmodifiable list. */
    List<Throwable> failures() {
        Failure f = top;
        if (f == null) {
            return List.of();
        }
        List<Throwable> list = new ArrayList<>(0);
        for (; f != null; f = f.next()) {
            list.add(f.exception());
        }
        Collections.reverse(list);
        return List.copyOf(list);
    }
}

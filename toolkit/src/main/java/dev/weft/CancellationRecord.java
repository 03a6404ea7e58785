package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * What cancelled a {@link Scope}, kept once: the first cancellation (its reason is the one
 * reported), the first from outside, and the first exception its policy threw.
 *
 * <p>Design note. {@link #record} moves {@code first} from {@code null} by one CAS, so exactly one
 * caller goes on to cancel the scope's forks. A cancellation whose kind is {@link
 * Cancellation.Kind#outside outside} (deadline, parent, interrupted owner) is also kept in {@code
 * outside}, even when the CAS lost to the policy or a close: join() reads it after every fork has
 * ended and throws instead of reporting success, so a scope whose work was cut short from outside
 * never looks as if it had succeeded. The policy's exception is kept apart from the forks'
 * failures, and join() reports it even under a policy (await-all) that reports no failure.
 */
final class CancellationRecord {
    private static final VarHandle FIRST;
    private static final VarHandle OUTSIDE;
    private static final VarHandle POLICY_FAILURE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            FIRST = l.findVarHandle(CancellationRecord.class, "first", Cancellation.class);
            OUTSIDE = l.findVarHandle(CancellationRecord.class, "outside", Cancellation.class);
            POLICY_FAILURE =
                    l.findVarHandle(CancellationRecord.class, "policyFailure", Throwable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Cancellation first;
    private volatile Cancellation outside;
    private volatile Throwable policyFailure;

    /**
     * Keeps {@code c} if it is the first cancellation (and, from outside, if it is the first from
     * outside).
     *
     * @return whether it was the first: the caller then cancels the forks
     */
    boolean record(Cancellation c) {
        if (c.kind().outside) {
            OUTSIDE.compareAndSet(this, null, c);
        }
        return FIRST.compareAndSet(this, null, c);
    }

    /** Keeps the policy's exception, if it is the first. */
    void policyThrew(Throwable e) {
        POLICY_FAILURE.compareAndSet(this, null, e);
    }

    boolean isCancelled() {
        return first != null;
    }

    /** The first cancellation; {@code null} while not cancelled. */
    Cancellation first() {
        return first;
    }

    /** The first cancellation from outside; {@code null} if none. */
    Cancellation outside() {
        return outside;
    }

    /** Whether the scope was cancelled from outside (deadline, parent, interrupted owner). */
    boolean isCancelledFromOutside() {
        return outside != null;
    }

    /**
     * The exception for work of the scope {@code scopeName} cut short from outside: {@code "<what>
     * '<name>' was cancelled: <why>"}, with {@code failures} attached. Only when {@link
     * #isCancelledFromOutside()}.
     */
    ScopeCancelledException cancelledFromOutside(
            String what, String scopeName, List<Throwable> failures) {
        return new ScopeCancelledException(
                what + " '" + scopeName + "' was cancelled: " + outside.why(), failures);
    }

    /** Why the scope was cancelled, for messages; {@code null} if it was not. */
    String reason() {
        Cancellation c = first;
        return c == null ? null : c.why();
    }

    /** The first exception the policy threw in {@code cancelAfter}; {@code null} if none. */
    Throwable policyFailure() {
        return policyFailure;
    }
}

package dev.weft;

import dev.weft.Cancellation.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link Scope} reports to its owner: the verdict of {@code join()} once every fork has
 * ended, the problems {@code close()} found, and the misuse messages. Each exception carries the
 * forks' failures (the first as cause, the others suppressed, or all suppressed) so that no failure
 * vanishes.
 */
final class ScopeReports {
    private ScopeReports() {}

    /**
     * join(), every fork having ended: returns for success, or throws what decided the scope. The
     * policy has the first word if nothing but the policy cancelled the scope; a cancellation from
     * outside then overrides a success; an exception the policy threw fails the scope even under a
     * policy that reports no failure.
     */
    static void afterJoin(
            Scope scope,
            Policy policy,
            int forked,
            EndedForks ended,
            CancellationRecord cancelled) {
        List<Throwable> failures = ended.failures();
        Throwable policyThrew = cancelled.policyFailure();
        Cancellation first = cancelled.first();
        if (first == null || first.kind() == Kind.POLICY) {
            int succeeded = forked - ended.notSucceeded();
            try {
                policy.onJoin(new Policy.Outcome(scope.name(), forked, succeeded, failures));
            } catch (RuntimeException e) {
                if (policyThrew != null && e != policyThrew) {
                    e.addSuppressed(policyThrew);
                }
                throw e;
            }
        }
        Cancellation outside = cancelled.outside();
        if (outside != null) {
            RuntimeException e =
                    outside.kind() == Kind.DEADLINE
                            ? new ScopeTimeoutException(scope.name(), scope.timeout, failures)
                            : cancelled.cancelledFromOutside("scope", scope.name(), failures);
            if (policyThrew != null) {
                e.addSuppressed(policyThrew);
            }
            throw e;
        }
        if (policyThrew != null) {
            List<Throwable> all = new ArrayList<>(failures.size() + 1);
            all.add(policyThrew);
            all.addAll(failures);
            throw new ScopeFailedException(
                    "scope '" + scope.name() + "' failed: its policy threw " + policyThrew, all);
        }
    }

    /**
     * close(), every fork having ended: what it throws, or {@code null}. It reports the nested
     * scopes it found still open (and closed first), and {@code unjoined} forks forked with no
     * join() outcome (0 if there is nothing to report), with every failure attached.
     */
    static IllegalStateException afterClose(
            String scopeName,
            List<String> nestedStillOpen,
            List<Throwable> nestedProblems,
            int unjoined,
            boolean joinInterrupted,
            EndedForks ended) {
        IllegalStateException problem =
                nestedStillOpen.isEmpty()
                        ? null
                        : nestedStillOpen(scopeName, nestedStillOpen, nestedProblems);
        if (unjoined > 0) {
            IllegalStateException e =
                    unjoined(scopeName, unjoined, joinInterrupted, ended.failures());
            if (problem == null) {
                return e;
            }
            problem.addSuppressed(e);
        }
        return problem;
    }

    /** close() found scopes nested in this one still open, and closed them first. */
    private static IllegalStateException nestedStillOpen(
            String scopeName, List<String> nested, List<Throwable> problems) {
        return Failures.suppress(
                new IllegalStateException(
                        "scope '"
                                + scopeName
                                + "' was closed while its nested scope(s) "
                                + nested
                                + " were still open; they were closed first. Close nested"
                                + " scopes before the scope they are nested in."),
                problems);
    }

    /** close() of a scope that forked tasks and had no join() outcome. */
    private static IllegalStateException unjoined(
            String scopeName, int forked, boolean joinInterrupted, List<Throwable> failures) {
        return Failures.suppress(
                new IllegalStateException(
                        "scope '"
                                + scopeName
                                + "' was closed without join() after forking "
                                + forked
                                + " task(s)"
                                + (joinInterrupted
                                        ? " (join() threw InterruptedException and was not"
                                                + " called again)"
                                        : "")
                                + ": the forks were cancelled and have ended; their failures"
                                + " are suppressed on this exception. Call join() before"
                                + " close()."),
                failures);
    }

    /** A thread other than the owner tried {@code operation}. */
    static WrongThreadException wrongThread(String operation, String scopeName, Thread owner) {
        return new WrongThreadException(
                operation
                        + "() on scope '"
                        + scopeName
                        + "' called by thread '"
                        + Thread.currentThread().getName()
                        + "', but only its owner '"
                        + owner.getName()
                        + "' may fork, join or close it");
    }

    /** {@code operation} needs an open scope, and this one was joined or closed. */
    static IllegalStateException notOpen(String operation, String scopeName, boolean closed) {
        return new IllegalStateException(
                "cannot "
                        + operation
                        + "() scope '"
                        + scopeName
                        + (closed ? "': it is closed" : "': join() was already called"));
    }
}

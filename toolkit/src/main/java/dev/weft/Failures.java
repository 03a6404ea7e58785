package dev.weft;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** How the exceptions of a scope's forks are attached to what its owner sees, and classified. */
final class Failures {
    private Failures() {}

    /** Attaches the first failure as the cause of {@code to}, the others as suppressed. */
    static <E extends Throwable> E attach(E to, List<Throwable> failures) {
        if (!failures.isEmpty()) {
            to.initCause(failures.get(0));
            for (int i = 1; i < failures.size(); i++) {
                to.addSuppressed(failures.get(i));
            }
        }
        return to;
    }

    /** Attaches every failure as suppressed on {@code to}. */
    static <E extends Throwable> E suppress(E to, List<Throwable> failures) {
        for (Throwable f : failures) {
            to.addSuppressed(f);
        }
        return to;
    }

    /**
     * Whether {@code e}, or an exception in its cause chain, is how a cancelled task ends: an
     * interrupt ({@link InterruptedException}, an interrupted I/O exception) or the {@link
     * ScopeCancelledException} of a scope the task had opened. A cause chain may be a cycle (a task
     * can build one with {@code initCause}); each exception is visited once.
     */
    static boolean isCancellation(Throwable e) {
        Set<Throwable> seen = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException
                    || t instanceof InterruptedIOException
                    || t instanceof ClosedByInterruptException
                    || t instanceof ScopeCancelledException) {
                return true;
            }
            if (seen == null) {
                seen = Collections.newSetFromMap(new IdentityHashMap<>());
            }
            if (!seen.add(t)) {
                return false; // a cycle: every exception in it has been looked at
            }
        }
        return false;
    }
}

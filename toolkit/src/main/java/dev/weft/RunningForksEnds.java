package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The fields of {@link RunningForks} that ending forks write, laid out first and padded, so that
 * the owner's own count ({@code RunningForks.started}, a subclass field, laid out after this
 * class's) is on another cache line: forking and ending then do not take the same line from each
 * other. See the design note in {@link RunningForks}.
 */
abstract class RunningForksEnds {
    static final VarHandle ENDED;

    static {
        try {
            ENDED =
                    MethodHandles.lookup()
                            .findVarHandle(RunningForksEnds.class, "ended", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** How many forks have ended; an atomic add by each. */
    volatile int ended;

    /** The owner while it waits for fewer than {@link #wakeBelow} forks to run; else null. */
    volatile Thread waitingOwner;

    volatile int wakeBelow;

    // Padding: more than a cache line between these fields and the subclass's.
    @SuppressWarnings("unused")
    private long p0, p1, p2, p3, p4, p5, p6, p7, p8;
}

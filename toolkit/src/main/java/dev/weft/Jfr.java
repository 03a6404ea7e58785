package dev.weft;

import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The toolkit's one door to its JFR events ({@code dev.weft.ScopeClosed}, {@code ForkFailed},
 * {@code ChannelWait}, {@code WorkQueueRequest}; see the package summary's table of events). It
 * refers to no {@code jdk.jfr} type: every call site tests {@link #ON} first and holds an event, if
 * at all, as an {@code Object}, so the toolkit loads and runs where {@code jdk.jfr} is absent.
 *
 * <p>Design note: an optional module. The module declares {@code requires static jdk.jfr}, so it
 * compiles against {@code jdk.jfr} but does not make the module resolve: on the module path {@code
 * jdk.jfr} is there only if something else requires it or {@code --add-modules jdk.jfr} (or {@code
 * -XX:StartFlightRecording}, which adds it) asks for it, and a jlink image may not hold it at all.
 * {@link #ON} is decided once: the module reads {@code jdk.jfr} (a named module; on the class path
 * the boot layer decides), and the event classes load ({@link JfrBridge#load()}, a {@link
 * LinkageError} if not). Only {@link JfrBridge} and the event classes refer to {@code jdk.jfr}, and
 * only this class calls {@link JfrBridge}, behind {@link #ON}. The event classes are
 * package-private in {@code dev.weft}: JFR needs no export to {@code jdk.jfr} and no {@code opens}
 * for them (the module exports only {@code dev.weft}, to everyone).
 *
 * <p>Cost: {@link #ON} is a static final, so with {@code jdk.jfr} absent the JIT removes every call
 * site. With {@code jdk.jfr} present and not recording, a call site pays a static final check and
 * one {@code isEnabled()} read, and allocates nothing ({@link JfrBridge}). A channel operation that
 * does not wait pays nothing at all: only the path that parks asks.
 */
final class Jfr {
    /** Whether the events can be recorded: {@code jdk.jfr} is resolved and readable. */
    static final boolean ON = available();

    /** A scope's outcome when no {@code join()} had its outcome. */
    static final String NOT_JOINED = "not joined";

    private Jfr() {}

    private static boolean available() {
        try {
            Module self = Jfr.class.getModule();
            if (self.isNamed()) {
                ModuleLayer layer = self.getLayer();
                Optional<Module> jfr =
                        (layer == null ? ModuleLayer.boot() : layer).findModule("jdk.jfr");
                if (jfr.isEmpty() || !self.canRead(jfr.get())) {
                    return false;
                }
            }
            return JfrBridge.load();
        } catch (LinkageError | RuntimeException absent) {
            return false; // jdk.jfr is not there (or not usable): the events are off
        }
    }

    // ---- ScopeClosed ------------------------------------------------------------------------

    /** A scope opened: its event, begun, or {@code null} if the event is not enabled. */
    static Object scopeOpened(Scope parent) {
        return JfrBridge.scopeOpened(parent == null ? null : parent.name());
    }

    /** join() had its outcome: {@code failure} is what it threw, {@code null} for success. */
    static void scopeJoined(Object event, RuntimeException failure) {
        JfrBridge.scopeJoined(
                event,
                failure == null
                        ? "succeeded"
                        : failure instanceof ScopeTimeoutException
                                ? "timed out"
                                : failure instanceof ScopeCancelledException
                                        ? "cancelled"
                                        : "failed");
    }

    static void scopeClosed(Object event, String scope, int forks) {
        JfrBridge.scopeClosed(event, scope, forks);
    }

    // ---- ForkFailed -------------------------------------------------------------------------

    /** A fork's outcome became FAILED (on the thread that ended it). */
    static void forkFailed(ForkImpl<?> fork, Throwable failure) {
        JfrBridge.forkFailed(fork.scope.name(), fork.name(), failure);
    }

    // ---- ChannelWait ------------------------------------------------------------------------

    /** A channel operation is about to wait: the event, begun, or {@code null} if not enabled. */
    static Object waitBegun() {
        return JfrBridge.waitBegun();
    }

    /**
     * A wait ended. {@code what} is a {@link ChannelCore} (described by its capacity) or a
     * description; {@code thrown} what the operation throws, or {@code null} if it returns.
     */
    static void waitEnded(
            Object event,
            String operation,
            Object what,
            long deadline,
            String outcome,
            Throwable thrown) {
        JfrBridge.waitEnded(
                event,
                operation,
                what,
                deadline != Long.MAX_VALUE,
                thrown == null ? outcome : outcomeOf(thrown));
    }

    /** A send's wait ended, with what it returned. */
    static void sendEnded(Object event, ChannelCore core, long deadline, boolean sent) {
        waitEnded(event, "send", core, deadline, sent ? "sent" : "timed out", null);
    }

    /** A receive's wait ended, with what it returned (a value or a {@code NoValue}). */
    static void recvEnded(Object event, ChannelCore core, long deadline, Object got) {
        String outcome =
                got == ChannelCore.NoValue.CLOSED
                        ? "closed"
                        : got == ChannelCore.NoValue.TIMED_OUT ? "timed out" : "received";
        waitEnded(event, "receive", core, deadline, outcome, null);
    }

    private static String outcomeOf(Throwable thrown) {
        if (thrown instanceof InterruptedException) {
            return "interrupted";
        }
        if (thrown instanceof TimeoutException) {
            return "timed out";
        }
        if (thrown instanceof ChannelClosedException) {
            return "closed";
        }
        return "failed";
    }

    /** What a wait waited on, for the event's {@code channel} field. */
    static String describe(Object what) {
        if (what instanceof ChannelCore core) {
            int capacity = core.capacity;
            return capacity == 0
                    ? "rendezvous"
                    : capacity == Channel.UNBOUNDED ? "unbounded" : "bounded(" + capacity + ")";
        }
        return String.valueOf(what);
    }

    // ---- WorkQueueRequest -------------------------------------------------------------------

    /** A request starts: the event, begun, or {@code null} if not enabled. */
    static Object requestBegun() {
        return JfrBridge.requestBegun();
    }

    /** A request ended: {@code outcome} if it returned, else what {@code thrown} says. */
    static void requestEnded(Object event, String queue, String outcome, Throwable thrown) {
        String o;
        if (thrown == null) {
            o = outcome;
        } else if (thrown instanceof TaskFailedException) {
            o = "failed";
        } else {
            o = outcomeOf(thrown);
        }
        JfrBridge.requestEnded(event, queue, o);
    }
}

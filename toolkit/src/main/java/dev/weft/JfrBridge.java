package dev.weft;

/**
 * The one class besides the event classes that refers to {@code jdk.jfr} types: it creates, begins,
 * fills and commits the events. Only {@link Jfr} calls it, and only when {@link Jfr#ON}: where
 * {@code jdk.jfr} is absent this class is never loaded (its first use, in {@link Jfr}'s check,
 * fails with a {@link LinkageError} that the check catches).
 *
 * <p>Design note: what a disabled event costs. Each event type has one probe instance, made when
 * this class is initialized, and {@code PROBE.isEnabled()} asks whether a recording enables the
 * type now (JFR instruments the class when recording starts, so the probe answers for every
 * instance; it reads no field of its own). An event is allocated only when its type is enabled, so
 * while nothing is recording, a Weft call pays the {@link Jfr#ON} check and that read, and
 * allocates nothing: a {@code new} whose result may be stored in a field or returned escapes, and
 * C2's escape analysis would not remove it.
 */
final class JfrBridge {
    private static final ScopeClosedEvent SCOPE_CLOSED = new ScopeClosedEvent();
    private static final ForkFailedEvent FORK_FAILED = new ForkFailedEvent();
    private static final ChannelWaitEvent CHANNEL_WAIT = new ChannelWaitEvent();
    private static final WorkQueueRequestEvent WORK_QUEUE_REQUEST = new WorkQueueRequestEvent();

    private JfrBridge() {}

    /** Loads the event classes (in {@link Jfr}'s check): a {@link LinkageError} without jdk.jfr. */
    static boolean load() {
        return SCOPE_CLOSED != null
                && FORK_FAILED != null
                && CHANNEL_WAIT != null
                && WORK_QUEUE_REQUEST != null;
    }

    // ---- ScopeClosed ------------------------------------------------------------------------

    static Object scopeOpened(String parent) {
        if (!SCOPE_CLOSED.isEnabled()) {
            return null;
        }
        ScopeClosedEvent e = new ScopeClosedEvent();
        e.outcome = Jfr.NOT_JOINED;
        e.parent = parent;
        e.begin();
        return e;
    }

    static void scopeJoined(Object event, String outcome) {
        ((ScopeClosedEvent) event).outcome = outcome;
    }

    static void scopeClosed(Object event, String scope, int forks) {
        ScopeClosedEvent e = (ScopeClosedEvent) event;
        e.end();
        if (e.shouldCommit()) {
            e.scope = scope;
            e.forks = forks;
            e.commit();
        }
    }

    // ---- ForkFailed -------------------------------------------------------------------------

    static void forkFailed(String scope, String fork, Throwable failure) {
        if (!FORK_FAILED.isEnabled()) {
            return;
        }
        ForkFailedEvent e = new ForkFailedEvent();
        if (e.shouldCommit()) {
            e.scope = scope;
            e.fork = fork;
            e.exceptionClass = failure.getClass().getName();
            e.message = failure.getMessage();
            e.commit();
        }
    }

    // ---- ChannelWait ------------------------------------------------------------------------

    static Object waitBegun() {
        if (!CHANNEL_WAIT.isEnabled()) {
            return null;
        }
        ChannelWaitEvent e = new ChannelWaitEvent();
        e.begin();
        return e;
    }

    static void waitEnded(
            Object event, String operation, Object channel, boolean timed, String outcome) {
        ChannelWaitEvent e = (ChannelWaitEvent) event;
        e.end();
        if (e.shouldCommit()) {
            e.operation = operation;
            e.channel = Jfr.describe(channel);
            e.timed = timed;
            e.outcome = outcome;
            e.commit();
        }
    }

    // ---- WorkQueueRequest -------------------------------------------------------------------

    static Object requestBegun() {
        if (!WORK_QUEUE_REQUEST.isEnabled()) {
            return null;
        }
        WorkQueueRequestEvent e = new WorkQueueRequestEvent();
        e.begin();
        return e;
    }

    static void requestEnded(Object event, String queue, String outcome) {
        WorkQueueRequestEvent e = (WorkQueueRequestEvent) event;
        e.end();
        if (e.shouldCommit()) {
            e.queue = queue;
            e.outcome = outcome;
            e.commit();
        }
    }
}

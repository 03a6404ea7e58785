package dev.weft;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The open or closed state of one sender handle of a {@link ChangeCore} channel ({@link
 * BroadcastSender}, {@link WatchSender}): each handle is closed once, by CAS, and the last close
 * closes the sending side of the channel.
 */
final class SenderHandle {
    private final ChangeCore core;
    private final String kind;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param kind the channel's kind, for messages ("broadcast", "watch")
     */
    SenderHandle(ChangeCore core, String kind) {
        this.core = core;
        this.kind = kind;
    }

    /** Throws {@link IllegalStateException} naming {@code operation} if this handle is closed. */
    void checkOpen(String operation) {
        if (closed.get()) {
            throw new IllegalStateException(
                    "cannot " + operation + ": this " + kind + " sender is closed");
        }
    }

    /** Counts one more handle of the channel, for a clone of this one. */
    void openAnother() {
        checkOpen("clone");
        if (!core.openSender()) {
            throw new IllegalStateException("cannot clone: every " + kind + " sender is closed");
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Closes this handle once; the channel's last handle closes its sending side. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            core.closeSender();
        }
    }

    @Override
    public String toString() {
        return closed.get() ? "closed" : "open";
    }
}

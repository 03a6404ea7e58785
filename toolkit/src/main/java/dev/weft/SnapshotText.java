package dev.weft;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/** {@link Snapshot#toString()}: the snapshot as an indented text tree, one line per element. */
final class SnapshotText {
    private SnapshotText() {}

    static String format(Snapshot snapshot) {
        StringBuilder b = new StringBuilder("Snapshot at ").append(snapshot.takenAt());
        if (snapshot.scopes().isEmpty()
                && snapshot.channels().isEmpty()
                && snapshot.workQueues().isEmpty()) {
            b.append(": no open scope, nothing registered");
        }
        // Depth first with an explicit stack, as the walk that built it (no deep recursion).
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        pushAll(stack, snapshot.scopes(), 1);
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            Snapshot.ScopeInfo s = (Snapshot.ScopeInfo) top[0];
            int depth = (Integer) top[1];
            line(b, depth).append(scope(s));
            for (Snapshot.ForkInfo f : s.forks()) {
                line(b, depth + 1).append("fork ").append(f.name()).append(' ').append(f.state());
                if (!f.threadName().equals(f.name())) {
                    b.append(", thread ").append(f.threadName());
                }
            }
            pushAll(stack, s.children(), depth + 1);
        }
        for (Snapshot.ChannelInfo c : snapshot.channels()) {
            line(b, 1).append("channel ").append(c.name()).append(": ").append(c.kind());
            if (c.kind().equals("bounded")) {
                b.append(", capacity ").append(c.capacity());
            }
            b.append(", buffered ").append(c.buffered());
            b.append(", waiting senders ").append(c.waitingSenders());
            if (c.closed()) {
                b.append(", closed");
            }
        }
        for (Snapshot.WorkQueueInfo q : snapshot.workQueues()) {
            WorkQueue.Stats st = q.stats();
            line(b, 1).append("work queue ").append(q.name());
            b.append(": served ").append(st.served());
            b.append(", failed ").append(st.failed());
            b.append(", abandoned ").append(st.abandoned());
            b.append(", queued ").append(st.queued());
            b.append(", workers ").append(st.workers());
        }
        return b.toString();
    }

    private static void pushAll(ArrayDeque<Object[]> stack, List<Snapshot.ScopeInfo> l, int d) {
        for (int i = l.size() - 1; i >= 0; i--) { // so that the first is popped first
            stack.push(new Object[] {l.get(i), d});
        }
    }

    private static String scope(Snapshot.ScopeInfo s) {
        StringBuilder b = new StringBuilder("scope ").append(s.name());
        if (!s.threadName().equals(s.name())) {
            b.append(" (threads ").append(s.threadName()).append("-fork-<n>)");
        }
        b.append(", owner ").append(s.owner()).append(" #").append(s.ownerId());
        b.append(", age ").append(millis(s.age()));
        s.timeLeft()
                .ifPresent(
                        t ->
                                b.append(
                                        t.isNegative()
                                                ? ", deadline passed "
                                                        + millis(t.negated())
                                                        + " ago"
                                                : ", " + millis(t) + " left"));
        if (s.cancelled()) {
            b.append(", cancelled");
        }
        int n = s.forks().size();
        b.append(", ").append(n).append(n == 1 ? " fork" : " forks");
        return b.toString();
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    private static StringBuilder line(StringBuilder b, int depth) {
        b.append('\n');
        for (int i = 0; i < depth; i++) {
            b.append("  ");
        }
        return b;
    }
}

package dev.weft;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How {@link Snapshot#take()} reads the open scopes, their forks and the registrations.
 *
 * <p>Design note. The roots come from {@link OpenScopes}, each scope's children from its {@link
 * ChildScopes} and its forks from its {@link ForkList}: three lock-free lists that any thread may
 * walk while their owners change them, and whose walks reach every element not yet removed. Each
 * scope's fields are read once, as the walk reaches it. The tree is built depth first with an
 * explicit stack, not by recursion, so a deep nesting cannot overflow the caller's stack: a frame's
 * {@link Snapshot.ScopeInfo} is made once all of its children's are.
 */
final class SnapshotWalk {
    private SnapshotWalk() {}

    static Snapshot take() {
        Instant takenAt = Instant.now();
        long now = System.nanoTime();
        List<Scope> roots = OpenScopes.roots();
        roots.sort((a, b) -> Long.compare(a.openedAt - b.openedAt, 0)); // oldest first
        List<Snapshot.ScopeInfo> scopes = new ArrayList<>(roots.size());
        for (Scope root : roots) {
            scopes.add(describe(root, now));
        }
        List<Snapshot.ChannelInfo> channels = new ArrayList<>();
        List<Snapshot.WorkQueueInfo> queues = new ArrayList<>();
        for (Registrations.Live live : Registrations.live()) {
            if (live.target() instanceof ChannelCore core) {
                channels.add(channel(live.name(), core));
            } else if (live.target() instanceof WorkQueue<?, ?> queue) {
                queues.add(new Snapshot.WorkQueueInfo(live.name(), queue.stats()));
            }
        }
        return new Snapshot(takenAt, scopes, channels, queues);
    }

    /** One scope being described: its own fields, read when the walk reached it. */
    private static final class Frame {
        final Scope scope;
        final Scope[] children; // newest first, as ChildScopes lists them
        int nextChild; // counts down from the oldest
        final List<Snapshot.ScopeInfo> described = new ArrayList<>(0);
        final Duration age;
        final boolean cancelled;
        final List<Snapshot.ForkInfo> forks;

        Frame(Scope scope, long now) {
            this.scope = scope;
            this.age = Duration.ofNanos(Math.max(0, now - scope.openedAt));
            this.cancelled = scope.isCancelled();
            List<ForkImpl<?>> all = scope.forkList().oldestFirst();
            List<Snapshot.ForkInfo> forks = new ArrayList<>(all.size());
            for (ForkImpl<?> f : all) {
                forks.add(new Snapshot.ForkInfo(f.name(), f.state(), f.threadName()));
            }
            this.forks = forks;
            this.children = scope.children.snapshot();
            this.nextChild = children.length - 1;
        }

        Snapshot.ScopeInfo info() {
            Duration timeout = scope.timeout;
            Thread owner = scope.owner;
            return new Snapshot.ScopeInfo(
                    scope.name(),
                    scope.chain(),
                    owner.getName(),
                    owner.threadId(),
                    age,
                    timeout == null ? Optional.empty() : Optional.of(timeout.minus(age)),
                    cancelled,
                    forks,
                    described);
        }
    }

    private static Snapshot.ScopeInfo describe(Scope root, long now) {
        ArrayDeque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(root, now));
        while (true) {
            Frame top = stack.peek();
            if (top.nextChild >= 0) {
                stack.push(new Frame(top.children[top.nextChild--], now));
                continue;
            }
            stack.pop();
            Snapshot.ScopeInfo info = top.info();
            Frame parent = stack.peek();
            if (parent == null) {
                return info;
            }
            parent.described.add(info);
        }
    }

    private static Snapshot.ChannelInfo channel(String name, ChannelCore core) {
        String kind =
                core instanceof RendezvousCore
                        ? "rendezvous"
                        : core instanceof LinkedCore ? "unbounded" : "bounded";
        return new Snapshot.ChannelInfo(
                name,
                kind,
                core.capacity,
                core.size(),
                core.waitingSenders(),
                core.sendersClosed || core.receiverClosed);
    }
}

package dev.weft;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A picture of what is running now: the open scopes as a tree, with their forks, and the channels
 * and work queues you chose to {@linkplain #register(String, Channel) register}. Plain records, for
 * a log line, a health endpoint or a debugger; {@link #toString()} is an indented text tree.
 *
 * {@snippet :
 * var orders = Channel.<Order>bounded(16);
 * try (var registration = Snapshot.register("orders", orders)) {   // held weakly
 *     try (var scope = Scope.open(c -> c.withName("checkout"))) {
 *         scope.fork(() -> pay(order));
 *         log.info("running:\n{}", Snapshot.take());               // from any thread
 *         scope.join();
 *     }
 * }
 * }
 *
 * <p>Printed, a snapshot reads like this (a real run: a root scope {@code checkout} with a
 * deadline, whose second fork opened the scope {@code payment}, and whose third fork waits to send
 * to the full channel {@code orders}):
 *
 * <pre>
 * Snapshot at 2026-12-02T14:27:40.965774034Z
 *   scope checkout, owner main #3, age 224 ms, 29775 ms left, 3 forks
 *     fork checkout-fork-1 RUNNING
 *     fork checkout-fork-2 RUNNING
 *     fork checkout-fork-3 RUNNING
 *     scope payment (threads checkout-fork-2/payment-fork-&lt;n&gt;), owner checkout-fork-2 #26, age 204 ms, 1 fork
 *       fork payment-fork-1 RUNNING, thread checkout-fork-2/payment-fork-1
 *   channel orders: bounded, capacity 2, buffered 2, waiting senders 1
 * </pre>
 *
 * <h2>What a snapshot promises</h2>
 *
 * {@link #take()} may be called from any thread at any time; it takes no lock, never blocks and
 * does not throw because scopes open and close, or forks start and end, while it runs. It is not an
 * atomic picture of the whole program; what it promises:
 *
 * <ul>
 *   <li>Every scope that is open for the whole of the call is listed, under the scope it is nested
 *       in (roots at the top, oldest first; children oldest first). A scope is listed from the end
 *       of its opening until its {@code close()} has waited for its forks; a scope opened or closed
 *       while the call runs may or may not be. A closed scope is never retained; a scope that is
 *       never closed (a bug: open it in try-with-resources) stays listed, and so reachable, which
 *       is how a snapshot shows it.
 *   <li>Every fork that is running for the whole of the call is listed, in the order it was forked,
 *       with its state; forks that have ended are listed too until the scope prunes them from its
 *       list (it keeps about as many ended ones as it has running ones), so do not count on them. A
 *       fork whose scope was cancelled before it could start is not listed.
 *   <li>Each value is read once, at some moment during the call, not together with the others: a
 *       scope may say it is not cancelled while its forks already show {@link
 *       Fork.State#CANCELLED}, and a fork listed {@link Fork.State#RUNNING} may have ended a moment
 *       later. Ages and times left are measured from one instant, {@link #takenAt()}.
 *   <li>A registered channel's {@code buffered} and {@code waitingSenders}, and a work queue's
 *       {@link WorkQueue#stats() stats}, are read live; under concurrent sends and receives they
 *       are approximate (each a value the count had during the call). When the channel is quiet
 *       (its senders parked, say) they are exact.
 * </ul>
 *
 * <h2>Registering channels and work queues</h2>
 *
 * Scopes are found without registering anything. Channels and work queues are listed only once
 * registered, in registration order, each under the name you give it. A registration holds its
 * channel (or queue) weakly: a channel no longer reachable (none of its handles is) disappears from
 * snapshots even if the registration was never closed. {@link Registration#close()} unregisters.
 * Registering the same channel twice lists it twice.
 *
 * <h2>Thread names</h2>
 *
 * A fork's thread is named {@code <chain>-fork-<n>} (see {@link Scope}, "Threads"): in a thread
 * dump, the name alone says which scope, nested in which fork, a thread belongs to. {@link
 * ScopeInfo#threadName()} is that chain, {@link ForkInfo#threadName()} the full name.
 *
 * <p>Taking a snapshot walks every open scope and fork: its cost grows with what is running. Open
 * and close of a scope pay a few atomic operations for it whether or not snapshots are taken.
 *
 * <p><b>Forms</b> (its row of the package's <a href="package-summary.html#forms">table of
 * forms</a>): blocks: not offered; never blocks: {@link #take()}, {@link #register(String,
 * Channel)} and {@link Registration#close()}.
 *
 * @param takenAt when the snapshot was taken (its ages and times left are as of then)
 * @param scopes the open root scopes (those nested in no other), oldest first, each with the scopes
 *     nested in it
 * @param channels the registered channels still reachable, in registration order
 * @param workQueues the registered work queues still reachable, in registration order
 */
public record Snapshot(
        Instant takenAt,
        List<ScopeInfo> scopes,
        List<ChannelInfo> channels,
        List<WorkQueueInfo> workQueues) {

    /**
     * Creates a snapshot; the lists are copied.
     *
     * @param takenAt when the snapshot was taken
     * @param scopes the open root scopes
     * @param channels the registered channels
     * @param workQueues the registered work queues
     * @throws NullPointerException if any argument or list element is {@code null}
     */
    public Snapshot {
        Objects.requireNonNull(takenAt, "takenAt");
        scopes = List.copyOf(scopes);
        channels = List.copyOf(channels);
        workQueues = List.copyOf(workQueues);
    }

    /**
     * Takes a snapshot of what is running now. Any thread may call it, at any time; it never blocks
     * and does not throw because scopes open or close meanwhile (see the class comment for what is
     * promised).
     *
     * @return the snapshot
     */
    public static Snapshot take() {
        return SnapshotWalk.take();
    }

    /**
     * Registers a channel, so that snapshots list it under {@code name} with its capacity, how many
     * values it buffers and how many senders wait. The channel is held weakly: once none of its
     * handles is reachable it disappears, whether or not the registration is closed.
     *
     * @param name what snapshots call it; not blank
     * @param channel the channel
     * @return the registration; closing it unregisters
     * @throws NullPointerException if {@code name} or {@code channel} is {@code null}
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static Registration register(String name, Channel<?> channel) {
        Checks.notBlank(name, "name");
        Objects.requireNonNull(channel, "channel");
        return Registrations.add(name, channel.core());
    }

    /**
     * Registers a work queue, so that snapshots list it under {@code name} with its {@linkplain
     * WorkQueue#stats() statistics}. The queue is held weakly: once it is no longer reachable it
     * disappears, whether or not the registration is closed.
     *
     * @param name what snapshots call it; not blank
     * @param queue the work queue
     * @return the registration; closing it unregisters
     * @throws NullPointerException if {@code name} or {@code queue} is {@code null}
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static Registration register(String name, WorkQueue<?, ?> queue) {
        Checks.notBlank(name, "name");
        Objects.requireNonNull(queue, "queue");
        return Registrations.add(name, queue);
    }

    /**
     * A channel's or work queue's registration with {@link Snapshot}. It does not keep what it
     * registered reachable.
     */
    public interface Registration extends AutoCloseable {
        /**
         * Unregisters: later snapshots no longer list it. Closing it again does nothing. Never
         * blocks.
         */
        @Override
        void close();
    }

    /**
     * An open scope.
     *
     * @param name the scope's {@linkplain Scope#name() name}
     * @param threadName the prefix of its forks' thread names, the chain: its name for a root
     *     scope; for a scope opened by a fork's task, that fork's thread name, {@code /}, its name;
     *     for a scope nested by the same owner thread, the enclosing scope's chain, {@code /}, its
     *     name. Its forks' threads are named {@code <threadName>-fork-<n>}.
     * @param owner the name of its owner thread, now
     * @param ownerId the owner thread's {@linkplain Thread#threadId() id}
     * @param age how long it has been open, as of {@link Snapshot#takenAt()}
     * @param timeLeft for a scope with a {@linkplain Scope.Config#withTimeout timeout}, the time
     *     left until its deadline, negative once the deadline has passed; empty without one
     * @param cancelled whether it has been {@linkplain Scope#isCancelled() cancelled}
     * @param forks its forks, in the order they were forked: every running one, and ended ones
     *     until they are pruned (see {@link Snapshot})
     * @param children the open scopes nested in it, oldest first
     */
    public record ScopeInfo(
            String name,
            String threadName,
            String owner,
            long ownerId,
            Duration age,
            Optional<Duration> timeLeft,
            boolean cancelled,
            List<ForkInfo> forks,
            List<ScopeInfo> children) {

        /**
         * Creates a scope's description; the lists are copied.
         *
         * @param name the scope's name
         * @param threadName its forks' thread-name prefix
         * @param owner its owner thread's name
         * @param ownerId its owner thread's id
         * @param age how long it has been open
         * @param timeLeft time left until its deadline, if it has one
         * @param cancelled whether it has been cancelled
         * @param forks its forks
         * @param children the scopes nested in it
         * @throws NullPointerException if any reference argument or list element is {@code null}
         */
        public ScopeInfo {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(threadName, "threadName");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(age, "age");
            Objects.requireNonNull(timeLeft, "timeLeft");
            forks = List.copyOf(forks);
            children = List.copyOf(children);
        }
    }

    /**
     * A fork of an open scope.
     *
     * @param name the fork's {@linkplain Fork#name() name}, {@code <scope name>-fork-<n>}
     * @param state its state when it was read
     * @param threadName the name of its thread, {@code <chain>-fork-<n>} (see {@link
     *     ScopeInfo#threadName()}): what thread dumps show
     */
    public record ForkInfo(String name, Fork.State state, String threadName) {

        /**
         * Creates a fork's description.
         *
         * @param name the fork's name
         * @param state its state
         * @param threadName its thread's name
         * @throws NullPointerException if any argument is {@code null}
         */
        public ForkInfo {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(threadName, "threadName");
        }
    }

    /**
     * A registered channel.
     *
     * @param name the name it was registered under
     * @param kind {@code "bounded"}, {@code "unbounded"} or {@code "rendezvous"}, as the factory
     *     that made it ({@code bounded(0)} makes a rendezvous channel)
     * @param capacity its {@linkplain Channel#capacity() capacity}: 0 for rendezvous, {@link
     *     Channel#UNBOUNDED} for unbounded
     * @param buffered how many values it buffered when read (always 0 for rendezvous)
     * @param waitingSenders how many sends (and selects with a send arm on it) were waiting when
     *     read: for room, or for a receiver of a rendezvous channel
     * @param closed whether it is closed for sending: every sender handle or the receiver was
     *     closed (values still buffered may yet be received)
     */
    public record ChannelInfo(
            String name,
            String kind,
            int capacity,
            int buffered,
            int waitingSenders,
            boolean closed) {

        /**
         * Creates a channel's description.
         *
         * @param name the name it was registered under
         * @param kind its kind
         * @param capacity its capacity
         * @param buffered how many values it buffered
         * @param waitingSenders how many senders waited
         * @param closed whether it is closed for sending
         * @throws NullPointerException if {@code name} or {@code kind} is {@code null}
         */
        public ChannelInfo {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * A registered work queue.
     *
     * @param name the name it was registered under
     * @param stats its {@linkplain WorkQueue#stats() statistics} when read
     */
    public record WorkQueueInfo(String name, WorkQueue.Stats stats) {

        /**
         * Creates a work queue's description.
         *
         * @param name the name it was registered under
         * @param stats its statistics
         * @throws NullPointerException if any argument is {@code null}
         */
        public WorkQueueInfo {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(stats, "stats");
        }
    }

    /**
     * Returns the snapshot as an indented text tree: one line per scope, fork, channel and work
     * queue, nested scopes and forks indented under their scope. Meant for people (a log, a
     * console); the exact layout may change, read the records for anything else.
     *
     * @return the text tree
     */
    @Override
    public String toString() {
        return SnapshotText.format(this);
    }
}

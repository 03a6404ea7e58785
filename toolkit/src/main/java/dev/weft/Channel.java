package dev.weft;

/**
 * A channel: a {@link Sender} and a {@link Receiver} joined by a buffer, for many producers and
 * many consumers, each value going to exactly one consumer. Rust's {@code let (tx, rx) =
 * mpsc::channel(32)}; Go's {@code make(chan T, 32)}.
 *
 * {@snippet :
 * var ch = Channel.<String>bounded(32);   // the witness <String>: nothing to infer it from
 * try (var scope = Scope.open()) {
 *     scope.fork(() -> {
 *         try (Sender<String> tx = ch.sender()) {      // closing it is Rust's drop(tx)
 *             for (int i = 0; i < 10; i++) {
 *                 tx.send("ping " + i);                // waits while 32 are buffered
 *             }
 *         }
 *         return null;
 *     });
 *     for (String ping : ch.receiver()) {              // ends when every sender is closed
 *         System.out.println(ping);
 *     }
 *     scope.join();
 * }
 * }
 *
 * <table class="striped">
 *   <caption>Kinds of channel</caption>
 *   <thead><tr><th>factory</th><th>a send waits</th><th>Rust / Go twin</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link #bounded(int) bounded(n)}</td><td>while {@code n} values are buffered</td>
 *         <td>{@code mpsc::channel(n)}</td></tr>
 *     <tr><td>{@link #unbounded()}</td><td>never</td><td>{@code mpsc::unbounded_channel()}</td></tr>
 *     <tr><td>{@link #rendezvous()} (also {@code bounded(0)})</td>
 *         <td>until a receiver takes the value</td><td>Go's {@code make(chan T)}</td></tr>
 *   </tbody>
 * </table>
 *
 * <p><b>Several consumers.</b> Threads that share the {@link #receiver()} (or {@linkplain
 * Receiver#clone() clones} of it) share the values: each value is received once, by one of them
 * (three workers iterating one channel split the work). The receiving side closes when its last
 * handle does.
 *
 * <p><b>Delivery.</b> A send that returns normally is received, unless the receiver closes. The
 * receiver reports the end ({@link Receiver#recv()} throws {@link ChannelClosedException}, the
 * iteration ends, {@link Receiver#isDone()} says {@code true}) only after every value whose send
 * returned normally has been received. A send that cannot deliver fails, and its {@link
 * ChannelClosedException} hands the value back. That holds however the closes race the sends: when
 * another thread closes the last open {@link Sender} handle while a send through it is still under
 * way (parked for room or for a receiver, or just begun), that send fails with its value handed
 * back; it cannot slip a value in after the end (see {@link Sender#close()}).
 *
 * <p>See {@link Sender} and {@link Receiver} for what each operation does on close and on
 * cancellation. Values must not be {@code null}.
 *
 * @param <T> the type of the values
 */
public final class Channel<T> {

    /*
     * Design note: how a channel waits.
     *
     * Buffer. Bounded channels keep values in a ring (ArrayCore): a sender claims the index
     * `tail` by CAS while fewer than `limit` values are buffered, then writes the slot; a
     * receiver, inside the take lock (one receiver at a time, never held while parked; see
     * ChannelCore.lockTake), reads slot `head`, clears it, and advances `head`. The ring starts at 16
     * slots and doubles, when a send finds it full below the capacity, up to the capacity
     * (`limit` is the capacity once it has): an empty channel of any capacity costs under
     * 1 KiB. Growing never copies a value; ArrayCore's design note says how. Unbounded channels
     * use a linked MPSC queue (LinkedCore), also drained inside the take lock. Rendezvous
     * channels have no buffer (RendezvousCore).
     *
     * Waiters. A thread that must wait publishes a Waiter and parks. A Waiter's state moves
     * exactly once, by CAS, from waiting (null) to a Wake, the sealed family of wake reasons:
     * either one written by the party that wakes it, or CANCELLED (written by the waiting thread
     * itself on interrupt or timeout):
     *
     *     waiting --wake(w)---> w          by the other party: it made room, delivered a value,
     *                                      took a value, or closed the channel
     *     waiting --cancel()--> CANCELLED  by the waiting thread; if this CAS fails, the wake
     *                                      won and the waiting thread must honour it
     *
     * Because the decision is one CAS on the waiter and not on the channel, one waiter can be
     * registered with several channels at once: the first channel to wake it wins and every
     * other finds it no longer WAITING (this is what Select builds on).
     *
     * Who registers where:
     *   - receivers (receives and selects, any number) in the receive queue, a WaitQueue like
     *     the senders' (created when the first receiver parks); a sender that adds a value reads
     *     the queue's size and wakes the first receiver still WAITING. A receiver queues itself
     *     and then re-reads the buffer; the sender writes the buffer and then reads the queue.
     *     All four accesses are volatile, so at least one side sees the other: no lost wake-up.
     *     One wake per value: a receiver woken for a value it does not take (it found one while
     *     registering, or it is a select that committed another arm) passes the wake on; one
     *     that finds the value already taken by a receiver that was not parked queues again.
     *   - senders waiting for room in the WaitQueue (a FIFO under a short lock). A receiver
     *     that frees a slot wakes the first sender still WAITING; senders that gave up are
     *     skipped and unlinked. A sender registers, then re-tries the buffer (same argument).
     *
     * What a wake means:
     *   - buffered channels (BufferedCore): a wake carries no value, only the channel that sent
     *     it, which is its own Wake (so a select knows which arm to look at). The woken party retries the buffer; a waiter that
     *     is woken for room it then does not use passes the wake on. Since values never travel
     *     through a waiter, an interrupted send or receive cannot lose or duplicate a value: it
     *     simply was not sent, or not taken.
     *   - rendezvous: the value travels with the wake. A sender writes its value into a parked
     *     receiver's queue node and then wakes it with the channel itself ("delivered"); a
     *     receiver wakes a parked sender with the channel itself as the wake ("taken") and keeps
     *     the value of the sender's node. Both queues share one lock (RendezvousCore). The
     *     party that gives up must win cancel(); if it loses, the exchange already happened and
     *     it reports success (keeping its interrupt flag).
     *
     * Closing. The invariant (class Javadoc): a send that returned normally is received unless
     * the receiver closes, and the receiver reports the end only once it has received every
     * such value; a send that cannot deliver fails with its value. The hard case is the last
     * Sender handle closing while a send is still under way: through a handle another thread
     * closed after the send checked it, or parked for room (or, rendezvous, for a receiver).
     * Such a send must either be waited for or be refused. Waiting for it ("report the end only
     * once no send is in flight") needs a count of sends in flight, raised and lowered by every
     * send: two more atomic writes on the hot path, on a line every producer writes. So Weft
     * refuses it, at no cost to the hot path:
     *
     *   - Buffered kinds. The last close first sets the buffer's close bit (closeBuffer: the bit
     *     of `tail`, or of LinkedCore's `count`, that Receiver.close() also sets; the CAS that
     *     claims a slot checks it), then sets `sendersClosed`, then wakes every parked sender
     *     with Signal.CLOSED, then the receiver. A send that claimed before the bit is counted and
     *     will be drained: the receiver waits out a claimed slot not yet written. A send that
     *     tries to claim after it (a parked sender woken by the close or by room made earlier,
     *     or one that is just starting) is refused and throws ChannelClosedException with its
     *     value. The receiver reports the end only when it sees `sendersClosed` and then finds
     *     nothing buffered or pending, and the bit was set before the flag, so no value can enter
     *     after that.
     *   - Rendezvous. No buffer, so the close runs under the channel's lock, which a send holds
     *     while it checks for a close and queues itself: the close wakes every queued sender with
     *     Signal.CLOSED and only then sets `sendersClosed`. isDone() and tryRecv() take no lock;
     *     by the time they can see the flag, no send waits any more, and a send that takes the
     *     lock later sees the flag and fails.
     *
     * A send still fails only when the channel really is closed for it: the close bit is set
     * only once every handle is closed (or the receiver is). The last Receiver handle's close()
     * sets the bit and `receiverClosed` and wakes every parked sender with Signal.CLOSED; they
     * fail and hand their value back, and what is buffered can still be drained. It also wakes
     * every parked receiver and every thread in Sender.closed(). A receiver handle that is closed
     * while others stay open only stops waiting (a receive through it takes what is there, and
     * ends where it would wait): the channel is open for the others.
     *
     * Yielding. Before parking, each side yields and re-checks a few times: the party it waits
     * for was probably queued on the same carrier by the last wake-up, and a yield lets it run
     * without the cost of a park and unpark.
     */

    /** The capacity reported by an unbounded channel. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    /**
     * The largest capacity of a bounded channel. Memory follows what is buffered, not the capacity:
     * an empty channel of any capacity retains under 1 KiB, and its ring of slots (4 bytes each
     * with compressed references) starts at 16 and doubles when a send finds it full, up to the
     * capacity. It never shrinks: its length is the smallest power of two that held the most values
     * ever buffered at once, and until the receiver has moved past them the shorter rings before it
     * are kept too (fewer slots again). A channel filled to this capacity without receiving holds
     * about 8 GiB of slots; 4 GiB once the receiver has caught up.
     */
    public static final int MAX_CAPACITY = 1 << 30;

    private final ChannelCore core;
    private final Sender<T> sender;
    private final Receiver<T> receiver;

    private Channel(ChannelCore core) {
        this.core = core;
        this.sender = new Sender<>(core);
        this.receiver = new Receiver<>(core);
    }

    /**
     * Creates a bounded channel: a send waits while {@code capacity} values are buffered. Capacity
     * 0 makes a {@linkplain #rendezvous() rendezvous} channel. The buffer's memory grows with what
     * is buffered, up to the capacity (see {@link #MAX_CAPACITY}); it never shrinks.
     *
     * @param capacity how many values may wait in the buffer; 0 to {@link #MAX_CAPACITY}
     * @param <T> the type of the values
     * @return the channel
     * @throws IllegalArgumentException if {@code capacity} is negative or above {@link
     *     #MAX_CAPACITY}
     */
    public static <T> Channel<T> bounded(int capacity) {
        Checks.capacity(capacity);
        return new Channel<>(capacity == 0 ? new RendezvousCore() : new ArrayCore(capacity));
    }

    /**
     * A bounded channel whose ring starts at {@code initialLength} slots (a power of two) instead
     * of {@link ArrayCore#INITIAL_LENGTH}, so that tests can make it grow with a few values.
     */
    static <T> Channel<T> boundedGrowingFrom(int capacity, int initialLength) {
        if (capacity < 1 || Integer.bitCount(initialLength) != 1) {
            throw new IllegalArgumentException(capacity + ", " + initialLength);
        }
        return new Channel<>(new ArrayCore(capacity, initialLength));
    }

    /**
     * Creates an unbounded channel: a send never waits (and memory is the only limit).
     *
     * @param <T> the type of the values
     * @return the channel
     */
    public static <T> Channel<T> unbounded() {
        return new Channel<>(new LinkedCore());
    }

    /**
     * Creates a rendezvous channel: no buffer, a send completes when a receiver takes the value.
     *
     * @param <T> the type of the values
     * @return the channel
     */
    public static <T> Channel<T> rendezvous() {
        return new Channel<>(new RendezvousCore());
    }

    /**
     * Returns the channel's first sender handle; more come from {@link Sender#clone()}.
     *
     * @return the sender
     */
    public Sender<T> sender() {
        return sender;
    }

    /**
     * Returns the channel's receiver.
     *
     * @return the receiver
     */
    public Receiver<T> receiver() {
        return receiver;
    }

    /**
     * Returns the capacity: 0 for rendezvous, {@link #UNBOUNDED} for unbounded.
     *
     * @return the capacity
     */
    public int capacity() {
        return core.capacity;
    }

    /** The shared state, for tests and for Select. */
    ChannelCore core() {
        return core;
    }

    @Override
    public String toString() {
        return "Channel[capacity="
                + (core.capacity == UNBOUNDED ? "unbounded" : core.capacity)
                + ", buffered="
                + core.size()
                + "]";
    }
}

package dev.weft;

/**
 * The shared state of a {@link Broadcast}: a ring of the last values sent, the position of the next
 * send, and for each value how many subscribers have yet to read it. Every field is guarded by
 * {@link ChangeCore#lock}.
 *
 * <p>Design note: positions, lag and memory.
 *
 * <p>Every value sent gets the next sequence number ({@link #tail} counts the values sent); a
 * subscriber's position ({@link BroadcastReceiver#next}) is the sequence of the next value it will
 * read, and starts at {@code tail} when it subscribes, so it sees exactly the values sent after.
 * The ring keeps value {@code s} in slot {@code s % length}, and next to it the count of
 * subscribers that have not read it yet ({@link #unread}): a send sets it to the number of open
 * subscribers (what {@code send} returns), a read or a subscriber's close lowers it, and at zero
 * the slot lets go of the value, so that a value every subscriber has read is not kept reachable.
 *
 * <p>The ring starts small ({@link #INITIAL_LENGTH}) and doubles up to the capacity. A send that
 * finds its slot still unread by someone grows the ring if it is below the capacity (copying the
 * last {@code length} values to their new slots), and overwrites the slot only at the capacity. So
 * below the capacity no unread value is ever overwritten, and at the capacity a value is
 * overwritten only when {@code capacity} newer ones were sent: a subscriber has lost values exactly
 * when {@code tail - next > capacity}. Its next receive then reports {@code tail - capacity - next}
 * missed values ({@link LaggedException}) and moves it to {@code tail - capacity}, the oldest value
 * still in the ring; tokio's {@code RecvError::Lagged(n)}.
 */
final class BroadcastCore extends ChangeCore {
    /** The ring's first length (or the capacity, if smaller). */
    static final int INITIAL_LENGTH = 16;

    /** A closed marker of {@link #poll}: every sender closed and this subscriber has read all. */
    static final Object DRAINED = new Object();

    /** A closed marker of {@link #poll}: this subscriber was closed. */
    static final Object UNSUBSCRIBED = new Object();

    final int capacity;
    private Object[] values;
    private int[] unread;

    /** How many values were sent: the sequence of the next one. */
    private long tail;

    /** Open subscribers: how many a send reaches. */
    private int subscribers;

    BroadcastCore(int capacity) {
        this(capacity, INITIAL_LENGTH);
    }

    /** A core whose ring starts at {@code initialLength} slots (or the capacity, if smaller). */
    BroadcastCore(int capacity, int initialLength) {
        this.capacity = capacity;
        int length = Math.min(capacity, initialLength);
        this.values = new Object[length];
        this.unread = new int[length];
    }

    /**
     * Stores a value for every open subscriber and wakes them.
     *
     * @return how many subscribers it was sent to
     * @throws ChannelClosedException with the value, if no subscriber is open, or if the last
     *     sender handle was closed while this send was under way
     */
    int send(Object value) {
        int reached;
        lock.lock();
        try {
            if (sendersClosed) {
                throw new ChannelClosedException(
                        "cannot send: the last broadcast sender was closed meanwhile", value);
            }
            reached = subscribers;
            if (reached == 0) {
                throw new ChannelClosedException(
                        "cannot send: no broadcast subscriber is open", value);
            }
            int slot = slot(tail);
            if (unread[slot] > 0 && values.length < capacity) {
                grow();
                slot = slot(tail);
            }
            values[slot] = value;
            unread[slot] = reached;
            tail++;
            signalChange();
        } finally {
            lock.unlock();
        }
        runWakers();
        return reached;
    }

    /** Doubles the ring (up to the capacity), moving the last {@code length} values. */
    private void grow() {
        int length = (int) Math.min(capacity, 2L * values.length);
        Object[] grownValues = new Object[length];
        int[] grownUnread = new int[length];
        for (long s = Math.max(0, tail - values.length); s < tail; s++) {
            int from = slot(s);
            int to = (int) (s % length);
            grownValues[to] = values[from];
            grownUnread[to] = unread[from];
        }
        values = grownValues;
        unread = grownUnread;
    }

    private int slot(long sequence) {
        return (int) (sequence % values.length);
    }

    /** Counts a new subscriber, whose position is the next value sent. */
    void subscribe(BroadcastReceiver<?> rx) {
        lock.lock();
        try {
            subscribers++;
            rx.next = tail;
        } finally {
            lock.unlock();
        }
    }

    /**
     * What {@code receiver} receives now: the value at its position (which then moves on), {@link
     * #NOTHING}, {@link #DRAINED} or {@link #UNSUBSCRIBED}. Under the lock.
     *
     * @throws LaggedException if it fell more than the capacity behind; it moves to the oldest
     *     value retained
     */
    @Override
    Object poll(Object receiver) {
        BroadcastReceiver<?> rx = (BroadcastReceiver<?>) receiver;
        if (rx.closed) {
            return UNSUBSCRIBED;
        }
        long behind = tail - rx.next;
        if (behind > capacity) {
            long missed = behind - capacity;
            rx.next = tail - capacity;
            throw new LaggedException(missed);
        }
        if (behind > 0) {
            int slot = slot(rx.next++);
            Object value = values[slot];
            if (--unread[slot] == 0) {
                values[slot] = null;
            }
            return value;
        }
        return sendersClosed ? DRAINED : NOTHING;
    }

    @Override
    boolean hasNews(Object receiver) {
        BroadcastReceiver<?> rx = (BroadcastReceiver<?>) receiver;
        return rx.closed || tail != rx.next || sendersClosed;
    }

    @Override
    boolean isEnd(Object found) {
        return found == DRAINED || found == UNSUBSCRIBED;
    }

    /**
     * Unsubscribes {@code rx}: later sends do not count it, the values it has not read no longer
     * wait for it, and a thread waiting on it wakes.
     */
    void unsubscribe(BroadcastReceiver<?> rx) {
        lock.lock();
        try {
            if (rx.closed) {
                return;
            }
            rx.closed = true;
            subscribers--;
            for (long s = Math.max(rx.next, tail - values.length); s < tail; s++) {
                int slot = slot(s);
                if (--unread[slot] == 0) {
                    values[slot] = null;
                }
            }
            signalChange();
        } finally {
            lock.unlock();
        }
        runWakers();
    }

    /** How many values {@code rx} has not read yet, lag included (a snapshot). */
    long pending(BroadcastReceiver<?> rx) {
        lock.lock();
        try {
            return rx.closed ? 0 : tail - rx.next;
        } finally {
            lock.unlock();
        }
    }

    /** How many subscribers are open now. */
    int subscriberCount() {
        lock.lock();
        try {
            return subscribers;
        } finally {
            lock.unlock();
        }
    }

    /** How many slots hold a value (for the memory tests). */
    int valuesHeld() {
        lock.lock();
        try {
            int held = 0;
            for (Object v : values) {
                held += v == null ? 0 : 1;
            }
            return held;
        } finally {
            lock.unlock();
        }
    }

    /** The ring's length now (for the tests). */
    int ringLength() {
        lock.lock();
        try {
            return values.length;
        } finally {
            lock.unlock();
        }
    }
}

package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded buffer for many senders and one receiver: a ring of slots. A sender claims index {@code
 * tail} by CAS while fewer than {@code capacity} values are buffered, then writes its slot; the
 * receiver reads slot {@code head}, clears it and advances {@code head}. A claimed slot whose value
 * is not written yet reads as empty, and {@link #hasPendingOffer()} tells it apart.
 */
final class ArrayCore extends ChannelLayout.ArrayPadAfterHead {
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle TAIL;
    private static final VarHandle HEAD;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TAIL = l.findVarHandle(ChannelLayout.ArrayTail.class, "tail", long.class);
            HEAD = l.findVarHandle(ChannelLayout.ArrayHead.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object[] slots;
    private final int mask;

    /** The bit of {@code tail} that says the receiver is closed: no index can be claimed. */
    private static final long CLOSED_BIT = 1L << 62;

    // tail (in ChannelLayout.ArrayTail): the next index to claim, plus CLOSED_BIT; senders CAS it.
    // headSeen: a sender's last read of head; never ahead of head, so it only ever makes a sender
    // re-read head, never claim a slot that is not free.
    // head (in ChannelLayout.ArrayHead): the next index to read; the receiver writes it.

    ArrayCore(int capacity) {
        super(capacity);
        int length = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        this.slots = new Object[Math.max(2, length)];
        this.mask = slots.length - 1;
    }

    @Override
    int offer(Object value) {
        while (true) {
            long t = tail;
            if ((t & CLOSED_BIT) != 0) {
                return REFUSED;
            }
            if (t - headSeen >= capacity) {
                long h = head; // read the receiver's line only when the cached view says full
                headSeen = h;
                if (t - h >= capacity) {
                    return FULL;
                }
            }
            if (TAIL.compareAndSet(this, t, t + 1)) {
                // setVolatile: the write is ordered before our read of receiverWaiter.
                SLOTS.setVolatile(slots, (int) (t & mask), value);
                return OFFERED;
            }
        }
    }

    @Override
    void closeBuffer() {
        TAIL.getAndBitwiseOr(this, CLOSED_BIT);
    }

    @Override
    Object poll() {
        long h = head;
        int i = (int) (h & mask);
        Object value = SLOTS.getVolatile(slots, i);
        if (value == null) {
            return null;
        }
        SLOTS.setRelease(slots, i, null);
        // setVolatile: ordered before our read of the send queue's size.
        HEAD.setVolatile(this, h + 1);
        return value;
    }

    @Override
    boolean hasPendingOffer() {
        return (tail & ~CLOSED_BIT) != head;
    }

    @Override
    int size() {
        long n = (tail & ~CLOSED_BIT) - head;
        return (int) Math.max(0, Math.min(n, capacity));
    }
}

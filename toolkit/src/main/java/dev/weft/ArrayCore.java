package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded buffer for many senders and many receivers, which take one at a time (inside the take
 * lock, {@link ChannelCore#lockTake}; "the receiver" below is the one holding it): a ring of slots
 * that grows, by doubling, up to the capacity. A sender claims index {@code tail} by CAS while
 * fewer than {@code limit} values are buffered, then writes the slot of that index; the receiver
 * reads slot {@code head}, clears it and advances {@code head}. A claimed slot whose value is not
 * written yet reads as empty, and {@link #hasPendingOffer()} tells it apart.
 *
 * <p>Design note: memory follows what is buffered. A channel of capacity {@link
 * Channel#MAX_CAPACITY} must not allocate 4 GiB when it is created, and one of 2<sup>20</sup> must
 * not hold 4 MiB while it is empty. So the ring starts at {@link #INITIAL_LENGTH} slots (fewer if
 * the capacity needs fewer) and grows only when a send finds it full below the capacity. Growing
 * never copies and never waits for the receiver:
 *
 * <ol>
 *   <li>The grower allocates a ring twice as long, outside any critical section (it may be large).
 *   <li>It sets {@code GROWING_BIT} in {@code tail} by CAS (from a value without bits), which stops
 *       every claim: a sender's CAS of {@code tail} fails and it spins until the bit is gone. Let
 *       {@code t} be the index the bit froze.
 *   <li>It publishes the new ring with {@code start = t}, linked to the old one ({@code prev}),
 *       then the new {@code limit}, then clears the bit (a few stores in all).
 * </ol>
 *
 * <p>Every index below {@code t} was claimed under an older limit and lives in an older ring, every
 * index from {@code t} on in the new one: each index belongs to the newest ring whose {@code start}
 * is at or below it. A sender reads {@code ring} after its claim succeeded, so that ring is at
 * least as new as the one its index belongs to, and walks {@code prev} in the rare case that its
 * index is older (it claimed before a growth and writes after it). Values never move: a send that
 * claimed before the growth writes into the old ring, and the receiver finds it there. The receiver
 * keeps the ring it reads from in fields of its own line ({@code rxSlots}, {@code rxMask}); when a
 * read finds an empty slot, it looks up the ring of its index again. An empty slot in an older ring
 * is all it can find there once its index has moved to a newer ring: every index of the older ring
 * is below, already received, and cleared. When the receiver has moved to a ring, it unlinks the
 * rings before it, which no sender can still need (every index in them was received, so written).
 *
 * <p>Why a claim never overwrites a value: a sender claims index {@code x} only while {@code x -
 * head < limit}, for a {@code limit} it read before its CAS, and limits only grow. The ring {@code
 * x} lands in was published no earlier than that limit (a claim after a limit was published comes
 * after that ring's freeze, so {@code x >= start}), and is at least {@code limit} long; the
 * unreceived indices in it all lie in {@code [head, x]}, fewer than its length, so no two of them
 * share a slot.
 *
 * <p>The hot paths keep their cost: a send reads {@code limit} where it read {@code capacity} (same
 * line) and, after its claim, {@code ring} and the ring's {@code start}, {@code slots} and {@code
 * mask} (one more dependent load than the old final {@code slots} field; the ring object is read
 * only); a receive reads its own fields. A ring never shrinks: a channel keeps the longest ring it
 * needed, plus, until the receiver has caught up, the shorter ones before it.
 */
final class ArrayCore extends ArrayPadAfterHead {
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle TAIL;
    private static final VarHandle HEAD;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TAIL = l.findVarHandle(ArrayTail.class, "tail", long.class);
            HEAD = l.findVarHandle(ArrayHead.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The length of a new channel's ring, unless its capacity needs fewer slots: 16 slots, 80 bytes
     * with compressed references. A bounded(16) channel never grows.
     */
    static final int INITIAL_LENGTH = 16;

    /** The bit of {@code tail} that says the receiver is closed: no index can be claimed. */
    private static final long CLOSED_BIT = 1L << 62;

    /** The bit of {@code tail} that says a bigger ring is being published: no claim for now. */
    private static final long GROWING_BIT = 1L << 61;

    private static final long INDEX = ~(CLOSED_BIT | GROWING_BIT);

    // Below, after this class: ring and limit (ArrayShared, read-mostly); tail, the next index to
    // claim, plus the two bits, and headSeen, a sender's last read of head, never ahead of it
    // (ArrayTail); head, the next index to read, and the receiver's rxSlots and rxMask (ArrayHead).

    /** One ring of slots: the indices from {@code start} on, up to a newer ring's start. */
    static final class Ring {
        final Object[] slots;
        final int mask;

        /** The first index of this ring; written before the ring is published, then never. */
        long start;

        /**
         * The ring before this one; the receiver clears it once it reads from this ring (no sender
         * can need an older ring then).
         */
        Ring prev;

        Ring(int length, Ring prev) {
            this.slots = new Object[length];
            this.mask = length - 1;
            this.prev = prev;
        }
    }

    ArrayCore(int capacity) {
        this(capacity, INITIAL_LENGTH);
    }

    /** A ring that starts at {@code initialLength} slots (a power of two), for tests of growth. */
    ArrayCore(int capacity, int initialLength) {
        super(capacity);
        Ring first = new Ring(Math.min(ringLength(capacity), initialLength), null);
        this.rxSlots = first.slots;
        this.rxMask = first.mask;
        this.limit = Math.min(capacity, first.slots.length);
        this.ring = first;
    }

    /** The length of the ring that holds {@code capacity} values: a power of two, at least 2. */
    static int ringLength(int capacity) {
        return Math.max(2, Integer.highestOneBit(Math.max(1, capacity - 1)) << 1);
    }

    @Override
    int offer(Object value) {
        int spins = 0;
        while (true) {
            long t = tail;
            if ((t & (CLOSED_BIT | GROWING_BIT)) != 0) {
                if ((t & CLOSED_BIT) != 0) {
                    return REFUSED;
                }
                awaitGrown(++spins); // a grower is publishing a ring: a few stores
                continue;
            }
            int lim = limit;
            if (t - headSeen >= lim) {
                long h = head; // read the receiver's line only when the cached view says full
                headSeen = h;
                if (t - h >= lim) {
                    if (lim >= capacity) {
                        return FULL;
                    }
                    grow(lim);
                    continue;
                }
            }
            if (TAIL.compareAndSet(this, t, t + 1)) {
                Ring r = ring; // read after the claim: at least as new as the ring of index t
                while (t < r.start) {
                    r = r.prev; // claimed before a growth, writing after it
                }
                // setVolatile: the write is ordered before our read of receiverWaiter.
                SLOTS.setVolatile(r.slots, (int) t & r.mask, value);
                return OFFERED;
            }
        }
    }

    private static void awaitGrown(int spins) {
        if (spins < 64) {
            Thread.onSpinWait();
        } else {
            Thread.yield(); // the grower lost its CPU between its few stores
        }
    }

    /**
     * Makes the ring twice as long, unless another sender already did, room was made meanwhile, or
     * the receiver closed; the caller then retries its claim. {@code seen} is the limit the caller
     * found reached.
     */
    private void grow(int seen) {
        Ring r = ring;
        if (limit != seen) {
            return;
        }
        int length = Math.min(r.slots.length * 2, ringLength(capacity));
        Ring bigger = new Ring(length, r); // before the freeze: it may take a while
        int spins = 0;
        long t;
        while (true) {
            t = tail;
            if (ring != r || (t & CLOSED_BIT) != 0) {
                return;
            }
            if ((t & GROWING_BIT) != 0) {
                awaitGrown(++spins);
            } else if (TAIL.compareAndSet(this, t, t | GROWING_BIT)) {
                break;
            }
        }
        // No index can be claimed until the bit is cleared; only the freezer changes the ring.
        if (ring == r && t - head >= seen) {
            bigger.start = t;
            ring = bigger; // volatile: publishes start, slots and prev with it
            limit = Math.min(capacity, length);
        }
        TAIL.getAndBitwiseAnd(this, ~GROWING_BIT); // keeps CLOSED_BIT if a close came meanwhile
    }

    @Override
    void closeBuffer() {
        TAIL.getAndBitwiseOr(this, CLOSED_BIT);
    }

    @Override
    Object poll() {
        long h = head;
        Object[] slots = rxSlots;
        int i = (int) h & rxMask;
        Object value = SLOTS.getVolatile(slots, i);
        if (value == null) {
            if (!moveToRingOf(h)) {
                return null; // empty, or claimed and not yet written
            }
            slots = rxSlots;
            i = (int) h & rxMask;
            value = SLOTS.getVolatile(slots, i);
            if (value == null) {
                return null;
            }
        }
        SLOTS.setRelease(slots, i, null);
        // setVolatile: ordered before our read of the send queue's size.
        HEAD.setVolatile(this, h + 1);
        return value;
    }

    /**
     * Points the receiver at the ring that holds index {@code h}, and unlinks the rings before it.
     *
     * @return whether that is another ring than the one it read from
     */
    private boolean moveToRingOf(long h) {
        Ring r = ring;
        while (h < r.start) {
            r = r.prev;
        }
        if (r.prev != null) {
            r.prev = null; // every index before h was received: no sender writes there any more
        }
        if (r.slots == rxSlots) {
            return false;
        }
        rxSlots = r.slots;
        rxMask = r.mask;
        return true;
    }

    @Override
    boolean hasPendingOffer() {
        return (tail & INDEX) != head;
    }

    @Override
    int size() {
        long n = (tail & INDEX) - head;
        return (int) Math.max(0, Math.min(n, capacity));
    }

    /** The number of slots allocated now, in every ring still linked (for tests). */
    long allocatedSlots() {
        long n = 0;
        for (Ring r = ring; r != null; r = r.prev) {
            n += r.slots.length;
        }
        return n;
    }
}

/*
 * The layout of ArrayCore's fields (see ChannelLayout's design note for why each group of fields
 * is a class of its own, padded with 128 bytes on each side). The receiver's rxMask lands in a
 * hole on the shared line, which is read-mostly (rxMask changes only when the receiver moves to a
 * bigger ring).
 */

/**
 * The ring's read-mostly fields, on the line of the shared fields (senders read {@code limit} where
 * they read {@code capacity}); written only when the ring grows.
 */
abstract class ArrayShared extends BufferedCore {
    /** The newest ring; see {@link ArrayCore}. */
    volatile ArrayCore.Ring ring;

    /** How many values may be buffered now: the capacity, or less while the ring is short. */
    volatile int limit;

    ArrayShared(int capacity) {
        super(capacity);
    }
}

/** Keeps the ring's {@code tail} off the line of the shared fields. */
abstract class ArrayPadBeforeTail extends ArrayShared {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    ArrayPadBeforeTail(int capacity) {
        super(capacity);
    }
}

/** The senders' line: the next index to claim and their cached view of {@code head}. */
abstract class ArrayTail extends ArrayPadBeforeTail {
    volatile long tail;
    volatile long headSeen;

    ArrayTail(int capacity) {
        super(capacity);
    }
}

/** Keeps {@code tail} and {@code head} on different lines. */
abstract class ArrayPadBeforeHead extends ArrayTail {
    long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

    ArrayPadBeforeHead(int capacity) {
        super(capacity);
    }
}

/** The receiver's line: the next index to read, and the ring it reads from. */
abstract class ArrayHead extends ArrayPadBeforeHead {
    volatile long head;

    /** The slots of the ring the receiver reads from; read and written inside the take lock. */
    Object[] rxSlots;

    /** Their mask; read and written inside the take lock. */
    int rxMask;

    ArrayHead(int capacity) {
        super(capacity);
    }
}

/** Keeps whatever is allocated just after the channel off the receiver's line. */
abstract class ArrayPadAfterHead extends ArrayHead {
    long r00, r01, r02, r03, r04, r05, r06, r07, r08, r09, r10, r11, r12, r13, r14, r15;

    ArrayPadAfterHead(int capacity) {
        super(capacity);
    }
}

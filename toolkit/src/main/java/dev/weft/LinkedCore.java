package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An unbounded buffer for many senders and many receivers, which take one at a time (inside the
 * take lock, {@link ChannelCore#lockTake}): a linked queue (Vyukov's intrusive MPSC queue, its one
 * consumer being the holder of that lock). A sender swaps itself in as {@code tail} and then links
 * the old tail to its node; the receiver follows {@code next} from a stub. Between the swap and the
 * link the queue reads as empty, and {@link #hasPendingOffer()} tells it apart. A send never waits.
 * {@code count} is claimed before the swap, and carries the receiver's close bit, so that a send
 * either sees the close and backs out, or is counted and will be drained.
 */
final class LinkedCore extends BufferedCore {
    private static final VarHandle TAIL;
    private static final VarHandle NEXT;
    private static final VarHandle COUNT;

    /** The bit of {@code count} that says the receiver is closed: no send can claim. */
    private static final long CLOSED_BIT = 1L << 62;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TAIL = l.findVarHandle(LinkedCore.class, "tail", Node.class);
            COUNT = l.findVarHandle(LinkedCore.class, "count", long.class);
            NEXT = l.findVarHandle(Node.class, "next", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final class Node {
        Object value;
        volatile Node next;

        Node(Object value) {
            this.value = value;
        }
    }

    private Node head = new Node(null); // inside the take lock only; head.value is always null
    private volatile Node tail = head;
    private volatile long count; // values claimed and not yet received, plus CLOSED_BIT

    LinkedCore() {
        super(Integer.MAX_VALUE);
    }

    @Override
    int offer(Object value) {
        long claimed;
        do {
            claimed = count;
            if ((claimed & CLOSED_BIT) != 0) {
                return REFUSED; // checked in the same CAS that claims: never counted, then undone
            }
        } while (!COUNT.compareAndSet(this, claimed, claimed + 1));
        Node node = new Node(value);
        Node prev = (Node) TAIL.getAndSet(this, node);
        NEXT.setVolatile(prev, node);
        return OFFERED;
    }

    @Override
    void closeBuffer() {
        COUNT.getAndBitwiseOr(this, CLOSED_BIT);
    }

    @Override
    Object poll() {
        Node next = head.next;
        if (next == null) {
            return null;
        }
        Object value = next.value;
        next.value = null;
        head = next;
        COUNT.getAndAdd(this, -1L);
        return value;
    }

    @Override
    boolean hasPendingOffer() {
        return (count & ~CLOSED_BIT) > 0;
    }

    @Override
    int size() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, count & ~CLOSED_BIT));
    }
}

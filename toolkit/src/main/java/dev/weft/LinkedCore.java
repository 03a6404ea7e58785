package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An unbounded buffer for many senders and one receiver: a linked queue (Vyukov's intrusive MPSC
 * queue). A sender swaps itself in as {@code tail} and then links the old tail to its node; the
 * receiver follows {@code next} from a stub. Between the swap and the link the queue reads as
 * empty, and {@link #hasPendingOffer()} tells it apart. A send never waits.
 */
final class LinkedCore extends ChannelCore {
    private static final VarHandle TAIL;
    private static final VarHandle NEXT;
    private static final VarHandle SIZE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TAIL = l.findVarHandle(LinkedCore.class, "tail", Node.class);
            SIZE = l.findVarHandle(LinkedCore.class, "size", int.class);
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

    private Node head = new Node(null); // the receiver's; head.value is always null
    private volatile Node tail = head;
    private volatile int size;

    LinkedCore() {
        super(Integer.MAX_VALUE);
    }

    @Override
    boolean offer(Object value) {
        Node node = new Node(value);
        Node prev = (Node) TAIL.getAndSet(this, node);
        NEXT.setVolatile(prev, node);
        SIZE.getAndAdd(this, 1);
        return true;
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
        SIZE.getAndAdd(this, -1);
        return value;
    }

    @Override
    boolean hasPendingOffer() {
        return tail != head;
    }

    @Override
    int size() {
        return Math.max(0, size);
    }
}

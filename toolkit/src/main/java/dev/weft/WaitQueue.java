package dev.weft;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The parties waiting on one side of a channel, first come first served. A channel has one for its
 * senders: waiting for space in a full buffer (the node carries no value) or for a rendezvous
 * (waiting for a receiver to take the node's value); and one for its receivers, waiting for a value
 * or the close (the node carries no value), and one for the threads waiting in {@link
 * Sender#closed()}. A short lock guards the links; whether a node's party is still waiting is
 * decided by its {@link Waiter}, never by the lock, so a select may sit in several queues at once.
 * A select's arms queue here too ({@link SendArm}, {@link ChannelRecvArm}).
 *
 * <p>A queue may share its lock with the other queue of its channel ({@link
 * #WaitQueue(WaitQueue)}): a {@link RendezvousCore} orders both of its queues under one lock, and
 * calls the {@code ...Locked} methods while it holds it, so that a hand-off takes one lock, not
 * two.
 */
final class WaitQueue {
    /** One waiting party. */
    static final class Node {
        final Waiter waiter;

        /**
         * A sender's value; in a rendezvous receiver's node, the value a sender delivered into it
         * before the CAS that woke the receiver ({@link #claimFirstLocked}).
         */
        Object value;

        Node prev;
        Node next;
        boolean linked;

        Node(Waiter waiter, Object value) {
            this.waiter = waiter;
            this.value = value;
        }
    }

    private final ReentrantLock lock;
    private Node head;
    private Node tail;
    private volatile int size;

    /** A queue with a lock of its own. */
    WaitQueue() {
        this.lock = new ReentrantLock();
    }

    /** A queue guarded by the same lock as {@code sibling} (the other queue of its channel). */
    WaitQueue(WaitQueue sibling) {
        this.lock = sibling.lock;
    }

    /** The lock that guards this queue's links, for the {@code ...Locked} methods' callers. */
    ReentrantLock lock() {
        return lock;
    }

    int size() {
        return size;
    }

    Node add(Waiter waiter, Object value) {
        lock.lock();
        try {
            return addLocked(waiter, value);
        } finally {
            lock.unlock();
        }
    }

    /** {@link #add}, for a caller that holds {@link #lock()}. */
    Node addLocked(Waiter waiter, Object value) {
        Node node = new Node(waiter, value);
        node.prev = tail;
        if (tail == null) {
            head = node;
        } else {
            tail.next = node;
        }
        tail = node;
        node.linked = true;
        size = size + 1;
        return node;
    }

    void remove(Node node) {
        lock.lock();
        try {
            unlink(node);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Unlinks and wakes, with {@code reason}, the first party still waiting; parties that gave up
     * meanwhile are unlinked on the way.
     *
     * @return the node whose waiter this call moved, or {@code null} if none was waiting
     */
    Node wakeFirst(Wake reason) {
        lock.lock();
        try {
            while (head != null) {
                Node node = head;
                unlink(node);
                if (node.waiter.wake(reason)) {
                    return node;
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * For a caller that holds {@link #lock()}: unlinks the first party still waiting and decides
     * its wait with {@code reason} ({@link Waiter#decide}), without unparking it: the caller
     * unparks it ({@link Waiter#unpark}) once it has let go of the lock, so that the woken thread
     * does not run into a lock still held. If {@code deliver} is not {@code null}, it is written
     * into each node before that node's CAS, so the party the CAS decides finds it there (a
     * rendezvous sender's value, for a parked receiver); a node whose party gave up is dropped with
     * it. Parties that gave up meanwhile are unlinked on the way.
     *
     * @return the node whose waiter this call decided, or {@code null} if none was waiting
     */
    Node claimFirstLocked(Wake reason, Object deliver) {
        while (head != null) {
            Node node = head;
            unlink(node);
            if (deliver != null) {
                node.value = deliver;
            }
            if (node.waiter.decide(reason)) {
                return node;
            }
        }
        return null;
    }

    /** Wakes every waiting party (the channel closed). */
    void wakeAll(Wake reason) {
        lock.lock();
        try {
            while (head != null) {
                Node node = head;
                unlink(node);
                node.waiter.wake(reason);
            }
        } finally {
            lock.unlock();
        }
    }

    private void unlink(Node node) {
        if (!node.linked) {
            return;
        }
        if (node.prev == null) {
            head = node.next;
        } else {
            node.prev.next = node.next;
        }
        if (node.next == null) {
            tail = node.prev;
        } else {
            node.next.prev = node.prev;
        }
        node.prev = null;
        node.next = null;
        node.linked = false;
        size = size - 1;
    }
}

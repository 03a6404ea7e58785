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
 */
final class WaitQueue {
    /** One waiting party. */
    static final class Node {
        final Waiter waiter;
        final Object value;
        Node prev;
        Node next;
        boolean linked;

        Node(Waiter waiter, Object value) {
            this.waiter = waiter;
            this.value = value;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private Node head;
    private Node tail;
    private volatile int size;

    int size() {
        return size;
    }

    Node add(Waiter waiter, Object value) {
        Node node = new Node(waiter, value);
        lock.lock();
        try {
            node.prev = tail;
            if (tail == null) {
                head = node;
            } else {
                tail.next = node;
            }
            tail = node;
            node.linked = true;
            size = size + 1;
        } finally {
            lock.unlock();
        }
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

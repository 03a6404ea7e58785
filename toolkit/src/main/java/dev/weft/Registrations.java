package dev.weft;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The channels and work queues registered with {@link Snapshot#register}, held weakly, in
 * registration order.
 *
 * <p>Design note. A skip list keyed by a registration number keeps the order, removes in {@code
 * O(log n)} and is walked without a lock, so {@link Snapshot#take()} never blocks and a
 * registration made or closed meanwhile is either seen or not. Each entry is a weak reference to
 * what it describes: a channel's core (which every handle of the channel references, so the channel
 * stays listed while any of its senders or receivers is reachable, even if the {@code Channel}
 * object itself is not) or the work queue. An entry whose referent was collected is skipped by a
 * walk and removed when the reference queue is next polled (on every register and take), so a
 * forgotten registration keeps only its small entry, and only until then.
 */
final class Registrations {
    private Registrations() {}

    private static final AtomicLong NUMBERS = new AtomicLong();
    private static final ConcurrentSkipListMap<Long, Entry> ENTRIES = new ConcurrentSkipListMap<>();
    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();

    /** One registration: its name and, weakly, what it describes. */
    static final class Entry extends WeakReference<Object> {
        final long number;
        final String name;

        Entry(long number, String name, Object target) {
            super(target, COLLECTED);
            this.number = number;
            this.name = name;
        }
    }

    /** The handle given to the caller: holds only the number, never the target. */
    private record Handle(long number) implements Snapshot.Registration {
        @Override
        public void close() {
            ENTRIES.remove(number); // idempotent
        }
    }

    /** Registers {@code target} (a channel's core or a work queue) under {@code name}. */
    static Snapshot.Registration add(String name, Object target) {
        removeCollected();
        long n = NUMBERS.incrementAndGet();
        ENTRIES.put(n, new Entry(n, name, target));
        return new Handle(n);
    }

    /** A registration whose target is still reachable, with a strong reference to it. */
    record Live(String name, Object target) {}

    /** The registrations whose target is still reachable, in registration order. */
    static List<Live> live() {
        removeCollected();
        List<Live> all = new ArrayList<>();
        for (Entry e : ENTRIES.values()) {
            Object target = e.get();
            if (target != null) {
                all.add(new Live(e.name, target));
            }
        }
        return all;
    }

    /** How many entries are held now, collected ones included until polled (for tests). */
    static int size() {
        return ENTRIES.size();
    }

    private static void removeCollected() {
        for (Reference<?> r; (r = COLLECTED.poll()) != null; ) {
            Entry e = (Entry) r;
            ENTRIES.remove(e.number, e);
        }
    }
}

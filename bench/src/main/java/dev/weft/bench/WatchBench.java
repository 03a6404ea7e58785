package dev.weft.bench;

import dev.weft.ChannelClosedException;
import dev.weft.Watch;
import dev.weft.WatchReceiver;
import dev.weft.WatchSender;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A value that one writer keeps changing and {@code readers} wait on: the writer virtual thread
 * replaces it {@value #UPDATES} times; each reader virtual thread waits for a change it has not
 * seen, reads the latest value, and repeats until the writer is done. Readers see the latest value,
 * not every one, so how many changes each sees depends on the schedule. Scores are ns <b>per
 * update</b>.
 *
 * <p>Peers, created fresh for every invocation: Weft {@code Watch} ({@code watch}: {@code send} and
 * {@code changed}), and the hand-written version of the same thing ({@code lockAndCondition}): an
 * {@link AtomicReference} for the value, a version counter, and a {@link ReentrantLock} with a
 * {@link Condition} that the writer signals after each change and the readers await.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class WatchBench {
    /** Changes per invocation. */
    static final int UPDATES = 100_000;

    @Param({"1", "4"})
    public int readers;

    @Benchmark
    @OperationsPerInvocation(UPDATES)
    public long watch() throws Exception {
        var w = Watch.create(Parties.value(0));
        Parties.Party[] parties = new Parties.Party[readers + 1];
        for (int r = 0; r < readers; r++) {
            WatchReceiver<Integer> rx = w.subscribe();
            parties[r] =
                    () -> {
                        long sum = 0;
                        try {
                            while (true) {
                                sum += rx.changed();
                            }
                        } catch (ChannelClosedException end) {
                            return sum;
                        }
                    };
        }
        WatchSender<Integer> tx = w.sender();
        parties[readers] =
                () -> {
                    for (int i = 1; i <= UPDATES; i++) {
                        tx.send(Parties.value(i));
                    }
                    tx.close();
                    return 0;
                };
        return Parties.run(parties);
    }

    /** The peer: the value, its version and the end, guarded by a lock and signalled. */
    private static final class LockedValue {
        final AtomicReference<Integer> value = new AtomicReference<>(Parties.value(0));
        final ReentrantLock lock = new ReentrantLock();
        final Condition changed = lock.newCondition();
        long version;
        boolean done;

        void set(Integer v) {
            lock.lock();
            try {
                value.set(v);
                version++;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void finish() {
            lock.lock();
            try {
                done = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(UPDATES)
    public long lockAndCondition() throws Exception {
        var shared = new LockedValue();
        Parties.Party[] parties = new Parties.Party[readers + 1];
        for (int r = 0; r < readers; r++) {
            parties[r] =
                    () -> {
                        long sum = 0;
                        long seen = 0;
                        while (true) {
                            shared.lock.lock();
                            try {
                                while (shared.version == seen && !shared.done) {
                                    shared.changed.await();
                                }
                                if (shared.version == seen) {
                                    return sum;
                                }
                                seen = shared.version;
                                sum += shared.value.get();
                            } finally {
                                shared.lock.unlock();
                            }
                        }
                    };
        }
        parties[readers] =
                () -> {
                    for (int i = 1; i <= UPDATES; i++) {
                        shared.set(Parties.value(i));
                    }
                    shared.finish();
                    return 0;
                };
        return Parties.run(parties);
    }
}

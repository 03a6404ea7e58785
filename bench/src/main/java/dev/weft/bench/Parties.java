package dev.weft.bench;

import dev.weft.bench.ChannelPeers.Pipe;
import java.util.Collections;
import java.util.List;

/**
 * The parties of a channel benchmark and the loops they run. Every party is a virtual thread,
 * started for one benchmark invocation and ended with it ({@link #run}); the JMH thread (a platform
 * thread) only starts them and joins them, so it never sends, receives or waits on a channel. Its
 * one OS-level wake-up per invocation (in {@code join}) is shared by the whole batch of messages.
 *
 * <p>To add a benchmark, write its parties as {@link Party} lambdas over the channels of one
 * invocation and pass them to {@link #run}; a loop that several peers share goes here, written
 * against {@link Pipe} (or another small interface, like {@link Selector} for the peers' select),
 * as {@link #stream}, {@link #pingPong} and {@link #fanIn} are.
 */
final class Parties {
    private Parties() {}

    /** How many distinct values circulate (a power of two). */
    private static final int DISTINCT = 1024;

    /** Pre-boxed values, so that no peer pays for boxing inside the loop. */
    private static final Integer[] VALUES = new Integer[DISTINCT];

    static {
        for (int i = 0; i < DISTINCT; i++) {
            VALUES[i] = i;
        }
    }

    /** The value of message {@code i}: {@code i mod 1024}, pre-boxed. */
    static Integer value(int i) {
        return VALUES[i & (DISTINCT - 1)];
    }

    /** The sum of the values of messages {@code 0 .. n-1}. */
    static long expectedSum(int n) {
        long cycles = n / DISTINCT;
        long rest = n % DISTINCT;
        return cycles * (DISTINCT * (DISTINCT - 1L) / 2) + rest * (rest - 1) / 2;
    }

    /** One party's work; the sums of all parties are added up, so no work is dead code. */
    interface Party {
        long run() throws Exception;
    }

    /**
     * Runs each party on a new virtual thread, all started before any is joined, and returns the
     * sum of their results. If a party fails, the others are interrupted (so none waits forever for
     * a message that will not come) and the first failure is thrown.
     */
    static long run(Party... parties) throws Exception {
        int n = parties.length;
        Thread[] threads = new Thread[n];
        long[] results = new long[n];
        Throwable[] failures = new Throwable[n];
        for (int i = 0; i < n; i++) {
            int k = i;
            Party party = parties[i];
            threads[i] =
                    Thread.ofVirtual()
                            .unstarted(
                                    () -> {
                                        try {
                                            results[k] = party.run();
                                        } catch (Throwable t) {
                                            failures[k] = t;
                                            for (Thread other : threads) {
                                                if (other != Thread.currentThread()) {
                                                    other.interrupt();
                                                }
                                            }
                                        }
                                    });
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long sum = 0;
        for (int i = 0; i < n; i++) {
            if (failures[i] != null) {
                Throwable f = failures[i];
                if (f instanceof Exception e) {
                    throw e;
                }
                throw new IllegalStateException("party " + i + " failed", f);
            }
            sum += results[i];
        }
        return sum;
    }

    /**
     * {@code producers} virtual threads send {@code messages} values in all (an equal share each,
     * message {@code i} carries {@link #value value(i)}) through {@code pipe}, and one consumer
     * thread receives all of them and sums their values. Returns that sum, checked.
     */
    static long stream(Pipe<Integer> pipe, int producers, int messages) throws Exception {
        return fanIn(Collections.nCopies(producers, pipe), pipe::receive, messages);
    }

    /**
     * Several producers and several consumers on one pipe: {@code producers} virtual threads send
     * {@code messages} values in all (an equal share each), and {@code consumers} virtual threads
     * receive an equal share each (which values each gets is up to the pipe), summing them. Returns
     * the sum of all consumers' sums, checked: each value was received exactly once.
     */
    static long multiConsumer(Pipe<Integer> pipe, int producers, int consumers, int messages)
            throws Exception {
        Party[] parties = new Party[producers + consumers];
        for (int p = 0; p < producers; p++) {
            int from = p * (messages / producers);
            int to = p == producers - 1 ? messages : from + messages / producers;
            parties[p] =
                    () -> {
                        for (int i = from; i < to; i++) {
                            pipe.send(value(i));
                        }
                        return 0;
                    };
        }
        for (int c = 0; c < consumers; c++) {
            int share =
                    c == consumers - 1
                            ? messages - (consumers - 1) * (messages / consumers)
                            : messages / consumers;
            parties[producers + c] =
                    () -> {
                        long sum = 0;
                        for (int i = 0; i < share; i++) {
                            sum += pipe.receive();
                        }
                        return sum;
                    };
        }
        return check(run(parties), messages);
    }

    /**
     * Ping-pong: one virtual thread sends value {@code i} on {@code ping} and waits for it to come
     * back on {@code pong}, {@code rounds} times; the other receives on {@code ping} and sends what
     * it got on {@code pong}. One round is one round trip, two hand-offs. Returns the sum of the
     * values that came back, checked.
     */
    static long pingPong(Pipe<Integer> ping, Pipe<Integer> pong, int rounds) throws Exception {
        return check(
                run(
                        () -> {
                            long sum = 0;
                            for (int i = 0; i < rounds; i++) {
                                ping.send(value(i));
                                sum += pong.receive();
                            }
                            return sum;
                        },
                        () -> {
                            for (int i = 0; i < rounds; i++) {
                                pong.send(ping.receive());
                            }
                            return 0;
                        }),
                rounds);
    }

    /**
     * A consumer's select over several channels: waits for the first channel with a value, takes
     * that value and returns it. One implementation per peer ({@link SelectBench}).
     */
    interface Selector {
        Integer select() throws InterruptedException;
    }

    /**
     * Fan-in through a select: one producer virtual thread per pipe sends its share of {@code
     * messages} values (message {@code i} carries {@link #value value(i)}) into its own pipe, and
     * one consumer thread calls {@code selector} (which selects over the receiving ends of those
     * pipes) {@code messages} times and sums what it gets. Returns that sum, checked.
     */
    static long fanIn(List<Pipe<Integer>> pipes, Selector selector, int messages) throws Exception {
        int producers = pipes.size();
        Party[] parties = new Party[producers + 1];
        parties[0] =
                () -> {
                    long sum = 0;
                    for (int i = 0; i < messages; i++) {
                        sum += selector.select();
                    }
                    return sum;
                };
        int share = messages / producers;
        for (int p = 0; p < producers; p++) {
            Pipe<Integer> pipe = pipes.get(p);
            int from = p * share;
            int to = p == producers - 1 ? messages : from + share;
            parties[p + 1] =
                    () -> {
                        for (int i = from; i < to; i++) {
                            pipe.send(value(i));
                        }
                        return 0;
                    };
        }
        return check(run(parties), messages);
    }

    /** Fails unless {@code sum} is the sum of the values of messages {@code 0 .. n-1}. */
    static long check(long sum, int n) {
        if (sum != expectedSum(n)) {
            throw new AssertionError("the values summed to " + sum + ", not " + expectedSum(n));
        }
        return sum;
    }
}

package dev.weft.bench;

import dev.weft.Broadcast;
import dev.weft.BroadcastReceiver;
import dev.weft.BroadcastSender;
import dev.weft.Channel;
import dev.weft.ChannelClosedException;
import dev.weft.LaggedException;
import dev.weft.Receiver;
import dev.weft.Sender;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One producer to {@value #SUBSCRIBERS} subscribers: the producer virtual thread sends {@value
 * #MESSAGES} pre-boxed {@code Integer}s, and each of {@value #SUBSCRIBERS} consumer virtual threads
 * receives them all and sums them. Scores are ns <b>per value sent</b> (each reaches every
 * subscriber).
 *
 * <p>Peers, created fresh for every invocation: Weft {@code Broadcast.create(capacity)} ({@code
 * broadcast}), and {@value #SUBSCRIBERS} separate {@code Channel.bounded(capacity)} with the
 * producer sending each value to each in turn ({@code fourChannels}).
 *
 * <p><b>Not the same guarantee.</b> A broadcast send never waits: a subscriber more than {@code
 * capacity} behind loses the oldest values (it is told how many, {@code LaggedException}) and so
 * does less work, while the four channels hold the producer back until every consumer has room. The
 * {@code missed} secondary counter reports the values the subscribers lost, summed over an
 * iteration's invocations (each invocation owes them {@value #SUBSCRIBERS} x {@value #MESSAGES});
 * at capacity 16 they lose nearly all of them, as the producer runs ahead, so the two scores
 * measure different work. At capacity {@value #MESSAGES} there is room for every value: {@code
 * missed} is 0 and the scores compare the same work, one send reaching four subscribers against
 * four sends.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class BroadcastBench {
    /** Values sent per invocation. */
    static final int MESSAGES = 100_000;

    /** Subscribers (or channels) per invocation. */
    static final int SUBSCRIBERS = 4;

    /**
     * 100,000 (= {@value #MESSAGES}): room for every value, so no subscriber can lag and both peers
     * do the same work (the comparison to report). 16: the broadcast producer runs ahead and the
     * subscribers lose values ({@code missed}), while the channels hold the producer back; shown
     * for what lag costs and saves, not as a comparison.
     */
    @Param({"16", "100000"})
    public int capacity;

    /** The values the subscribers lost to lag, a secondary result. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class Lag {
        /** Values lost, summed over the subscribers. */
        public long missed;

        /** Resets the count before each iteration. */
        @Setup(Level.Iteration)
        public void reset() {
            missed = 0;
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long broadcast(Lag lag) throws Exception {
        var bc = Broadcast.<Integer>create(capacity);
        Parties.Party[] parties = new Parties.Party[SUBSCRIBERS + 1];
        long[] missed = new long[SUBSCRIBERS];
        for (int s = 0; s < SUBSCRIBERS; s++) {
            BroadcastReceiver<Integer> rx = bc.subscribe();
            int k = s;
            parties[s] = () -> receiveAll(rx, missed, k);
        }
        BroadcastSender<Integer> tx = bc.sender();
        parties[SUBSCRIBERS] =
                () -> {
                    for (int i = 0; i < MESSAGES; i++) {
                        tx.send(Parties.value(i));
                    }
                    tx.close();
                    return 0;
                };
        long sum = Parties.run(parties);
        for (long m : missed) {
            lag.missed += m;
        }
        return sum;
    }

    /** Receives until the end, summing the values; counts a lag's missed values. */
    private static long receiveAll(BroadcastReceiver<Integer> rx, long[] missed, int k)
            throws InterruptedException {
        long sum = 0;
        long received = 0;
        while (true) {
            try {
                sum += rx.recv();
                received++;
            } catch (LaggedException e) {
                missed[k] += e.missed();
            } catch (ChannelClosedException end) {
                break;
            }
        }
        if (received + missed[k] != MESSAGES) {
            throw new AssertionError(received + " received and " + missed[k] + " missed");
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long fourChannels() throws Exception {
        @SuppressWarnings("unchecked")
        Sender<Integer>[] senders = new Sender[SUBSCRIBERS];
        Parties.Party[] parties = new Parties.Party[SUBSCRIBERS + 1];
        for (int s = 0; s < SUBSCRIBERS; s++) {
            Channel<Integer> ch = Channel.bounded(capacity);
            senders[s] = ch.sender();
            Receiver<Integer> rx = ch.receiver();
            parties[s] =
                    () -> {
                        long sum = 0;
                        for (Integer v : rx) {
                            sum += v;
                        }
                        return sum;
                    };
        }
        parties[SUBSCRIBERS] =
                () -> {
                    for (int i = 0; i < MESSAGES; i++) {
                        Integer v = Parties.value(i);
                        for (Sender<Integer> tx : senders) {
                            tx.send(v);
                        }
                    }
                    for (Sender<Integer> tx : senders) {
                        tx.close();
                    }
                    return 0;
                };
        long sum = Parties.run(parties);
        if (sum != SUBSCRIBERS * Parties.expectedSum(MESSAGES)) {
            throw new AssertionError("the values summed to " + sum);
        }
        return sum;
    }
}

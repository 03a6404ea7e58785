package dev.weft.demo;

import dev.weft.Broadcast;
import dev.weft.BroadcastReceiver;
import dev.weft.BroadcastSender;
import dev.weft.ChannelClosedException;
import dev.weft.Fork;
import dev.weft.LaggedException;
import dev.weft.Scope;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A price ticker fanned out to several subscribers over tokio's {@code sync::broadcast}, after
 * tokio's {@code sync::broadcast} documentation (no Rust article of the project covers it): every
 * subscriber receives every tick sent after it subscribed, and a stalled one is told how many it
 * lost instead of slowing the others.
 *
 * <pre>{@code
 * let (tx, mut rx1) = broadcast::channel(16);
 * let mut rx2 = tx.subscribe();
 * tokio::spawn(async move { assert_eq!(rx1.recv().await.unwrap(), 10); ... });
 * tokio::spawn(async move { assert_eq!(rx2.recv().await.unwrap(), 10); ... });
 * tx.send(10).unwrap();
 *
 * // Lagging: "because one receiver is stalled, the channel starts to fill up"
 * let (tx, mut rx) = broadcast::channel(2);
 * tx.send(10).unwrap(); tx.send(20).unwrap(); tx.send(30).unwrap();
 * assert!(rx.recv().await.is_err());                 // RecvError::Lagged(1)
 * assert_eq!(20, rx.recv().await.unwrap());          // continues at the oldest retained
 * }</pre>
 *
 * <p>Weft: one {@code Broadcast.create(16)} of {@link Tick}s; the producer is a fork that sends a
 * tick every 2 ms with {@link BroadcastSender#send} (never waits) and closes the sender when done
 * (try-with-resources). Four subscribers, each {@code subscribe()}d before the first tick and each
 * a fork looping on {@link BroadcastReceiver#recv()}: a {@code display} that prints every tick, a
 * {@code moving-average} over the last 5 prices of each symbol, an {@code alert} when ACME crosses
 * 104.00, and a {@code slow-subscriber} that stalls after its first tick until the producer is
 * done. The capacity is the channel's, not a subscriber's: the stalled one falls more than 16 ticks
 * behind, so its next {@code recv()} throws {@link LaggedException}; it prints {@code
 * slow-subscriber lagged: missed N ticks} ({@link LaggedException#missed()}) and receives on from
 * the oldest tick retained. The stall is a latch, so the numbers are the same on every run: of 50
 * ticks it receives the first and the last 16 and misses 33. The others have 16 ticks (32 ms) of
 * slack; on a busy machine one of them may lag too, and goes on the same way. A lag is never
 * silent, so for every subscriber, received + missed = sent. The close ends each subscriber's loop
 * ({@link ChannelClosedException}) once it has received what was retained for it.
 */
public final class PriceTicker {
    private PriceTicker() {}

    /** How many ticks, by default. */
    public static final int TICKS = 50;

    /** The broadcast's capacity: how far a subscriber may fall behind before it loses ticks. */
    public static final int CAPACITY = 16;

    /** About how often the producer sends a tick. */
    public static final Duration TICK_EVERY = Duration.ofMillis(2);

    /** How many prices of each symbol the moving average covers; at most half the capacity. */
    public static final int WINDOW = 5;

    /** The price of ACME whose crossing the alert reports. */
    public static final double ALERT_LEVEL = 104.0;

    /**
     * One price tick.
     *
     * @param symbol the instrument, {@code ACME} or {@code BOLT}
     * @param price its price
     * @param sequence the tick's number, from 1
     */
    public record Tick(String symbol, double price, long sequence) {}

    /**
     * What one subscriber got.
     *
     * @param name the subscriber
     * @param received how many ticks it received
     * @param missed how many it lost to lag ({@link LaggedException#missed()}, summed)
     */
    public record Tally(String name, long received, long missed) {}

    /**
     * What happened.
     *
     * @param sent how many ticks the producer sent
     * @param subscribers what each subscriber got, in order: display, moving-average, alert,
     *     slow-subscriber
     * @param finalAverages the moving average of each symbol at the end (its last {@value #WINDOW}
     *     prices), rounded to cents
     * @param alerts how many times the alert saw ACME cross {@value #ALERT_LEVEL}
     */
    public record Outcome(
            int sent, List<Tally> subscribers, Map<String, Double> finalAverages, int alerts) {}

    /**
     * Runs the demo from the command line.
     *
     * @param args none, or the number of ticks
     * @param out where the narrative goes
     * @return what happened
     * @throws InterruptedException if interrupted while waiting
     * @throws Demos.UsageException for bad arguments
     */
    public static Outcome run(List<String> args, PrintStream out) throws InterruptedException {
        return run(Args.countOr("ticker", args, "ticks", TICKS, 100_000), out);
    }

    /**
     * Subscribes the four subscribers, then sends {@code ticks} ticks and closes the sender.
     *
     * @param ticks how many ticks
     * @param out where the narrative goes
     * @return what happened
     * @throws InterruptedException if interrupted while waiting (the forks are then cancelled)
     */
    public static Outcome run(int ticks, PrintStream out) throws InterruptedException {
        Broadcast<Tick> prices = Broadcast.create(CAPACITY);
        out.printf("price ticker: %d ticks over Broadcast.create(%d)%n", ticks, CAPACITY);
        TickStats.MovingAverage average = new TickStats.MovingAverage(out);
        TickStats.Alert alert = new TickStats.Alert(out);
        CountDownLatch listening = new CountDownLatch(4); // each subscriber is in its loop
        CountDownLatch producerDone = new CountDownLatch(1);
        try (var scope = Scope.open(c -> c.withName("ticker"))) {
            // Every subscriber subscribes here, before the first tick: it misses none by starting
            // late, only by lagging.
            BroadcastReceiver<Tick> displayRx = prices.subscribe();
            BroadcastReceiver<Tick> averageRx = prices.subscribe();
            BroadcastReceiver<Tick> alertRx = prices.subscribe();
            BroadcastReceiver<Tick> slowRx = prices.subscribe();
            Fork<Tally> display =
                    scope.fork(
                            () -> consume("display", displayRx, listening, out, t -> show(t, out)));
            Fork<Tally> averager =
                    scope.fork(
                            () ->
                                    consume(
                                            "moving-average",
                                            averageRx,
                                            listening,
                                            out,
                                            average::add));
            Fork<Tally> alerter =
                    scope.fork(() -> consume("alert", alertRx, listening, out, alert::check));
            Fork<Tally> slow =
                    scope.fork(
                            () ->
                                    consume(
                                            "slow-subscriber",
                                            slowRx,
                                            listening,
                                            out,
                                            new StallAfterFirst(producerDone, out)));
            Fork<Integer> producer =
                    scope.fork(() -> produce(prices.sender(), ticks, listening, producerDone, out));
            scope.join();
            Outcome outcome =
                    new Outcome(
                            producer.get(),
                            List.of(display.get(), averager.get(), alerter.get(), slow.get()),
                            average.finalAverages(),
                            alert.alerts());
            out.println(
                    "ticker: "
                            + outcome.sent()
                            + " ticks sent; final averages "
                            + outcome.finalAverages()
                            + "; "
                            + outcome.alerts()
                            + " alerts");
            return outcome;
        }
    }

    /**
     * The producer: once every subscriber is listening, sends the ticks about every {@link
     * #TICK_EVERY}, then closes the sender. Waiting for the subscribers only keeps a fork that
     * starts late from losing the first ticks; what they subscribed to is fixed already.
     */
    private static int produce(
            BroadcastSender<Tick> tx,
            int ticks,
            CountDownLatch listening,
            CountDownLatch done,
            PrintStream out)
            throws InterruptedException {
        int sent = 0;
        try (tx) {
            listening.await();
            for (long sequence = 1; sequence <= ticks; sequence++) {
                tx.send(TickStats.tick(sequence)); // never waits, whoever is behind
                sent++;
                Thread.sleep(TICK_EVERY);
            }
            out.println("producer: sent " + sent + " ticks, closing the sender");
        } finally {
            done.countDown(); // the stalled subscriber may go on (also if this fork failed)
        }
        return sent;
    }

    /** What a subscriber does with a tick it received. */
    @FunctionalInterface
    interface TickHandler {
        void accept(Tick tick) throws InterruptedException;
    }

    /**
     * A subscriber's loop: receives until the channel is closed and drained, counting what it got
     * and what it lost. A lag is reported and the loop goes on, at the oldest tick retained.
     */
    static Tally consume(
            String name,
            BroadcastReceiver<Tick> rx,
            CountDownLatch listening,
            PrintStream out,
            TickHandler handler)
            throws InterruptedException {
        long received = 0;
        long missed = 0;
        try (rx) {
            listening.countDown();
            while (true) {
                Tick tick;
                try {
                    tick = rx.recv();
                } catch (LaggedException e) { // RecvError::Lagged(n): continue with what is left
                    missed += e.missed();
                    out.println(name + " lagged: missed " + e.missed() + " ticks");
                    continue;
                } catch (ChannelClosedException e) { // RecvError::Closed: sender gone, all read
                    break;
                }
                received++;
                handler.accept(tick);
            }
        }
        out.println(name + ": closed after " + received + " ticks received, " + missed + " missed");
        return new Tally(name, received, missed);
    }

    private static void show(Tick tick, PrintStream out) {
        out.println("display: " + TickStats.describe(tick));
    }

    /**
     * The slow subscriber's handler: after its first tick it stalls until the producer is done (a
     * stand-in for a long pause), so the channel overwrites what it has not read.
     */
    private static final class StallAfterFirst implements TickHandler {
        private final CountDownLatch producerDone;
        private final PrintStream out;
        private boolean stalled;

        StallAfterFirst(CountDownLatch producerDone, PrintStream out) {
            this.producerDone = producerDone;
            this.out = out;
        }

        @Override
        public void accept(Tick tick) throws InterruptedException {
            if (!stalled) {
                stalled = true;
                out.println(
                        "slow-subscriber: got #"
                                + tick.sequence()
                                + ", then stalls until the producer is done");
                producerDone.await();
            }
        }
    }

    /**
     * Runs the demo.
     *
     * @param args none, or the number of ticks
     */
    public static void main(String... args) {
        Demos.runAndExit("ticker", args);
    }
}

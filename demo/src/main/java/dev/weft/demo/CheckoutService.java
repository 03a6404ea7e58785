package dev.weft.demo;

import dev.weft.Channel;
import dev.weft.Fork;
import dev.weft.Policy;
import dev.weft.Scope;
import dev.weft.Snapshot;
import dev.weft.WorkQueue;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small checkout service, to see inside Weft while it runs: nested scopes, a logging context that
 * reaches every fork, the live scope tree as JSON, and what JFR recorded.
 *
 * <p>The service's lifetime is a scope {@code shop}, which runs a warehouse {@link WorkQueue}. One
 * checkout is a scope {@code checkout} nested in it (await-all: a failed coupon does not stop the
 * order) configured with {@link LogContext#CARRIER}, so that each fork logs with the owner's {@code
 * request} and {@code user}. Its forks:
 *
 * <ul>
 *   <li>{@code inventory} asks a warehouse {@link WorkQueue} for two items;
 *   <li>{@code payment} opens a nested scope {@code payment} with a fraud check and a charge (whose
 *       threads are named {@code shop/checkout-fork-2/payment-fork-1} and {@code -2}: the parent
 *       chain);
 *   <li>{@code shipping} waits for a quote on a channel {@code shipping-quotes};
 *   <li>{@code coupon} fails: the coupon has expired.
 * </ul>
 *
 * <p>When the fraud check, the charge and the shipping fork are all waiting, an observer thread
 * takes a {@link Snapshot} and prints it as JSON with Jackson, then lets them go on (it sends the
 * quote and opens a latch). The whole run is recorded with a JFR {@link Recording} of Weft's events
 * ({@code dev.weft.ScopeClosed}, {@code ForkFailed}, {@code ChannelWait} with its threshold at 0,
 * {@code WorkQueueRequest}); the end prints how many of each it recorded and each closed scope.
 */
public final class CheckoutService {
    private CheckoutService() {}

    /** The price of the order, in cents, before shipping. */
    public static final long ITEMS_CENTS = 4_250;

    /** The shipping quote the observer sends, in cents. */
    public static final long SHIPPING_CENTS = 499;

    /** The JFR events the demo records. */
    static final List<String> EVENTS =
            List.of(
                    "dev.weft.ScopeClosed",
                    "dev.weft.ForkFailed",
                    "dev.weft.ChannelWait",
                    "dev.weft.WorkQueueRequest");

    /**
     * A scope that JFR saw closing.
     *
     * @param scope its name
     * @param forks how many tasks it forked
     * @param outcome how it ended
     * @param millis how long it was open
     */
    public record ClosedScope(String scope, int forks, String outcome, long millis) {}

    /**
     * What happened.
     *
     * @param totalCents what the order cost (items and shipping)
     * @param couponFailure the coupon fork's failure message
     * @param log every log line, in order
     * @param treeJson the snapshot taken while the forks waited, as JSON
     * @param snapshot that snapshot
     * @param eventCounts how many events of each type JFR recorded (every type in {@link #EVENTS})
     * @param closedScopes the {@code ScopeClosed} events, in the order they were recorded
     */
    public record Outcome(
            long totalCents,
            String couponFailure,
            List<String> log,
            String treeJson,
            Snapshot snapshot,
            Map<String, Long> eventCounts,
            List<ClosedScope> closedScopes) {}

    /**
     * Runs the demo from the command line.
     *
     * @param args none
     * @param out where the narrative goes
     * @return what happened
     * @throws Exception if the checkout failed or the recording could not be written or read
     */
    public static Outcome run(List<String> args, PrintStream out) throws Exception {
        Args.expectNoneOr("checkout", args);
        return run(out);
    }

    /**
     * Runs one checkout under a JFR recording and prints the log, the tree and the JFR summary.
     *
     * @param out where the narrative goes
     * @return what happened
     * @throws Exception if the checkout failed or the recording could not be written or read
     */
    public static Outcome run(PrintStream out) throws Exception {
        Path file = Files.createTempFile("weft-checkout", ".jfr");
        try (Recording recording = new Recording()) {
            for (String event : EVENTS) {
                recording.enable(event).withThreshold(Duration.ZERO);
            }
            recording.start();
            Checkout checkout = new Checkout(out);
            long total = checkout.run();
            recording.stop();
            recording.dump(file);
            Map<String, Long> counts = new TreeMap<>();
            EVENTS.forEach(e -> counts.put(e, 0L));
            List<ClosedScope> closed = new ArrayList<>();
            List<RecordedEvent> events = new ArrayList<>(RecordingFile.readAllEvents(file));
            events.sort(Comparator.comparing(RecordedEvent::getEndTime)); // the file is not ordered
            for (RecordedEvent e : events) {
                counts.merge(e.getEventType().getName(), 1L, Long::sum);
                if (e.getEventType().getName().equals("dev.weft.ScopeClosed")) {
                    closed.add(
                            new ClosedScope(
                                    e.getString("scope"),
                                    e.getInt("forks"),
                                    e.getString("outcome"),
                                    e.getDuration().toMillis()));
                }
            }
            out.println();
            out.println("JFR recorded:");
            counts.forEach((type, n) -> out.printf("  %-26s %d%n", type, n));
            for (ClosedScope c : closed) {
                out.printf(
                        "  scope %-10s forks %d  %-9s %d ms%n",
                        c.scope(), c.forks(), c.outcome(), c.millis());
            }
            out.println("total: " + total + " cents");
            return new Outcome(
                    total,
                    checkout.couponFailure,
                    checkout.log.lines(),
                    checkout.treeJson,
                    checkout.snapshot,
                    Map.copyOf(counts),
                    List.copyOf(closed));
        } finally {
            deleteQuietly(file);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temp file left behind is not worth failing the demo for
        }
    }

    /** One checkout: its forks, the observer, and what they saw. */
    private static final class Checkout {
        private final PrintStream out;
        final LogContext log = new LogContext();
        private final CountDownLatch waiting = new CountDownLatch(3); // fraud, charge, shipping
        private final CountDownLatch go = new CountDownLatch(1);
        private volatile Thread shippingThread;
        volatile String treeJson;
        volatile Snapshot snapshot;
        String couponFailure;

        Checkout(PrintStream out) {
            this.out = out;
        }

        long run() throws Exception {
            LogContext.put("request", "r-1001");
            LogContext.put("user", "ada");
            Channel<Long> quotes = Channel.bounded(1);
            try (Scope shop = Scope.open(c -> c.withName("shop"))) { // the service's lifetime
                WorkQueue<String, Long> stock =
                        WorkQueue.start(
                                shop,
                                c -> c.withName("warehouse").withCapacity(8),
                                item -> item.equals("book") ? 2_500L : 1_750L);
                try (Snapshot.Registration q = Snapshot.register("warehouse", stock);
                        Snapshot.Registration c = Snapshot.register("shipping-quotes", quotes)) {
                    Thread observer =
                            Thread.ofVirtual().name("observer").start(() -> observe(quotes));
                    long total;
                    try {
                        total = checkout(stock, quotes);
                    } finally {
                        go.countDown(); // never leave the observer or the forks waiting
                        observer.interrupt();
                        observer.join();
                    }
                    stock.close();
                    shop.join();
                    return total;
                }
            } finally {
                LogContext.clear();
            }
        }

        private long checkout(WorkQueue<String, Long> stock, Channel<Long> quotes)
                throws InterruptedException {
            out.println(log.log("checkout started"));
            try (Scope scope =
                    Scope.open(
                            c ->
                                    c.withName("checkout")
                                            .withPolicy(Policy.awaitAll())
                                            .withTimeout(Duration.ofSeconds(10))
                                            .withCarriers(LogContext.CARRIER))) {
                Fork<Long> items =
                        scope.fork(
                                () -> {
                                    long cents = stock.request("book") + stock.request("lamp");
                                    out.println(log.log("reserved book and lamp: " + cents));
                                    return cents;
                                });
                Fork<Void> payment = scope.fork(this::pay);
                Fork<Long> shipping =
                        scope.fork(
                                () -> {
                                    shippingThread = Thread.currentThread();
                                    waiting.countDown();
                                    long cents = quotes.receiver().recv();
                                    out.println(log.log("shipping quote: " + cents));
                                    return cents;
                                });
                Fork<Long> coupon =
                        scope.fork(
                                () -> {
                                    out.println(log.log("looking up coupon SAVE10"));
                                    throw new IllegalStateException("coupon SAVE10 has expired");
                                });
                scope.join();
                payment.get(); // await-all: a failed payment shows here
                couponFailure = coupon.exception().getMessage();
                out.println(log.log("no coupon: " + couponFailure));
                long total = items.get() + shipping.get();
                out.println(log.log("checkout done: " + total + " cents"));
                return total;
            }
        }

        /** The payment fork: a nested scope whose forks inherit the logging context. */
        private Void pay() throws InterruptedException {
            try (Scope payment = Scope.open(c -> c.withName("payment"))) {
                payment.fork(() -> step("fraud check passed"));
                payment.fork(() -> step("charged the card"));
                payment.join();
                return null;
            }
        }

        private Void step(String done) throws InterruptedException {
            waiting.countDown();
            go.await();
            out.println(log.log(done));
            return null;
        }

        /** The observer: once the forks wait, prints the tree as JSON, then lets them go on. */
        private void observe(Channel<Long> quotes) {
            try {
                waiting.await();
                Thread t = shippingThread;
                while (t.getState() != Thread.State.WAITING) {
                    Thread.sleep(1); // until the shipping fork waits in recv()
                }
                Snapshot s = Snapshot.take();
                snapshot = s;
                treeJson =
                        JsonMapper.builder()
                                .build()
                                .writerWithDefaultPrettyPrinter()
                                .writeValueAsString(s);
                out.println("the live tree while the forks wait:");
                out.println(treeJson);
                quotes.sender().send(SHIPPING_CENTS);
                go.countDown();
            } catch (InterruptedException e) {
                // the checkout ended first: nothing to observe
            }
        }
    }

    /**
     * Runs the demo.
     *
     * @param args none
     */
    public static void main(String... args) {
        Demos.runAndExit("checkout", args);
    }
}

package dev.weft.demo;

import dev.weft.ChannelClosedException;
import dev.weft.Fork;
import dev.weft.Scope;
import dev.weft.Watch;
import dev.weft.WatchReceiver;
import dev.weft.WatchSender;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;

/**
 * The config-reload pattern of tokio's {@code sync::watch} documentation (the example in the docs
 * of tokio's {@code sync} module; no Rust article of the project covers it): a task reloads a
 * configuration file and publishes each new version on a watch channel, and every worker picks up
 * the latest version without restarting.
 *
 * <pre>{@code
 * let (tx, rx) = watch::channel(Config::load_from_file().await.unwrap());
 * tokio::spawn(async move {
 *     loop {
 *         time::sleep(Duration::from_secs(10)).await;          // wait between checks
 *         let new_config = Config::load_from_file().await.unwrap();
 *         if new_config != *tx.borrow() {                     // only a changed file is sent
 *             tx.send(new_config).unwrap();
 *         }
 *     }
 * });
 * for _ in 0..5 {
 *     let mut rx = rx.clone();
 *     tokio::spawn(async move {
 *         let mut conf = rx.borrow().clone();
 *         loop {
 *             tokio::select! {
 *                 _ = &mut sleep => { ... restart the operation after conf.timeout ... }
 *                 _ = rx.changed() => { conf = rx.borrow_and_update().clone(); ... }
 *                 _ = &mut op => return,
 *             }
 *         }
 *     });
 * }
 * }</pre>
 *
 * <p>Weft: one {@link Watch} holding a {@link Config}; the reloader is a fork that checks a
 * simulated file every 40 ms, sends a read only when it differs from the current value ({@link
 * WatchSender#get()}, the article's {@code *tx.borrow()}), and ends with one {@link
 * WatchSender#update update}, a rule applied to the current config. Each worker is a fork with a
 * {@link WatchReceiver} of its own, subscribed before any fork starts, so none misses a version;
 * each piece of work reads {@link WatchReceiver#get()}, the latest config. The workers wait for a
 * reload in the three forms, in turn: {@code changed()} (blocks), {@code changed(timeout)} with the
 * config's own {@code timeout} (on {@link TimeoutException} it does another piece of work, as the
 * article's operation restarts after {@code conf.timeout}), and {@code tryChanged()} between pieces
 * of work (never waits). A watch keeps no history: a worker that was busy sees the latest version,
 * not every one. Closing the sender (the reloader is done, try-with-resources) ends the workers:
 * once a worker has seen the last version, its wait throws {@link ChannelClosedException} and it
 * stops, so every worker ends on the final version.
 */
public final class ConfigWatcher {
    private ConfigWatcher() {}

    /** How many workers, by default (the article has five). */
    public static final int WORKERS = 3;

    /** The most workers the command line accepts. */
    public static final int MAX_WORKERS = 64;

    /** How long the reloader waits between two checks of the file (the article's 10 s). */
    public static final Duration CHECK_EVERY = Duration.ofMillis(40);

    /** How long a piece of work of the polling worker takes. */
    public static final Duration WORK_TIME = Duration.ofMillis(5);

    /**
     * The configuration: what the "file" holds.
     *
     * @param version the file's version
     * @param maxConnections how many connections a worker may open
     * @param timeout how long an operation may take (the article's {@code conf.timeout})
     */
    public record Config(int version, int maxConnections, Duration timeout) {
        /**
         * The next version, with another connection limit.
         *
         * @param limit the new limit
         * @return the new config
         */
        Config withMaxConnections(int limit) {
            return new Config(version + 1, limit, timeout);
        }

        /** For example {@code v3 (maxConnections=40, timeout=100 ms)}. */
        String describe() {
            return "v"
                    + version
                    + " (maxConnections="
                    + maxConnections
                    + ", timeout="
                    + timeout.toMillis()
                    + " ms)";
        }
    }

    /** The config the program starts with, before the reloader runs. */
    public static final Config INITIAL = new Config(1, 10, Duration.ofMillis(100));

    /**
     * What each check of the file reads, in order. The second read is the same as the first: the
     * file did not change, so nothing is sent.
     */
    public static final List<Config> FILE_READS =
            List.of(
                    new Config(2, 20, Duration.ofMillis(100)),
                    new Config(2, 20, Duration.ofMillis(100)),
                    new Config(3, 40, Duration.ofMillis(100)),
                    new Config(4, 40, Duration.ofMillis(30)));

    /** How a worker waits for a reload. */
    enum Form {
        /** {@code changed()}: blocks until a reload. */
        CHANGED("changed()"),
        /** {@code changed(timeout)}: blocks at most the config's timeout. */
        CHANGED_WITHIN("changed(timeout)"),
        /** {@code tryChanged()}: looks between pieces of work, never waits. */
        TRY_CHANGED("tryChanged()");

        private final String label;

        Form(String label) {
            this.label = label;
        }

        /** The form of worker {@code n} (1, 2, 3, ...): the three forms in turn. */
        static Form ofWorker(int n) {
            return values()[(n - 1) % values().length];
        }
    }

    /**
     * What one worker saw.
     *
     * @param name its name, {@code worker-1}, ...
     * @param waitsWith how it waited for reloads: {@code changed()}, {@code changed(timeout)} or
     *     {@code tryChanged()}
     * @param versionsSeen the versions it picked up, in order (a watch folds changes made while the
     *     worker was busy into the latest)
     * @param lastVersion the version it used last
     * @param piecesOfWork how many pieces of work it did
     * @param lastWorkLimit the {@code maxConnections} its last piece of work ran under, read with
     *     {@link WatchReceiver#get()}
     * @param stopped whether it stopped because the reloader was done (its wait threw {@link
     *     ChannelClosedException})
     */
    public record WorkerView(
            String name,
            String waitsWith,
            List<Integer> versionsSeen,
            int lastVersion,
            int piecesOfWork,
            int lastWorkLimit,
            boolean stopped) {}

    /**
     * What happened.
     *
     * @param versionsPublished the versions the reloader published, in order (the initial one is
     *     not among them)
     * @param fileChecks how many times the reloader read the file
     * @param workers what each worker saw, in order
     */
    public record Outcome(
            List<Integer> versionsPublished, int fileChecks, List<WorkerView> workers) {}

    /**
     * Runs the demo from the command line.
     *
     * @param args none, or the number of workers
     * @param out where the narrative goes
     * @return what happened
     * @throws InterruptedException if interrupted while waiting
     * @throws Demos.UsageException for bad arguments
     */
    public static Outcome run(List<String> args, PrintStream out) throws InterruptedException {
        return run(Args.countOr("config", args, "workers", WORKERS, 1, MAX_WORKERS), out);
    }

    /**
     * Starts {@code workers} workers and the reloader, and waits until all have ended.
     *
     * @param workers how many workers; at least 1 (a send with no receiver open fails)
     * @param out where the narrative goes
     * @return what happened
     * @throws InterruptedException if interrupted while waiting (the forks are then cancelled)
     * @throws IllegalArgumentException if {@code workers} is below 1
     */
    public static Outcome run(int workers, PrintStream out) throws InterruptedException {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        Watch<Config> config = Watch.create(INITIAL);
        out.println("config watch created with " + INITIAL.describe());
        CountDownLatch started = new CountDownLatch(workers);
        try (var scope = Scope.open(c -> c.withName("config"))) {
            List<Fork<WorkerView>> forks = new ArrayList<>();
            for (int n = 1; n <= workers; n++) {
                Worker worker = new Worker("worker-" + n, Form.ofWorker(n), out);
                WatchReceiver<Config> rx = config.subscribe(); // has seen v1; misses nothing later
                forks.add(scope.fork(() -> worker.run(rx, started)));
            }
            Fork<List<Integer>> reloader =
                    scope.fork(() -> reloader(config.sender(), started, out));
            scope.join();
            List<WorkerView> views = new ArrayList<>();
            for (Fork<WorkerView> fork : forks) {
                views.add(fork.get());
            }
            return new Outcome(
                    reloader.get(), FILE_READS.size(), Collections.unmodifiableList(views));
        }
    }

    /**
     * The reloader: checks the file every {@link #CHECK_EVERY}, sends what changed, applies one
     * rule with {@code update}, and closes the sender when done.
     */
    private static List<Integer> reloader(
            WatchSender<Config> tx, CountDownLatch started, PrintStream out)
            throws InterruptedException {
        List<Integer> published = new ArrayList<>();
        try (tx) {
            started.await(); // every worker has read its first config: the narrative starts there
            for (Config read : FILE_READS) {
                Thread.sleep(CHECK_EVERY); // time::sleep between checks
                if (read.equals(tx.get())) { // new_config != *tx.borrow()
                    out.println("reloader: file unchanged at v" + read.version() + ", not sent");
                    continue;
                }
                out.println("reloader: file changed, sending " + read.describe());
                tx.send(read); // wakes every worker waiting in changed()
                published.add(read.version());
            }
            Thread.sleep(CHECK_EVERY);
            // A rule applied to the current config, atomically: a function of the latest value.
            out.println("reloader: load shedding, update halves maxConnections");
            tx.update(current -> current.withMaxConnections(current.maxConnections() / 2));
            published.add(tx.get().version());
        } // the reloader is done: the workers stop once they have seen the last version
        out.println("reloader: done, sender closed");
        return Collections.unmodifiableList(published);
    }

    /** One worker; its state is confined to its own fork until the scope is joined. */
    private static final class Worker {
        private final String name;
        private final Form form;
        private final PrintStream out;
        private final List<Integer> seen = new ArrayList<>();
        private int pieces;
        private int lastWorkLimit;

        Worker(String name, Form form, PrintStream out) {
            this.name = name;
            this.form = form;
            this.out = out;
        }

        WorkerView run(WatchReceiver<Config> rx, CountDownLatch started)
                throws InterruptedException {
            try (rx) {
                Config config = rx.get(); // rx.borrow().clone()
                out.println(
                        name
                                + " starts with config "
                                + config.describe()
                                + ", waits with "
                                + form.label);
                started.countDown();
                while (true) {
                    work(rx.get()); // every piece of work reads the latest config
                    Optional<Config> reload;
                    try {
                        reload = awaitReload(rx, config);
                    } catch (ChannelClosedException e) { // every sender closed, last version seen
                        out.println(
                                name
                                        + " stops: the reloader is done; last used v"
                                        + config.version());
                        return new WorkerView(
                                name,
                                form.label,
                                Collections.unmodifiableList(seen),
                                config.version(),
                                pieces,
                                lastWorkLimit,
                                true);
                    }
                    if (reload.isPresent()) {
                        config = reload.get();
                        seen.add(config.version());
                        out.println(
                                name
                                        + " now uses config v"
                                        + config.version()
                                        + " (maxConnections="
                                        + config.maxConnections()
                                        + ")");
                    }
                }
            }
        }

        /** Waits for a reload in this worker's form; empty if there was none (yet). */
        private Optional<Config> awaitReload(WatchReceiver<Config> rx, Config current)
                throws InterruptedException {
            return switch (form) {
                case CHANGED -> Optional.of(rx.changed());
                case CHANGED_WITHIN -> {
                    try {
                        yield Optional.of(rx.changed(current.timeout()));
                    } catch (TimeoutException e) { // the article's sleep branch: work on
                        out.println(
                                name
                                        + ": no reload within "
                                        + current.timeout().toMillis()
                                        + " ms, still on v"
                                        + current.version());
                        yield Optional.empty();
                    }
                }
                case TRY_CHANGED -> rx.tryChanged();
            };
        }

        /** A piece of work under {@code config}; the polling worker's takes {@link #WORK_TIME}. */
        private void work(Config config) throws InterruptedException {
            pieces++;
            lastWorkLimit = config.maxConnections();
            if (form == Form.TRY_CHANGED) {
                Thread.sleep(WORK_TIME); // serving up to config.maxConnections() connections
            }
        }
    }

    /**
     * Runs the demo.
     *
     * @param args none, or the number of workers
     */
    public static void main(String... args) {
        Demos.runAndExit("config", args);
    }
}

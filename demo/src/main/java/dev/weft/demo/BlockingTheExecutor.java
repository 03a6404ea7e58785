package dev.weft.demo;

import dev.weft.BlockingPool;
import dev.weft.Result;
import dev.weft.Scope;
import dev.weft.Tasks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The pitfall "Blocking the executor" of the article <i>Async Rust</i>, and what really blocks a
 * virtual thread's carrier.
 *
 * <pre>{@code
 * async fn sleep_ms(start: &Instant, id: u64, duration_ms: u64) {
 *     std::thread::sleep(std::time::Duration::from_millis(duration_ms)); // blocks the executor
 *     println!("future {id} slept for {duration_ms}ms, finished after {}ms", start.elapsed()...);
 * }
 *
 * #[tokio::main(flavor = "current_thread")]
 * async fn main() {
 *     let start = Instant::now();
 *     let sleep_futures = (1..=10).map(|t| sleep_ms(&start, t, t * 10));
 *     join_all(sleep_futures).await;
 * }
 * }</pre>
 *
 * <p>In tokio, the blocking {@code std::thread::sleep} holds the one executor thread, so the ten
 * sleeps add up to 550 ms. On virtual threads, {@code Thread.sleep} unmounts the thread from its
 * carrier, so the same ten tasks ({@link Tasks#joinAll}) finish after about 100 ms in all: part 1.
 *
 * <p>Part 2 shows what <em>does</em> hold a carrier, in a child JVM started with {@code
 * -Djdk.virtualThreadScheduler.parallelism=1} (one carrier, like tokio's {@code current_thread}):
 *
 * <ul>
 *   <li>{@code cpu}: a CPU-bound loop of 300 ms on a virtual thread, next to a task that sleeps 50
 *       ms. Virtual threads are not time-sliced, so the sleeper cannot run again until the loop
 *       ends: it finishes after about 300 ms.
 *   <li>{@code cpu on a BlockingPool}: the same loop run with {@link BlockingPool#call} (tokio's
 *       {@code spawn_blocking}): the virtual thread waits unmounted, the loop runs on a platform
 *       thread, and the sleeper finishes on time.
 *   <li>{@code synchronized}: four tasks each sleep 50 ms inside {@code synchronized}. On JDK 21 to
 *       23 this pins the carrier, so they run one after another (about 200 ms); JDK 24 and later
 *       unmount inside {@code synchronized} (JEP 491), so they overlap (about 50 ms). The demo
 *       prints what the JDK it runs on does.
 *   <li>{@code synchronized on a BlockingPool}: the same, each pinning section run with {@link
 *       BlockingPool#call}: about 50 ms on any JDK.
 * </ul>
 */
public final class BlockingTheExecutor {
    private BlockingTheExecutor() {}

    /** The hidden first argument that makes {@link #main} run the child JVM's experiments. */
    static final String CHILD = "--child";

    /**
     * One of the ten sleeping tasks.
     *
     * @param id the task's number, 1 to 10
     * @param sleptMillis how long it slept
     * @param finishedAfterMillis when it finished, since the start
     */
    public record Sleeper(int id, long sleptMillis, long finishedAfterMillis) {}

    /**
     * One experiment of part 2, measured in the child JVM.
     *
     * @param name what ran
     * @param expectedMillis how long it would take if nothing held the carrier
     * @param measuredMillis how long it took
     */
    public record Experiment(String name, long expectedMillis, long measuredMillis) {}

    /**
     * What happened.
     *
     * @param sleepers the ten tasks of part 1
     * @param totalMillis how long part 1 took in all
     * @param jdk the feature version of the JDK that ran part 2
     * @param experiments part 2, in the child JVM with one carrier
     */
    public record Outcome(
            List<Sleeper> sleepers, long totalMillis, int jdk, List<Experiment> experiments) {}

    /**
     * Runs the demo from the command line.
     *
     * @param args none
     * @param out where the narrative goes
     * @return what happened
     * @throws Exception if the child JVM cannot be run
     */
    public static Outcome run(List<String> args, PrintStream out) throws Exception {
        Args.expectNoneOr("blocking", args);
        return run(out);
    }

    /**
     * Runs both parts.
     *
     * @param out where the narrative goes
     * @return what happened
     * @throws Exception if the child JVM cannot be run
     */
    public static Outcome run(PrintStream out) throws Exception {
        out.println("Part 1: ten tasks sleep 10, 20, ... 100 ms each, all at once (joinAll)");
        long start = System.nanoTime();
        List<Callable<Sleeper>> tasks = new ArrayList<>();
        for (int t = 1; t <= 10; t++) {
            int id = t;
            tasks.add(
                    () -> {
                        Thread.sleep(id * 10L); // unmounts: the carrier runs the others meanwhile
                        long after = Elapsed.millisSince(start);
                        out.println(
                                "  future "
                                        + id
                                        + " slept for "
                                        + id * 10
                                        + "ms, finished after "
                                        + after
                                        + "ms");
                        return new Sleeper(id, id * 10L, after);
                    });
        }
        List<Sleeper> sleepers = new ArrayList<>();
        for (Result<Sleeper> r : Tasks.joinAll(tasks)) {
            sleepers.add(((Result.Ok<Sleeper>) r).value());
        }
        long total = Elapsed.millisSince(start);
        out.println(
                "  all ten done after "
                        + total
                        + " ms (tokio's current_thread with std::thread::sleep: 550 ms)");

        out.println("Part 2: what does hold the carrier (a child JVM with one carrier thread)");
        ChildRun child = runChild();
        for (Experiment e : child.experiments()) {
            out.printf(
                    "  %-34s expected ~%4d ms, took %4d ms%s%n",
                    e.name(),
                    e.expectedMillis(),
                    e.measuredMillis(),
                    e.measuredMillis() > 2 * e.expectedMillis() ? "  <- the carrier was held" : "");
        }
        out.println(
                "  (JDK "
                        + child.jdk()
                        + (child.jdk() >= 24
                                ? ": synchronized no longer pins (JEP 491); on JDK 21-23 it does)"
                                : ": synchronized pins the carrier; JDK 24+ fixed it, JEP 491)"));
        return new Outcome(List.copyOf(sleepers), total, child.jdk(), child.experiments());
    }

    private record ChildRun(int jdk, List<Experiment> experiments) {}

    /** Starts this class in a child JVM with one carrier, and reads its JSON lines. */
    private static ChildRun runChild() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command =
                List.of(
                        java,
                        "-Djdk.virtualThreadScheduler.parallelism=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        BlockingTheExecutor.class.getName(),
                        CHILD);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<Experiment> experiments = new ArrayList<>();
        int jdk = -1;
        List<String> other = new ArrayList<>();
        try (BufferedReader lines =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.startsWith("{")) {
                    other.add(line);
                    continue;
                }
                JsonNode node = Demos.JSON.readTree(line);
                if (node.has("jdk")) {
                    jdk = node.get("jdk").asInt();
                } else {
                    experiments.add(
                            new Experiment(
                                    node.get("name").asString(),
                                    node.get("expectedMillis").asLong(),
                                    node.get("measuredMillis").asLong()));
                }
            }
        }
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0 || jdk < 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the child JVM failed: " + String.join("\n", other));
        }
        return new ChildRun(jdk, List.copyOf(experiments));
    }

    // ---- the child JVM ----------------------------------------------------------------------

    private static void child() throws Exception {
        Map<String, Object> jdk = new LinkedHashMap<>();
        jdk.put("jdk", Runtime.version().feature());
        System.out.println(Demos.JSON.writeValueAsString(jdk));
        try (var pool = BlockingPool.create("blocking", 4)) {
            report("cpu", 50, sleeperNextTo(() -> spin(300)));
            report("cpu on a BlockingPool", 50, sleeperNextTo(() -> pool.call(() -> spin(300))));
            report("synchronized", 50, fourPinnedSleeps(null));
            report("synchronized on a BlockingPool", 50, fourPinnedSleeps(pool));
        }
    }

    private static void report(String name, long expected, long measured) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("name", name);
        line.put("expectedMillis", expected);
        line.put("measuredMillis", measured);
        System.out.println(Demos.JSON.writeValueAsString(line));
    }

    /** How long a 50 ms sleeper takes while {@code busy} runs next to it. */
    private static long sleeperNextTo(Callable<?> busy) throws Exception {
        long start = System.nanoTime();
        try (var scope = Scope.open()) {
            var sleeper =
                    scope.fork(
                            () -> {
                                Thread.sleep(50);
                                return Elapsed.millisSince(start);
                            });
            scope.fork(busy);
            scope.join();
            return sleeper.get();
        }
    }

    private static Object spin(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long spins = 0;
        while (System.nanoTime() < end) {
            spins++; // CPU-bound: never blocks, so never unmounts
        }
        return spins;
    }

    /** Four tasks that each sleep 50 ms holding a monitor; on {@code pool} if given. */
    private static long fourPinnedSleeps(BlockingPool pool) throws Exception {
        long start = System.nanoTime();
        try (var scope = Scope.open()) {
            for (int i = 0; i < 4; i++) {
                Object lock = new Object();
                Callable<Object> pinned =
                        () -> {
                            synchronized (lock) {
                                Thread.sleep(50);
                            }
                            return null;
                        };
                scope.fork(() -> pool == null ? pinned.call() : pool.call(pinned));
            }
            scope.join();
        }
        return Elapsed.millisSince(start);
    }

    /**
     * Runs the demo.
     *
     * @param args none
     */
    public static void main(String... args) {
        if (args.length == 1 && args[0].equals(CHILD)) {
            try {
                child();
            } catch (Exception e) {
                System.out.println("child failed: " + e);
                System.exit(1);
            }
            return;
        }
        Demos.runAndExit("blocking", args);
    }
}

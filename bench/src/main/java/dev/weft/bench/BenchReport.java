package dev.weft.bench;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prints the ratio table of a benchmark run: reads JMH's JSON result file ({@code -rf json -rff
 * FILE}) and, optionally, the JSON written by {@link HeapPerFork} ({@code --json FILE}), and prints
 * Markdown tables: every result row, then each Weft / peer ratio between rows of the same run with
 * equal parameters, against Weft's performance targets (the most each ratio may be).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.weft.bench.BenchReport target/jmh.json [target/heap.json]
 * </pre>
 *
 * <p>A ratio's ± is propagated from the two scores' JMH errors (99.9% confidence intervals) as
 * relative errors added in quadrature; it is a rough guide on a noisy machine, not a test.
 */
public final class BenchReport {
    private BenchReport() {}

    /**
     * A Weft benchmark, its peer, and the performance target for their ratio (NaN: none, shown for
     * info). {@code params}: only rows with exactly these parameters (as printed, e.g. {@code
     * {capacity=16, producers=1}}), or {@code null} for rows with any parameters. {@code
     * peerParams}: the peer row's parameters when they differ from the Weft row's (the same
     * benchmark at two sizes, e.g. bounded(16) against bounded(100)), or {@code null}: equal
     * parameters.
     */
    record Spec(
            String label,
            String weft,
            String peer,
            double target,
            String params,
            String peerParams) {
        Spec(String label, String weft, String peer, double target, String params) {
            this(label, weft, peer, target, params, null);
        }

        Spec(String label, String weft, String peer, double target) {
            this(label, weft, peer, target, null, null);
        }

        /** Whether {@code peer} is the row this spec compares with the Weft row {@code weft}. */
        boolean pairs(Row weft, Row peer) {
            return peer.name().equals(peer())
                    && peer.params().equals(peerParams != null ? peerParams : weft.params());
        }
    }

    static final List<Spec> SPECS = specs();

    private static List<Spec> specs() {
        List<Spec> specs = new ArrayList<>();
        String[][] peers = {
            {"raw VT", "ForkJoinBench.raw", "1.15"},
            {"JDK StructuredTaskScope", "StructuredTaskScopeBench.sts", "1.0"},
            {"VT executor closed per batch", "ForkJoinBench.executor", "NaN"},
            {"shared VT executor", "ForkJoinBench.sharedExecutor", "NaN"},
        };
        for (String owner : new String[] {"", "VirtualOwner"}) {
            String who = owner.isEmpty() ? "platform-thread owner" : "virtual-thread owner";
            for (String[] peer : peers) {
                if (!owner.isEmpty() && peer[1].endsWith("sharedExecutor")) {
                    continue; // measured with the platform-thread owner only
                }
                for (String batch : new String[] {"1", "100"}) {
                    specs.add(
                            new Spec(
                                    "fork+join, "
                                            + batch
                                            + (batch.equals("1") ? " task" : " tasks")
                                            + ", "
                                            + who
                                            + ": Scope / "
                                            + peer[0],
                                    "ForkJoinBench.scope" + batch + owner,
                                    peer[1] + batch + owner,
                                    Double.parseDouble(peer[2])));
                }
            }
        }
        specs.add(
                new Spec(
                        "tryJoinAll / raw VT, platform-thread owner",
                        "TryJoinAllBench.tryJoinAll",
                        "TryJoinAllBench.rawThreads",
                        Double.NaN));
        specs.add(
                new Spec(
                        "tryJoinAll / raw VT, virtual-thread owner",
                        "TryJoinAllBench.tryJoinAllVirtualOwner",
                        "TryJoinAllBench.rawThreadsVirtualOwner",
                        Double.NaN));
        specs.add(
                new Spec(
                        "1M parked forks, fork+release+join: Scope / raw VT",
                        "MillionForksBench.scope",
                        "MillionForksBench.rawThreads",
                        1.5));
        specs.add(
                new Spec(
                        "one scope with 100,000 forks, per fork: Scope / raw VT",
                        "ManyForksBench.forks100k",
                        "ManyForksBench.rawThreads100k",
                        1.15));
        specs.add(
                new Spec(
                        "one scope with 100,000 forks, per fork: Scope / JDK StructuredTaskScope",
                        "ManyForksBench.forks100k",
                        "StructuredTaskScopeBench.sts100k",
                        1.0));
        for (String n : new String[] {"1000", "10000"}) {
            String shape = "nested scopes, " + n + " concurrent siblings, per fork: nested / ";
            specs.add(
                    new Spec(
                            shape + "flat forks",
                            "NestedScopeBench.nested" + n,
                            "NestedScopeBench.flat" + n,
                            n.equals("10000") ? 1.3 : Double.NaN));
            specs.add(
                    new Spec(
                            shape + "flat forks each starting one raw VT",
                            "NestedScopeBench.nested" + n,
                            "NestedScopeBench.innerThread" + n,
                            Double.NaN));
        }
        specs.addAll(channelSpecs());
        return List.copyOf(specs);
    }

    /**
     * The channel comparisons: Weft first, then each peer, each with its performance target. To add
     * a channel benchmark, add its rows here.
     */
    private static List<Spec> channelSpecs() {
        List<Spec> specs = new ArrayList<>();
        // {producers, capacity, target vs Jox, target vs ArrayBlockingQueue}; NaN: no target.
        String[][] bounded = {
            {"1", "16", "0.5", "0.5"},
            {"1", "100", "0.5", "0.5"},
            {"4", "100", "0.5", "0.5"},
            {"4", "16", "NaN", "NaN"},
        };
        for (String[] b : bounded) {
            String params = "{capacity=" + b[1] + ", producers=" + b[0] + "}";
            String shape = "bounded(" + b[1] + "), " + b[0] + " → 1, per message: Weft bounded / ";
            String[][] peers = {
                {"Jox buffered", "BoundedChannelBench.jox", b[2]},
                {"ArrayBlockingQueue", "BoundedChannelBench.arrayBlockingQueue", b[3]},
                {"LinkedBlockingQueue", "BoundedChannelBench.linkedBlockingQueue", "NaN"},
            };
            for (String[] peer : peers) {
                specs.add(
                        new Spec(
                                shape + peer[0],
                                "BoundedChannelBench.weft",
                                peer[1],
                                Double.parseDouble(peer[2]),
                                params));
            }
        }
        for (String[] b : bounded) {
            String params = "{capacity=" + b[1] + ", producers=" + b[0] + "}";
            String shape =
                    "sustained stream, bounded("
                            + b[1]
                            + "), "
                            + b[0]
                            + " → 1, per message: Weft"
                            + " bounded / ";
            specs.add(
                    new Spec(
                            shape + "Jox buffered",
                            "SustainedStreamBench.weft",
                            "SustainedStreamBench.jox",
                            Double.NaN,
                            params));
            specs.add(
                    new Spec(
                            shape + "ArrayBlockingQueue",
                            "SustainedStreamBench.weft",
                            "SustainedStreamBench.arrayBlockingQueue",
                            Double.NaN,
                            params));
        }
        for (String producers : new String[] {"1", "4"}) {
            specs.add(
                    new Spec(
                            "bounded(16) / bounded(100), "
                                    + producers
                                    + " → 1, per message: Weft bounded(16) / Weft bounded(100)",
                            "BoundedChannelBench.weft",
                            "BoundedChannelBench.weft",
                            1.2,
                            "{capacity=16, producers=" + producers + "}",
                            "{capacity=100, producers=" + producers + "}"));
        }
        String[][] rendezvous = {
            {"Exchanger", "RendezvousBench.exchanger", "1.0"},
            {"SynchronousQueue", "RendezvousBench.synchronousQueue", "1.0"},
            {"Jox rendezvous", "RendezvousBench.jox", "0.6"},
        };
        for (String[] peer : rendezvous) {
            specs.add(
                    new Spec(
                            "rendezvous ping-pong, per round trip: Weft rendezvous / " + peer[0],
                            "RendezvousBench.weft",
                            peer[1],
                            Double.parseDouble(peer[2])));
        }
        specs.add(
                new Spec(
                        "request/reply, per round trip: Oneshot reply / CompletableFuture reply",
                        "OneshotBench.oneshot",
                        "OneshotBench.completableFuture",
                        0.8));
        for (String arms : new String[] {"1", "2"}) {
            String shape =
                    "select over "
                            + arms
                            + (arms.equals("1") ? " receive arm" : " receive arms")
                            + ", bounded(16), per message: ";
            String params = "{arms=" + arms + "}";
            specs.add(
                    new Spec(
                            shape + "Weft Select (built once) / Jox select",
                            "SelectBench.weft",
                            "SelectBench.jox",
                            0.5,
                            params));
            specs.add(
                    new Spec(
                            shape + "Weft Select (built per message) / Jox select",
                            "SelectBench.weftFreshSelect",
                            "SelectBench.jox",
                            Double.NaN,
                            params));
            specs.add(
                    new Spec(
                            shape + "Weft Select built per message / built once",
                            "SelectBench.weftFreshSelect",
                            "SelectBench.weft",
                            1.5,
                            params));
        }
        for (String capacity : new String[] {"16", "100"}) {
            String shape = "bounded(" + capacity + "), 4 → 4, per message: Weft bounded / ";
            String params = "{capacity=" + capacity + "}";
            specs.add(
                    new Spec(
                            shape + "Jox buffered",
                            "MultiConsumerBench.weft",
                            "MultiConsumerBench.jox",
                            0.7,
                            params));
            specs.add(
                    new Spec(
                            shape + "ArrayBlockingQueue",
                            "MultiConsumerBench.weft",
                            "MultiConsumerBench.arrayBlockingQueue",
                            Double.NaN,
                            params));
        }
        specs.add(
                new Spec(
                        "request/reply through one worker, per round trip: WorkQueue /"
                                + " ArrayBlockingQueue + CompletableFuture worker",
                        "WorkQueueBench.weft",
                        "WorkQueueBench.abqCompletableFuture",
                        0.8));
        return specs;
    }

    /** The heap target (issue 13): a parked fork takes at most 100 bytes more than a raw one. */
    private static final double MAX_EXTRA_BYTES_PER_FORK = 100;

    /** One JMH result row. */
    record Row(
            String name,
            String params,
            String mode,
            double score,
            double error,
            String unit,
            String settings) {}

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: BenchReport JMH_RESULT.json [HEAP_PER_FORK.json]");
            System.exit(2);
        }
        ObjectMapper mapper = JsonMapper.builder().build();
        List<Row> rows = readJmh(mapper.readTree(new File(args[0])));
        JsonNode heap = args.length == 2 ? mapper.readTree(new File(args[1])) : null;
        print(System.out, rows, heap);
    }

    static List<Row> readJmh(JsonNode results) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode result : results) {
            String benchmark = result.path("benchmark").asString();
            // dev.weft.bench.ForkJoinBench.scope1 -> ForkJoinBench.scope1
            int method = benchmark.lastIndexOf('.');
            int type = benchmark.lastIndexOf('.', method - 1);
            Map<String, String> params = new TreeMap<>();
            for (Map.Entry<String, JsonNode> p : result.path("params").properties()) {
                params.put(p.getKey(), p.getValue().asString());
            }
            JsonNode metric = result.path("primaryMetric");
            rows.add(
                    new Row(
                            benchmark.substring(type + 1),
                            params.isEmpty() ? "" : params.toString(),
                            result.path("mode").asString(),
                            metric.path("score").asDouble(Double.NaN),
                            number(metric.path("scoreError")),
                            metric.path("scoreUnit").asString(),
                            settings(result)));
        }
        return rows;
    }

    /** The JVM and the JMH settings a result was measured with. */
    private static String settings(JsonNode r) {
        return String.format(
                Locale.ROOT,
                "JDK %s (%s), JMH %s, forks %s, warm-up %s × %s, measurement %s × %s, jvmArgs %s",
                r.path("jdkVersion").asString(),
                r.path("vmName").asString(),
                r.path("jmhVersion").asString(),
                r.path("forks").asString(),
                r.path("warmupIterations").asString(),
                r.path("warmupTime").asString(),
                r.path("measurementIterations").asString(),
                r.path("measurementTime").asString(),
                r.path("jvmArgs"));
    }

    /** JMH writes "NaN" (a string) when there is no error estimate, e.g. for one iteration. */
    private static double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : Double.NaN;
    }

    static void print(PrintStream out, List<Row> rows, JsonNode heap) {
        out.println("### JMH results");
        out.println();
        out.println("| benchmark | params | mode | score | ± error (99.9%) | unit |");
        out.println("|---|---|---|---:|---:|---|");
        for (Row r : rows) {
            out.printf(
                    "| %s | %s | %s | %s | %s | %s |%n",
                    r.name(), r.params(), r.mode(), fmt(r.score()), fmt(r.error()), r.unit());
        }
        out.println();
        Map<String, List<String>> bySettings = new LinkedHashMap<>();
        for (Row r : rows) {
            bySettings.computeIfAbsent(r.settings(), k -> new ArrayList<>()).add(r.name());
        }
        out.println("Run settings:");
        out.println();
        for (Map.Entry<String, List<String>> e : bySettings.entrySet()) {
            out.printf("- %s: %s%n", e.getKey(), String.join(", ", new TreeSet<>(e.getValue())));
        }
        out.println();
        out.println("### Ratios (Weft / peer, same run; lower is better for Weft)");
        out.println();
        out.println(
                "Verdict: met when ratio + error ≤ target, **missed** when ratio − error > target,"
                        + " within error when the interval holds the target, no verdict when a"
                        + " row's JMH error is NaN (one fork with one iteration).");
        out.println();
        out.println("| comparison | params | Weft | peer | ratio | target | verdict |");
        out.println("|---|---|---:|---:|---:|---:|---|");
        Set<String> classes = new HashSet<>();
        for (Row r : rows) {
            classes.add(benchClass(r.name()));
        }
        List<Ratio> ratios = ratios(rows);
        for (Spec spec : SPECS) {
            if (!classes.contains(benchClass(spec.weft()))
                    && !classes.contains(benchClass(spec.peer()))) {
                continue; // neither side's benchmark class was in this run
            }
            boolean any = false;
            for (Ratio r : ratios) {
                if (r.spec() != spec) {
                    continue;
                }
                any = true;
                out.printf(
                        "| %s | %s | %s %s | %s %s | %s%s | %s | %s |%n",
                        spec.label(),
                        r.weft().params(),
                        fmt(r.weft().score()),
                        r.weft().unit(),
                        fmt(r.peer().score()),
                        r.peer().unit(),
                        String.format(Locale.ROOT, "%.2f", r.ratio()),
                        Double.isNaN(r.error())
                                ? " ± NaN"
                                : String.format(Locale.ROOT, " ± %.2f", r.error()),
                        target(spec.target()),
                        r.verdict());
            }
            if (!any) {
                out.printf(
                        "| %s | %s | not in this run | | | %s | n/a |%n",
                        spec.label(),
                        spec.params() == null ? "" : spec.params(),
                        target(spec.target()));
            }
        }
        if (heap != null) {
            JsonNode scope = heap.path("summary").path("scope");
            JsonNode raw = heap.path("summary").path("rawThreads");
            double scopeBytes = scope.path("medianBytesPerFork").asDouble(Double.NaN);
            double rawBytes = raw.path("medianBytesPerFork").asDouble(Double.NaN);
            out.println();
            out.printf(
                    "### Heap per parked fork (HeapPerFork, %,d forks, JDK %s, median of rounds)%n",
                    heap.path("forks").asLong(), heap.path("jdk").asString());
            out.println();
            out.println("| peer | bytes per fork (median) | min | max | target | verdict |");
            out.println("|---|---:|---:|---:|---:|---|");
            double scopeMin = scope.path("minBytesPerFork").asDouble(Double.NaN);
            double scopeMax = scope.path("maxBytesPerFork").asDouble(Double.NaN);
            double rawMin = raw.path("minBytesPerFork").asDouble(Double.NaN);
            double rawMax = raw.path("maxBytesPerFork").asDouble(Double.NaN);
            out.printf(
                    "| Scope | %.0f | %.0f | %.0f | – | info |%n", scopeBytes, scopeMin, scopeMax);
            out.printf(
                    "| raw virtual threads | %.0f | %.0f | %.0f | – | info |%n",
                    rawBytes, rawMin, rawMax);
            // The extra bytes' range: the widest the two peers' ranges allow.
            out.printf(
                    "| Scope − raw | %.0f | %.0f | %.0f | ≤ %.0f | %s |%n",
                    scopeBytes - rawBytes,
                    scopeMin - rawMax,
                    scopeMax - rawMin,
                    MAX_EXTRA_BYTES_PER_FORK,
                    heapVerdict(
                            scopeMin - rawMax,
                            scopeMax - rawMin,
                            heap.path("rounds").size() / 2,
                            MAX_EXTRA_BYTES_PER_FORK));
            out.printf("| Scope / raw | %.2f | | | – | info |%n", scopeBytes / rawBytes);
        }
    }

    /** {@code ForkJoinBench.scope1} -> {@code ForkJoinBench}. */
    private static String benchClass(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** Weft's row, its peer's row with equal parameters, and their ratio against the target. */
    record Ratio(Spec spec, Row weft, Row peer, double ratio, double error, String verdict) {
        /** The comparison's name, with the parameters when the spec does not fix them. */
        String name() {
            return spec.params() == null && !weft.params().isEmpty()
                    ? spec.label() + " " + weft.params()
                    : spec.label();
        }
    }

    /**
     * Every Weft / peer ratio the rows allow, in the order of the specs. The ± is the two rows'
     * relative JMH errors added in quadrature, times the ratio; NaN when either error is NaN.
     */
    static List<Ratio> ratios(List<Row> rows) {
        List<Ratio> ratios = new ArrayList<>();
        for (Spec spec : SPECS) {
            for (Row weft : rows) {
                if (!weft.name().equals(spec.weft())
                        || (spec.params() != null && !spec.params().equals(weft.params()))) {
                    continue;
                }
                for (Row peer : rows) {
                    if (spec.pairs(weft, peer)) {
                        double ratio = weft.score() / peer.score();
                        double err =
                                ratio
                                        * Math.hypot(
                                                weft.error() / weft.score(),
                                                peer.error() / peer.score());
                        ratios.add(
                                new Ratio(
                                        spec,
                                        weft,
                                        peer,
                                        ratio,
                                        err,
                                        verdict(ratio, err, spec.target())));
                    }
                }
            }
        }
        return ratios;
    }

    /*
     * The verdict rule. A ratio is "met" or "missed" only when its whole interval (ratio ± error,
     * from the JMH 99.9% errors) lies on one side of the target: met when ratio + error <= target,
     * missed when ratio - error > target. When the interval holds the target the verdict is
     * "within error": another run could go either way. When the error is NaN (JMH prints it for
     * one fork with one measurement iteration, or a single shot) there is no interval and so no
     * verdict, whatever the ratio says. A comparison without a target is "info".
     */

    /** The verdict for {@code ratio ± error} against {@code target} (the most the ratio may be). */
    static String verdict(double ratio, double error, double target) {
        if (Double.isNaN(target)) {
            return "info";
        }
        if (Double.isNaN(ratio)) {
            return "n/a";
        }
        if (Double.isNaN(error)) {
            return NO_VERDICT_NAN;
        }
        if (ratio + error <= target) {
            return MET;
        }
        if (ratio - error > target) {
            return MISSED;
        }
        return WITHIN_ERROR;
    }

    /**
     * The heap verdict by the same rule, with the rounds' range (min to max bytes per fork) as the
     * interval; a single round has no range, so no verdict.
     */
    static String heapVerdict(double min, double max, int rounds, double target) {
        if (rounds < 2 || Double.isNaN(min) || Double.isNaN(max)) {
            return "no verdict (one round)";
        }
        return max <= target ? MET : min > target ? MISSED : WITHIN_ERROR;
    }

    /** The verdict when the whole interval is at or under the target. */
    static final String MET = "met";

    /** The verdict when the whole interval is over the target. */
    static final String MISSED = "**missed**";

    /** The verdict when the interval holds the target. */
    static final String WITHIN_ERROR = "within error";

    /** The verdict when an error is NaN. */
    static final String NO_VERDICT_NAN = "no verdict (error NaN)";

    private static String target(double target) {
        return Double.isNaN(target) ? "–" : String.format(Locale.ROOT, "≤ %.2f", target);
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, v);
    }
}

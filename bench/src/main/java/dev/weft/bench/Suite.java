package dev.weft.bench;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark report in one command ({@code bench/run}, see {@link SuiteOptions#USAGE}): runs the
 * JMH benchmarks through JMH's Runner API in forked JVMs, then {@link HeapPerFork} in a child JVM
 * with {@code -Xmx8g}, and writes {@code jmh.json}, {@code heap.json}, {@code report.md} ({@link
 * BenchReport}'s tables with the load average and the JVM at the start and the end) and {@code
 * ratios.png} ({@link RatioChart}).
 *
 * <p>The StructuredTaskScope rows come from the same run: {@link StructuredTaskScopeBench} forks
 * its JVMs with {@code --enable-preview}. When this JVM lacks the JDK 25 preview API they are left
 * out with a printed note. A benchmark that fails (no result) or a HeapPerFork that fails is named
 * in the report and makes the exit status 1; the rest of the report is still written.
 */
public final class Suite {
    private Suite() {}

    private static final String HEAP_PER_FORK = HeapPerFork.class.getName();
    private static final String STS_BENCH = StructuredTaskScopeBench.class.getName();

    /**
     * Runs the suite.
     *
     * @param args see {@link SuiteOptions#USAGE}
     * @throws Exception if the suite cannot run or its files cannot be written
     */
    public static void main(String[] args) throws Exception {
        SuiteOptions options;
        try {
            options = SuiteOptions.parse(args);
        } catch (SuiteOptions.UsageException e) {
            System.err.println("bench/run: " + e.getMessage());
            System.err.print(SuiteOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(SuiteOptions.USAGE);
            return;
        }
        System.setProperty("java.awt.headless", "true");
        System.exit(run(options));
    }

    /** Runs the suite and returns the exit status: 0, or 1 when something failed. */
    private static int run(SuiteOptions options) throws IOException, InterruptedException {
        File out = options.out();
        Files.createDirectories(out.toPath());
        // Before the start is recorded: the load at the start is the load the benchmarks see.
        boolean lockFree = awaitJmhLock();
        Instant start = Instant.now();
        String loadAtStart = loadAverage();
        String uptimeAtStart = uptime();
        System.out.println("== Suite: size " + options.size().name().toLowerCase(Locale.ROOT));
        System.out.println("== start: " + uptimeAtStart);
        List<String> notes = new ArrayList<>();
        List<String> failures = new ArrayList<>();

        // JMH
        List<String> excludes = new ArrayList<>();
        if (JdkStructuredTaskScope.UNAVAILABLE != null) {
            String note =
                    "StructuredTaskScopeBench left out: "
                            + JdkStructuredTaskScope.UNAVAILABLE
                            + ". Run the suite on a JDK 25+ for the StructuredTaskScope rows.";
            System.out.println("== note: " + note);
            notes.add(note);
            excludes.add(STS_BENCH.replace(".", "\\."));
        }
        if (ContextBench.UNAVAILABLE != null) {
            String note =
                    "ContextBench.scopedValues left out: "
                            + ContextBench.UNAVAILABLE
                            + ". Run the suite on a JDK 25+ for the ScopedValue row.";
            System.out.println("== note: " + note);
            notes.add(note);
            excludes.add(ContextBench.class.getName().replace(".", "\\.") + "\\.scopedValues");
        }
        if (options.include() == null && !options.size().excludes.isEmpty()) {
            String note =
                    "size "
                            + options.size().name().toLowerCase(Locale.ROOT)
                            + " leaves out the benchmarks without a target: "
                            + String.join(", ", options.size().excludes)
                            + " (--size full, or --include, runs them)";
            System.out.println("== note: " + note);
            notes.add(note);
            excludes.addAll(options.size().excludes);
        }
        List<String> includes = List.of(options.include() == null ? ".*" : options.include());
        Set<String> expected = new TreeSet<>();
        for (BenchmarkListEntry e :
                BenchmarkList.defaultList()
                        .find(
                                OutputFormatFactory.createFormatInstance(
                                        System.out, VerboseMode.SILENT),
                                includes,
                                excludes)) {
            expected.add(e.getUsername());
        }
        File jmhJson = new File(out, "jmh.json");
        Files.deleteIfExists(jmhJson.toPath());
        if (!lockFree) {
            failures.add(
                    "another JMH run held " + JMH_LOCK + " for " + LOCK_WAIT.toMinutes() + " min");
        } else if (!expected.isEmpty()) {
            Set<String> measured = new TreeSet<>();
            try {
                for (RunResult r :
                        new Runner(jmhOptions(options, includes, excludes, jmhJson)).run()) {
                    measured.add(r.getParams().getBenchmark());
                }
            } catch (RunnerException e) {
                failures.add("JMH stopped: " + e.getMessage());
            }
            for (String name : expected) {
                if (!measured.contains(name)) {
                    failures.add(name + " has no result (it failed: see the JMH output)");
                }
            }
        }

        // HeapPerFork
        File heapJson = new File(out, "heap.json");
        Files.deleteIfExists(heapJson.toPath());
        if (options.includes(HEAP_PER_FORK)) {
            int status = heapPerFork(options.size().heapRounds, heapJson);
            if (status != 0) {
                failures.add("HeapPerFork exited with status " + status);
            }
        }
        if (expected.isEmpty() && !options.includes(HEAP_PER_FORK)) {
            failures.add("--include '" + options.include() + "' matches no benchmark");
        }

        // The report
        ObjectMapper mapper = JsonMapper.builder().build();
        List<BenchReport.Row> rows =
                jmhJson.exists() ? BenchReport.readJmh(mapper.readTree(jmhJson)) : List.of();
        JsonNode heap = heapJson.exists() ? mapper.readTree(heapJson) : null;
        Instant end = Instant.now();
        String loadAtEnd = loadAverage();
        String uptimeAtEnd = uptime();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream md = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            md.println("# Weft benchmark report");
            md.println();
            md.printf(
                    "- Size: %s (JMH %s; HeapPerFork --rounds %d, -Xmx8g)%s%n",
                    options.size().name().toLowerCase(Locale.ROOT),
                    options.size().jmhFlags(),
                    options.size().heapRounds,
                    options.include() == null ? "" : ", `--include '" + options.include() + "'`");
            md.printf(
                    "- Start: %s, load average %s; `uptime`: %s%n",
                    start, loadAtStart, uptimeAtStart);
            md.printf("- End: %s, load average %s; `uptime`: %s%n", end, loadAtEnd, uptimeAtEnd);
            md.printf("- Took: %s%n", took(start, end));
            md.printf("- JVM (start and end: the same, every fork uses it): %s%n", jvm());
            md.printf(
                    "- Machine: %d CPUs; code: %s%n",
                    Runtime.getRuntime().availableProcessors(), commit());
            for (String note : notes) {
                md.println("- Note: " + note);
            }
            for (String failure : failures) {
                md.println("- **Failed:** " + failure);
            }
            md.println();
            md.println(
                    "The load average is the machine's (`/proc/loadavg`): above the CPU count, other"
                            + " work shared the cores, so trust the ratios (peers measured in the"
                            + " same run) more than the times.");
            md.println();
            md.println("![Weft against its peers](ratios.png)");
            md.println();
            BenchReport.print(md, rows, heap);
        }
        Files.write(new File(out, "report.md").toPath(), bytes.toByteArray());
        String title = "Weft / peer, same run, lower is better for Weft";
        String subtitle =
                String.format(
                        Locale.ROOT,
                        "%s, %s size, load average %s at the start and %s at the end,"
                                + " JDK %s, %d CPUs; error bars: JMH 99.9%% errors in quadrature",
                        start.truncatedTo(ChronoUnit.MINUTES)
                                .toString()
                                .replace("T", " ")
                                .replace("Z", " UTC"),
                        options.size().name().toLowerCase(Locale.ROOT),
                        firstField(loadAtStart),
                        firstField(loadAtEnd),
                        Runtime.version(),
                        Runtime.getRuntime().availableProcessors());
        List<BenchReport.Ratio> ratios = BenchReport.ratios(rows);
        if (!ratios.isEmpty()) {
            RatioChart.write(ratios, new File(out, "ratios.png"), title, subtitle);
        } else {
            Files.deleteIfExists(new File(out, "ratios.png").toPath());
        }
        System.out.println();
        for (String name : new String[] {"jmh.json", "heap.json", "report.md", "ratios.png"}) {
            if (new File(out, name).exists()) {
                System.out.println("== wrote " + new File(out, name));
            }
        }
        System.out.println("== took " + took(start, end) + "; end: " + uptimeAtEnd);
        for (String failure : failures) {
            System.out.println("== FAILED: " + failure);
        }
        return failures.isEmpty() ? 0 : 1;
    }

    private static org.openjdk.jmh.runner.options.Options jmhOptions(
            SuiteOptions options, List<String> includes, List<String> excludes, File json) {
        SuiteOptions.Size size = options.size();
        ChainedOptionsBuilder b =
                new OptionsBuilder()
                        .forks(size.forks)
                        .warmupIterations(size.warmupIterations)
                        .warmupTime(TimeValue.fromString(size.warmupTime))
                        .measurementIterations(size.iterations)
                        .measurementTime(TimeValue.fromString(size.iterationTime))
                        .resultFormat(ResultFormatType.JSON)
                        .result(json.getPath());
        // No jvmArgsAppend here: it would replace StructuredTaskScopeBench's --enable-preview and
        // MillionForksBench's heap size, both set in their @Fork annotations.
        for (String include : includes) {
            b.include(include);
        }
        for (String exclude : excludes) {
            b.exclude(exclude);
        }
        return b.build();
    }

    /** The lock file by which JMH refuses to run beside another JMH run (its own rule). */
    private static final Path JMH_LOCK = Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock");

    /** How long the suite waits for another JMH run to end before it gives up. */
    private static final Duration LOCK_WAIT = Duration.ofMinutes(30);

    /**
     * Waits until no other JMH run holds JMH's lock file, so that a suite started beside another
     * benchmark waits for it instead of failing at once (JMH exits when the lock is taken). Returns
     * {@code false} after {@link #LOCK_WAIT}. The lock is released again at once; JMH takes it
     * itself.
     */
    private static boolean awaitJmhLock() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(LOCK_WAIT);
        boolean said = false;
        while (true) {
            try (FileChannel channel =
                    FileChannel.open(
                            JMH_LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    lock.release();
                    return true;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            if (!said) {
                System.out.println(
                        "== another JMH run holds " + JMH_LOCK + "; waiting for it to end ...");
                said = true;
            }
            Thread.sleep(2000);
        }
    }

    /** Runs HeapPerFork in a child JVM (this JVM's java, -Xmx8g) and returns its exit status. */
    private static int heapPerFork(int rounds, File json) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command =
                List.of(
                        java,
                        "-Xmx8g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        HEAP_PER_FORK,
                        "--rounds",
                        Integer.toString(rounds),
                        "--json",
                        json.getPath());
        System.out.println("== " + String.join(" ", command));
        Process p = new ProcessBuilder(command).inheritIO().start();
        return p.waitFor();
    }

    /** The three load averages from {@code /proc/loadavg}, or why they are missing. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e + ")";
        }
    }

    private static String firstField(String load) {
        return load.split(" ")[0];
    }

    /** What {@code uptime} prints, or the load average when it cannot run. */
    private static String uptime() throws InterruptedException {
        String printed = command("uptime");
        return printed == null ? "load average " + loadAverage() : printed;
    }

    /** The commit this tree is at, with "+ local changes" when it has some. */
    private static String commit() throws InterruptedException {
        String head = command("git", "rev-parse", "--short", "HEAD");
        if (head == null) {
            return "commit unknown (no git here)";
        }
        String status = command("git", "status", "--porcelain", "--untracked-files=no");
        return "commit `"
                + head
                + "`"
                + (status == null || status.isEmpty() ? "" : " + local changes");
    }

    /** Runs a short command; returns its output trimmed, or {@code null} when it fails. */
    private static String command(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return null;
            }
            return new String(output, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        }
    }

    private static String jvm() {
        return String.format(
                Locale.ROOT,
                "%s %s (%s), %s",
                System.getProperty("java.vm.name"),
                Runtime.version(),
                System.getProperty("java.vendor"),
                System.getProperty("java.home"));
    }

    private static String took(Instant start, Instant end) {
        Duration d = Duration.between(start, end);
        return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }
}

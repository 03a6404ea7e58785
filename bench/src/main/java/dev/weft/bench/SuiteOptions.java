package dev.weft.bench;

import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The options of {@link Suite}: {@code --size quick|full}, {@code --include REGEX}, {@code --out
 * DIR}, {@code --help}. {@link #parse} never exits; a bad command line is a {@link UsageException}
 * whose message names the bad argument.
 *
 * @param size how long the suite runs
 * @param include the benchmarks to run, a regex found in the full benchmark name (JMH's rule), also
 *     matched against {@code dev.weft.bench.HeapPerFork}; {@code null} for all
 * @param out the directory the report goes to
 * @param help {@code --help} was given
 */
record SuiteOptions(Size size, String include, File out, boolean help) {

    /** The default output directory, relative to the repository root (where bench/run runs). */
    static final String DEFAULT_OUT = "bench/target/report";

    /** How long the suite runs: JMH's forks, iterations and times, and HeapPerFork's rounds. */
    enum Size {
        /**
         * 4 1/2 to 6 1/2 minutes on the 2-core machine: one fork, short iterations, 2 heap rounds,
         * and only the benchmarks that a comparison with a target needs (see {@link #excludes}).
         */
        QUICK(
                1,
                2,
                "300ms",
                5,
                "300ms",
                2,
                List.of(
                        "ForkJoinBench\\.(executor|sharedExecutor)",
                        "BoundedChannelBench\\.linkedBlockingQueue",
                        "TryJoinAllBench",
                        "BroadcastBench",
                        "WatchBench",
                        "SustainedStreamBench",
                        "ContextBench",
                        "JfrCostBench")),
        /**
         * The README's settings: {@code -f 2 -wi 3 -w 1s -i 5 -r 1s}, 3 heap rounds, everything.
         */
        FULL(2, 3, "1s", 5, "1s", 3, List.of());

        final int forks;
        final int warmupIterations;
        final String warmupTime;
        final int iterations;
        final String iterationTime;
        final int heapRounds;

        /**
         * Benchmarks left out when no {@code --include} is given (JMH exclude regexes): in quick,
         * the peers that only give "info" rows (no target) and the classes without a comparison.
         */
        final List<String> excludes;

        Size(
                int forks,
                int warmupIterations,
                String warmupTime,
                int iterations,
                String iterationTime,
                int heapRounds,
                List<String> excludes) {
            this.excludes = excludes;
            this.forks = forks;
            this.warmupIterations = warmupIterations;
            this.warmupTime = warmupTime;
            this.iterations = iterations;
            this.iterationTime = iterationTime;
            this.heapRounds = heapRounds;
        }

        /** The settings as JMH command-line options, for the report. */
        String jmhFlags() {
            return String.format(
                    Locale.ROOT,
                    "-f %d -wi %d -w %s -i %d -r %s",
                    forks,
                    warmupIterations,
                    warmupTime,
                    iterations,
                    iterationTime);
        }
    }

    /** A command line {@link Suite} cannot run: the message names what is wrong. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The usage text that {@code --help} prints. */
    static final String USAGE =
            """
            usage: bench/run [--size quick|full] [--include REGEX] [--out DIR] [--help]

            Runs Weft's benchmark suite (JMH in forked JVMs, then HeapPerFork in a child JVM with
            -Xmx8g) and writes, in DIR:
              jmh.json     JMH's results
              heap.json    HeapPerFork's results
              report.md    every row, the Weft / peer ratios against their targets with verdicts,
                           the load average and the JVM at the start and at the end
              ratios.png   the ratios as a chart

              --size quick   5 minutes or so on 2 cores: -f 1 -wi 2 -w 300ms -i 5 -r 300ms,
                             HeapPerFork --rounds 2, and without --include only the
                             benchmarks that a comparison with a target needs (the default)
              --size full    the README's settings: -f 2 -wi 3 -w 1s -i 5 -r 1s,
                             HeapPerFork --rounds 3 (30 minutes here, quiet)
              --include RE   only the benchmarks whose full name contains a match of RE (JMH's
                             rule), e.g. 'ForkJoinBench|StructuredTaskScopeBench' or HeapPerFork
              --out DIR      where the files go (default bench/target/report)
              --help         this text

            The StructuredTaskScope rows need a JDK 25+ (their JVMs get --enable-preview); on an
            older JDK they are left out with a note. Verdict: met when ratio + error <= target,
            missed when ratio - error > target, within error otherwise, no verdict when a JMH
            error is NaN.
            """;

    /**
     * Parses a command line.
     *
     * @throws UsageException if an option is unknown, lacks its value, or has a bad value
     */
    static SuiteOptions parse(String... args) throws UsageException {
        Size size = Size.QUICK;
        String include = null;
        File out = new File(DEFAULT_OUT);
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> help = true;
                case "--size" -> {
                    String value = value(args, i++);
                    size =
                            switch (value) {
                                case "quick" -> Size.QUICK;
                                case "full" -> Size.FULL;
                                default ->
                                        throw new UsageException(
                                                "--size must be quick or full, not '"
                                                        + value
                                                        + "'");
                            };
                }
                case "--include" -> {
                    include = value(args, i++);
                    try {
                        Pattern.compile(include);
                    } catch (PatternSyntaxException e) {
                        throw new UsageException(
                                "--include: not a regex: '"
                                        + include
                                        + "' ("
                                        + e.getDescription()
                                        + ")");
                    }
                }
                case "--out" -> out = new File(value(args, i++));
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        return new SuiteOptions(size, include, out, help);
    }

    private static String value(String[] args, int i) throws UsageException {
        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
            throw new UsageException(args[i] + " needs a value");
        }
        return args[i + 1];
    }

    /** Whether a benchmark or tool of this full name is in the run. */
    boolean includes(String fullName) {
        return include == null || Pattern.compile(include).matcher(fullName).find();
    }
}

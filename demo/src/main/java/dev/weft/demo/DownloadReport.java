package dev.weft.demo;

import dev.weft.Result;
import dev.weft.demo.DownloadFiles.Failure;
import dev.weft.demo.DownloadFiles.StrategyResult;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of the {@code download} demo: one strategy's line (and its failed files) as it ends,
 * and the table of all five at the end.
 */
final class DownloadReport {
    private DownloadReport() {}

    /**
     * Counts what one strategy downloaded and prints its line.
     *
     * @param before the strategies that ran before it; the first is sequential, the speed-ups' base
     * @param peak the server's peak of requests in flight, or {@code null}
     */
    static StrategyResult figures(
            String name,
            List<URI> urls,
            List<Result<Integer>> sizes,
            long elapsed,
            List<StrategyResult> before,
            Integer peak,
            PrintStream out) {
        int ok = 0;
        long bytes = 0;
        List<Failure> failures = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            Result<Integer> size = sizes.get(i);
            if (size instanceof Result.Ok<Integer> done) {
                ok++;
                bytes += done.value();
            } else {
                Throwable e = ((Result.Err<Integer>) size).exception();
                failures.add(new Failure(i + 1, urls.get(i).toString(), describe(e)));
            }
        }
        long sequential = before.isEmpty() ? elapsed : before.get(0).elapsedMillis();
        double speedUp = Math.round(10.0 * Math.max(1, sequential) / Math.max(1, elapsed)) / 10.0;
        for (Failure failure : failures) {
            out.println(
                    "    FAILED file "
                            + failure.file()
                            + " "
                            + failure.url()
                            + ": "
                            + failure.error());
        }
        out.println(
                "    "
                        + name
                        + ": "
                        + ok
                        + " ok, "
                        + failures.size()
                        + " failed, "
                        + kilobytes(bytes)
                        + " in "
                        + elapsed
                        + " ms"
                        + (peak == null ? "" : "; the server held at most " + peak + " at once"));
        return new StrategyResult(
                name,
                sizes.size(),
                ok,
                failures.size(),
                bytes,
                elapsed,
                speedUp,
                peak,
                List.copyOf(failures));
    }

    /**
     * Describes a failed download in one line; the JDK client's {@code ConnectException} often has
     * no message, so its cause says what happened (for example {@code ConnectException:
     * ClosedChannelException} or {@code ConnectException: UnresolvedAddressException}).
     */
    static String describe(Throwable e) {
        Throwable reason = e;
        while (reason.getMessage() == null
                && reason.getCause() != null
                && reason.getCause() != reason) {
            reason = reason.getCause(); // skip causes that say no more
        }
        String text = Demos.describe(e);
        return reason == e ? text : text + ": " + Demos.describe(reason);
    }

    static void printTable(List<StrategyResult> results, PrintStream out) {
        out.println();
        out.printf(
                "  %-12s %5s %4s %6s %9s %8s %9s %5s%n",
                "strategy", "files", "ok", "failed", "bytes", "ms", "speed-up", "peak");
        for (StrategyResult r : results) {
            out.printf(
                    Locale.ROOT,
                    "  %-12s %5d %4d %6d %9d %8d %8.1fx %5s%n",
                    r.name(),
                    r.files(),
                    r.filesOk(),
                    r.filesFailed(),
                    r.bytes(),
                    r.elapsedMillis(),
                    r.speedUp(),
                    r.peakInFlight() == null ? "-" : r.peakInFlight().toString());
        }
    }

    static String kilobytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }

    /** The line that announces strategy {@code name}. */
    static String heading(String name, int files, int limit) {
        return switch (name) {
            case "sequential" -> "(a) sequential: " + files + " downloads, one at a time";
            case "all-at-once" -> "(b) all-at-once: Tasks.tryJoinAll over " + files + " downloads";
            case "chunks" ->
                    "(c) chunks: Tasks.tryJoinAll over chunks of "
                            + limit
                            + ", one chunk after the other";
            case "limited" ->
                    "(d) limited: Tasks.mapConcurrent(urls, "
                            + limit
                            + ", download), results in input order";
            default ->
                    "(e) unordered: a JoinSet kept at "
                            + limit
                            + " running, joinNext() in completion order";
        };
    }
}

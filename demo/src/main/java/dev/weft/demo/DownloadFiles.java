package dev.weft.demo;

import dev.weft.JoinSet;
import dev.weft.Result;
import dev.weft.Tasks;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Downloading many files: one at a time, all at once, in chunks, with a concurrency limit, and
 * unordered as they finish. The article <i>Downloading Files Asynchronously with Rust Using
 * Futures</i> describes these shapes (its listings are not reproduced); the demo runs them one
 * after the other over the same files and times them:
 *
 * <pre>{@code
 * // (a) the original: each download waits for the one before
 * for url in urls { files.push(download(url).await?); }
 * // (b) every DownloadFuture joined into one future
 * let files = try_join_all(urls.iter().map(|u| DownloadFuture::new(u))).await?;
 * // (c) "the Vec was chunked by a configurable amount and each chunk was awaited one-by-one"
 * for chunk in urls.chunks(n) { files.extend(try_join_all(chunk.iter().map(download)).await?); }
 * // (d), (e) the readers' suggestions: a semaphore, or a Stream with buffer_unordered
 * let files: Vec<_> = stream::iter(urls).map(download).buffer_unordered(n).collect().await;
 * }</pre>
 *
 * <p>Weft: every download is a plain blocking {@link HttpClient#send} on its own virtual thread
 * (the article's edit notes that its {@code DownloadFuture} blocked an executor thread; a blocked
 * virtual thread blocks nothing else). (a) is a loop; (b) is {@code Tasks.tryJoinAll}; (c) is one
 * {@code Tasks.tryJoinAll} per chunk; (d) is {@code Tasks.mapConcurrent(urls, limit, download)},
 * Rust's {@code buffered(n)}: at most {@code limit} in flight, results in input order; (e) is
 * {@code buffer_unordered(n)}: a {@link JoinSet} kept at {@code limit} running, refilled each time
 * {@code joinNext()} hands back the download that finished first. Unlike the article's fail-fast
 * {@code try_join_all}, each download returns its failure as an {@code Err} ({@code Downloader}),
 * so every strategy reports which files failed and keeps the others.
 *
 * <p>The scaffolding is in other classes: {@link FileServer} (the local server, which holds each
 * request about {@code --delay-ms} and counts those in flight), {@code Downloader}, {@code
 * ProgressBar}, {@code DownloadReport} (each strategy's line and the table) and {@code Args}.
 */
public final class DownloadFiles {
    private DownloadFiles() {}

    // ---- the five strategies: the Weft part ----------------------------------------------

    /** (a) One at a time: each download starts when the one before has finished. */
    static List<Result<Integer>> sequential(List<URI> urls, Downloader downloader)
            throws InterruptedException {
        List<Result<Integer>> sizes = new ArrayList<>(urls.size());
        for (URI url : urls) {
            sizes.add(downloader.download(url));
        }
        return sizes;
    }

    /** (b) All at once: the article's {@code try_join_all} over every download. */
    static List<Result<Integer>> allAtOnce(List<URI> urls, Downloader downloader)
            throws InterruptedException {
        return Tasks.tryJoinAll(tasks(urls, downloader));
    }

    /** (c) In chunks of {@code size}, each chunk all at once, one chunk after the other. */
    static List<Result<Integer>> chunks(List<URI> urls, int size, Downloader downloader)
            throws InterruptedException {
        List<Result<Integer>> sizes = new ArrayList<>(urls.size());
        for (int from = 0; from < urls.size(); from += size) {
            List<URI> chunk = urls.subList(from, Math.min(from + size, urls.size()));
            sizes.addAll(Tasks.tryJoinAll(tasks(chunk, downloader)));
        }
        return sizes;
    }

    /** (d) At most {@code limit} in flight, results in input order: {@code buffered(limit)}. */
    static List<Result<Integer>> limited(List<URI> urls, int limit, Downloader downloader)
            throws InterruptedException {
        return Tasks.mapConcurrent(urls, limit, downloader::download);
    }

    /**
     * (e) At most {@code limit} in flight, taken as they finish: {@code buffer_unordered(limit)}. A
     * {@link JoinSet} starts {@code limit} downloads; each {@code joinNext()} returns the one that
     * finished first and the next one starts.
     */
    static List<Result<Integer>> unordered(
            List<URI> urls, int limit, Downloader downloader, List<Integer> completionOrder)
            throws InterruptedException {
        record Done(int index, Result<Integer> size) {}
        List<Result<Integer>> sizes = new ArrayList<>(urls.size());
        for (int i = 0; i < urls.size(); i++) {
            sizes.add(null);
        }
        try (JoinSet<Done> set = JoinSet.open("download")) {
            int next = 0;
            while (next < urls.size() && set.size() < limit) {
                int index = next++;
                set.spawn(() -> new Done(index, downloader.download(urls.get(index))));
            }
            Optional<Result<Done>> finished;
            while ((finished = set.joinNext()).isPresent()) {
                // download() turns every failure into a value, so the task itself succeeded.
                Done done = finished.get().getOrThrow();
                sizes.set(done.index(), done.size());
                completionOrder.add(done.index() + 1);
                if (next < urls.size()) {
                    int index = next++;
                    set.spawn(() -> new Done(index, downloader.download(urls.get(index))));
                }
            }
        }
        return sizes;
    }

    private static List<Callable<Result<Integer>>> tasks(List<URI> urls, Downloader downloader) {
        List<Callable<Result<Integer>>> tasks = new ArrayList<>(urls.size());
        for (URI url : urls) {
            tasks.add(() -> downloader.download(url));
        }
        return tasks;
    }

    // ---- running them ---------------------------------------------------------------------

    /**
     * Runs the demo from the command line.
     *
     * @param args {@code [--files N] [--delay-ms MS] [--limit N] [url...]}
     * @param out where the narrative goes
     * @return what happened
     * @throws IOException if the local server cannot start
     * @throws InterruptedException if interrupted while waiting
     * @throws Demos.UsageException for bad arguments
     */
    public static Outcome run(List<String> args, PrintStream out)
            throws IOException, InterruptedException {
        Integer files = null;
        Duration delay = null;
        int limit = LIMIT;
        List<URI> urls = new ArrayList<>();
        Args in = new Args("download: ", args);
        while (in.hasNext()) {
            String arg = in.next();
            switch (arg) {
                case "--files" -> files = in.intOption(arg, 1, 1000);
                case "--delay-ms" -> delay = Args.millis(arg, in.valueOf(arg));
                case "--limit" -> limit = in.intOption(arg, 1, 1000);
                default -> {
                    if (arg.startsWith("--")) {
                        throw in.error("unknown option '" + arg + "'; usage: download " + USAGE);
                    }
                    urls.add(in.httpUrl(arg));
                }
            }
        }
        if (urls.isEmpty()) {
            try (FileServer server =
                    FileServer.start(
                            files == null ? FILES : files, delay == null ? DELAY : delay)) {
                return run(server.urls(), server, limit, out);
            }
        }
        if (files != null || delay != null) {
            throw in.error(
                    "--files and --delay-ms are for the local server; drop them when giving URLs");
        }
        return run(urls, null, limit, out);
    }

    /**
     * Downloads {@code urls} with each of the five strategies and prints a timing table.
     *
     * @param urls the files to download
     * @param server the local server that serves them, whose peak of requests in flight is
     *     recorded; {@code null} for other URLs
     * @param limit the chunk size of (c) and the concurrency limit of (d) and (e); at least 1
     * @param out where the narrative goes
     * @return what happened
     * @throws InterruptedException if interrupted while waiting (the downloads are then cancelled)
     */
    public static Outcome run(List<URI> urls, FileServer server, int limit, PrintStream out)
            throws InterruptedException {
        String source =
                server == null
                        ? urls.size() + " URL(s) from the command line"
                        : urls.size() + " files from " + server.description();
        out.println("Downloading " + source + "; chunks of " + limit + ", limit " + limit);
        boolean terminal = ProgressBar.isTerminal(out);
        List<StrategyResult> results = new ArrayList<>();
        List<Integer> completionOrder = new ArrayList<>();
        try (HttpClient client = Downloader.newClient()) {
            if (server != null) {
                server.warmUp(client); // class loading and the first connection, untimed
            }
            for (String name : STRATEGIES) {
                out.println(DownloadReport.heading(name, urls.size(), limit));
                ProgressBar progress = new ProgressBar(out, terminal, urls.size());
                Downloader downloader = new Downloader(client, progress);
                if (server != null) {
                    server.resetPeak();
                }
                long start = System.nanoTime();
                List<Result<Integer>> sizes =
                        switch (name) {
                            case "sequential" -> sequential(urls, downloader);
                            case "all-at-once" -> allAtOnce(urls, downloader);
                            case "chunks" -> chunks(urls, limit, downloader);
                            case "limited" -> limited(urls, limit, downloader);
                            default -> unordered(urls, limit, downloader, completionOrder);
                        };
                long elapsed = Elapsed.millisSince(start);
                progress.end();
                Integer peak = server == null ? null : server.peak();
                StrategyResult result =
                        DownloadReport.figures(name, urls, sizes, elapsed, results, peak, out);
                results.add(result);
            }
        }
        if (!completionOrder.isEmpty()) {
            out.println("  (e) completion order (file numbers): " + completionOrder);
        }
        DownloadReport.printTable(results, out);
        return new Outcome(
                source, urls.size(), limit, List.copyOf(results), List.copyOf(completionOrder));
    }

    /** Files served by the local server, by default. */
    public static final int FILES = 12;

    /** The local server's mean delay per request, by default. */
    public static final Duration DELAY = Duration.ofMillis(100);

    /** The chunk size of (c) and the concurrency limit of (d) and (e), by default. */
    public static final int LIMIT = 4;

    /** The usage line. */
    public static final String USAGE = "[--files N] [--delay-ms MS] [--limit N] [url...]";

    /** The strategies, in the order they run. */
    public static final List<String> STRATEGIES =
            List.of("sequential", "all-at-once", "chunks", "limited", "unordered");

    /**
     * A download that failed.
     *
     * @param file its number, from 1, in input order
     * @param url the URL
     * @param error what went wrong, for example {@code IOException: HTTP 404}
     */
    public record Failure(int file, String url, String error) {}

    /**
     * One strategy's figures.
     *
     * @param name the strategy: sequential, all-at-once, chunks, limited or unordered
     * @param files how many files it downloaded (attempted)
     * @param filesOk how many arrived
     * @param filesFailed how many failed
     * @param bytes the bytes of the files that arrived
     * @param elapsedMillis how long the strategy took
     * @param speedUp sequential's elapsed time divided by this one's
     * @param peakInFlight the most requests the local server held at once during this strategy;
     *     {@code null} when the URLs came from the command line
     * @param failures the failed downloads, in input order
     */
    public record StrategyResult(
            String name,
            int files,
            int filesOk,
            int filesFailed,
            long bytes,
            long elapsedMillis,
            double speedUp,
            Integer peakInFlight,
            List<Failure> failures) {}

    /**
     * What happened.
     *
     * @param source where the files came from
     * @param files how many URLs each strategy downloaded
     * @param limit the chunk size of (c) and the concurrency limit of (d) and (e)
     * @param strategies the five strategies, in the order they ran
     * @param completionOrder the file numbers (from 1) in the order (e) saw them finish
     */
    public record Outcome(
            String source,
            int files,
            int limit,
            List<StrategyResult> strategies,
            List<Integer> completionOrder) {

        /**
         * Returns one strategy's figures.
         *
         * @param name its name
         * @return its figures
         * @throws IllegalArgumentException if there is no such strategy
         */
        public StrategyResult strategy(String name) {
            return strategies.stream()
                    .filter(s -> s.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no strategy " + name));
        }
    }

    /**
     * Runs the demo.
     *
     * @param args {@code [--files N] [--delay-ms MS] [--limit N] [url...]}
     */
    public static void main(String... args) {
        Demos.runAndExit("download", args);
    }
}

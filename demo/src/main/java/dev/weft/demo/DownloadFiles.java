package dev.weft.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.JoinSet;
import dev.weft.Result;
import dev.weft.Tasks;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Downloading many files: one at a time, all at once, in chunks, with a concurrency limit, and
 * unordered as they finish (the article <i>Downloading Files Asynchronously with Rust Using
 * Futures</i>).
 *
 * <p>The article's code listings are not reproduced here; it describes these shapes, which this
 * demo runs one after the other over the same files and times:
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
 * {@code joinNext()} hands back the download that finished first, so the completion order shows.
 *
 * <p>One difference from the article: its {@code try_join_all} fails the whole request at the first
 * failed download. Here each download catches its own failure (bad host, refused connection, HTTP
 * status 400 or above) and returns it as an {@code Err} value, so {@code tryJoinAll} and {@code
 * mapConcurrent} never see a failure, and every strategy reports which files failed and keeps the
 * others. Only an interrupt (cancellation) still propagates.
 *
 * <p>Without URL arguments the files come from a local {@link HttpServer} on 127.0.0.1 that holds
 * each request for about {@code --delay-ms} (50% to 150% of it, fixed per file, so the files finish
 * in a shuffled order) and counts the requests it is holding at once: each strategy's peak is in
 * the outcome. Progress is a bar redrawn in place on a terminal and plain lines otherwise.
 */
public final class DownloadFiles {
    private DownloadFiles() {}

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
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--files" -> files = count(arg, value(args, ++i, arg), 1, 1000);
                case "--delay-ms" -> delay = Args.millis(arg, value(args, ++i, arg));
                case "--limit" -> limit = count(arg, value(args, ++i, arg), 1, 1000);
                default -> {
                    if (arg.startsWith("--")) {
                        throw new Demos.UsageException(
                                "download: unknown option '" + arg + "'; usage: download " + USAGE);
                    }
                    urls.add(parseUrl(arg));
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
            throw new Demos.UsageException(
                    "download: --files and --delay-ms are for the local server; drop them when"
                            + " giving URLs");
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
                        : urls.size()
                                + " files from "
                                + server.baseUrl()
                                + ", each held "
                                + server.delaySummary();
        out.println("Downloading " + source + "; chunks of " + limit + ", limit " + limit);
        boolean terminal = isTerminal(out);
        List<StrategyResult> results = new ArrayList<>();
        List<Integer> completionOrder = new ArrayList<>();
        try (HttpClient client =
                HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build()) {
            if (server != null) {
                server.warmUp(client); // class loading and the first connection, untimed
            }
            for (String name : STRATEGIES) {
                out.println(heading(name, urls.size(), limit));
                Progress progress = new Progress(out, terminal, urls.size());
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
                long elapsed = Demos.millisSince(start);
                progress.end();
                Integer peak = server == null ? null : server.peak();
                StrategyResult result = figures(name, urls, sizes, elapsed, results, peak, out);
                results.add(result);
            }
        }
        if (!completionOrder.isEmpty()) {
            out.println("  (e) completion order (file numbers): " + completionOrder);
        }
        printTable(results, out);
        return new Outcome(
                source, urls.size(), limit, List.copyOf(results), List.copyOf(completionOrder));
    }

    // ---- the five strategies --------------------------------------------------------------

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

    private static String heading(String name, int files, int limit) {
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

    // ---- one download -----------------------------------------------------------------------

    /** Downloads one URL with a shared client and reports to the strategy's progress. */
    static final class Downloader {
        private final HttpClient client;
        private final Progress progress;

        Downloader(HttpClient client, Progress progress) {
            this.client = client;
            this.progress = progress;
        }

        /**
         * GETs {@code url} and counts the body's bytes. Every failure is captured as a value.
         *
         * @param url the URL
         * @return {@code Ok} with the size in bytes, or {@code Err} with what went wrong (an HTTP
         *     status of 400 or above is an {@code IOException})
         * @throws InterruptedException if interrupted (cancelled): that is not a failed download
         */
        Result<Integer> download(URI url) throws InterruptedException {
            Result<Integer> size;
            try {
                HttpRequest request =
                        HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).build();
                HttpResponse<byte[]> response =
                        client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() >= 400) {
                    throw new IOException("HTTP " + response.statusCode());
                }
                size = Result.ok(response.body().length);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                size = Result.err(e);
            }
            progress.finished(size);
            return size;
        }
    }

    // ---- progress ---------------------------------------------------------------------------

    /**
     * One strategy's progress, called from every download's thread: a bar redrawn in place on a
     * terminal, otherwise a plain line about every quarter of the files and at the end. Each call
     * holds the lock while it updates the counts and prints, so lines never interleave. A {@link
     * ReentrantLock}, not {@code synchronized}: on JDK 21 to 23 printing inside a monitor would pin
     * the virtual thread's carrier (see the {@code blocking} demo).
     */
    static final class Progress {
        private static final int BAR = 24;

        private final PrintStream out;
        private final boolean terminal;
        private final int total;
        private final int step;
        private int ok;
        private int failed;
        private long bytes;
        private final ReentrantLock lock = new ReentrantLock();

        Progress(PrintStream out, boolean terminal, int total) {
            this.out = out;
            this.terminal = terminal;
            this.total = total;
            this.step = Math.max(1, (total + 3) / 4);
        }

        void finished(Result<Integer> size) {
            lock.lock();
            try {
                print(size);
            } finally {
                lock.unlock();
            }
        }

        private void print(Result<Integer> size) {
            if (size instanceof Result.Ok<Integer> done) {
                ok++;
                bytes += done.value();
            } else {
                failed++;
            }
            int finished = ok + failed;
            if (terminal) {
                int filled = total == 0 ? BAR : finished * BAR / total;
                out.print(
                        "\r    ["
                                + "#".repeat(filled)
                                + ".".repeat(BAR - filled)
                                + "] "
                                + status());
                out.flush();
            } else if (finished % step == 0 || finished == total) {
                out.println("    " + status());
            }
        }

        void end() {
            lock.lock();
            try {
                if (terminal && ok + failed > 0) {
                    out.println();
                }
            } finally {
                lock.unlock();
            }
        }

        private String status() {
            return "downloaded "
                    + ok
                    + "/"
                    + total
                    + " files"
                    + (failed > 0 ? ", " + failed + " failed" : "")
                    + ", "
                    + kilobytes(bytes);
        }
    }

    /**
     * Whether {@code out} is the process's standard output and that is a terminal. On Java 22+
     * {@link System#console()} may return a console when output is redirected, so {@code
     * Console.isTerminal()} (looked up reflectively: the demo compiles for Java 21) decides there.
     */
    static boolean isTerminal(PrintStream out) {
        Console console = System.console();
        if (out != System.out || console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // Java 21: a console means a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    // ---- figures and the table --------------------------------------------------------------

    private static StrategyResult figures(
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

    private static void printTable(List<StrategyResult> results, PrintStream out) {
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

    private static String kilobytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }

    // ---- arguments ----------------------------------------------------------------------------

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new Demos.UsageException("download: " + option + " needs a value");
        }
        return args.get(i);
    }

    private static int count(String option, String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            n = min - 1;
        }
        if (n < min || n > max) {
            throw new Demos.UsageException(
                    "download: "
                            + option
                            + " must be a whole number from "
                            + min
                            + " to "
                            + max
                            + ", got '"
                            + value
                            + "'");
        }
        return n;
    }

    /**
     * Parses a URL argument.
     *
     * @param arg the argument
     * @return the URL
     * @throws Demos.UsageException unless it is an absolute http or https URL with a host
     */
    static URI parseUrl(String arg) {
        URI uri;
        try {
            uri = new URI(arg);
        } catch (URISyntaxException e) {
            uri = null;
        }
        String scheme = uri == null ? null : uri.getScheme();
        if (uri == null
                || scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new Demos.UsageException(
                    "download: '" + arg + "' is not an http:// or https:// URL");
        }
        return uri;
    }

    // ---- the local server ---------------------------------------------------------------------

    /**
     * Serves {@code /files/file-NN.bin} (NN from 01) on 127.0.0.1 and an ephemeral port. Each file
     * has its own size (2 to 16 KB) and delay (50% to 150% of the given delay), fixed by a seeded
     * {@link Random}. The server counts the requests it is holding (from arrival until it starts
     * the response) and remembers the peak. Any other path is a 404.
     */
    public static final class FileServer implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService executor;
        private final byte[][] bodies;
        private final long[] delays;
        private final Duration delay;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger peak = new AtomicInteger();

        private FileServer(
                HttpServer server,
                ExecutorService executor,
                byte[][] bodies,
                long[] delays,
                Duration delay) {
            this.server = server;
            this.executor = executor;
            this.bodies = bodies;
            this.delays = delays;
            this.delay = delay;
        }

        /**
         * Starts serving.
         *
         * @param files how many files
         * @param delay the mean delay per request
         * @return the running server; close it to stop
         * @throws IOException if the server cannot bind
         */
        public static FileServer start(int files, Duration delay) throws IOException {
            Random random = new Random(0x46d3_3a67L);
            byte[][] bodies = new byte[files][];
            long[] delays = new long[files];
            for (int i = 0; i < files; i++) {
                bodies[i] = new byte[2048 + random.nextInt(14 * 1024 + 1)];
                Arrays.fill(bodies[i], (byte) ('a' + i % 26));
                delays[i] = delay.toMillis() * (50 + random.nextInt(101)) / 100;
            }
            HttpServer http =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            FileServer server = new FileServer(http, executor, bodies, delays, delay);
            http.createContext("/", server::handle);
            http.setExecutor(executor);
            http.start();
            return server;
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/warmup")) {
                    exchange.sendResponseHeaders(200, -1);
                    return;
                }
                int index = fileIndex(path);
                if (index < 0) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                int now = inFlight.incrementAndGet();
                peak.accumulateAndGet(now, Math::max);
                try {
                    Thread.sleep(delays[index]);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    // Before the response: the client cannot finish this request, and so cannot
                    // start the next one, before the count has dropped.
                    inFlight.decrementAndGet();
                }
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, bodies[index].length);
                exchange.getResponseBody().write(bodies[index]);
            }
        }

        private int fileIndex(String path) {
            for (int i = 0; i < bodies.length; i++) {
                if (path.equals(path(i))) {
                    return i;
                }
            }
            return -1;
        }

        private static String path(int index) {
            return String.format(Locale.ROOT, "/files/file-%02d.bin", index + 1);
        }

        /**
         * Returns the address the server listens on.
         *
         * @return for example {@code http://127.0.0.1:40123}
         */
        public String baseUrl() {
            InetSocketAddress address = server.getAddress();
            return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort();
        }

        /**
         * Returns the URL of every file, in order.
         *
         * @return the URLs
         */
        public List<URI> urls() {
            List<URI> urls = new ArrayList<>(bodies.length);
            for (int i = 0; i < bodies.length; i++) {
                urls.add(URI.create(baseUrl() + path(i)));
            }
            return List.copyOf(urls);
        }

        /**
         * Returns the size of every file together.
         *
         * @return the bytes served for one download of each file
         */
        public long totalBytes() {
            long total = 0;
            for (byte[] body : bodies) {
                total += body.length;
            }
            return total;
        }

        /**
         * Returns each file's delay, in milliseconds.
         *
         * @return the delays, in file order
         */
        public long[] delaysMillis() {
            return delays.clone();
        }

        String delaySummary() {
            long min = Arrays.stream(delays).min().orElse(0);
            long max = Arrays.stream(delays).max().orElse(0);
            return min + " to " + max + " ms (mean delay " + delay.toMillis() + " ms)";
        }

        void resetPeak() {
            peak.set(inFlight.get());
        }

        /**
         * Returns the most requests held at once since the last reset.
         *
         * @return the peak
         */
        public int peak() {
            return peak.get();
        }

        void warmUp(HttpClient client) throws InterruptedException {
            try {
                client.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/warmup")).build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                // Only a warm-up: the strategies will report any real problem.
            }
        }

        /** Stops the server. */
        @Override
        public void close() {
            server.stop(0);
            executor.close();
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

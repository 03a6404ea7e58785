package dev.weft.demo;

import com.sun.net.httpserver.HttpServer;
import dev.weft.Result;
import dev.weft.Tasks;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Rust's {@code join_all} page sizes (<i>Async Rust</i>, "Joining"): fetch four URLs concurrently,
 * one of them {@code BAD_URL}, and report every outcome in input order. The bad one is an {@code
 * Err}; it fails nothing else.
 *
 * <pre>{@code
 * let futures_iter = urls.into_iter().map(size_of_page);
 * let results = future::join_all(futures_iter).await;
 * }</pre>
 *
 * <p>Weft: {@code Tasks.joinAll(tasks)} returns a {@code List<Result<Integer>>} in input order.
 * Without arguments the three real pages are served by a local {@link HttpServer} on 127.0.0.1, so
 * the demo needs no network; with arguments, those URLs are fetched instead.
 */
public final class JoinAllPageSizes {
    private JoinAllPageSizes() {}

    /** The article's fourth URL, which is not a URL at all. */
    public static final String BAD_URL = "BAD_URL";

    /**
     * One URL and the outcome of fetching it.
     *
     * @param url the URL as given
     * @param size {@code Ok} with the body's size in bytes, or {@code Err} with what went wrong
     */
    public record Page(String url, Result<Integer> size) {}

    /**
     * Every page, in the order the URLs were given (a list, not a map: a URL may repeat).
     *
     * @param pages the pages
     * @param elapsedMillis how long {@code joinAll} took
     */
    public record PageSizes(List<Page> pages, long elapsedMillis) {}

    /**
     * Runs the demo from the command line.
     *
     * @param args URLs to fetch; none means the article's four, served locally
     * @param out where the narrative goes
     * @return the page sizes
     * @throws IOException if the local server cannot start
     * @throws InterruptedException if interrupted while waiting
     */
    public static PageSizes run(List<String> args, PrintStream out)
            throws IOException, InterruptedException {
        if (!args.isEmpty()) {
            return run(args, args.size() + " URL(s) from the command line", out);
        }
        try (LocalSite site = LocalSite.start()) {
            return run(
                    site.articleUrls(),
                    "the article's four URLs, served at " + site.baseUrl(),
                    out);
        }
    }

    /**
     * Fetches every URL concurrently and prints {@code url -> Ok(size)} or {@code url ->
     * Err(message)} in input order.
     *
     * @param urls the URLs; bad ones become {@code Err}
     * @param what where they come from, for the narrative
     * @param out where the narrative goes
     * @return the page sizes
     * @throws InterruptedException if interrupted while waiting (the fetches are then cancelled)
     */
    public static PageSizes run(List<String> urls, String what, PrintStream out)
            throws InterruptedException {
        out.println("join_all over " + what + ": every fetch runs on its own virtual thread");
        try (HttpClient client =
                HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build()) {
            List<Callable<Integer>> tasks = new ArrayList<>(urls.size());
            for (String url : urls) {
                tasks.add(() -> sizeOfPage(client, url));
            }
            long start = System.nanoTime();
            List<Result<Integer>> results = Tasks.joinAll(tasks);
            long elapsed = Elapsed.millisSince(start);

            List<Page> pages = new ArrayList<>(urls.size());
            int width = urls.stream().mapToInt(String::length).max().orElse(0);
            for (int i = 0; i < urls.size(); i++) {
                Page page = new Page(urls.get(i), results.get(i));
                pages.add(page);
                out.printf("  %-" + width + "s -> %s%n", page.url(), Demos.describe(page.size()));
            }
            long ok = results.stream().filter(Result::isOk).count();
            out.println(
                    "joinAll returned all "
                            + urls.size()
                            + " outcomes in input order after "
                            + elapsed
                            + " ms: "
                            + ok
                            + " Ok, "
                            + (urls.size() - ok)
                            + " Err; no failure cancelled another fetch");
            return new PageSizes(List.copyOf(pages), elapsed);
        }
    }

    /**
     * The article's {@code size_of_page}: GET the URL and count the bytes of the body.
     *
     * @param client the client
     * @param url the URL
     * @return the body's size in bytes
     * @throws IllegalArgumentException if {@code url} is not an absolute http(s) URI
     * @throws IOException if the request fails
     * @throws InterruptedException if interrupted (cancelled)
     */
    static int sizeOfPage(HttpClient client, String url) throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray()).body().length;
    }

    /**
     * Stand-ins for the article's three pages, served by a JDK {@link HttpServer} on the loopback
     * address and an ephemeral port: {@code /google}, {@code /ip}, {@code /play}, each with a body
     * of a different size.
     */
    public static final class LocalSite implements AutoCloseable {
        private static final Map<String, byte[]> PAGES = pages();

        private final HttpServer server;
        private final ExecutorService executor;

        private LocalSite(HttpServer server, ExecutorService executor) {
            this.server = server;
            this.executor = executor;
        }

        /**
         * Starts serving.
         *
         * @return the running site; close it to stop
         * @throws IOException if the server cannot bind
         */
        public static LocalSite start() throws IOException {
            HttpServer server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            for (Map.Entry<String, byte[]> page : PAGES.entrySet()) {
                byte[] body = page.getValue();
                server.createContext(
                        page.getKey(),
                        exchange -> {
                            try (exchange) {
                                exchange.getResponseHeaders()
                                        .set(
                                                "Content-Type",
                                                page.getKey().equals("/ip")
                                                        ? "application/json"
                                                        : "text/html; charset=utf-8");
                                exchange.sendResponseHeaders(200, body.length);
                                exchange.getResponseBody().write(body);
                            }
                        });
            }
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            server.start();
            return new LocalSite(server, executor);
        }

        /**
         * Returns the body served at a path.
         *
         * @param path {@code /google}, {@code /ip} or {@code /play}
         * @return a copy of the bytes served
         * @throws IllegalArgumentException for another path
         */
        public static byte[] body(String path) {
            byte[] body = PAGES.get(path);
            if (body == null) {
                throw new IllegalArgumentException(
                        "no page at '" + path + "'; pages: " + PAGES.keySet());
            }
            return body.clone();
        }

        /**
         * Returns the address the site listens on.
         *
         * @return for example {@code http://127.0.0.1:40123}
         */
        public String baseUrl() {
            InetSocketAddress address = server.getAddress();
            return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort();
        }

        /**
         * Returns the article's four URLs: the three local pages and {@link #BAD_URL}.
         *
         * @return the URLs, in the article's order
         */
        public List<String> articleUrls() {
            List<String> urls = new ArrayList<>();
            for (String path : PAGES.keySet()) {
                urls.add(baseUrl() + path);
            }
            urls.add(BAD_URL);
            return List.copyOf(urls);
        }

        /** Stops the server. */
        @Override
        public void close() {
            server.stop(0);
            executor.close();
        }

        private static Map<String, byte[]> pages() {
            Map<String, byte[]> pages = new LinkedHashMap<>();
            pages.put("/google", html("Google", "<p>Search the world's information.</p>", 120));
            pages.put(
                    "/ip", "{\n  \"origin\": \"127.0.0.1\"\n}\n".getBytes(StandardCharsets.UTF_8));
            pages.put("/play", html("Rust Playground", "<pre>fn main() {}</pre>", 400));
            return pages;
        }

        private static byte[] html(String title, String paragraph, int repeat) {
            String page =
                    "<!doctype html><html><head><title>"
                            + title
                            + "</title></head><body>\n"
                            + (paragraph + "\n").repeat(repeat)
                            + "</body></html>\n";
            return page.getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs the demo.
     *
     * @param args URLs to fetch; none means the article's four, served locally
     */
    public static void main(String... args) {
        Demos.runAndExit("join-all", args);
    }
}

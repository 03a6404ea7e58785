package dev.weft.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves {@code /files/file-NN.bin} (NN from 01) on 127.0.0.1 and an ephemeral port. Each file has
 * its own size (2 to 16 KB) and delay (50% to 150% of the given delay), fixed by a seeded {@link
 * Random}. The server counts the requests it is holding (from arrival until it starts the response)
 * and remembers the peak. Any other path is a 404.
 */
public final class FileServer implements AutoCloseable {
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
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
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

    /** Where the files are and how long each is held, for the narrative. */
    String description() {
        long min = Arrays.stream(delays).min().orElse(0);
        long max = Arrays.stream(delays).max().orElse(0);
        return baseUrl()
                + ", each held "
                + min
                + " to "
                + max
                + " ms (mean delay "
                + delay.toMillis()
                + " ms)";
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

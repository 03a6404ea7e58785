package dev.weft.demo;

import dev.weft.Fork;
import dev.weft.Scope;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client side of the {@code web-server} demo's self-demonstration: for each mode, a server on
 * an ephemeral port, a {@code GET /sleep} and, once the server sleeps, a {@code GET /} (two forks
 * of a nested scope), then a {@code GET /nope}; and how long each took.
 */
final class WebServerClient {
    private WebServerClient() {}

    /**
     * Starts a server in each mode in turn and times {@code GET /} sent while a {@code GET /sleep}
     * is in flight: about the sleep one at a time, a few ms concurrently.
     *
     * @param sleep how long {@code /sleep} sleeps
     * @param out where the narrative goes
     * @return what the client saw in each mode
     * @throws IOException if a server socket cannot be opened or a request fails
     * @throws InterruptedException if interrupted while waiting
     */
    static WebServer.Outcome demonstrate(Duration sleep, PrintStream out)
            throws IOException, InterruptedException {
        out.println(
                "GET /sleep ("
                        + sleep.toMillis()
                        + " ms) and, while it sleeps, GET /: first to a server that handles one"
                        + " connection at a time, then to one that forks a virtual thread per"
                        + " connection");
        List<WebServer.ModeRun> runs = new ArrayList<>(2);
        try (HttpClient client = client()) {
            for (WebServer.Mode mode : WebServer.Mode.values()) {
                runs.add(tryMode(client, mode, sleep, out));
            }
        }
        WebServer.ModeRun one = runs.get(0);
        WebServer.ModeRun concurrent = runs.get(1);
        out.println(
                "GET / took "
                        + one.rootMillis()
                        + " ms one at a time (behind the /sleep), "
                        + concurrent.rootMillis()
                        + " ms concurrently (without waiting for it)");
        return new WebServer.Outcome(sleep.toMillis(), Collections.unmodifiableList(runs));
    }

    /** An HTTP/1.1 client (no h2c upgrade attempt) for the demo and the tests. */
    static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** One request as the client saw it. */
    private record Timed(String path, int status, long startNanos, long endNanos) {
        long millis() {
            return Duration.ofNanos(endNanos - startNanos).toMillis();
        }
    }

    /**
     * Starts a server in {@code mode} on an ephemeral port, sends {@code /sleep}, then {@code /}
     * once the server is sleeping, then {@code /nope}; stops the server.
     */
    static WebServer.ModeRun tryMode(
            HttpClient client, WebServer.Mode mode, Duration sleep, PrintStream out)
            throws IOException, InterruptedException {
        WebServer.Server server = WebServer.Server.bind(0, mode, sleep, out);
        String base = "http://127.0.0.1:" + server.port();
        out.println();
        out.println(mode + " server on port " + server.port() + ":");
        try (var scope = Scope.open(c -> c.withName("web-demo-" + mode.label()))) {
            Fork<WebServer.Served> serving = scope.fork(server::serve);
            Timed slow;
            Timed root;
            Timed missing;
            try (var requests = Scope.open(c -> c.withName("web-demo-client"))) {
                Fork<Timed> slowFork = requests.fork(() -> get(client, base, "/sleep", sleep));
                if (!server.awaitSleeping(sleep.plusSeconds(5))) {
                    throw new IllegalStateException("the server never began the /sleep request");
                }
                Fork<Timed> rootFork = requests.fork(() -> get(client, base, "/", sleep));
                requests.join();
                slow = slowFork.get();
                root = rootFork.get();
                missing = get(client, base, "/nope", sleep);
            } finally {
                server.listener().stop("demo done"); // also on failure, so the serving fork ends
            }
            scope.join();
            serving.get();
            // Whose response the server sent first: the client's clocks can't tell when one
            // answer follows the other within a millisecond, as it does one at a time.
            List<String> order = server.answerOrder();
            boolean rootFirst =
                    order.indexOf("GET / HTTP/1.1") < order.indexOf("GET /sleep HTTP/1.1");
            out.println(
                    "  GET /      -> "
                            + root.status()
                            + " after "
                            + root.millis()
                            + " ms"
                            + (rootFirst
                                    ? " (answered while /sleep slept)"
                                    : " (waited behind /sleep)"));
            out.println("  GET /sleep -> " + slow.status() + " after " + slow.millis() + " ms");
            out.println("  GET /nope  -> " + missing.status());
            Map<String, Integer> statuses = new LinkedHashMap<>();
            statuses.put(slow.path(), slow.status());
            statuses.put(root.path(), root.status());
            statuses.put(missing.path(), missing.status());
            return new WebServer.ModeRun(
                    mode.label(),
                    root.millis(),
                    slow.millis(),
                    rootFirst,
                    Collections.unmodifiableMap(statuses));
        } finally {
            server.listener().closeSocket();
        }
    }

    private static Timed get(HttpClient client, String base, String path, Duration sleep)
            throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(sleep.multipliedBy(2).plusSeconds(10))
                        .GET()
                        .build();
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        long end = System.nanoTime();
        byte[] expected = response.statusCode() == 200 ? WebPages.HELLO : WebPages.NOT_FOUND;
        if (!response.body().equals(new String(expected, StandardCharsets.UTF_8))) {
            throw new IOException("GET " + path + ": unexpected body: " + response.body());
        }
        return new Timed(path, response.statusCode(), start, end);
    }
}

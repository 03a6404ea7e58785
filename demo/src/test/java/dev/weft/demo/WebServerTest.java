package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Fork;
import dev.weft.Scope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

class WebServerTest {
    private static final Duration SLEEP = Duration.ofSeconds(1);
    private static final Map<String, Integer> STATUSES =
            Map.of("/sleep", 200, "/", 200, "/nope", 404);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Sends a raw request and reads the whole response (the server closes the connection). */
    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String response(int code, String reason, byte[] page) {
        return "HTTP/1.1 "
                + code
                + " "
                + reason
                + "\r\nContent-Length: "
                + page.length
                + "\r\nConnection: close\r\n\r\n"
                + new String(page, StandardCharsets.UTF_8);
    }

    /** The self-demonstration's client against a server in {@code mode}. */
    private WebServer.ModeRun tryMode(WebServer.Mode mode) throws Exception {
        try (HttpClient client = WebServerClient.client()) {
            return WebServerClient.tryMode(client, mode, SLEEP, out);
        }
    }

    @Test
    @Timeout(20)
    void theConcurrentServerAnswersRootWhileASleepIsInFlight() throws Exception {
        WebServer.ModeRun run = tryMode(WebServer.Mode.CONCURRENT);

        assertEquals("concurrent", run.mode());
        assertTrue(run.rootMillis() < SLEEP.toMillis() / 2, "GET / took " + run.rootMillis());
        assertTrue(run.rootAnsweredFirst(), run.toString());
        assertTrue(run.sleepRequestMillis() >= SLEEP.toMillis() - 50, run.toString());
        assertEquals(STATUSES, run.statuses());
        assertTrue(text().contains("answered while /sleep slept"), text());
    }

    @Test
    @Timeout(20)
    void theOneAtATimeServerMakesRootWaitBehindTheSleep() throws Exception {
        WebServer.ModeRun run = tryMode(WebServer.Mode.ONE_AT_A_TIME);

        assertEquals("one-at-a-time", run.mode());
        assertTrue(run.rootMillis() >= SLEEP.toMillis() * 3 / 4, "GET / took " + run.rootMillis());
        assertFalse(run.rootAnsweredFirst(), run.toString());
        assertEquals(STATUSES, run.statuses());
        assertTrue(text().contains("waited behind /sleep"), text());
    }

    @Test
    @Timeout(20)
    void anUnknownPathIsA404WithThe404PageAndABrokenConnectionIsNotFatal() throws Exception {
        WebServer.Server server = WebServer.Server.bind(0, WebServer.Mode.CONCURRENT, SLEEP, out);
        WebServer.Served served;
        try (var scope = Scope.open()) {
            Fork<WebServer.Served> serving = scope.fork(server::serve);
            int port = server.port();
            assertEquals(
                    response(404, "NOT FOUND", WebPages.NOT_FOUND),
                    exchange(port, "GET /nope HTTP/1.1\r\nHost: localhost\r\n\r\n"));
            assertEquals(
                    response(404, "NOT FOUND", WebPages.NOT_FOUND),
                    exchange(port, "POST / HTTP/1.1\r\nHost: localhost\r\n\r\n"));
            // A connection that goes away without a request, and one that resets mid-request.
            new Socket(InetAddress.getLoopbackAddress(), port).close();
            try (Socket reset = new Socket(InetAddress.getLoopbackAddress(), port)) {
                reset.getOutputStream().write("GET / HT".getBytes(StandardCharsets.ISO_8859_1));
                reset.setSoLinger(true, 0); // close with a reset
            }
            assertEquals(
                    response(200, "OK", WebPages.HELLO),
                    exchange(port, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"));
            server.listener().stop("test over");
            scope.join();
            served = serving.get();
        }
        assertTrue(new String(WebPages.NOT_FOUND, StandardCharsets.UTF_8).contains("Oops!"));
        assertEquals(Map.of(200, 1L, 404, 2L), served.statuses());
        assertEquals(3, served.answered());
        assertEquals(1, served.failedConnections(), text());
        assertEquals("test over", served.stoppedBy());
        assertTrue(text().contains("server: Incoming request for GET /nope HTTP/1.1"), text());
    }

    @Test
    @Timeout(20)
    void forOneSecondServesThenShutsDownAndRefusesConnections() throws Exception {
        long start = System.nanoTime();
        Object result = WebServer.run(List.of("--for", "1", "--sleep-ms", "100"), out);
        long millis = Elapsed.millisSince(start);

        WebServer.Served served = (WebServer.Served) result;
        assertEquals("--for 1 s elapsed", served.stoppedBy());
        assertEquals("concurrent", served.mode());
        assertEquals(0, served.answered());
        assertTrue(millis >= 1000 && millis < 5000, "took " + millis + " ms");
        assertTrue(text().startsWith("Listening on port " + served.port() + " (concurrent)"));
        assertTrue(
                text().contains(
                                "server: stopping (--for 1 s elapsed): new connections are"
                                        + " refused; 0 request(s) in flight will finish"),
                text());
        assertThrows(
                ConnectException.class,
                () -> new Socket(InetAddress.getLoopbackAddress(), served.port()).close());
    }

    @Test
    @Timeout(20)
    void stoppingRefusesNewConnectionsAndLetsTheSleepInFlightFinish() throws Exception {
        WebServer.Server server = WebServer.Server.bind(0, WebServer.Mode.CONCURRENT, SLEEP, out);
        int port = server.port();
        WebServer.Served served;
        String sleepResponse;
        try (var scope = Scope.open()) {
            Fork<WebServer.Served> serving = scope.fork(server::serve);
            Fork<String> sleeper =
                    scope.fork(
                            () -> exchange(port, "GET /sleep HTTP/1.1\r\nHost: localhost\r\n\r\n"));
            assertTrue(server.awaitSleeping(Duration.ofSeconds(5)));
            long stopAt = System.nanoTime();
            server.listener().stop("test stop");

            assertThrows(
                    ConnectException.class,
                    () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
            scope.join();
            assertTrue(Elapsed.millisSince(stopAt) >= SLEEP.toMillis() / 2, "drained too soon");
            served = serving.get();
            sleepResponse = sleeper.get();
        }
        assertEquals(response(200, "OK", WebPages.HELLO), sleepResponse);
        assertEquals(1, served.inFlightAtStop());
        assertEquals(Map.of(200, 1L), served.statuses());
        assertEquals("test stop", served.stoppedBy());
    }

    @Test
    @Timeout(20)
    void theLauncherPrintsTheOutcomeAsJson() {
        JsonNode outcome = LauncherJson.outcome(bytes, out, "web-server", "--sleep-ms", "300");
        assertEquals(300, outcome.get("sleepMillis").asInt());
        JsonNode one = outcome.get("modes").get(0);
        JsonNode concurrent = outcome.get("modes").get(1);
        assertEquals("one-at-a-time", one.get("mode").asString());
        assertEquals("concurrent", concurrent.get("mode").asString());
        assertFalse(one.get("rootAnsweredFirst").asBoolean());
        assertTrue(concurrent.get("rootAnsweredFirst").asBoolean());
        assertTrue(one.get("rootMillis").asLong() >= 200, text());
        assertTrue(concurrent.get("rootMillis").asLong() < 150, text());
        assertEquals(404, one.get("statuses").get("/nope").asInt());
        assertEquals(200, concurrent.get("statuses").get("/").asInt());
    }

    @Test
    @Timeout(5)
    void badArgumentsAreUsageErrorsNamingThem() {
        assertEquals(
                "--port must be a whole number from 0 to 65535, got 'abc'",
                usageError("--port", "abc"));
        assertEquals(
                "--port must be a whole number from 0 to 65535, got '70000'",
                usageError("--serve", "--port", "70000"));
        assertEquals(
                "--for must be a whole number of seconds from 1 to 86400, got '-1'",
                usageError("--for", "-1"));
        assertEquals("--for needs a value", usageError("--serve", "--for"));
        assertEquals(
                "--sleep-ms must be a whole number of milliseconds, got 'x'",
                usageError("--sleep-ms", "x"));
        assertEquals(
                "web-server: unknown argument 'now'; usage: " + WebServerOptions.USAGE,
                usageError("now"));
        assertEquals("", text(), "nothing runs");
    }

    private String usageError(String... args) {
        return assertThrows(Demos.UsageException.class, () -> WebServer.run(List.of(args), out))
                .getMessage();
    }
}

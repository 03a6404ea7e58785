package dev.weft.demo;

import dev.weft.Policy;
import dev.weft.Scope;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The async web server of <i>Async Programming</i>, chapter 21 of a Rust book: {@code GET /}
 * answers {@code hello.html}, {@code GET /sleep} sleeps 5 s and then answers {@code hello.html},
 * anything else answers {@code 404.html} (the chapter's {@code send_response} is in {@code
 * HttpConnection}).
 *
 * <pre>{@code
 * loop {
 *     let (stream, _) = listener.accept().await.unwrap();
 *     handle_connection(stream).await;          // the pitfall: one connection at a time
 * }
 *
 * async fn handle_connection(mut stream: TcpStream) {
 *     let buf_reader = BufReader::new(&mut stream);
 *     let mut lines = buf_reader.lines();
 *     let request_line = lines.next_line().await.unwrap().unwrap();
 *     println!("Incoming request for {}", request_line);
 *     match &request_line[..] {
 *         "GET / HTTP/1.1" => send_response(stream, 200, "OK", "hello.html").await,
 *         "GET /sleep HTTP/1.1" => {
 *             tokio::time::sleep(Duration::from_secs(5)).await;
 *             send_response(stream, 200, "OK", "hello.html").await;
 *         }
 *         _ => send_response(stream, 404, "NOT FOUND", "404.html").await,
 *     }
 * }
 *
 * // the fix: a task per connection
 * loop {
 *     let (stream, _) = listener.accept().await.unwrap();
 *     tokio::spawn(async move { handle_connection(stream).await; });
 * }
 * }</pre>
 *
 * <p>Weft: the handler is plain blocking code; on a virtual thread, blocking is what {@code .await}
 * is in Rust. The pitfall ({@code --one-at-a-time}) calls it inline; the fix (the default) forks a
 * virtual thread per connection in a {@link Scope} that the accept loop owns, so no handler
 * outlives the server. The scaffolding is in {@code HttpListener}, {@code HttpConnection}, {@code
 * ServerTally}, {@code WebServerOptions} and {@code WebServerClient} (the self-demonstration).
 */
public final class WebServer {
    private WebServer() {}

    /** A server in one mode; {@link #serve()} runs its accept loop on the calling thread. */
    static final class Server {
        private final HttpListener listener; // the server socket: accept, stop, in-flight count
        private final ServerTally tally = new ServerTally();
        private final Mode mode;
        private final Duration sleep;
        private final PrintStream out;
        private final Semaphore sleeping = new Semaphore(0);

        /** The chapter's pitfall: {@code handle_connection(stream).await} in the accept loop. */
        private void serveOneAtATime() throws InterruptedException {
            HttpConnection connection;
            while ((connection = listener.accept()) != null) {
                handleConnection(connection);
            }
        }

        /**
         * The chapter's fix: {@code tokio::spawn} per connection, as forks of one scope. Its policy
         * is {@link Policy#awaitAll()}: a broken connection never cancels the others (fail-fast
         * would interrupt every connection in flight); {@code handleConnection} catches its own
         * failures, so none pile up in the scope until {@code join()}. Stopping closes the server
         * socket, the loop ends, and {@code join()} lets the requests in flight finish.
         */
        private void serveConcurrently() throws InterruptedException {
            try (var connections =
                    Scope.open(c -> c.withName("web-server").withPolicy(Policy.awaitAll()))) {
                HttpConnection connection;
                while ((connection = listener.accept()) != null) {
                    HttpConnection accepted = connection;
                    connections.fork(() -> handleConnection(accepted));
                }
                connections.join(); // the requests in flight finish
            }
        }

        /**
         * The chapter's {@code handle_connection}: reads the request, answers, closes the
         * connection. Catches its own I/O failure: the server keeps serving.
         *
         * @return the status code sent, or 0 if none was
         * @throws InterruptedException if cancelled while sleeping or reading
         */
        private int handleConnection(HttpConnection connection) throws InterruptedException {
            try (connection) {
                String requestLine = connection.readRequest(READ_TIMEOUT);
                if (requestLine == null) {
                    return 0; // closed without a request
                }
                out.println("server: Incoming request for " + requestLine);
                int status =
                        switch (requestLine) {
                            case "GET / HTTP/1.1" -> connection.respond(200, "OK", WebPages.HELLO);
                            case "GET /sleep HTTP/1.1" -> {
                                sleeping.release();
                                Thread.sleep(sleep);
                                yield connection.respond(200, "OK", WebPages.HELLO);
                            }
                            default -> connection.respond(404, "NOT FOUND", WebPages.NOT_FOUND);
                        };
                tally.answered(requestLine, status);
                return status;
            } catch (IOException | RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) { // cancelled mid-read: not a failure
                    throw new InterruptedException("cancelled: " + Demos.describe(e));
                }
                tally.failed();
                out.println(
                        "server: connection failed: "
                                + Demos.describe(e)
                                + " (the server keeps serving)");
                return 0;
            }
        }

        /**
         * Runs the accept loop until {@code listener().stop(reason)}, lets the requests in flight
         * finish, prints a summary and returns it.
         */
        Served serve() throws InterruptedException {
            try {
                if (mode == Mode.ONE_AT_A_TIME) {
                    serveOneAtATime();
                } else {
                    serveConcurrently();
                }
                return tally.report(mode.label(), listener, out);
            } finally {
                listener.finished();
            }
        }

        private Server(HttpListener listener, Mode mode, Duration sleep, PrintStream out) {
            this.listener = listener;
            this.mode = mode;
            this.sleep = sleep;
            this.out = out;
        }

        /** Opens the server socket on the loopback address ({@code port} 0: an ephemeral one). */
        static Server bind(int port, Mode mode, Duration sleep, PrintStream out)
                throws IOException {
            return new Server(HttpListener.bind(port, out), mode, sleep, out);
        }

        /** The server socket; {@code listener().stop(reason)} stops the server. */
        HttpListener listener() {
            return listener;
        }

        int port() {
            return listener.port();
        }

        /** The request lines answered so far, in the order their responses were sent. */
        List<String> answerOrder() {
            return tally.answerOrder();
        }

        /** Waits until {@code /sleep} has been received and its handler is sleeping. */
        boolean awaitSleeping(Duration timeout) throws InterruptedException {
            return sleeping.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** How long {@code /sleep} sleeps when serving (the chapter's 5 s). */
    public static final Duration SERVE_SLEEP = Duration.ofSeconds(5);

    /** How long {@code /sleep} sleeps in the self-demonstration. */
    public static final Duration DEMO_SLEEP = Duration.ofMillis(500);

    /**
     * How long a connection may take to send its request before it is closed, so that an idle
     * browser connection cannot hold a shutdown up for long.
     */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Runs the demo from the command line.
     *
     * @param args none or {@code --sleep-ms N} for the self-demonstration; {@code --serve} (or any
     *     of {@code --one-at-a-time}, {@code --port N}, {@code --for SECONDS}) to serve
     * @param out where the narrative goes
     * @return an {@link Outcome} for the self-demonstration, a {@link Served} when serving
     * @throws IOException if the server socket cannot be opened
     * @throws InterruptedException if interrupted while waiting
     * @throws Demos.UsageException for bad arguments
     */
    public static Record run(List<String> args, PrintStream out)
            throws IOException, InterruptedException {
        WebServerOptions options = WebServerOptions.parse(args);
        Duration sleep = options.sleep();
        if (options.serve()) {
            return serve(
                    options.port(),
                    options.mode(),
                    sleep != null ? sleep : SERVE_SLEEP,
                    options.runFor(),
                    out);
        }
        return WebServerClient.demonstrate(sleep != null ? sleep : DEMO_SLEEP, out);
    }

    /**
     * Serves until Ctrl-C or until {@code runFor} has passed, then lets the requests in flight
     * finish and returns. Ctrl-C is a JVM shutdown hook, which waits for them (at most the sleep
     * plus the read timeout plus a second) before the JVM halts.
     *
     * @param port the port, 0 for an ephemeral one
     * @param mode one at a time, or a fork per connection
     * @param sleep how long {@code /sleep} sleeps
     * @param runFor how long to serve, or {@code null} for until Ctrl-C
     * @param out where the narrative goes
     * @return what the server did
     * @throws IOException if the server socket cannot be opened
     * @throws InterruptedException if interrupted while waiting (the connections are then
     *     cancelled)
     */
    public static Served serve(
            int port, Mode mode, Duration sleep, Duration runFor, PrintStream out)
            throws IOException, InterruptedException {
        Server server = Server.bind(port, mode, sleep, out);
        HttpListener listener = server.listener();
        String base = "http://127.0.0.1:" + server.port();
        out.println("Listening on port " + server.port() + " (" + mode + ")");
        out.println(
                "  GET / -> hello.html; GET /sleep -> hello.html after "
                        + sleep.toMillis()
                        + " ms; anything else -> 404.html");
        out.println("  try: curl -i " + base + "/sleep & curl -i " + base + "/");
        out.println(
                "  stop: "
                        + (runFor == null ? "" : "after " + runFor.toSeconds() + " s or ")
                        + "Ctrl-C; in-flight requests then finish, new connections are refused");
        Duration patience = sleep.plus(READ_TIMEOUT).plusSeconds(1);
        StopOnShutdown hook = new StopOnShutdown(listener, patience, out);
        try (var lifetime = Scope.open(c -> c.withName("web-server-lifetime"))) {
            if (runFor != null) {
                lifetime.fork(
                        () -> {
                            // Ends early when the server stops for another reason (Ctrl-C).
                            if (!listener.awaitFinished(runFor)) {
                                listener.stop("--for " + runFor.toSeconds() + " s elapsed");
                            }
                            return null;
                        });
            }
            Served served = server.serve();
            lifetime.join(); // the --for timer has seen the stop and ended
            return served;
        } finally {
            listener.closeSocket();
            hook.close();
        }
    }

    /** How the server handles connections. */
    public enum Mode {
        /** The chapter's pitfall: each connection handled inline by the accept loop. */
        ONE_AT_A_TIME,
        /** The chapter's fix: a fork of the server's scope per connection. */
        CONCURRENT;

        /**
         * Returns the mode's name as the command line and the outcome spell it.
         *
         * @return {@code one-at-a-time} or {@code concurrent}
         */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @Override
        public String toString() {
            return label();
        }
    }

    /**
     * One mode of the self-demonstration, as the client saw it.
     *
     * @param mode {@code one-at-a-time} or {@code concurrent}
     * @param rootMillis how long {@code GET /} took, sent while the {@code /sleep} was in flight
     * @param sleepRequestMillis how long {@code GET /sleep} took
     * @param rootAnsweredFirst whether the server sent the answer to {@code /} before the one to
     *     {@code /sleep}
     * @param statuses the status code of each request, by path: {@code /sleep}, {@code /}, {@code
     *     /nope}
     */
    public record ModeRun(
            String mode,
            long rootMillis,
            long sleepRequestMillis,
            boolean rootAnsweredFirst,
            Map<String, Integer> statuses) {}

    /**
     * What the self-demonstration saw.
     *
     * @param sleepMillis how long {@code /sleep} slept
     * @param modes one-at-a-time first, then concurrent
     */
    public record Outcome(long sleepMillis, List<ModeRun> modes) {}

    /**
     * What a server did, from its side.
     *
     * @param mode {@code one-at-a-time} or {@code concurrent}
     * @param port the port it listened on
     * @param answered how many responses it sent
     * @param statuses how many responses of each status code
     * @param failedConnections connections whose handling failed (each printed, none fatal)
     * @param inFlightAtStop connections in flight when it was stopped (they were let finish)
     * @param stoppedBy what stopped it: {@code JVM shutdown: Ctrl-C or SIGTERM}, {@code --for N s
     *     elapsed}, ...
     */
    public record Served(
            String mode,
            int port,
            long answered,
            Map<Integer, Long> statuses,
            long failedConnections,
            int inFlightAtStop,
            String stoppedBy) {}

    /**
     * Runs the demo.
     *
     * @param args see {@code WebServerOptions}
     */
    public static void main(String... args) {
        Demos.runAndExit("web-server", args);
    }
}

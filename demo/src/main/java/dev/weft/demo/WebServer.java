package dev.weft.demo;

import dev.weft.Fork;
import dev.weft.Policy;
import dev.weft.Scope;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The async web server of <i>Async Programming</i>, chapter 21 of a Rust book: {@code GET /}
 * answers {@code hello.html}, {@code GET /sleep} sleeps 5 s and then answers {@code hello.html},
 * anything else answers {@code 404.html}.
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
 * async fn send_response(mut stream: TcpStream, code: u16, reason: &str, filename: &str) {
 *     let contents = fs::read_to_string(filename).await.unwrap();
 *     let length = contents.len();
 *     let response =
 *         format!("HTTP/1.1 {code} {reason}\r\nContent-Length: {length}\r\n\r\n{contents}");
 *     stream.write_all(response.as_bytes()).await.unwrap();
 * }
 *
 * // the fix: a task per connection
 * loop {
 *     let (stream, _) = listener.accept().await.unwrap();
 *     tokio::spawn(async move { handle_connection(stream).await; });
 * }
 * }</pre>
 *
 * <p>Weft: the handler is plain blocking code ({@link java.net.ServerSocket}, {@link
 * java.net.Socket}, {@code Thread.sleep}); on a virtual thread, blocking is what {@code .await} is
 * in Rust. Two modes:
 *
 * <ul>
 *   <li>{@code --one-at-a-time}, the chapter's pitfall: the accept loop calls the handler inline,
 *       so while a {@code /sleep} sleeps, the next connection waits in the listen backlog.
 *   <li>concurrent (the default), the chapter's fix: the accept loop is the owner of a {@link
 *       Scope} and forks one virtual thread per connection ({@code tokio::spawn}). Unlike a
 *       detached {@code tokio::spawn}, no handler outlives the server: the scope's block does not
 *       end until every connection's fork has ended.
 * </ul>
 *
 * <p><b>A failing connection does not bring the server down.</b> The scope's policy is {@link
 * Policy#awaitAll()}: a fork's failure never cancels its siblings (under the default fail-fast
 * policy one broken handler would interrupt every other connection in flight). And each handler
 * catches its own {@code IOException} or {@code RuntimeException}, prints one line and counts it,
 * so failures do not reach the scope at all: an await-all scope keeps every failure until {@code
 * join()} (for its {@link Policy.Outcome}), which a server running for days should not pile up.
 * awaitAll is the backstop for what the handler does not catch ({@code Error}s).
 *
 * <p><b>Shutdown: in-flight requests finish.</b> Ctrl-C (a JVM shutdown hook) or {@code --for
 * SECONDS} closes the server socket: the accept loop ends and new connections are refused at once;
 * then the owner calls {@code join()} on the connections' scope, which waits for the requests in
 * flight (a {@code /sleep} included) to be answered, and only then closes it and returns. The
 * shutdown hook waits for that (at most the sleep plus the read timeout plus a second) before the
 * JVM halts. A connection that sends nothing is closed after a {@link #READ_TIMEOUT} of 10 s, so an
 * idle browser connection cannot hold a shutdown up for long. Cancelling instead would be {@code
 * close()} without {@code join()}: it interrupts the handlers ({@code Thread.sleep} and, on a
 * virtual thread, socket reads are interruptible).
 *
 * <p>Two small departures from the chapter, both about closing the connection after one response:
 * the handler reads the request's header lines (up to the blank line) before answering, as chapter
 * 20 does, because closing a socket with unread input makes TCP send a reset that can discard the
 * response; and the response says {@code Connection: close}, which is true, so HTTP/1.1 clients do
 * not try to reuse the connection.
 *
 * <p>The default run (the tour's) is a self-demonstration: a server on an ephemeral port in each
 * mode in turn; an {@link HttpClient} sends {@code GET /sleep} (500 ms) and, once the server is
 * sleeping, {@code GET /}, then {@code GET /nope}; the demo prints how long {@code /} took: about
 * the sleep when one at a time, a few ms when concurrent. {@code --serve} runs a real server to
 * curl.
 */
public final class WebServer {
    private WebServer() {}

    /** The arguments, for the usage line. */
    static final String USAGE =
            "[--sleep-ms N] | --serve [--one-at-a-time] [--port N] [--for SECONDS] [--sleep-ms N]";

    /** How long {@code /sleep} sleeps when serving (the chapter's 5 s). */
    public static final Duration SERVE_SLEEP = Duration.ofSeconds(5);

    /** How long {@code /sleep} sleeps in the self-demonstration. */
    public static final Duration DEMO_SLEEP = Duration.ofMillis(500);

    /** How long a connection may take to send its request before it is closed. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** The largest {@code --for}: a day. */
    public static final int MAX_FOR_SECONDS = 86_400;

    /** The chapter's {@code hello.html}. */
    static final byte[] HELLO = page("hello.html");

    /** The chapter's {@code 404.html}. */
    static final byte[] NOT_FOUND = page("404.html");

    /** How the server handles connections. */
    public enum Mode {
        /** The chapter's pitfall: each connection handled inline by the accept loop. */
        ONE_AT_A_TIME("one-at-a-time"),
        /** The chapter's fix: a fork of the server's scope per connection. */
        CONCURRENT("concurrent");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        /**
         * Returns the mode's name as the command line and the outcome spell it.
         *
         * @return {@code one-at-a-time} or {@code concurrent}
         */
        public String label() {
            return label;
        }

        @Override
        public String toString() {
            return label;
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

    // ---- the launcher's entry --------------------------------------------------------------

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
        Options options = Options.parse(args);
        if (options.serve()) {
            return serve(
                    options.port(),
                    options.mode(),
                    options.sleep() != null ? options.sleep() : SERVE_SLEEP,
                    options.runFor(),
                    out);
        }
        return demonstrate(options.sleep() != null ? options.sleep() : DEMO_SLEEP, out);
    }

    /**
     * The parsed arguments.
     *
     * @param serve whether to serve (rather than demonstrate)
     * @param mode how to handle connections when serving
     * @param port the port to listen on, 0 for an ephemeral one
     * @param sleep how long {@code /sleep} sleeps, or {@code null} for the default
     * @param runFor how long to serve, or {@code null} until Ctrl-C
     */
    record Options(boolean serve, Mode mode, int port, Duration sleep, Duration runFor) {
        static Options parse(List<String> args) {
            boolean serve = false;
            Mode mode = Mode.CONCURRENT;
            int port = 0;
            Duration sleep = null;
            Duration runFor = null;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--serve" -> serve = true;
                    case "--one-at-a-time" -> {
                        mode = Mode.ONE_AT_A_TIME;
                        serve = true;
                    }
                    case "--port" -> {
                        port = port(value(args, ++i, arg));
                        serve = true;
                    }
                    case "--for" -> {
                        runFor = seconds(value(args, ++i, arg));
                        serve = true;
                    }
                    case "--sleep-ms" -> sleep = Args.millis("--sleep-ms", value(args, ++i, arg));
                    default ->
                            throw new Demos.UsageException(
                                    "web-server: unknown argument '" + arg + "'; usage: " + USAGE);
                }
            }
            return new Options(serve, mode, port, sleep, runFor);
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size()) {
                throw new Demos.UsageException(option + " needs a value");
            }
            return args.get(i);
        }

        private static int port(String value) {
            int port;
            try {
                port = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65_535) {
                throw new Demos.UsageException(
                        "--port must be a whole number from 0 to 65535, got '" + value + "'");
            }
            return port;
        }

        private static Duration seconds(String value) {
            long seconds;
            try {
                seconds = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                seconds = -1;
            }
            if (seconds < 1 || seconds > MAX_FOR_SECONDS) {
                throw new Demos.UsageException(
                        "--for must be a whole number of seconds from 1 to "
                                + MAX_FOR_SECONDS
                                + ", got '"
                                + value
                                + "'");
            }
            return Duration.ofSeconds(seconds);
        }
    }

    // ---- serving ---------------------------------------------------------------------------

    /**
     * Serves until Ctrl-C or until {@code runFor} has passed, then lets the requests in flight
     * finish and returns.
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
        out.println("Listening on port " + server.port() + " (" + mode + ")");
        out.println(
                "  GET / -> hello.html; GET /sleep -> hello.html after "
                        + sleep.toMillis()
                        + " ms; anything else -> 404.html");
        out.println(
                "  try: curl -i http://127.0.0.1:"
                        + server.port()
                        + "/sleep & curl -i http://127.0.0.1:"
                        + server.port()
                        + "/");
        out.println(
                "  stop: "
                        + (runFor == null ? "" : "after " + runFor.toSeconds() + " s or ")
                        + "Ctrl-C; in-flight requests then finish, new connections are refused");
        Duration hookWait = sleep.plus(READ_TIMEOUT).plusSeconds(1);
        Thread hook =
                new Thread(
                        () -> {
                            server.stop("JVM shutdown: Ctrl-C or SIGTERM");
                            if (!server.awaitStopped(hookWait)) {
                                out.println(
                                        "server: gave up waiting for the requests in flight after "
                                                + hookWait.toSeconds()
                                                + " s");
                            }
                        },
                        "web-server-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (var lifetime = Scope.open(c -> c.withName("web-server-lifetime"))) {
            if (runFor != null) {
                lifetime.fork(
                        () -> {
                            // Ends early when the server stops for another reason (Ctrl-C).
                            if (!server.awaitStopped(runFor)) {
                                server.stop("--for " + runFor.toSeconds() + " s elapsed");
                            }
                            return null;
                        });
            }
            Served served = server.serve();
            lifetime.join(); // the --for timer has seen the stop and ended
            return served;
        } finally {
            server.closeSocket();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is what stopped us, let it finish
            }
        }
    }

    /** A listening server; {@link #serve()} runs its accept loop on the calling thread. */
    static final class Server {
        private final ServerSocket socket;
        private final Mode mode;
        private final Duration sleep;
        private final PrintStream out;
        private final Semaphore sleeping = new Semaphore(0);
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicLong failed = new AtomicLong();
        private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        private final Queue<String> answerOrder = new ConcurrentLinkedQueue<>();
        private final AtomicReference<String> stoppedBy = new AtomicReference<>();
        private final CountDownLatch stopped = new CountDownLatch(1);
        private volatile int inFlightAtStop;

        /**
         * Held by the accept loop while it is inside {@code accept()}. Closing a server socket that
         * a virtual thread is accepting on only wakes that thread; the socket is really closed (and
         * connections refused) when the thread leaves {@code accept()}, so {@link #stop} waits for
         * this lock.
         */
        private final ReentrantLock accepting = new ReentrantLock();

        private Server(ServerSocket socket, Mode mode, Duration sleep, PrintStream out) {
            this.socket = socket;
            this.mode = mode;
            this.sleep = sleep;
            this.out = out;
        }

        /**
         * Opens the server socket on the loopback address.
         *
         * @param port the port, 0 for an ephemeral one
         */
        static Server bind(int port, Mode mode, Duration sleep, PrintStream out)
                throws IOException {
            ServerSocket socket = new ServerSocket();
            try {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
            return new Server(socket, mode, sleep, out);
        }

        int port() {
            return socket.getLocalPort();
        }

        /**
         * Runs the accept loop until {@link #stop(String)}, lets the requests in flight finish,
         * prints a summary and returns it.
         */
        Served serve() throws InterruptedException {
            try {
                if (mode == Mode.ONE_AT_A_TIME) {
                    serveOneAtATime();
                } else {
                    serveConcurrently();
                }
                Served served = served();
                out.println(
                        "server: stopped ("
                                + served.stoppedBy()
                                + "); answered "
                                + served.answered()
                                + " request(s) "
                                + served.statuses()
                                + ", "
                                + served.failedConnections()
                                + " failed connection(s)");
                return served;
            } finally {
                closeSocket();
                stopped.countDown();
            }
        }

        /** The chapter's pitfall: {@code handle_connection(stream).await} in the accept loop. */
        private void serveOneAtATime() throws InterruptedException {
            while (true) {
                Socket connection = accept();
                if (connection == null) {
                    return;
                }
                inFlight.incrementAndGet();
                try {
                    handle(connection);
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        }

        /** The chapter's fix: {@code tokio::spawn} per connection, as forks of one scope. */
        private void serveConcurrently() throws InterruptedException {
            try (var connections =
                    Scope.open(c -> c.withName("web-server").withPolicy(Policy.awaitAll()))) {
                while (true) {
                    Socket connection = accept();
                    if (connection == null) {
                        break;
                    }
                    inFlight.incrementAndGet();
                    connections.fork(
                            () -> {
                                try {
                                    return handle(connection);
                                } finally {
                                    inFlight.decrementAndGet();
                                }
                            });
                }
                connections.join(); // the requests in flight finish
            }
        }

        /** The next connection, or {@code null} once the server socket is closed. */
        private Socket accept() throws InterruptedException {
            accepting.lock();
            try {
                return socket.accept();
            } catch (IOException e) {
                if (Thread.interrupted()) { // a virtual thread's accept is interruptible
                    throw new InterruptedException("interrupted while accepting");
                }
                if (socket.isClosed()) {
                    stoppedBy.compareAndSet(null, "server socket closed");
                    return null;
                }
                throw new UncheckedIOException("accept failed on port " + port(), e);
            } finally {
                accepting.unlock();
            }
        }

        /**
         * The chapter's {@code handle_connection}: reads the request line (and the headers),
         * answers, closes the connection.
         *
         * @return the status code sent, or 0 if none was
         * @throws InterruptedException if cancelled while sleeping or reading
         */
        int handle(Socket connection) throws InterruptedException {
            try (connection) {
                connection.setSoTimeout((int) READ_TIMEOUT.toMillis());
                BufferedReader reader =
                        new BufferedReader(
                                new InputStreamReader(
                                        connection.getInputStream(), StandardCharsets.ISO_8859_1));
                String requestLine = reader.readLine();
                if (requestLine == null) {
                    return 0; // closed without a request
                }
                for (String header = reader.readLine();
                        header != null && !header.isEmpty();
                        header = reader.readLine()) {
                    // the chapter ignores the headers; read them so closing is a clean FIN
                }
                out.println("server: Incoming request for " + requestLine);
                int status;
                switch (requestLine) {
                    case "GET / HTTP/1.1" -> status = send(connection, 200, "OK", HELLO);
                    case "GET /sleep HTTP/1.1" -> {
                        sleeping.release();
                        Thread.sleep(sleep);
                        status = send(connection, 200, "OK", HELLO);
                    }
                    default -> status = send(connection, 404, "NOT FOUND", NOT_FOUND);
                }
                answerOrder.add(requestLine);
                return status;
            } catch (IOException | RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) { // cancelled mid-read: not a failure
                    throw new InterruptedException("cancelled: " + Demos.describe(e));
                }
                failed.incrementAndGet();
                out.println(
                        "server: connection failed: "
                                + Demos.describe(e)
                                + " (the server keeps serving)");
                return 0;
            }
        }

        /** The chapter's {@code send_response}. */
        private int send(Socket connection, int code, String reason, byte[] contents)
                throws IOException {
            String head =
                    "HTTP/1.1 "
                            + code
                            + " "
                            + reason
                            + "\r\nContent-Length: "
                            + contents.length
                            + "\r\nConnection: close\r\n\r\n";
            OutputStream stream = connection.getOutputStream();
            stream.write(head.getBytes(StandardCharsets.ISO_8859_1));
            stream.write(contents);
            stream.flush();
            statuses.computeIfAbsent(code, k -> new LongAdder()).increment();
            return code;
        }

        /**
         * Stops accepting: closes the server socket and returns once new connections are refused;
         * the accept loop then lets the requests in flight finish. May be called from any thread
         * but the accept loop's; only the first call prints.
         */
        void stop(String reason) {
            if (stoppedBy.compareAndSet(null, reason)) {
                int n = inFlight.get();
                inFlightAtStop = n;
                out.println(
                        "server: stopping ("
                                + reason
                                + "): new connections are refused; "
                                + n
                                + " request(s) in flight will finish");
            }
            closeSocket();
            accepting.lock(); // the accept loop has left accept(): the socket is closed for real
            accepting.unlock();
        }

        void closeSocket() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a listening socket: nothing to do about it
            }
        }

        /** The request lines answered so far, in the order their responses were sent. */
        List<String> answerOrder() {
            return List.copyOf(answerOrder);
        }

        /** Waits until {@code /sleep} has been received and its handler is sleeping. */
        boolean awaitSleeping(Duration timeout) throws InterruptedException {
            return sleeping.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Waits, uninterruptibly, until {@link #serve()} has returned, at most {@code timeout}. */
        boolean awaitStopped(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return stopped.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private Served served() {
            Map<Integer, Long> counts = new TreeMap<>();
            statuses.forEach((code, n) -> counts.put(code, n.sum()));
            long answered = counts.values().stream().mapToLong(Long::longValue).sum();
            return new Served(
                    mode.label(),
                    port(),
                    answered,
                    Collections.unmodifiableMap(counts),
                    failed.get(),
                    inFlightAtStop,
                    stoppedBy.get());
        }
    }

    // ---- the self-demonstration ------------------------------------------------------------

    /**
     * Starts a server in each mode in turn and times {@code GET /} sent while a {@code GET /sleep}
     * is in flight.
     *
     * @param sleep how long {@code /sleep} sleeps
     * @param out where the narrative goes
     * @return what the client saw in each mode
     * @throws IOException if a server socket cannot be opened or a request fails
     * @throws InterruptedException if interrupted while waiting
     */
    public static Outcome demonstrate(Duration sleep, PrintStream out)
            throws IOException, InterruptedException {
        out.println(
                "GET /sleep ("
                        + sleep.toMillis()
                        + " ms) and, while it sleeps, GET /: first to a server that handles one"
                        + " connection at a time, then to one that forks a virtual thread per"
                        + " connection");
        List<ModeRun> runs = new ArrayList<>(2);
        try (HttpClient client = client()) {
            for (Mode mode : Mode.values()) {
                runs.add(tryMode(client, mode, sleep, out));
            }
        }
        ModeRun one = runs.get(0);
        ModeRun concurrent = runs.get(1);
        out.println(
                "GET / took "
                        + one.rootMillis()
                        + " ms one at a time (behind the /sleep), "
                        + concurrent.rootMillis()
                        + " ms concurrently (without waiting for it)");
        return new Outcome(sleep.toMillis(), Collections.unmodifiableList(runs));
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
    static ModeRun tryMode(HttpClient client, Mode mode, Duration sleep, PrintStream out)
            throws IOException, InterruptedException {
        Server server = Server.bind(0, mode, sleep, out);
        String base = "http://127.0.0.1:" + server.port();
        out.println();
        out.println(mode + " server on port " + server.port() + ":");
        try (var scope = Scope.open(c -> c.withName("web-demo-" + mode.label()))) {
            Fork<Served> serving = scope.fork(server::serve);
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
                server.stop("demo done"); // also on failure, so the serving fork ends
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
            return new ModeRun(
                    mode.label(),
                    root.millis(),
                    slow.millis(),
                    rootFirst,
                    Collections.unmodifiableMap(statuses));
        } finally {
            server.closeSocket();
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
        byte[] expected = response.statusCode() == 200 ? HELLO : NOT_FOUND;
        if (!response.body().equals(new String(expected, StandardCharsets.UTF_8))) {
            throw new IOException("GET " + path + ": unexpected body: " + response.body());
        }
        return new Timed(path, response.statusCode(), start, end);
    }

    private static byte[] page(String name) {
        try (InputStream in = WebServer.class.getResourceAsStream("web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource dev/weft/demo/web/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the demo.
     *
     * @param args see {@link #USAGE}
     */
    public static void main(String... args) {
        Demos.runAndExit("web-server", args);
    }
}

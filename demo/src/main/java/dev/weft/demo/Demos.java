package dev.weft.demo;

import dev.weft.Result;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * The launcher: lists the demos, runs one by name, or runs them all in turn (the tour).
 *
 * <pre>
 * Demos                      the tour (same as "tour")
 * Demos list                 every demo, what it shows, the Rust example it mirrors
 * Demos race 500 50          one demo, with its arguments
 * Demos --json race          the demo's result record as one JSON line, no narrative
 * </pre>
 *
 * <p>{@link #execute(String[], PrintStream, PrintStream)} does the work and returns the exit
 * status, so tests never reach {@link System#exit(int)}; only {@link #main(String...)} exits.
 */
public final class Demos {
    private Demos() {}

    /** Exit status for bad arguments. */
    public static final int USAGE = 2;

    /** Exit status when a demo itself failed unexpectedly. */
    public static final int FAILED = 1;

    /** Exit status when the launcher was interrupted. */
    public static final int INTERRUPTED = 130;

    /** Runs one demo with its command-line arguments and returns its result record. */
    @FunctionalInterface
    interface Runner {
        Object run(List<String> args, PrintStream out) throws Exception;
    }

    /**
     * One demo.
     *
     * @param name the name to run it by
     * @param usage its arguments, for the usage line ("" if it takes none)
     * @param summary what it shows, one line
     * @param mirrors the Rust example it mirrors
     * @param toolkit the toolkit types it uses
     * @param runner runs it
     */
    record Demo(
            String name,
            String usage,
            String summary,
            String mirrors,
            String toolkit,
            Runner runner) {}

    /** Every demo, in tour order. */
    static final List<Demo> DEMOS =
            List.of(
                    new Demo(
                            "download",
                            DownloadFiles.USAGE,
                            "files downloaded one at a time, all at once, in chunks, with a"
                                    + " limit, and as they finish; a timing table",
                            "\"Downloading Files Asynchronously\": try_join_all, chunks,"
                                    + " buffer_unordered",
                            "Tasks.tryJoinAll, Tasks.mapConcurrent, JoinSet, Result",
                            DownloadFiles::run),
                    new Demo(
                            "count-to",
                            "[count]",
                            "the smallest Weft program: a forked task counts to ten, the caller"
                                    + " joins it",
                            "\"Async Rust\", Async/Await: count_to with block_on",
                            "Scope (fork, join)",
                            CountTo::run),
                    new Demo(
                            "join-all",
                            "[url...]",
                            "size of four pages fetched concurrently; BAD_URL is an Err, the"
                                    + " others still arrive",
                            "\"Async Rust\", Joining: futures::future::join_all page sizes",
                            "Tasks.joinAll, Result",
                            JoinAllPageSizes::run),
                    new Demo(
                            "try-join",
                            "[fail-ms slow-ms]",
                            "two tasks, one fails: the failure surfaces, the other is cancelled",
                            "\"Rust Async Programming\", Joining Futures: try_join",
                            "Tasks.tryJoin, Tasks.Pair, ScopeFailedException",
                            TryJoinCancel::run),
                    new Demo(
                            "race",
                            "[cat-ms dog-ms]",
                            "first of two tasks to finish wins; the loser is cancelled and awaited",
                            "\"Rust Async Programming\", select! of two futures (race_tasks); \"Async Rust\"'s cat/dog race",
                            "Tasks.race (Policy.firstSuccess underneath)",
                            RaceTwoTasks::run),
                    new Demo(
                            "ping",
                            "[pings]",
                            "a handler counts pings over an mpsc channel; dropping the sender"
                                    + " ends it",
                            "\"Async Rust\", Async Channels: ping_handler",
                            "Channel.bounded, Sender (close = drop), Receiver (for loop), Scope",
                            PingHandler::run),
                    new Demo(
                            "select",
                            "[cat-ms dog-ms]",
                            "select over two channels: the first name to arrive wins; closing"
                                    + " the scope interrupts the loser",
                            "\"Async Rust\", Selecting: tokio::select! cat/dog"
                                    + " first_animal_to_finish_race",
                            "Channel.bounded, Select (recvOrClosed), Scope",
                            SelectRace::run),
                    new Demo(
                            "blocking",
                            "",
                            "ten sleeping tasks finish in ~100 ms on virtual threads; then what"
                                    + " does hold a carrier (CPU loops, synchronized on JDK 21-23)"
                                    + " and the fix, BlockingPool",
                            "\"Async Rust\", Pitfalls: Blocking the executor (sleep_ms)",
                            "Tasks.joinAll, Scope, BlockingPool",
                            (args, out) -> BlockingTheExecutor.run(args, out)),
                    new Demo(
                            "worker",
                            "[requests]",
                            "a worker serves requests with oneshot replies and reports its"
                                    + " iterations every 100 ms as JSON lines",
                            "\"Async Rust\", Pin: worker/do_work with respond_on, TODO done",
                            "Channel.bounded, Oneshot, Select (tick, recvOrClosed), Interval, Scope",
                            WorkerRequester::run),
                    new Demo(
                            "checkout",
                            "",
                            "a checkout service: nested scopes, a logging context in every fork,"
                                    + " the live scope tree as JSON, a JFR summary",
                            "none: Weft's own (seeing inside scopes, as tokio-console does)",
                            "Scope (withCarriers), ContextCarrier, Snapshot, WorkQueue, JFR events",
                            CheckoutService::run),
                    new Demo(
                            "web-server",
                            WebServerOptions.USAGE,
                            "an HTTP server: one connection at a time, a /sleep holds up GET /;"
                                    + " a fork per connection answers it at once",
                            "\"Async Programming\", chapter 21 of a Rust book: async web server,"
                                    + " handle_connection(stream).await vs tokio::spawn",
                            "Scope (Policy.awaitAll, a fork per connection; a nested scope for"
                                    + " the client's requests), Fork",
                            WebServer::run),
                    new Demo(
                            "fake-socket",
                            "[delay-ms]",
                            "two toy sockets readable after a delay: read in turn (2 delays),"
                                    + " then with tryJoin (1 delay)",
                            "\"Asynchronous Programming in Rust\": MySocket, get_num_sync",
                            "Tasks.tryJoin, Tasks.Pair",
                            FakeSocket::run),
                    new Demo(
                            "username",
                            "[file]",
                            "read username.txt on a virtual thread and print Hello {username};"
                                    + " a missing file is an Err",
                            "\"Async Programming\": getUserName / get_user_name",
                            "Scope, ScopeFailedException, Result",
                            ReadUsername::run),
                    new Demo(
                            "join-two",
                            "[delay-ms]",
                            "two typed tasks joined into a (Book, Music) pair, side by side",
                            "\"Rust Async Programming\", Joining Futures: join!(get_book(),"
                                    + " get_music())",
                            "Tasks.tryJoin, Tasks.Pair",
                            JoinTwoTasks::run),
                    new Demo(
                            "streams",
                            "[jumpers]",
                            "sum a channel until it ends; a Result stream stops at the first"
                                    + " Err; a for-each with at most 100 at once",
                            "\"Rust Async Programming\", Stream: sum_with_next,"
                                    + " sum_with_try_next, try_for_each_concurrent",
                            "Channel.bounded, Receiver (recv), Result, Scope, Tasks.forEachConcurrent",
                            StreamsDemo::run),
                    new Demo(
                            "config",
                            "[workers]",
                            "a reloader publishes config versions on a watch; workers pick up"
                                    + " the latest with changed(), changed(timeout), tryChanged()",
                            "tokio's sync::watch documentation: the config reload example",
                            "Watch, WatchSender (send, update, close), WatchReceiver (get,"
                                    + " changed, tryChanged), Scope",
                            ConfigWatcher::run),
                    new Demo(
                            "ticker",
                            "[ticks]",
                            "price ticks broadcast to four subscribers; a stalled one is told"
                                    + " how many ticks it missed and goes on",
                            "tokio's sync::broadcast documentation: subscribe, Lagged",
                            "Broadcast, BroadcastSender (send, close), BroadcastReceiver (recv),"
                                    + " LaggedException, Scope",
                            PriceTicker::run),
                    new Demo(
                            "pool",
                            "[jobs]",
                            "a worker pool: four forks iterate one shared channel receiver; each"
                                    + " job goes to exactly one of them",
                            "Go's worker pools (jobs := make(chan int); for j := range jobs)",
                            "Channel.bounded (several receivers), Receiver (for loop), Sender"
                                    + " (close), Scope",
                            WorkerPool::run));

    /** Bad command-line arguments: reported as one line on stderr, never a stack trace. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Runs the launcher and exits with its status.
     *
     * @param args {@code [--json] [list | tour | <demo> [args...]]}
     */
    public static void main(String... args) {
        int status = execute(args, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /**
     * Runs the launcher without exiting.
     *
     * @param args {@code [--json] [list | tour | help | <demo> [args...]]}; none means the tour
     * @param out where narratives (or JSON lines) go
     * @param err where error messages go, one line each
     * @return the exit status: 0, {@link #USAGE}, {@link #FAILED} or {@link #INTERRUPTED}
     */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        String running = null;
        try {
            List<String> rest = new ArrayList<>(List.of(args));
            boolean json = false;
            while (!rest.isEmpty() && rest.get(0).startsWith("-")) {
                String option = rest.remove(0);
                switch (option) {
                    case "--json" -> json = true;
                    case "-h", "--help" -> {
                        usage(out);
                        return 0;
                    }
                    default ->
                            throw new UsageException(
                                    "unknown option '" + option + "' (known: --json, --help)");
                }
            }
            String command = rest.isEmpty() ? "tour" : rest.remove(0);
            switch (command) {
                case "help" -> usage(out);
                case "list" -> list(json, out);
                case "tour" -> {
                    if (!rest.isEmpty()) {
                        throw new UsageException("tour takes no arguments, got " + rest);
                    }
                    tour(json, out);
                }
                default -> {
                    Demo demo = find(command);
                    running = demo.name();
                    runOne(demo, rest, json, out);
                }
            }
            return 0;
        } catch (UsageException e) {
            err.println("weft-demo: " + e.getMessage());
            return USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("weft-demo: interrupted");
            return INTERRUPTED;
        } catch (Exception e) {
            err.println(
                    "weft-demo: " + (running != null ? running + " failed: " : "") + describe(e));
            return FAILED;
        }
    }

    private static Demo find(String name) {
        String wanted = name.toLowerCase(Locale.ROOT).replace('_', '-');
        for (Demo demo : DEMOS) {
            if (demo.name().equals(wanted)) {
                return demo;
            }
        }
        throw new UsageException(
                "unknown demo '" + name + "'; known: " + names() + " (or list, tour, help)");
    }

    private static String names() {
        return String.join(", ", DEMOS.stream().map(Demo::name).toList());
    }

    private static void usage(PrintStream out) {
        out.println(
                "usage: java -jar demo/target/weft-demo.jar [--json] [list | tour | help | <demo>"
                        + " [args...]]");
        out.println(
                "  no command runs the tour; --json prints each result record as one JSON line");
        for (Demo demo : DEMOS) {
            out.printf("  %-9s %s%n", demo.name(), demo.usage());
        }
    }

    private static void list(boolean json, PrintStream out) {
        if (json) {
            for (Demo demo : DEMOS) {
                Map<String, String> row = new LinkedHashMap<>();
                row.put("name", demo.name());
                row.put("args", demo.usage());
                row.put("shows", demo.summary());
                row.put("mirrors", demo.mirrors());
                row.put("toolkit", demo.toolkit());
                out.println(JSON.writeValueAsString(row));
            }
            return;
        }
        for (Demo demo : DEMOS) {
            out.printf("%-9s %s%n", demo.name(), demo.summary());
            out.printf("%-9s   mirrors: %s%n", "", demo.mirrors());
            out.printf("%-9s   uses: %s; args: %s%n", "", demo.toolkit(), orNone(demo.usage()));
        }
    }

    private static String orNone(String usage) {
        return usage.isEmpty() ? "none" : usage;
    }

    private static void tour(boolean json, PrintStream out) throws Exception {
        if (!json) {
            out.println("Weft demo tour: Rust async patterns as blocking code on virtual threads");
            out.println(
                    "running on Java "
                            + Runtime.version()
                            + " ("
                            + System.getProperty("java.vendor")
                            + ", "
                            + System.getProperty("java.home")
                            + ")");
        }
        int n = 0;
        for (Demo demo : DEMOS) {
            n++;
            if (!json) {
                out.println();
                out.printf("== %d/%d %s: %s%n", n, DEMOS.size(), demo.name(), demo.summary());
                out.println("   mirrors " + demo.mirrors());
                out.println("   uses " + demo.toolkit());
            }
            runOne(demo, List.of(), json, out);
        }
        if (!json) {
            out.println();
            out.println(
                    "Tour over: "
                            + DEMOS.size()
                            + " demos. Run one with: java -jar demo/target/weft-demo.jar <name> [args]");
        }
    }

    private static void runOne(Demo demo, List<String> args, boolean json, PrintStream out)
            throws Exception {
        if (json) {
            Object result =
                    demo.runner().run(args, new PrintStream(OutputStream.nullOutputStream()));
            out.println(JSON.writeValueAsString(result));
        } else {
            demo.runner().run(args, out);
        }
    }

    // ---- helpers for the demos ------------------------------------------------------------

    /** Runs the launcher with a demo's name in front of its arguments: the demos' mains. */
    static void runAndExit(String demo, String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = demo;
        System.arraycopy(args, 0, all, 1, args.length);
        main(all);
    }

    /**
     * Describes an exception in one line: its simple class name and message.
     *
     * @param e the exception
     * @return for example {@code IOException: connection refused}
     */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /**
     * Describes a result the way Rust's {@code Debug} shows it: {@code Ok(value)} or {@code
     * Err(description)}.
     *
     * @param result the result
     * @return the description
     */
    static String describe(Result<?> result) {
        if (result instanceof Result.Ok<?> ok) {
            return "Ok(" + ok.value() + ")";
        }
        return "Err(" + describe(((Result.Err<?>) result).exception()) + ")";
    }

    /**
     * The JSON mapper of {@code --json}: records as objects, a {@link Result} as {@code {"ok":
     * value}} or {@code {"err": "Type: message"}}, any other exception as {@code "Type: message"}.
     */
    static final JsonMapper JSON =
            JsonMapper.builder()
                    .addModule(
                            new SimpleModule("weft-demo")
                                    .addSerializer(Result.class, new ResultSerializer())
                                    .addSerializer(Throwable.class, new ThrowableSerializer()))
                    .build();

    @SuppressWarnings("rawtypes")
    private static final class ResultSerializer extends StdSerializer<Result> {
        ResultSerializer() {
            super(Result.class);
        }

        @Override
        public void serialize(Result value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeStartObject();
            if (value instanceof Result.Ok<?> ok) {
                gen.writePOJOProperty("ok", ok.value());
            } else {
                gen.writeStringProperty("err", describe(((Result.Err<?>) value).exception()));
            }
            gen.writeEndObject();
        }
    }

    private static final class ThrowableSerializer extends StdSerializer<Throwable> {
        ThrowableSerializer() {
            super(Throwable.class);
        }

        @Override
        public void serialize(Throwable value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(describe(value));
        }
    }
}

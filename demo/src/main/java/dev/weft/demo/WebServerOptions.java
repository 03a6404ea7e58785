package dev.weft.demo;

import dev.weft.demo.WebServer.Mode;
import java.time.Duration;
import java.util.List;

/**
 * The {@code web-server} demo's parsed arguments: {@code [--sleep-ms N]} for the
 * self-demonstration, or {@code --serve [--one-at-a-time] [--port N] [--for SECONDS] [--sleep-ms
 * N]} (any of the serving options implies {@code --serve}).
 *
 * @param serve whether to serve (rather than demonstrate)
 * @param mode how to handle connections when serving
 * @param port the port to listen on, 0 for an ephemeral one
 * @param sleep how long {@code /sleep} sleeps, or {@code null} for the default
 * @param runFor how long to serve, or {@code null} until Ctrl-C
 */
record WebServerOptions(boolean serve, Mode mode, int port, Duration sleep, Duration runFor) {
    /** The arguments, for the usage line. */
    static final String USAGE =
            "[--sleep-ms N] | --serve [--one-at-a-time] [--port N] [--for SECONDS] [--sleep-ms N]";

    /** The largest {@code --for}: a day. */
    static final int MAX_FOR_SECONDS = 86_400;

    /**
     * Parses the arguments.
     *
     * @throws Demos.UsageException for bad arguments, naming the bad one
     */
    static WebServerOptions parse(List<String> args) {
        boolean serve = false;
        Mode mode = Mode.CONCURRENT;
        int port = 0;
        Duration sleep = null;
        Duration runFor = null;
        Args in = new Args("", args);
        while (in.hasNext()) {
            String arg = in.next();
            switch (arg) {
                case "--serve" -> serve = true;
                case "--one-at-a-time" -> {
                    mode = Mode.ONE_AT_A_TIME;
                    serve = true;
                }
                case "--port" -> {
                    port = in.intOption(arg, 0, 65_535);
                    serve = true;
                }
                case "--for" -> {
                    runFor = in.secondsOption(arg, 1, MAX_FOR_SECONDS);
                    serve = true;
                }
                case "--sleep-ms" -> sleep = Args.millis(arg, in.valueOf(arg));
                default ->
                        throw new Demos.UsageException(
                                "web-server: unknown argument '" + arg + "'; usage: " + USAGE);
            }
        }
        return new WebServerOptions(serve, mode, port, sleep, runFor);
    }
}

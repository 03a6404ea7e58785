package dev.weft.demo;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A JVM shutdown hook (Ctrl-C, SIGTERM) for the {@code web-server} demo's {@code --serve}: it stops
 * the listener, then waits at most {@code patience} for the requests in flight to finish before the
 * JVM halts. {@link #close()} removes the hook once the server has stopped for another reason.
 */
final class StopOnShutdown implements AutoCloseable {
    private final Thread hook;

    /**
     * Installs the hook.
     *
     * @param listener what to stop
     * @param patience how long the hook waits for the requests in flight
     * @param out where the hook says it gave up waiting
     */
    StopOnShutdown(HttpListener listener, Duration patience, PrintStream out) {
        hook =
                new Thread(
                        () -> {
                            listener.stop("JVM shutdown: Ctrl-C or SIGTERM");
                            if (!listener.awaitFinished(patience)) {
                                out.println(
                                        "server: gave up waiting for the requests in flight after "
                                                + patience.toSeconds()
                                                + " s");
                            }
                        },
                        "web-server-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Removes the hook, unless the JVM is already shutting down (the hook is then running). */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is what stopped us, let it finish
        }
    }
}

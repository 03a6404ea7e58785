package dev.weft.demo;

import java.io.PrintStream;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the {@code web-server} demo's server has answered, counted from every connection's thread:
 * responses by status code, failed connections, and the order the responses went out in.
 */
final class ServerTally {
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Queue<String> answerOrder = new ConcurrentLinkedQueue<>();
    private final AtomicLong failed = new AtomicLong();

    /** Counts a response with {@code status} sent to {@code requestLine}. */
    void answered(String requestLine, int status) {
        statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
        answerOrder.add(requestLine);
    }

    /** Counts a connection whose handling failed. */
    void failed() {
        failed.incrementAndGet();
    }

    /** The request lines answered so far, in the order their responses were sent. */
    List<String> answerOrder() {
        return List.copyOf(answerOrder);
    }

    /** Prints the server's summary, with these counts, and returns it. */
    WebServer.Served report(String mode, HttpListener listener, PrintStream out) {
        Map<Integer, Long> counts = new TreeMap<>();
        statuses.forEach((code, n) -> counts.put(code, n.sum()));
        long answered = counts.values().stream().mapToLong(Long::longValue).sum();
        WebServer.Served served =
                new WebServer.Served(
                        mode,
                        listener.port(),
                        answered,
                        Collections.unmodifiableMap(counts),
                        failed.get(),
                        listener.inFlightAtStop(),
                        listener.stoppedBy());
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
    }
}

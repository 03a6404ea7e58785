package dev.weft.demo;

import dev.weft.ContextCarrier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A logging context in the style of SLF4J's {@code MDC}: key-value pairs kept per thread, printed
 * in front of every log line. A thread-local map does not reach a fork by itself; {@link #CARRIER}
 * carries a copy of the owner's map into each fork of a scope configured with it ({@code
 * Scope.Config.withCarriers}), the way an MDC carrier would call {@code MDC.getCopyOfContextMap()}
 * in the owner and {@code MDC.setContextMap(..)} / {@code MDC.clear()} in the fork.
 *
 * <p>Log lines go to a shared queue (any thread may log), so that the demo can print and check
 * them.
 */
public final class LogContext {
    private static final ThreadLocal<Map<String, String>> CONTEXT = new ThreadLocal<>();

    private final Queue<String> lines = new ConcurrentLinkedQueue<>();

    /**
     * Carries the calling thread's context into forks: a copy is taken in {@code fork()}, set on
     * the fork's thread before its task, and removed after it.
     */
    public static final ContextCarrier<Map<String, String>> CARRIER =
            new ContextCarrier<>() {
                @Override
                public Map<String, String> capture() {
                    return copy();
                }

                @Override
                public void restore(Map<String, String> captured) {
                    CONTEXT.set(new LinkedHashMap<>(captured));
                }

                @Override
                public void clear(Map<String, String> captured) {
                    CONTEXT.remove();
                }
            };

    /** Creates an empty log. */
    public LogContext() {}

    /**
     * Puts a key into the calling thread's context (like {@code MDC.put}).
     *
     * @param key the key
     * @param value its value
     */
    public static void put(String key, String value) {
        Map<String, String> m = CONTEXT.get();
        if (m == null) {
            m = new LinkedHashMap<>();
            CONTEXT.set(m);
        }
        m.put(key, value);
    }

    /** Empties the calling thread's context (like {@code MDC.clear}). */
    public static void clear() {
        CONTEXT.remove();
    }

    /**
     * The calling thread's context, copied.
     *
     * @return its keys and values, in insertion order; empty if none
     */
    public static Map<String, String> copy() {
        Map<String, String> m = CONTEXT.get();
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /**
     * Logs one line: {@code [key=value ...] <thread name>: message}.
     *
     * @param message what happened
     * @return the line
     */
    public String log(String message) {
        StringBuilder b = new StringBuilder("[");
        copy().forEach(
                        (k, v) ->
                                b.append(b.length() > 1 ? " " : "")
                                        .append(k)
                                        .append('=')
                                        .append(v));
        String line =
                b.append("] ")
                        .append(Thread.currentThread().getName())
                        .append(": ")
                        .append(message)
                        .toString();
        lines.add(line);
        return line;
    }

    /**
     * Every line logged so far, in the order they were logged.
     *
     * @return the lines
     */
    public java.util.List<String> lines() {
        return java.util.List.copyOf(lines);
    }
}

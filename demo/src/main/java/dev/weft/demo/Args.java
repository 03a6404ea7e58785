package dev.weft.demo;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

/**
 * The demos' command-line arguments: the one place that parses numbers, durations, option values
 * and URLs. Every mistake is a {@link Demos.UsageException} whose message names the argument and
 * quotes the bad value, which the launcher prints as one line.
 *
 * <p>Two forms of message, as the demos have always printed them. Positional arguments ({@link
 * #count}, {@link #millis}) say what is wrong in one of two messages: {@code pings must be a whole
 * number, got 'ten'} or {@code pings must be between 0 and 1000000, got -1}. Options ({@link
 * #intOption}, {@link #secondsOption}) say the whole rule at once: {@code --port must be a whole
 * number from 0 to 65535, got 'abc'}.
 *
 * <p>An instance walks one demo's options in order; its {@code context} (for example {@code
 * "download: "}) starts every message it makes.
 */
final class Args {
    private final String context;
    private final List<String> args;
    private int next;

    /**
     * Walks {@code args} from the first.
     *
     * @param context what starts each message, for example {@code "download: "}, or {@code ""}
     * @param args the arguments
     */
    Args(String context, List<String> args) {
        this.context = context;
        this.args = args;
    }

    /** Whether an argument is left. */
    boolean hasNext() {
        return next < args.size();
    }

    /** The next argument. */
    String next() {
        return args.get(next++);
    }

    /**
     * The value after {@code option}.
     *
     * @throws Demos.UsageException if {@code option} is the last argument
     */
    String valueOf(String option) {
        if (!hasNext()) {
            throw error(option + " needs a value");
        }
        return next();
    }

    /**
     * The value after {@code option}, a whole number from {@code min} to {@code max}.
     *
     * @throws Demos.UsageException if it is missing, not a number, or out of range
     */
    int intOption(String option, int min, int max) {
        return (int) option(option, min, max, "");
    }

    /**
     * The value after {@code option}, a whole number of seconds from {@code min} to {@code max}.
     *
     * @throws Demos.UsageException if it is missing, not a number, or out of range
     */
    Duration secondsOption(String option, long min, long max) {
        return Duration.ofSeconds(option(option, min, max, " of seconds"));
    }

    private long option(String option, long min, long max, String ofUnit) {
        String value = valueOf(option);
        Long n = parse(value);
        if (n == null || n < min || n > max) {
            throw error(
                    option
                            + " must be a whole number"
                            + ofUnit
                            + " from "
                            + min
                            + " to "
                            + max
                            + ", got '"
                            + value
                            + "'");
        }
        return n;
    }

    /**
     * Parses an absolute http or https URL with a host.
     *
     * @param arg the argument
     * @return the URL
     * @throws Demos.UsageException if it is anything else
     */
    URI httpUrl(String arg) {
        URI uri;
        try {
            uri = new URI(arg);
        } catch (URISyntaxException e) {
            uri = null;
        }
        String scheme = uri == null ? null : uri.getScheme();
        if (scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw error("'" + arg + "' is not an http:// or https:// URL");
        }
        return uri;
    }

    /** A usage error whose message starts with this walk's context. */
    Demos.UsageException error(String message) {
        return new Demos.UsageException(context + message);
    }

    // ---- positional arguments ---------------------------------------------------------------

    /**
     * Parses the one optional positional count of a demo: {@code [name]}.
     *
     * @param demo the demo's name, for the message about too many arguments
     * @param args its arguments
     * @param name the argument's name
     * @param byDefault the count when there is no argument
     * @param max the largest count allowed
     * @return the count
     * @throws Demos.UsageException if there is more than one argument or it is not a count
     */
    static int countOr(String demo, List<String> args, String name, int byDefault, int max) {
        return countOr(demo, args, name, byDefault, 0, max);
    }

    /**
     * Parses the one optional positional count of a demo, {@code [name]}, that must be at least
     * {@code min}.
     *
     * @param demo the demo's name, for the message about too many arguments
     * @param args its arguments
     * @param name the argument's name
     * @param byDefault the count when there is no argument
     * @param min the smallest count allowed
     * @param max the largest count allowed
     * @return the count
     * @throws Demos.UsageException if there is more than one argument or it is not a count from
     *     {@code min} to {@code max}
     */
    static int countOr(
            String demo, List<String> args, String name, int byDefault, int min, int max) {
        expectNoneOr(demo, args, name);
        return args.isEmpty() ? byDefault : (int) between(name, args.get(0), min, max, "", "");
    }

    /**
     * Parses the one optional positional number of milliseconds of a demo: {@code [name]}.
     *
     * @param demo the demo's name, for the message about too many arguments
     * @param args its arguments
     * @param name the argument's name
     * @param byDefault the duration when there is no argument
     * @return the duration
     * @throws Demos.UsageException if there is more than one argument or it is not a duration
     */
    static Duration millisOr(String demo, List<String> args, String name, Duration byDefault) {
        expectNoneOr(demo, args, name);
        return args.isEmpty() ? byDefault : millis(name, args.get(0));
    }

    /**
     * Parses a positional count.
     *
     * @param name the argument's name, for the message
     * @param value the text
     * @param max the largest count allowed
     * @return the count, from 0 to {@code max}
     * @throws Demos.UsageException if it is not a whole number from 0 to {@code max}
     */
    static int count(String name, String value, int max) {
        return (int) between(name, value, 0, max, "", "");
    }

    /**
     * Parses a command-line number of milliseconds.
     *
     * @param name the argument's name, for the message
     * @param value the text
     * @return the duration
     * @throws Demos.UsageException if it is not a whole number from 0 to 600000
     */
    static Duration millis(String name, String value) {
        return Duration.ofMillis(between(name, value, 0, 600_000, " of milliseconds", " ms"));
    }

    private static long between(
            String name, String value, long min, long max, String ofUnit, String unitSymbol) {
        Long n = parse(value);
        if (n == null) {
            throw new Demos.UsageException(
                    name + " must be a whole number" + ofUnit + ", got '" + value + "'");
        }
        if (n < min || n > max) {
            throw new Demos.UsageException(
                    name + " must be between " + min + " and " + max + unitSymbol + ", got " + n);
        }
        return n;
    }

    /** The whole number {@code value} spells (white space around it allowed), or {@code null}. */
    private static Long parse(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Checks the number of arguments of a demo that takes none or exactly {@code names.length}.
     *
     * @param demo the demo's name
     * @param args its arguments
     * @param names the names of its arguments
     * @throws Demos.UsageException otherwise
     */
    static void expectNoneOr(String demo, List<String> args, String... names) {
        if (names.length == 0 && !args.isEmpty()) {
            throw new Demos.UsageException(
                    demo + " takes no arguments, got " + args.size() + ": " + args);
        }
        if (!args.isEmpty() && args.size() != names.length) {
            throw new Demos.UsageException(
                    demo
                            + " takes no arguments or exactly "
                            + names.length
                            + " ("
                            + String.join(" ", names)
                            + "), got "
                            + args.size()
                            + ": "
                            + args);
        }
    }
}

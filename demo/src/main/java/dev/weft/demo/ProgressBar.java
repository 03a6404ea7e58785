package dev.weft.demo;

import dev.weft.Result;
import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One strategy's progress, called from every download's thread: a bar redrawn in place on a
 * terminal, otherwise a plain line about every quarter of the files and at the end. Each call holds
 * the lock while it updates the counts and prints, so lines never interleave. A {@link
 * ReentrantLock}, not {@code synchronized}: on JDK 21 to 23 printing inside a monitor would pin the
 * virtual thread's carrier (see the {@code blocking} demo).
 */
final class ProgressBar {
    private static final int BAR = 24;

    private final PrintStream out;
    private final boolean terminal;
    private final int total;
    private final int step;
    private int ok;
    private int failed;
    private long bytes;
    private final ReentrantLock lock = new ReentrantLock();

    ProgressBar(PrintStream out, boolean terminal, int total) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
        this.step = Math.max(1, (total + 3) / 4);
    }

    void finished(Result<Integer> size) {
        lock.lock();
        try {
            print(size);
        } finally {
            lock.unlock();
        }
    }

    private void print(Result<Integer> size) {
        if (size instanceof Result.Ok<Integer> done) {
            ok++;
            bytes += done.value();
        } else {
            failed++;
        }
        int finished = ok + failed;
        if (terminal) {
            int filled = total == 0 ? BAR : finished * BAR / total;
            out.print("\r    [" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + status());
            out.flush();
        } else if (finished % step == 0 || finished == total) {
            out.println("    " + status());
        }
    }

    void end() {
        lock.lock();
        try {
            if (terminal && ok + failed > 0) {
                out.println();
            }
        } finally {
            lock.unlock();
        }
    }

    private String status() {
        return "downloaded "
                + ok
                + "/"
                + total
                + " files"
                + (failed > 0 ? ", " + failed + " failed" : "")
                + ", "
                + DownloadReport.kilobytes(bytes);
    }

    /**
     * Whether {@code out} is the process's standard output and that is a terminal. On Java 22+
     * {@link System#console()} may return a console when output is redirected, so {@code
     * Console.isTerminal()} (looked up reflectively: the demo compiles for Java 21) decides there.
     */
    static boolean isTerminal(PrintStream out) {
        Console console = System.console();
        if (out != System.out || console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // Java 21: a console means a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}

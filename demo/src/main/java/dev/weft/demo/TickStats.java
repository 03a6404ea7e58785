package dev.weft.demo;

import dev.weft.demo.PriceTicker.Tick;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the {@code ticker} demo computes, apart from Weft: the made-up prices (a function of the
 * tick's sequence, so a test can recompute them), the moving average and the threshold alert. The
 * two aggregators are each used by one subscriber fork, so they need no locking; the scope's join
 * publishes their results to the main thread.
 */
final class TickStats {
    private TickStats() {}

    /** The two symbols, taking turns: odd ticks are ACME, even ticks BOLT. */
    static final String ACME = "ACME";

    /** The second symbol. */
    static final String BOLT = "BOLT";

    /**
     * The tick with number {@code sequence}: ACME swings around 100 by up to 6, BOLT around 50 by
     * up to 2; prices in cents.
     */
    static Tick tick(long sequence) {
        boolean acme = sequence % 2 == 1;
        double price =
                acme ? 100 + 6 * Math.sin(sequence / 4.0) : 50 + 2 * Math.cos(sequence / 5.0);
        return new Tick(acme ? ACME : BOLT, cents(price), sequence);
    }

    /** For example {@code #7 ACME 105.87}. */
    static String describe(Tick tick) {
        return "#" + tick.sequence() + " " + tick.symbol() + " " + format(tick.price());
    }

    static String format(double price) {
        return String.format(Locale.ROOT, "%.2f", price);
    }

    static double cents(double price) {
        return Math.round(price * 100) / 100.0;
    }

    /** The moving average of the last {@link PriceTicker#WINDOW} prices of each symbol. */
    static final class MovingAverage {
        private final PrintStream out;
        private final Map<String, Deque<Double>> windows = new LinkedHashMap<>();
        private long count;

        MovingAverage(PrintStream out) {
            this.out = out;
        }

        void add(Tick tick) {
            Deque<Double> window = windows.computeIfAbsent(tick.symbol(), s -> new ArrayDeque<>());
            window.addLast(tick.price());
            if (window.size() > PriceTicker.WINDOW) {
                window.removeFirst();
            }
            if (++count % 10 == 0) {
                StringBuilder line = new StringBuilder("moving-average after #" + tick.sequence());
                finalAverages()
                        .forEach(
                                (symbol, avg) ->
                                        line.append(' ')
                                                .append(symbol)
                                                .append(' ')
                                                .append(format(avg)));
                out.println(line);
            }
        }

        /** Each symbol's average now, rounded to cents, in the order the symbols first came. */
        Map<String, Double> finalAverages() {
            Map<String, Double> averages = new LinkedHashMap<>();
            windows.forEach(
                    (symbol, window) ->
                            averages.put(
                                    symbol,
                                    cents(
                                            window.stream()
                                                    .mapToDouble(Double::doubleValue)
                                                    .average()
                                                    .orElseThrow())));
            return Collections.unmodifiableMap(averages);
        }
    }

    /** Reports each time ACME crosses {@link PriceTicker#ALERT_LEVEL}, up or down. */
    static final class Alert {
        private final PrintStream out;
        private Double last;
        private int alerts;

        Alert(PrintStream out) {
            this.out = out;
        }

        void check(Tick tick) {
            if (!tick.symbol().equals(ACME)) {
                return;
            }
            boolean above = tick.price() >= PriceTicker.ALERT_LEVEL;
            if (last != null && above != (last >= PriceTicker.ALERT_LEVEL)) {
                alerts++;
                out.println(
                        "alert: ACME crossed "
                                + (above ? "above " : "below ")
                                + format(PriceTicker.ALERT_LEVEL)
                                + " at "
                                + describe(tick));
            }
            last = tick.price();
        }

        int alerts() {
            return alerts;
        }
    }
}

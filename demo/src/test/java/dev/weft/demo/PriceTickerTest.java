package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

class PriceTickerTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private static final List<String> SUBSCRIBERS =
            List.of("display", "moving-average", "alert", "slow-subscriber");

    @Test
    @Timeout(10)
    void everySubscriberAccountsForEveryTickAndTheStalledOneLagsByAKnownAmount() throws Exception {
        PriceTicker.Outcome outcome = PriceTicker.run(List.of(), out);

        assertEquals(50, outcome.sent());
        assertEachReceivedOrMissedEveryTick(outcome);
        // The slow subscriber read #1, stalled until all 50 were sent, and the channel retained
        // the last 16 of the 49 it had not read: 33 lost, exactly.
        assertEquals(
                new PriceTicker.Tally("slow-subscriber", 17, 33), outcome.subscribers().get(3));

        // Whatever the fast ones lost to a hiccup, each receives the last 16 ticks, and the
        // average covers the last 5 prices of each symbol, that is the last 10 ticks.
        assertEquals(expectedFinalAverages(50), outcome.finalAverages());
        int crossings = expectedCrossings(50);
        assertTrue(crossings >= 2, "the prices cross the alert level: " + crossings);
        assertTrue(
                outcome.alerts() >= 1 && outcome.alerts() <= crossings,
                "alerts " + outcome.alerts() + " of " + crossings + " crossings");

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(33, printedLag(text, "slow-subscriber"), text);
        assertEquals(
                outcome.subscribers().get(0).received(),
                text.lines().filter(line -> line.startsWith("display: #")).count(),
                "the display prints each tick it receives");
        assertTrue(text.contains("display: #50 BOLT "), "the last tick is never lost: " + text);
        assertTrue(text.contains("alert: ACME crossed above 104.00 at #"), text);
        assertTrue(text.contains("producer: sent 50 ticks, closing the sender"), text);
        assertTrue(
                text.contains("slow-subscriber: closed after 17 ticks received, 33 missed"), text);
    }

    @Test
    @Timeout(10)
    void withFewerTicksThanTheCapacityNobodyLags() throws Exception {
        PriceTicker.Outcome outcome = PriceTicker.run(List.of("10"), out);

        assertEquals(10, outcome.sent());
        for (PriceTicker.Tally tally : outcome.subscribers()) {
            assertEquals(10, tally.received(), tally.toString());
            assertEquals(0, tally.missed(), tally.toString());
        }
        assertEquals(expectedFinalAverages(10), outcome.finalAverages());
        assertTrue(!bytes.toString(StandardCharsets.UTF_8).contains("lagged"));
    }

    @Test
    @Timeout(10)
    void manyTicksStillAddUpForEverySubscriber() throws Exception {
        PriceTicker.Outcome outcome = PriceTicker.run(List.of("400"), out);

        assertEquals(400, outcome.sent());
        assertEachReceivedOrMissedEveryTick(outcome);
        assertEquals(
                new PriceTicker.Tally("slow-subscriber", 17, 383), outcome.subscribers().get(3));
        assertEquals(expectedFinalAverages(400), outcome.finalAverages());
    }

    @Test
    @Timeout(10)
    void zeroTicksEndEverySubscriberAtOnce() throws Exception {
        PriceTicker.Outcome outcome = PriceTicker.run(List.of("0"), out);

        assertEquals(0, outcome.sent());
        for (PriceTicker.Tally tally : outcome.subscribers()) {
            assertEquals(0, tally.received() + tally.missed(), tally.toString());
        }
        assertEquals(Map.of(), outcome.finalAverages());
        assertEquals(0, outcome.alerts());
    }

    @Test
    @Timeout(10)
    void theLauncherPrintsTheOutcomeAsJson() {
        JsonNode outcome = LauncherJson.outcome(bytes, out, "ticker", "30");
        assertEquals(30, outcome.get("sent").asInt());
        JsonNode slow = outcome.get("subscribers").get(3);
        assertEquals("slow-subscriber", slow.get("name").asString());
        assertEquals(17, slow.get("received").asInt());
        assertEquals(13, slow.get("missed").asInt());
        assertTrue(outcome.get("finalAverages").get("ACME").isNumber());
    }

    @Test
    @Timeout(10)
    void aBadTickCountIsAUsageErrorNamingIt() {
        var e =
                assertThrows(
                        Demos.UsageException.class, () -> PriceTicker.run(List.of("lots"), out));
        assertEquals("ticks must be a whole number, got 'lots'", e.getMessage());
        var negative =
                assertThrows(Demos.UsageException.class, () -> PriceTicker.run(List.of("-5"), out));
        assertEquals("ticks must be between 0 and 100000, got -5", negative.getMessage());
    }

    @Test
    @Timeout(10)
    void pricesAreAFunctionOfTheSequence() {
        assertEquals(new PriceTicker.Tick("ACME", TickStats.tick(1).price(), 1), TickStats.tick(1));
        assertEquals("BOLT", TickStats.tick(2).symbol());
        assertEquals(TickStats.tick(7), TickStats.tick(7));
        assertEquals("#1 ACME 101.48", TickStats.describe(TickStats.tick(1)));
    }

    /** The sum of the {@code NAME lagged: missed N ticks} lines of one subscriber. */
    private static long printedLag(String text, String name) {
        String prefix = name + " lagged: missed ";
        return text.lines()
                .filter(line -> line.startsWith(prefix))
                .mapToLong(
                        line ->
                                Long.parseLong(
                                        line.substring(prefix.length(), line.indexOf(" ticks"))))
                .sum();
    }

    /** Received + missed == sent: every subscriber subscribed before the first tick. */
    private static void assertEachReceivedOrMissedEveryTick(PriceTicker.Outcome outcome) {
        assertEquals(
                SUBSCRIBERS, outcome.subscribers().stream().map(PriceTicker.Tally::name).toList());
        for (PriceTicker.Tally tally : outcome.subscribers()) {
            assertEquals(outcome.sent(), tally.received() + tally.missed(), tally.toString());
            assertTrue(
                    tally.received() >= Math.min(outcome.sent(), PriceTicker.CAPACITY),
                    tally.toString());
        }
    }

    /** The average of each symbol's last {@link PriceTicker#WINDOW} prices, computed afresh. */
    private static Map<String, Double> expectedFinalAverages(int ticks) {
        TickStats.MovingAverage average = new TickStats.MovingAverage(silent());
        for (long sequence = Math.max(1, ticks - 2L * PriceTicker.WINDOW + 1);
                sequence <= ticks;
                sequence++) {
            average.add(TickStats.tick(sequence));
        }
        return average.finalAverages();
    }

    private static int expectedCrossings(int ticks) {
        TickStats.Alert alert = new TickStats.Alert(silent());
        List<PriceTicker.Tick> all = new ArrayList<>();
        for (long sequence = 1; sequence <= ticks; sequence++) {
            all.add(TickStats.tick(sequence));
        }
        all.forEach(alert::check);
        return alert.alerts();
    }

    private static PrintStream silent() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}

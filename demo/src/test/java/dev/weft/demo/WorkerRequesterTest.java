package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WorkerRequesterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    @Timeout(20)
    void aHundredRequestsAreServedInOrderAndProgressIsReported() throws Exception {
        WorkerRequester.Outcome outcome = WorkerRequester.run(List.of(), out);

        assertEquals(100, outcome.results().size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i * 1000, (int) outcome.results().get(i), "result " + i);
        }
        assertEquals(100, outcome.iterations());

        // 100 requests of 10 ms each take 1 s or more: ticks at 0, 100, ..., 900 ms at least.
        List<WorkerRequester.Report> reports = outcome.reports();
        assertTrue(reports.size() >= 5, "reports: " + reports);
        assertEquals(new WorkerRequester.Report(0, 0), reports.get(0), "the first tick is at once");
        for (int i = 1; i < reports.size(); i++) {
            WorkerRequester.Report before = reports.get(i - 1);
            WorkerRequester.Report after = reports.get(i);
            assertTrue(after.iterations() >= before.iterations(), "reports: " + reports);
            assertTrue(after.atMillis() > before.atMillis(), "reports: " + reports);
            assertEquals(0, after.atMillis() % 100, "due every 100 ms: " + reports);
        }
        assertTrue(reports.get(reports.size() - 1).iterations() <= 100, "reports: " + reports);
        assertTrue(
                reports.stream().anyMatch(r -> r.iterations() > 0 && r.iterations() < 100),
                "some report falls in the middle of the work: " + reports);

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("work result for iteration 0: 0"), text);
        assertTrue(text.contains("work result for iteration 99: 99000"), text);
        assertTrue(text.strip().endsWith("worker: work queue closed after 100 iterations"), text);

        List<String> jsonLines = text.lines().filter(line -> line.startsWith("{")).toList();
        assertEquals(reports.size(), jsonLines.size(), text);
        for (int i = 0; i < jsonLines.size(); i++) {
            JsonNode line = JsonMapper.shared().readTree(jsonLines.get(i));
            assertEquals("report", line.get("event").asString());
            assertEquals(reports.get(i).iterations(), line.get("iterations").asInt());
            assertEquals(reports.get(i).atMillis(), line.get("atMillis").asLong());
            assertEquals(3, line.size(), jsonLines.get(i));
        }
    }

    @Test
    @Timeout(10)
    void zeroRequestsStillStartsAndEndsTheWorker() throws Exception {
        WorkerRequester.Outcome outcome = WorkerRequester.run(List.of("0"), out);

        assertEquals(List.of(), outcome.results());
        assertEquals(0, outcome.iterations());
        assertTrue(
                bytes.toString(StandardCharsets.UTF_8)
                        .contains("worker: work queue closed after 0 iterations"));
    }

    @Test
    @Timeout(10)
    void theLauncherPrintsTheOutcomeAsJson() {
        JsonNode outcome = LauncherJson.outcome(bytes, out, "worker", "3");
        assertEquals("[0,1000,2000]", outcome.get("results").toString());
        assertEquals(3, outcome.get("iterations").asInt());
        assertEquals(0, outcome.get("reports").get(0).get("iterations").asInt());
    }

    @Test
    void aBadCountIsAUsageErrorNamingIt() {
        var e =
                assertThrows(
                        Demos.UsageException.class,
                        () -> WorkerRequester.run(List.of("lots"), out));
        assertEquals("requests must be a whole number, got 'lots'", e.getMessage());
        var negative =
                assertThrows(
                        Demos.UsageException.class, () -> WorkerRequester.run(List.of("-1"), out));
        assertEquals("requests must be between 0 and 10000, got -1", negative.getMessage());
    }
}

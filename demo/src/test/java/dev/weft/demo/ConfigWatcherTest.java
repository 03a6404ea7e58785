package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

class ConfigWatcherTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /** v2, v3, v4 from the file (its second read is unchanged), v5 from the update. */
    private static final List<Integer> PUBLISHED = List.of(2, 3, 4, 5);

    @Test
    @Timeout(10)
    void everyWorkerEndsOnTheFinalVersionAndStopsWhenTheReloaderIsDone() throws Exception {
        ConfigWatcher.Outcome outcome = ConfigWatcher.run(List.of(), out);

        assertEquals(PUBLISHED, outcome.versionsPublished());
        assertEquals(4, outcome.fileChecks());
        assertEquals(3, outcome.workers().size());
        assertEquals(
                List.of("changed()", "changed(timeout)", "tryChanged()"),
                outcome.workers().stream().map(ConfigWatcher.WorkerView::waitsWith).toList());
        for (ConfigWatcher.WorkerView worker : outcome.workers()) {
            assertSawTheFinalVersionAndStopped(worker);
        }

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("config watch created with v1 (maxConnections=10"), text);
        assertTrue(text.contains("reloader: file unchanged at v2, not sent"), text);
        assertTrue(text.contains("worker-2 now uses config v5 (maxConnections=20)"), text);
        for (int n = 1; n <= 3; n++) {
            assertTrue(text.contains("worker-" + n + " starts with config v1"), text);
            assertTrue(
                    text.contains("worker-" + n + " stops: the reloader is done; last used v5"),
                    text);
        }
        assertTrue(text.contains("reloader: done, sender closed"), text);
    }

    /**
     * Timing decides which intermediate versions a busy worker skips (a watch folds changes into
     * the latest); what does not depend on it is checked exactly.
     */
    private static void assertSawTheFinalVersionAndStopped(ConfigWatcher.WorkerView worker) {
        List<Integer> seen = worker.versionsSeen();
        assertFalse(seen.isEmpty(), worker.toString());
        assertEquals(5, seen.get(seen.size() - 1), "ends on the final version: " + worker);
        assertEquals(5, worker.lastVersion(), worker.toString());
        assertTrue(PUBLISHED.containsAll(seen), "only published versions: " + worker);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) > seen.get(i - 1), "in order, each once: " + worker);
        }
        assertTrue(worker.stopped(), worker.toString());
        assertEquals(20, worker.lastWorkLimit(), "its last piece of work used v5: " + worker);
        assertTrue(
                worker.piecesOfWork() > seen.size(), "one piece per version at least: " + worker);
    }

    @Test
    @Timeout(10)
    void oneWorkerWaitsWithChangedAndSeesTheEnd() throws Exception {
        ConfigWatcher.Outcome outcome = ConfigWatcher.run(List.of("1"), out);

        assertEquals(PUBLISHED, outcome.versionsPublished());
        assertEquals(1, outcome.workers().size());
        assertEquals("changed()", outcome.workers().get(0).waitsWith());
        assertSawTheFinalVersionAndStopped(outcome.workers().get(0));
    }

    @Test
    @Timeout(10)
    void manyWorkersAllEndOnTheFinalVersion() throws Exception {
        ConfigWatcher.Outcome outcome = ConfigWatcher.run(List.of("12"), out);

        assertEquals(12, outcome.workers().size());
        for (ConfigWatcher.WorkerView worker : outcome.workers()) {
            assertSawTheFinalVersionAndStopped(worker);
        }
    }

    @Test
    @Timeout(10)
    void theLauncherPrintsTheOutcomeAsJson() {
        JsonNode outcome = LauncherJson.outcome(bytes, out, "config", "2");
        assertEquals("[2,3,4,5]", outcome.get("versionsPublished").toString());
        assertEquals(2, outcome.get("workers").size());
        assertEquals(5, outcome.get("workers").get(1).get("lastVersion").asInt());
        assertTrue(outcome.get("workers").get(1).get("stopped").asBoolean());
    }

    @Test
    @Timeout(10)
    void aBadWorkerCountIsAUsageErrorNamingIt() {
        var e =
                assertThrows(
                        Demos.UsageException.class, () -> ConfigWatcher.run(List.of("many"), out));
        assertEquals("workers must be a whole number, got 'many'", e.getMessage());
        var zero =
                assertThrows(
                        Demos.UsageException.class, () -> ConfigWatcher.run(List.of("0"), out));
        assertEquals("workers must be between 1 and 64, got 0", zero.getMessage());
        var two =
                assertThrows(
                        Demos.UsageException.class,
                        () -> ConfigWatcher.run(List.of("1", "2"), out));
        assertEquals(
                "config takes no arguments or exactly 1 (workers), got 2: [1, 2]",
                two.getMessage());
    }
}

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

class WorkerPoolTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    @Timeout(20)
    void fourWorkersShareOneChannelAndEachJobIsDoneOnce() throws Exception {
        WorkerPool.Outcome outcome = WorkerPool.run(List.of(), out);

        assertEquals(100, outcome.jobs());
        assertTrue(outcome.doneOnce(), outcome.toString());
        assertEquals(
                100,
                outcome.done().values().stream().mapToInt(Integer::intValue).sum(),
                "all done");
        assertEquals(List.of(1, 2, 3, 4), List.copyOf(outcome.done().keySet()));
        // One after another: 500 ms of work. Shared by four, well under that.
        assertTrue(outcome.millis() < 450, "took " + outcome.millis() + " ms");
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("100 jobs by 4 workers in "), text);
        assertTrue(text.contains("each job done once: true"), text);
    }

    @Test
    @Timeout(20)
    void everyWorkerGetsWorkWhenThereIsEnough() throws Exception {
        WorkerPool.Outcome outcome = WorkerPool.run(200, 4, out);
        assertTrue(outcome.doneOnce());
        outcome.done().forEach((w, n) -> assertTrue(n > 0, "worker " + w + " did nothing"));
    }

    @Test
    @Timeout(20)
    void noJobsEndsAtOnce() throws Exception {
        WorkerPool.Outcome outcome = WorkerPool.run(0, 4, out);
        assertTrue(outcome.doneOnce());
        assertEquals(0, outcome.done().values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void aBadCountIsAUsageError() {
        var e = assertThrows(Demos.UsageException.class, () -> WorkerPool.run(List.of("x"), out));
        assertTrue(e.getMessage().startsWith("jobs must be"), e.getMessage());
    }
}

package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BlockingTheExecutorTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    @Timeout(60)
    void sleepsOverlapButCpuLoopsAndPinningHoldTheOnlyCarrierUnlessOffloaded() throws Exception {
        BlockingTheExecutor.Outcome outcome = BlockingTheExecutor.run(List.of(), out);

        assertEquals(10, outcome.sleepers().size());
        for (int i = 0; i < 10; i++) {
            var s = outcome.sleepers().get(i);
            assertEquals(i + 1, s.id());
            assertTrue(s.finishedAfterMillis() >= s.sleptMillis(), s.toString());
        }
        // One after another they would take 550 ms; at once, about 100.
        assertTrue(outcome.totalMillis() < 400, "part 1 took " + outcome.totalMillis() + " ms");

        Map<String, Long> took =
                outcome.experiments().stream()
                        .collect(
                                Collectors.toMap(
                                        BlockingTheExecutor.Experiment::name,
                                        BlockingTheExecutor.Experiment::measuredMillis));
        assertEquals(
                List.of(
                        "cpu",
                        "cpu on a BlockingPool",
                        "synchronized",
                        "synchronized on a BlockingPool"),
                outcome.experiments().stream().map(BlockingTheExecutor.Experiment::name).toList());
        assertTrue(took.get("cpu") >= 280, "the sleeper waited for the loop: " + took);
        assertTrue(took.get("cpu on a BlockingPool") < 250, "the sleeper ran on time: " + took);
        if (outcome.jdk() >= 24) {
            assertTrue(took.get("synchronized") < 180, "JEP 491: no pinning: " + took);
        } else {
            assertTrue(took.get("synchronized") >= 180, "pinned: one after another: " + took);
        }
        assertTrue(took.get("synchronized on a BlockingPool") < 180, took.toString());

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("future 10 slept for 100ms, finished after "), text);
        assertTrue(text.contains("<- the carrier was held"), text);
    }

    @Test
    void itTakesNoArguments() {
        var e =
                assertThrows(
                        Demos.UsageException.class,
                        () -> BlockingTheExecutor.run(List.of("x"), out));
        assertEquals("blocking takes no arguments, got 1: [x]", e.getMessage());
    }
}

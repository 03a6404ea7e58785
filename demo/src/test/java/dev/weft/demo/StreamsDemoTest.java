package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class StreamsDemoTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    @Timeout(10)
    void sumsStopsAtTheFirstErrAndKeepsAHundredJumpersInTheAir() throws Exception {
        StreamsDemo.Outcome outcome = StreamsDemo.run(List.of(), out);

        assertEquals(55, outcome.sum()); // 1 + 2 + ... + 10
        assertEquals(new StreamsDemo.TrySum(Result.ok(55), 10, 55), outcome.tryAllOk());

        StreamsDemo.TrySum stopped = outcome.tryWithError();
        Result.Err<?> err = assertInstanceOf(Result.Err.class, stopped.sum());
        IOException cause = assertInstanceOf(IOException.class, err.exception());
        assertEquals("read failed at item 5", cause.getMessage());
        assertEquals(4, stopped.valuesSummed()); // items 1..4, then the Err
        assertEquals(10, stopped.sumSoFar()); // 1 + 2 + 3 + 4

        StreamsDemo.Jumps jumps = outcome.jumps();
        assertEquals(1000, jumps.jumpers());
        assertEquals(100, jumps.limit());
        assertEquals(1000, jumps.jumped());
        // Never more than the limit; and exactly the limit: the owner forks the first 100
        // jumpers back to back (microseconds each) while each of them sleeps 20 ms, and every
        // later wave is another chance, so all 100 slots are busy at some moment (40 of 40 cold
        // runs reached 100, 15 of them with two busy loops on this 2-core machine).
        assertEquals(100, jumps.peakConcurrent());
        // 1000 jumps of 20 ms, 100 at a time: ~200 ms, not the 20 s of one at a time.
        assertTrue(jumps.elapsedMillis() >= 200, "took " + jumps.elapsedMillis() + " ms");
        assertTrue(jumps.elapsedMillis() < 5_000, "took " + jumps.elapsedMillis() + " ms");

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("    sum = 55\n".replace("\n", System.lineSeparator())), text);
        assertTrue(text.contains("-> Ok(55) from 10 values"), text);
        assertTrue(
                text.contains(
                        "-> Err(IOException: read failed at item 5) after 4 values (sum so far"
                                + " 10); items 6..10 never read"),
                text);
        assertTrue(text.contains("at most 100 jumping at once"), text);
    }

    @Test
    @Timeout(10)
    void fewerJumpersThanTheLimitAllJumpAtOnceAtMost() throws Exception {
        StreamsDemo.Jumps jumps = StreamsDemo.run(List.of("30"), out).jumps();

        assertEquals(30, jumps.jumped());
        assertTrue(
                jumps.peakConcurrent() >= 1 && jumps.peakConcurrent() <= 30,
                "peak " + jumps.peakConcurrent());
    }

    @Test
    void aBadJumperCountIsAUsageError() {
        var e =
                assertThrows(
                        Demos.UsageException.class, () -> StreamsDemo.run(List.of("many"), out));
        assertEquals("jumpers must be a whole number, got 'many'", e.getMessage());
    }
}

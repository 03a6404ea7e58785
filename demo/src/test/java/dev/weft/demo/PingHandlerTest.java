package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class PingHandlerTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    @Timeout(10)
    void tenPingsAreCountedAndDroppingTheSenderEndsTheHandler() throws Exception {
        PingHandler.Outcome outcome = PingHandler.run(List.of(), out);

        assertEquals(new PingHandler.Outcome(10, 10, true), outcome);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Sent 10 pings so far."), text);
        assertTrue(text.contains("Received 10 pings so far."), text);
        assertTrue(text.strip().endsWith("ping_handler complete"), text);
    }

    @Test
    @Timeout(10)
    void manyPingsPassThroughTheBoundedChannel() throws Exception {
        PingHandler.Outcome outcome = PingHandler.run(List.of("1000"), out);
        assertEquals(new PingHandler.Outcome(1000, 1000, true), outcome);
    }

    @Test
    void aBadCountIsAUsageError() {
        var e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        Demos.UsageException.class, () -> PingHandler.run(List.of("ten"), out));
        assertEquals("pings must be a whole number, got 'ten'", e.getMessage());
    }
}

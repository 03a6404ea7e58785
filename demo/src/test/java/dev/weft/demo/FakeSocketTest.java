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

class FakeSocketTest {
    private static final long DELAY = 400;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    @Timeout(10)
    void readingInTurnTakesTwoDelaysAndConcurrentlyOne() throws Exception {
        // 400 ms, so that the 1.5x bound leaves 200 ms for a cold JVM on a busy machine (up to
        // ~110 ms seen under load).
        FakeSocket.Outcome outcome = FakeSocket.run(List.of(String.valueOf(DELAY)), out);

        assertEquals(DELAY, outcome.delayMillis());
        FakeSocket.Reads sequential = outcome.sequential();
        FakeSocket.Reads concurrent = outcome.concurrent();
        assertTrue(sequential.elapsedMillis() >= 2 * DELAY, "sequential: " + sequential);
        assertTrue(concurrent.elapsedMillis() >= DELAY, "concurrent: " + concurrent);
        assertTrue(concurrent.elapsedMillis() < DELAY * 3 / 2, "concurrent: " + concurrent);

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("each readable 400 ms after it is opened"), text);
        assertTrue(
                text.contains(
                        "getNum(), getNum()          -> ("
                                + sequential.first()
                                + ", "
                                + sequential.second()
                                + ") after "),
                text);
        assertTrue(
                text.contains(
                        "Tasks.tryJoin(getNum, getNum)      -> ("
                                + concurrent.first()
                                + ", "
                                + concurrent.second()
                                + ") after "),
                text);
    }

    @Test
    @Timeout(10)
    void aSocketHasNoDataBeforeItsDelayAndKeepsItsNumber() throws Exception {
        FakeSocket.MySocket socket = FakeSocket.MySocket.open(java.time.Duration.ofMillis(100));
        assertTrue(!socket.hasDataToRead());
        long start = System.nanoTime();
        int first = socket.readData();
        assertTrue(Elapsed.millisSince(start) >= 90, "readData returned early");
        assertTrue(socket.hasDataToRead());
        assertEquals(first, socket.readData());
    }

    @Test
    void aBadDelayIsAUsageError() {
        var e =
                assertThrows(
                        Demos.UsageException.class, () -> FakeSocket.run(List.of("soon"), out));
        assertEquals("delay-ms must be a whole number of milliseconds, got 'soon'", e.getMessage());
    }
}

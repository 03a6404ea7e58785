package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CountToTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    @Timeout(10)
    void countsToTenOnAVirtualThreadAndPrintsExactlyTheArticlesLines() throws Exception {
        CountTo.Outcome outcome = CountTo.run(List.of(), out);

        assertEquals(new CountTo.Outcome(10, 10, true), outcome);
        assertEquals(
                IntStream.rangeClosed(1, 10).mapToObj(i -> "Count is: " + i + "!").toList(),
                lines());
    }

    @Test
    @Timeout(10)
    void theCountComesFromTheArgument() throws Exception {
        assertEquals(new CountTo.Outcome(3, 3, true), CountTo.run(List.of("3"), out));
        assertEquals(List.of("Count is: 1!", "Count is: 2!", "Count is: 3!"), lines());
    }

    @Test
    @Timeout(10)
    void countingToZeroPrintsNothing() throws Exception {
        assertEquals(new CountTo.Outcome(0, 0, true), CountTo.run(List.of("0"), out));
        assertEquals(List.of(), lines());
    }

    @Test
    void aBadCountIsAUsageError() {
        var e = assertThrows(Demos.UsageException.class, () -> CountTo.run(List.of("-1"), out));
        assertEquals("count must be between 0 and 1000000, got -1", e.getMessage());
    }
}

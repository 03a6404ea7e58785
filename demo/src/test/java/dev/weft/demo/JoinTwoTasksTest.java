package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class JoinTwoTasksTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    @Timeout(10)
    void bothValuesComeBackAsAPair() throws Exception {
        JoinTwoTasks.Outcome outcome = JoinTwoTasks.run(List.of(), out);

        assertEquals(
                new JoinTwoTasks.Book("The Rust Programming Language", "Klabnik"), outcome.book());
        assertEquals(new JoinTwoTasks.Music("Kind of Blue", "Miles Davis"), outcome.music());
        assertEquals(100, outcome.delayMillis());
        assertTrue(outcome.elapsedMillis() >= 100, "took " + outcome.elapsedMillis() + " ms");
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(
                text.contains(
                        "  (Book { title: \"The Rust Programming Language\", author: \"Klabnik\" },"
                                + " Music { title: \"Kind of Blue\", artist: \"Miles Davis\""
                                + " })"),
                text);
    }

    @Test
    @Timeout(10)
    void theTwoRunSideBySide() throws Exception {
        // 400 ms each, so that the 1.5x bound leaves 200 ms for a cold JVM on a busy machine
        // (up to ~115 ms seen under load); one after the other they would take 800 ms.
        JoinTwoTasks.Outcome outcome = JoinTwoTasks.run(List.of("400"), out);

        assertTrue(outcome.elapsedMillis() >= 400, "took " + outcome.elapsedMillis() + " ms");
        assertTrue(outcome.elapsedMillis() < 600, "took " + outcome.elapsedMillis() + " ms");
    }
}

package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RaceTwoTasksTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    @Timeout(10)
    void theFastDogWinsAndTheSlowCatIsCancelled() throws Exception {
        RaceTwoTasks.Outcome outcome = RaceTwoTasks.run(List.of(), out);

        assertEquals(Animal.DOG, outcome.winner());
        assertEquals(Animal.CAT, outcome.loser());
        assertTrue(outcome.loserCancelled(), "the cat records the interrupt");
        assertTrue(
                outcome.elapsedMillis() < 400,
                "took " + outcome.elapsedMillis() + " ms; the cat alone takes 500 ms");

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Winner is Dog { name: \"Rex\" }"), text);
        assertTrue(text.contains("was interrupted"), text);
    }

    @Test
    @Timeout(10)
    void theTimingsComeFromTheArguments() throws Exception {
        RaceTwoTasks.Outcome outcome = RaceTwoTasks.run(List.of("0", "5000"), out);

        assertEquals(Animal.CAT, outcome.winner());
        assertTrue(outcome.loserCancelled(), "the dog records the interrupt");
        assertTrue(outcome.elapsedMillis() < 2_000, "took " + outcome.elapsedMillis() + " ms");
    }
}

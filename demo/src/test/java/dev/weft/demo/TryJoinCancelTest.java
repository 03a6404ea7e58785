package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ScopeFailedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TryJoinCancelTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    @Timeout(10)
    void theFailureSurfacesWithItsCauseAndTheSlowTaskIsInterruptedEarly() throws Exception {
        TryJoinCancel.Outcome outcome = TryJoinCancel.run(List.of(), out);

        ScopeFailedException failure = outcome.failure();
        assertNotNull(failure);
        IOException cause = assertInstanceOf(IOException.class, failure.getCause());
        assertEquals("the bookshop closed the connection", cause.getMessage());
        assertSame(cause, outcome.cause());
        assertEquals(0, failure.getSuppressed().length, "a cancelled fork is not a failure");

        assertTrue(outcome.slowTaskInterrupted(), "getMusic records the interrupt");
        assertTrue(outcome.slowTaskInterruptedAtMillis() >= 0);
        assertTrue(
                outcome.elapsedMillis() < 2_000,
                "took " + outcome.elapsedMillis() + " ms; getMusic alone takes 5000 ms");

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("tryJoin threw ScopeFailedException"), text);
        assertTrue(text.contains("cause: IOException: the bookshop closed the connection"), text);
        assertTrue(text.contains("getMusic was interrupted"), text);
    }

    @Test
    @Timeout(10)
    void theTimingsComeFromTheArguments() throws Exception {
        TryJoinCancel.Outcome outcome = TryJoinCancel.run(List.of("0", "5000"), out);

        assertInstanceOf(IOException.class, outcome.cause());
        assertTrue(outcome.slowTaskInterrupted());
        assertTrue(outcome.elapsedMillis() < 2_000, "took " + outcome.elapsedMillis() + " ms");
    }

    @Test
    @Timeout(10)
    void aFailureStillSurfacesWhenTheOtherTaskHadAlreadySucceeded() throws Exception {
        TryJoinCancel.Outcome outcome = TryJoinCancel.run(List.of("300", "0"), out);

        assertInstanceOf(IOException.class, outcome.cause());
        assertFalse(outcome.slowTaskInterrupted(), "getMusic had finished: nothing to cancel");
        assertEquals(-1, outcome.slowTaskInterruptedAtMillis());
    }
}

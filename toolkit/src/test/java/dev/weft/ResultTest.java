package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@link Result}: a task's outcome as a value. */
class ResultTest {

    @Test
    void okCarriesTheValue() {
        Result<Integer> r = Result.ok(3);
        assertTrue(r.isOk());
        assertEquals(3, r.getOrThrow());
        assertEquals(3, r.orElse(0));
        assertEquals(Result.ok("3"), r.map(String::valueOf));
    }

    @Test
    void errCarriesTheException() {
        var boom = new IOException("boom");
        Result<Integer> r = Result.err(boom);
        assertFalse(r.isOk());
        assertEquals(0, r.orElse(0));
        assertSame(r, r.map(String::valueOf));
        var e = assertThrows(TaskFailedException.class, r::getOrThrow);
        assertSame(boom, e.getCause());
    }

    @Test
    void printsLikeRust() {
        assertEquals("Ok(42)", Result.ok(42).toString());
        assertEquals(
                "Err(java.io.IOException: boom)", Result.err(new IOException("boom")).toString());
    }

    @Test
    void errNeedsAnException() {
        assertThrows(NullPointerException.class, () -> Result.err(null));
    }

    @Test
    void ofCapturesValueOrException() {
        assertEquals(Result.ok("x"), Result.of(() -> "x"));
        var boom = new IOException("boom");
        assertEquals(
                Result.err(boom),
                Result.of(
                        () -> {
                            throw boom;
                        }));
    }

    @Test
    void ofKeepsTheInterruptFlagWhenTheTaskIsInterrupted() {
        Result<Object> r =
                Result.of(
                        () -> {
                            throw new InterruptedException("stop");
                        });
        assertInstanceOf(InterruptedException.class, ((Result.Err<Object>) r).exception());
        assertTrue(Thread.interrupted(), "the interrupt was swallowed");
    }
}

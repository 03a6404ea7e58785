package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ArgsTest {
    private static String usageError(Executable parse) {
        return assertThrows(Demos.UsageException.class, parse).getMessage();
    }

    @Test
    void aCountIsAWholeNumberFromZeroToTheMaximum() {
        assertEquals(0, Args.count("pings", "0", 10));
        assertEquals(10, Args.count("pings", " 10 ", 10), "white space around it is fine");
        assertEquals(
                "pings must be a whole number, got 'ten'",
                usageError(() -> Args.count("pings", "ten", 10)));
        assertEquals(
                "pings must be a whole number, got '1.5'",
                usageError(() -> Args.count("pings", "1.5", 10)));
        assertEquals(
                "pings must be between 0 and 10, got -1",
                usageError(() -> Args.count("pings", "-1", 10)));
        assertEquals(
                "pings must be between 0 and 10, got 11",
                usageError(() -> Args.count("pings", "11", 10)));
    }

    @Test
    void aCountCanHaveAMinimum() {
        assertEquals(3, Args.countOr("config", List.of(), "workers", 3, 1, 64));
        assertEquals(1, Args.countOr("config", List.of("1"), "workers", 3, 1, 64));
        assertEquals(
                "workers must be between 1 and 64, got 0",
                usageError(() -> Args.countOr("config", List.of("0"), "workers", 3, 1, 64)));
        assertEquals(
                "workers must be between 1 and 64, got 65",
                usageError(() -> Args.countOr("config", List.of("65"), "workers", 3, 1, 64)));
        assertEquals(
                "workers must be a whole number, got 'x'",
                usageError(() -> Args.countOr("config", List.of("x"), "workers", 3, 1, 64)));
    }

    @Test
    void millisecondsAreAWholeNumberFromZeroTo600000() {
        assertEquals(Duration.ofMillis(250), Args.millis("delay-ms", "250"));
        assertEquals(Duration.ofMinutes(10), Args.millis("delay-ms", "600000"));
        assertEquals(
                "delay-ms must be a whole number of milliseconds, got 'soon'",
                usageError(() -> Args.millis("delay-ms", "soon")));
        assertEquals(
                "delay-ms must be between 0 and 600000 ms, got 600001",
                usageError(() -> Args.millis("delay-ms", "600001")));
    }

    @Test
    void anOptionalPositionalArgumentHasADefaultAndNoCompany() {
        assertEquals(7, Args.countOr("ping", List.of(), "pings", 7, 100));
        assertEquals(3, Args.countOr("ping", List.of("3"), "pings", 7, 100));
        assertEquals(
                Duration.ofMillis(5),
                Args.millisOr("join-two", List.of(), "delay-ms", Duration.ofMillis(5)));
        assertEquals(
                Duration.ofMillis(9),
                Args.millisOr("join-two", List.of("9"), "delay-ms", Duration.ofMillis(5)));
        assertEquals(
                "ping takes no arguments or exactly 1 (pings), got 2: [1, 2]",
                usageError(() -> Args.countOr("ping", List.of("1", "2"), "pings", 7, 100)));
        assertEquals(
                "blocking takes no arguments, got 1: [x]",
                usageError(() -> Args.expectNoneOr("blocking", List.of("x"))));
    }

    @Test
    void optionsTakeTheNextArgumentAndSayTheWholeRule() {
        Args in = new Args("download: ", List.of("--limit", "4", "--port", "70000", "--for"));
        assertEquals("--limit", in.next());
        assertEquals(4, in.intOption("--limit", 1, 1000));
        assertEquals("--port", in.next());
        assertEquals(
                "download: --port must be a whole number from 0 to 65535, got '70000'",
                usageError(() -> in.intOption("--port", 0, 65_535)));
        assertEquals("--for", in.next());
        assertEquals(
                "download: --for needs a value",
                usageError(() -> in.secondsOption("--for", 1, 60)));
        assertFalse(in.hasNext());
    }

    @Test
    void secondsOptionsNameTheirUnit() {
        Args in = new Args("", List.of("--for", "30", "--for", "-1"));
        in.next();
        assertEquals(Duration.ofSeconds(30), in.secondsOption("--for", 1, 60));
        in.next();
        assertEquals(
                "--for must be a whole number of seconds from 1 to 60, got '-1'",
                usageError(() -> in.secondsOption("--for", 1, 60)));
    }

    @Test
    void aUrlMustBeAbsoluteHttpOrHttpsWithAHost() {
        Args in = new Args("download: ", List.of());
        assertEquals(URI.create("https://example.com/a"), in.httpUrl("https://example.com/a"));
        assertEquals(URI.create("HTTP://127.0.0.1:8080/"), in.httpUrl("HTTP://127.0.0.1:8080/"));
        for (String bad :
                List.of("not a url", "ftp://example.com/x", "/files/a", "http:///nohost")) {
            assertEquals(
                    "download: '" + bad + "' is not an http:// or https:// URL",
                    usageError(() -> in.httpUrl(bad)),
                    bad);
        }
        assertTrue(in.error("x").getMessage().startsWith("download: "));
    }
}

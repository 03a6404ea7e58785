package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Result;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ReadUsernameTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @TempDir Path dir;

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    @Timeout(10)
    void withoutArgumentsASampleFileIsWrittenReadAndDeleted() throws Exception {
        ReadUsername.Outcome outcome = ReadUsername.run(List.of(), out);

        assertEquals(Result.ok("Ferris"), outcome.username());
        assertTrue(lines().contains("Hello Ferris"), lines().toString());
        assertTrue(outcome.path().endsWith("username.txt"), outcome.path());
        assertTrue(Files.notExists(Path.of(outcome.path())), "the sample file is deleted");
    }

    @Test
    @Timeout(10)
    void aGivenFileIsGreeted() throws Exception {
        Path file = dir.resolve("username.txt");
        Files.writeString(file, "Grace Hopper\n");

        ReadUsername.Outcome outcome = ReadUsername.run(List.of(file.toString()), out);

        assertEquals(new ReadUsername.Outcome(file.toString(), Result.ok("Grace Hopper")), outcome);
        assertEquals(
                List.of(
                        "getUserName() reads " + file + " on a virtual thread:",
                        "Hello Grace Hopper"),
                lines());
    }

    @Test
    @Timeout(10)
    void aMissingFileIsAnErrFromTheTask() throws Exception {
        Path missing = dir.resolve("nobody.txt");

        ReadUsername.Outcome outcome = ReadUsername.run(missing, out);

        Result.Err<?> err = assertInstanceOf(Result.Err.class, outcome.username());
        assertInstanceOf(NoSuchFileException.class, err.exception());
        assertEquals(
                List.of(
                        "getUserName() reads " + missing + " on a virtual thread:",
                        "  getUserName() failed: NoSuchFileException: " + missing),
                lines());
    }

    @Test
    @Timeout(10)
    void aMissingFileOnTheCommandLineIsOneClearLineAndExitStatusTwo() {
        Path missing = dir.resolve("nobody.txt");
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

        int status = Demos.execute(new String[] {"username", missing.toString()}, out, err);

        assertEquals(Demos.USAGE, status);
        assertEquals(
                "weft-demo: username: cannot read '" + missing + "': no such file\n",
                errBytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }
}

package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.weft.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutATerminalItPrintsALineAboutEveryQuarterAndAtTheEnd() {
        ProgressBar progress = new ProgressBar(out, false, 6);
        for (int i = 0; i < 5; i++) {
            progress.finished(Result.ok(1024));
        }
        progress.finished(Result.err(new IOException("HTTP 404")));
        progress.end();

        assertEquals(
                "    downloaded 2/6 files, 2.0 KB\n"
                        + "    downloaded 4/6 files, 4.0 KB\n"
                        + "    downloaded 5/6 files, 1 failed, 5.0 KB\n",
                text());
    }

    @Test
    void onATerminalItRedrawsOneBarInPlace() {
        ProgressBar progress = new ProgressBar(out, true, 2);
        progress.finished(Result.ok(512));
        progress.finished(Result.ok(512));
        progress.end();

        assertEquals(
                "\r    [############............] downloaded 1/2 files, 0.5 KB"
                        + "\r    [########################] downloaded 2/2 files, 1.0 KB\n",
                text());
    }

    @Test
    void aStreamOtherThanStandardOutputIsNoTerminal() {
        assertFalse(ProgressBar.isTerminal(out));
    }
}

package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs a demo through the launcher with {@code --json} and reads its one line of outcome. */
final class LauncherJson {
    private LauncherJson() {}

    /**
     * Runs {@code Demos.execute("--json", args...)} printing to {@code out} (backed by {@code
     * bytes}), checks that it exited with status 0 and printed exactly one line, and parses it.
     */
    static JsonNode outcome(ByteArrayOutputStream bytes, PrintStream out, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] line = new String[args.length + 1];
        line[0] = "--json";
        System.arraycopy(args, 0, line, 1, args.length);
        int status = Demos.execute(line, out, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), lines.toString());
        return JsonMapper.shared().readTree(lines.get(0));
    }
}

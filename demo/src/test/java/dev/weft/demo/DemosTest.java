package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DemosTest {
    private static final List<String> NAMES =
            List.of(
                    "download",
                    "count-to",
                    "join-all",
                    "try-join",
                    "race",
                    "ping",
                    "select",
                    "blocking",
                    "worker",
                    "checkout",
                    "web-server",
                    "fake-socket",
                    "username",
                    "join-two",
                    "streams",
                    "config",
                    "ticker",
                    "pool");

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private int execute(String... args) {
        return Demos.execute(args, out, err);
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listNamesEveryDemoWithTheRustExampleItMirrors() {
        assertEquals(0, execute("list"));

        assertEquals(NAMES, Demos.DEMOS.stream().map(Demos.Demo::name).toList());
        for (String name : NAMES) {
            assertTrue(out().lines().anyMatch(line -> line.startsWith(name + " ")), out());
        }
        assertEquals(
                NAMES.size(), out().lines().filter(line -> line.contains("mirrors: ")).count());
        assertEquals("", err());
    }

    @Test
    void listAsJsonIsOneObjectPerDemo() {
        assertEquals(0, execute("--json", "list"));

        List<String> lines = out().lines().toList();
        assertEquals(NAMES.size(), lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(
                    NAMES.get(i),
                    JsonMapper.shared().readTree(lines.get(i)).get("name").asString());
        }
    }

    @Test
    void anUnknownDemoIsAOneLineErrorAndExitStatusTwo() {
        assertEquals(Demos.USAGE, execute("nope"));

        assertEquals(1, err().lines().count(), err());
        assertEquals(
                "weft-demo: unknown demo 'nope'; known: "
                        + String.join(", ", NAMES)
                        + " (or list, tour, help)",
                err().strip());
        assertEquals("", out());
    }

    @Test
    void aBadNumberIsAOneLineErrorAndExitStatusTwo() {
        assertEquals(Demos.USAGE, execute("race", "500", "fast"));

        assertEquals(
                "weft-demo: dog-ms must be a whole number of milliseconds, got 'fast'",
                err().strip());
    }

    @Test
    void aNegativeNumberIsRejected() {
        assertEquals(Demos.USAGE, execute("try-join", "-1", "100"));

        assertEquals("weft-demo: fail-ms must be between 0 and 600000 ms, got -1", err().strip());
    }

    @Test
    void theWrongNumberOfArgumentsIsRejected() {
        assertEquals(Demos.USAGE, execute("race", "500"));

        assertEquals(1, err().lines().count(), err());
        assertTrue(err().contains("race takes no arguments or exactly 2 (cat-ms dog-ms)"), err());
    }

    @Test
    void anUnknownOptionIsRejected() {
        assertEquals(Demos.USAGE, execute("--yaml", "race"));

        assertEquals("weft-demo: unknown option '--yaml' (known: --json, --help)", err().strip());
    }

    @Test
    void helpPrintsUsage() {
        assertEquals(0, execute("--help"));

        assertTrue(out().startsWith("usage: java -jar demo/target/weft-demo.jar"), out());
    }

    @Test
    @Timeout(10)
    void aDemoRunsByNameAndUnderscoresWork() {
        assertEquals(0, execute("join_all"));

        assertTrue(out().contains("BAD_URL"), out());
        assertEquals("", err());
    }

    @Test
    @Timeout(10)
    void jsonPrintsTheResultRecordAsOneLine() {
        assertEquals(0, execute("--json", "race"));

        List<String> lines = out().lines().toList();
        assertEquals(1, lines.size(), out());
        JsonNode race = JsonMapper.shared().readTree(lines.get(0));
        assertEquals("Rex", race.get("winner").get("name").asString());
        assertEquals("Felix", race.get("loser").get("name").asString());
        assertTrue(race.get("loserCancelled").asBoolean());
        assertTrue(race.get("elapsedMillis").isNumber());
    }

    @Test
    @Timeout(10)
    void jsonShowsResultsAsOkOrErrAndExceptionsAsText() {
        assertEquals(0, execute("--json", "join-all"));

        JsonNode pages = JsonMapper.shared().readTree(out()).get("pages");
        assertEquals(4, pages.size());
        assertEquals(
                JoinAllPageSizes.LocalSite.body("/ip").length,
                pages.get(1).get("size").get("ok").asInt());
        assertEquals("BAD_URL", pages.get(3).get("url").asString());
        assertTrue(
                pages.get(3)
                        .get("size")
                        .get("err")
                        .asString()
                        .startsWith("IllegalArgumentException"),
                out());
    }

    @Test
    @Timeout(60) // the tour runs every demo: about 10 s here
    void theTourRunsEveryDemoWithAHeadingEach() {
        assertEquals(0, execute());

        String text = out();
        assertTrue(text.contains("running on Java " + Runtime.version()), text);
        for (int i = 0; i < NAMES.size(); i++) {
            String heading = "== " + (i + 1) + "/" + NAMES.size() + " " + NAMES.get(i) + ": ";
            assertTrue(text.contains(heading), heading + " missing from\n" + text);
        }
        assertTrue(text.indexOf("join-all: ") < text.indexOf("try-join: "));
        assertTrue(text.indexOf("try-join: ") < text.indexOf("race: "));
        assertEquals("", err());
    }

    @Test
    @Timeout(60)
    void theTourAsJsonIsOneLinePerDemo() {
        assertEquals(0, execute("--json", "tour"));

        List<String> lines = out().lines().toList();
        assertEquals(NAMES.size(), lines.size(), out());
        JsonNode tryJoin = JsonMapper.shared().readTree(lines.get(NAMES.indexOf("try-join")));
        assertEquals(
                "IOException: the bookshop closed the connection", tryJoin.get("cause").asString());
        assertTrue(tryJoin.get("failure").asString().startsWith("ScopeFailedException: "));
        assertTrue(tryJoin.get("slowTaskInterrupted").asBoolean());
        assertFalse(lines.get(0).contains("\n"));
    }

    @Test
    void tourTakesNoArguments() {
        assertEquals(Demos.USAGE, execute("tour", "race"));

        assertEquals("weft-demo: tour takes no arguments, got [race]", err().strip());
    }
}

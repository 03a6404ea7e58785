package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.demo.DownloadFiles.Failure;
import dev.weft.demo.DownloadFiles.Outcome;
import dev.weft.demo.DownloadFiles.StrategyResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DownloadFilesTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(20)
    void theDefaultRunDownloadsEveryFileFiveWaysAndTheConcurrentOnesAreFaster() throws Exception {
        Outcome outcome = DownloadFiles.run(List.of(), out);

        assertEquals(DownloadFiles.FILES, outcome.files());
        assertEquals(DownloadFiles.LIMIT, outcome.limit());
        assertEquals(
                DownloadFiles.STRATEGIES,
                outcome.strategies().stream().map(StrategyResult::name).toList());
        long totalBytes;
        try (FileServer same = FileServer.start(DownloadFiles.FILES, DownloadFiles.DELAY)) {
            totalBytes = same.totalBytes(); // the sizes are seeded: the same files again
        }
        for (StrategyResult s : outcome.strategies()) {
            assertEquals(DownloadFiles.FILES, s.files(), s.name());
            assertEquals(DownloadFiles.FILES, s.filesOk(), s.name());
            assertEquals(0, s.filesFailed(), s.name());
            assertEquals(List.of(), s.failures(), s.name());
            assertEquals(totalBytes, s.bytes(), s.name());
        }

        long sequential = outcome.strategy("sequential").elapsedMillis();
        // Twelve files held 50 to 150 ms each: one at a time takes over a second.
        assertTrue(sequential >= 600, "sequential took " + sequential + " ms");
        long allAtOnce = outcome.strategy("all-at-once").elapsedMillis();
        assertTrue(
                allAtOnce < sequential / 2,
                "all-at-once " + allAtOnce + " ms vs sequential " + sequential + " ms");
        for (String name : List.of("chunks", "limited", "unordered")) {
            long elapsed = outcome.strategy(name).elapsedMillis();
            assertTrue(
                    elapsed < sequential * 2 / 3,
                    name + " " + elapsed + " ms vs sequential " + sequential + " ms");
        }

        assertEquals(1, outcome.strategy("sequential").peakInFlight());
        int allPeak = outcome.strategy("all-at-once").peakInFlight();
        assertTrue(allPeak > DownloadFiles.LIMIT, "all-at-once held " + allPeak + " at once");
        for (String name : List.of("chunks", "limited", "unordered")) {
            int peak = outcome.strategy(name).peakInFlight();
            assertTrue(
                    peak >= 2 && peak <= DownloadFiles.LIMIT,
                    name + " held " + peak + " requests at once; limit " + DownloadFiles.LIMIT);
        }

        List<Integer> order = new ArrayList<>(outcome.completionOrder());
        order.sort(null);
        assertEquals(IntStream.rangeClosed(1, DownloadFiles.FILES).boxed().toList(), order);

        String text = text();
        assertTrue(text.contains("    downloaded 3/12 files, "), text);
        assertTrue(text.contains("    downloaded 12/12 files, "), text);
        assertEquals(
                5 * 4,
                text.lines().filter(line -> line.startsWith("    downloaded ")).count(),
                text);
        assertTrue(text.contains("(e) completion order (file numbers): ["), text);
        assertTrue(text.contains("  strategy     files   ok failed"), text);
        assertTrue(!text.contains("\r"), "no in-place redraws without a terminal");
    }

    @Test
    @Timeout(20)
    void theLimitAndTheNumberOfFilesComeFromTheArguments() throws Exception {
        Outcome outcome =
                DownloadFiles.run(List.of("--files", "7", "--delay-ms", "20", "--limit", "2"), out);

        assertEquals(7, outcome.files());
        assertEquals(2, outcome.limit());
        for (StrategyResult s : outcome.strategies()) {
            assertEquals(7, s.filesOk(), s.name());
        }
        assertEquals(7, outcome.strategy("all-at-once").peakInFlight());
        assertTrue(outcome.strategy("limited").peakInFlight() <= 2);
        assertTrue(outcome.strategy("unordered").peakInFlight() <= 2);
        assertTrue(outcome.strategy("chunks").peakInFlight() <= 2);
        assertTrue(text().contains("downloaded 7/7 files"), text());
    }

    @Test
    @Timeout(20)
    void aMissingFileFailsAloneInEveryStrategy() throws Exception {
        try (FileServer server = FileServer.start(6, Duration.ofMillis(20))) {
            List<String> args = new ArrayList<>();
            server.urls().forEach(url -> args.add(url.toString()));
            String missing = server.baseUrl() + "/files/no-such-file.bin";
            args.add(2, missing);

            Outcome outcome = DownloadFiles.run(args, out);

            assertEquals(7, outcome.files());
            for (StrategyResult s : outcome.strategies()) {
                assertEquals(6, s.filesOk(), s.name());
                assertEquals(1, s.filesFailed(), s.name());
                assertEquals(server.totalBytes(), s.bytes(), s.name());
                assertEquals(
                        List.of(new Failure(3, missing, "IOException: HTTP 404")), s.failures());
                assertNull(s.peakInFlight(), "URLs from the command line: no server count");
            }
            assertEquals(7, outcome.completionOrder().size());
            String text = text();
            assertTrue(text.contains("downloaded 6/7 files, 1 failed, "), text);
            assertTrue(
                    text.contains("    FAILED file 3 " + missing + ": IOException: HTTP 404"),
                    text);
        }
    }

    @Test
    @Timeout(20)
    void aRefusedConnectionFailsAloneAndTheOthersArrive() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (FileServer server = FileServer.start(4, Duration.ofMillis(10))) {
            List<URI> urls = new ArrayList<>(server.urls());
            URI refused = URI.create("http://127.0.0.1:" + closedPort + "/file.bin");
            urls.add(refused);

            Outcome outcome = DownloadFiles.run(urls, server, 2, out);

            for (StrategyResult s : outcome.strategies()) {
                assertEquals(4, s.filesOk(), s.name());
                assertEquals(1, s.filesFailed(), s.name());
                assertEquals(1, s.failures().size(), s.name());
                Failure failure = s.failures().get(0);
                assertEquals(5, failure.file(), s.name());
                assertEquals(refused.toString(), failure.url(), s.name());
                // JDK 25 says "ConnectException: ClosedChannelException"; the cause may vary.
                assertTrue(failure.error().startsWith("ConnectException"), failure.error());
                assertTrue(s.peakInFlight() <= (s.name().equals("all-at-once") ? 4 : 2));
            }
        }
    }

    @Test
    void aMalformedUrlIsAUsageError() {
        Demos.UsageException e =
                assertThrows(
                        Demos.UsageException.class,
                        () -> DownloadFiles.run(List.of("not a url"), out));
        assertEquals("download: 'not a url' is not an http:// or https:// URL", e.getMessage());

        e =
                assertThrows(
                        Demos.UsageException.class,
                        () -> DownloadFiles.run(List.of("ftp://example.com/x"), out));
        assertEquals(
                "download: 'ftp://example.com/x' is not an http:// or https:// URL",
                e.getMessage());
        assertEquals("", text(), "nothing downloaded");
    }

    @Test
    void theLauncherReportsAMalformedUrlInOneLine() {
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

        int status = Demos.execute(new String[] {"download", "not a url"}, out, err);

        assertEquals(Demos.USAGE, status);
        assertEquals(
                "weft-demo: download: 'not a url' is not an http:// or https:// URL",
                errBytes.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(
                "download: --files must be a whole number from 1 to 1000, got 'many'",
                assertThrows(
                                Demos.UsageException.class,
                                () -> DownloadFiles.run(List.of("--files", "many"), out))
                        .getMessage());
        assertEquals(
                "download: --limit needs a value",
                assertThrows(
                                Demos.UsageException.class,
                                () -> DownloadFiles.run(List.of("--limit"), out))
                        .getMessage());
        assertEquals(
                "download: unknown option '--fast'; usage: download " + DownloadFiles.USAGE,
                assertThrows(
                                Demos.UsageException.class,
                                () -> DownloadFiles.run(List.of("--fast"), out))
                        .getMessage());
        assertEquals(
                "download: --files and --delay-ms are for the local server; drop them when giving"
                        + " URLs",
                assertThrows(
                                Demos.UsageException.class,
                                () ->
                                        DownloadFiles.run(
                                                List.of("--files", "3", "http://127.0.0.1:1/"),
                                                out))
                        .getMessage());
    }
}

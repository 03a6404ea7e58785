package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Result;
import dev.weft.demo.DownloadFiles.Failure;
import dev.weft.demo.DownloadFiles.StrategyResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DownloadReportTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void aFailureWithoutAMessageIsDescribedByTheCauseThatHasOne() {
        ConnectException refused = new ConnectException();
        refused.initCause(new ClosedChannelException());
        assertEquals("ConnectException: ClosedChannelException", DownloadReport.describe(refused));
        assertEquals("IOException: HTTP 404", DownloadReport.describe(new IOException("HTTP 404")));
    }

    @Test
    void figuresCountBytesAndFailuresAndTheSpeedUpOverSequential() {
        List<URI> urls = List.of(URI.create("http://a/1"), URI.create("http://a/2"));
        List<Result<Integer>> sizes =
                List.of(Result.ok(2048), Result.err(new IOException("HTTP 404")));
        StrategyResult sequential =
                DownloadReport.figures("sequential", urls, sizes, 400, List.of(), 1, out);
        StrategyResult allAtOnce =
                DownloadReport.figures(
                        "all-at-once", urls, sizes, 100, List.of(sequential), null, out);

        List<Failure> failures = List.of(new Failure(2, "http://a/2", "IOException: HTTP 404"));
        assertEquals(
                new StrategyResult("sequential", 2, 1, 1, 2048, 400, 1.0, 1, failures), sequential);
        assertEquals(
                new StrategyResult("all-at-once", 2, 1, 1, 2048, 100, 4.0, null, failures),
                allAtOnce);
        assertEquals(
                "    FAILED file 2 http://a/2: IOException: HTTP 404\n"
                        + "    sequential: 1 ok, 1 failed, 2.0 KB in 400 ms; the server held at most 1 at once\n"
                        + "    FAILED file 2 http://a/2: IOException: HTTP 404\n"
                        + "    all-at-once: 1 ok, 1 failed, 2.0 KB in 100 ms\n",
                bytes.toString(StandardCharsets.UTF_8));
    }
}

package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerTallyTest {
    @Test
    void countsResponsesByStatusInTheOrderSentAndReportsThem() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ServerTally tally = new ServerTally();
        tally.answered("GET / HTTP/1.1", 200);
        tally.answered("GET /nope HTTP/1.1", 404);
        tally.answered("GET /sleep HTTP/1.1", 200);
        tally.failed();

        HttpListener listener = HttpListener.bind(0, out);
        listener.stop("test over");
        WebServer.Served served = tally.report("concurrent", listener, out);

        assertEquals(
                List.of("GET / HTTP/1.1", "GET /nope HTTP/1.1", "GET /sleep HTTP/1.1"),
                tally.answerOrder());
        assertEquals(
                new WebServer.Served(
                        "concurrent",
                        listener.port(),
                        3,
                        Map.of(200, 2L, 404, 1L),
                        1,
                        0,
                        "test over"),
                served);
        assertEquals(
                "server: stopping (test over): new connections are refused; 0 request(s) in flight will finish\n"
                        + "server: stopped (test over); answered 3 request(s) {200=2, 404=1}, 1 failed connection(s)\n",
                bytes.toString(StandardCharsets.UTF_8));
    }
}

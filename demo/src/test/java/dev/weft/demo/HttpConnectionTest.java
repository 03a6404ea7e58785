package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HttpConnectionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    @Timeout(10)
    void readsTheRequestLineAndItsHeadersThenAnswersWithConnectionClose() throws Exception {
        AtomicInteger closed = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client =
                        new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            OutputStream request = client.getOutputStream();
            request.write(
                    "GET / HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
            request.flush();
            try (HttpConnection connection =
                    new HttpConnection(server.accept(), closed::incrementAndGet)) {
                assertEquals("GET / HTTP/1.1", connection.readRequest(TIMEOUT));
                assertEquals(
                        404,
                        connection.respond(
                                404, "NOT FOUND", "gone".getBytes(StandardCharsets.UTF_8)));
            }
            assertEquals(1, closed.get(), "onClose ran once the socket was closed");
            assertEquals(
                    "HTTP/1.1 404 NOT FOUND\r\nContent-Length: 4\r\nConnection: close\r\n\r\ngone",
                    new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    @Timeout(10)
    void aClientThatClosesWithoutARequestReadsAsNull() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()).close();
            try (HttpConnection connection = new HttpConnection(server.accept(), () -> {})) {
                assertNull(connection.readRequest(TIMEOUT));
            }
        }
    }
}

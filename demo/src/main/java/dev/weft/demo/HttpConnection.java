package dev.weft.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One accepted connection of the {@code web-server} demo, speaking just enough HTTP/1.1 for one
 * request and one response: the chapter's {@code BufReader} lines and its {@code send_response}.
 *
 * <pre>{@code
 * async fn send_response(mut stream: TcpStream, code: u16, reason: &str, filename: &str) {
 *     let contents = fs::read_to_string(filename).await.unwrap();
 *     let length = contents.len();
 *     let response =
 *         format!("HTTP/1.1 {code} {reason}\r\nContent-Length: {length}\r\n\r\n{contents}");
 *     stream.write_all(response.as_bytes()).await.unwrap();
 * }
 * }</pre>
 *
 * <p>Two small departures from the chapter, both about closing the connection after one response:
 * {@link #readRequest} reads the request's header lines (up to the blank line), as chapter 20 does,
 * because closing a socket with unread input makes TCP send a reset that can discard the response;
 * and the response says {@code Connection: close}, which is true, so HTTP/1.1 clients do not try to
 * reuse the connection.
 */
final class HttpConnection implements AutoCloseable {
    private final Socket socket;
    private final Runnable onClose;

    /**
     * Wraps an accepted socket.
     *
     * @param socket the connection
     * @param onClose runs once the socket is closed, for example to count it out of those in flight
     */
    HttpConnection(Socket socket, Runnable onClose) {
        this.socket = socket;
        this.onClose = onClose;
    }

    /**
     * Reads the request line and the header lines after it.
     *
     * @param timeout how long the client may take to send them
     * @return the request line, or {@code null} if the client closed without sending one
     * @throws IOException if reading fails or times out
     */
    String readRequest(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        BufferedReader reader =
                new BufferedReader(
                        new InputStreamReader(
                                socket.getInputStream(), StandardCharsets.ISO_8859_1));
        String requestLine = reader.readLine();
        if (requestLine == null) {
            return null;
        }
        for (String header = reader.readLine();
                header != null && !header.isEmpty();
                header = reader.readLine()) {
            // the chapter ignores the headers; read them so closing is a clean FIN
        }
        return requestLine;
    }

    /**
     * The chapter's {@code send_response}, with {@code Connection: close}.
     *
     * @return {@code code}
     * @throws IOException if writing fails
     */
    int respond(int code, String reason, byte[] contents) throws IOException {
        String head =
                "HTTP/1.1 "
                        + code
                        + " "
                        + reason
                        + "\r\nContent-Length: "
                        + contents.length
                        + "\r\nConnection: close\r\n\r\n";
        OutputStream stream = socket.getOutputStream();
        stream.write(head.getBytes(StandardCharsets.ISO_8859_1));
        stream.write(contents);
        stream.flush();
        return code;
    }

    /** Closes the socket, then runs {@code onClose}. */
    @Override
    public void close() throws IOException {
        try {
            socket.close();
        } finally {
            onClose.run();
        }
    }
}

package dev.weft.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code web-server} demo's listening socket on the loopback address: accepts connections,
 * counts those in flight, and stops. {@link #stop(String)} may be called from any thread but the
 * accept loop's; the accept loop then sees {@link #accept()} return {@code null}, lets the
 * connections in flight finish and calls {@link #finished()}, which {@link #awaitFinished} waits
 * for.
 */
final class HttpListener {
    private final ServerSocket socket;
    private final PrintStream out;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicReference<String> stoppedBy = new AtomicReference<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile int inFlightAtStop;

    /**
     * Held by the accept loop while it is inside {@code accept()}. Closing a server socket that a
     * virtual thread is accepting on only wakes that thread; the socket is really closed (and
     * connections refused) when the thread leaves {@code accept()}, so {@link #stop} waits for this
     * lock.
     */
    private final ReentrantLock accepting = new ReentrantLock();

    private HttpListener(ServerSocket socket, PrintStream out) {
        this.socket = socket;
        this.out = out;
    }

    /**
     * Opens the server socket on the loopback address.
     *
     * @param port the port, 0 for an ephemeral one
     * @param out where {@link #stop} says what it does
     * @throws IOException if it cannot bind
     */
    static HttpListener bind(int port, PrintStream out) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return new HttpListener(socket, out);
    }

    /** The port it listens on. */
    int port() {
        return socket.getLocalPort();
    }

    /**
     * The next connection, counted in flight until it is closed, or {@code null} once the server
     * socket is closed.
     *
     * @throws InterruptedException if interrupted while accepting
     */
    HttpConnection accept() throws InterruptedException {
        accepting.lock();
        try {
            Socket connection = socket.accept();
            inFlight.incrementAndGet();
            return new HttpConnection(connection, inFlight::decrementAndGet);
        } catch (IOException e) {
            if (Thread.interrupted()) { // a virtual thread's accept is interruptible
                throw new InterruptedException("interrupted while accepting");
            }
            if (socket.isClosed()) {
                stoppedBy.compareAndSet(null, "server socket closed");
                return null;
            }
            throw new UncheckedIOException("accept failed on port " + port(), e);
        } finally {
            accepting.unlock();
        }
    }

    /**
     * Stops accepting: closes the server socket and returns once new connections are refused; the
     * accept loop then lets the requests in flight finish. Only the first call prints.
     */
    void stop(String reason) {
        if (stoppedBy.compareAndSet(null, reason)) {
            int n = inFlight.get();
            inFlightAtStop = n;
            out.println(
                    "server: stopping ("
                            + reason
                            + "): new connections are refused; "
                            + n
                            + " request(s) in flight will finish");
        }
        closeSocket();
        accepting.lock(); // the accept loop has left accept(): the socket is closed for real
        accepting.unlock();
    }

    /** Closes the server socket without waiting. */
    void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a listening socket: nothing to do about it
        }
    }

    /** What stopped it, or {@code null} while it runs. */
    String stoppedBy() {
        return stoppedBy.get();
    }

    /** The connections in flight when {@link #stop} was first called. */
    int inFlightAtStop() {
        return inFlightAtStop;
    }

    /** Closes the socket and marks the accept loop finished: every connection has been handled. */
    void finished() {
        closeSocket();
        finished.countDown();
    }

    /**
     * Waits, uninterruptibly, until {@link #finished()} has been called, at most {@code timeout}.
     */
    boolean awaitFinished(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return finished.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

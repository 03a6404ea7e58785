package dev.weft.demo;

import dev.weft.Channel;
import dev.weft.Fork;
import dev.weft.Receiver;
import dev.weft.Scope;
import dev.weft.Sender;
import java.io.PrintStream;
import java.util.List;

/**
 * The ping handler of <i>Async Rust</i>: a task counts the pings it receives over an mpsc channel
 * until the sender is dropped, then reports that it is complete.
 *
 * <pre>{@code
 * let (sender, receiver) = mpsc::channel(32);
 * let ping_handler_task = tokio::spawn(ping_handler(receiver));
 * for i in 0..10 {
 *     sender.send(()).await.expect("Failed to send ping.");
 *     println!("Sent {} pings so far.", i + 1);
 * }
 * drop(sender);
 * ping_handler_task.await.expect("Something went wrong in ping handler task.");
 * }</pre>
 *
 * <p>Weft: {@code Channel.bounded(32)}; the handler is a fork of a {@link Scope}; closing the
 * {@link Sender} (try-with-resources) is the {@code drop(sender)}, after which the handler's {@code
 * for} loop over the {@link Receiver} drains and ends.
 */
public final class PingHandler {
    private PingHandler() {}

    /** How many pings, by default (the article's {@code 0..10}). */
    public static final int PINGS = 10;

    /**
     * What happened.
     *
     * @param sent pings sent
     * @param received pings the handler counted
     * @param handlerCompleted whether the handler's loop ended by itself once the sender closed
     */
    public record Outcome(int sent, int received, boolean handlerCompleted) {}

    /**
     * Runs the demo from the command line.
     *
     * @param args none, or the number of pings
     * @param out where the narrative goes
     * @return what happened
     * @throws InterruptedException if interrupted while waiting
     * @throws Demos.UsageException for bad arguments
     */
    public static Outcome run(List<String> args, PrintStream out) throws InterruptedException {
        return run(Args.countOr("ping", args, "pings", PINGS, 1_000_000), out);
    }

    /**
     * Sends {@code pings} pings to a handler and drops the sender.
     *
     * @param pings how many pings
     * @param out where the narrative goes
     * @return what happened
     * @throws InterruptedException if interrupted while waiting
     */
    public static Outcome run(int pings, PrintStream out) throws InterruptedException {
        Channel<String> channel = Channel.bounded(32);
        try (var scope = Scope.open(c -> c.withName("ping"))) {
            Fork<Integer> handler = scope.fork(() -> pingHandler(channel.receiver(), out));
            int sent = 0;
            try (Sender<String> sender = channel.sender()) {
                for (int i = 0; i < pings; i++) {
                    sender.send("ping");
                    sent++;
                    out.println("Sent " + sent + " pings so far.");
                }
            } // drop(sender): the handler drains what is buffered, then its loop ends
            scope.join();
            return new Outcome(sent, handler.get(), true);
        }
    }

    private static int pingHandler(Receiver<String> input, PrintStream out) {
        int count = 0;
        for (String ignored : input) { // while let Some(_) = input.recv().await
            count++;
            out.println("Received " + count + " pings so far.");
        }
        out.println("ping_handler complete");
        return count;
    }

    /**
     * Runs the demo.
     *
     * @param args none, or the number of pings
     */
    public static void main(String... args) {
        Demos.runAndExit("ping", args);
    }
}

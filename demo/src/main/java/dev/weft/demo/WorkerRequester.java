package dev.weft.demo;

import dev.weft.Channel;
import dev.weft.Fork;
import dev.weft.Interval;
import dev.weft.Oneshot;
import dev.weft.OneshotSender;
import dev.weft.Receiver;
import dev.weft.Scope;
import dev.weft.Select;
import dev.weft.Sender;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The worker and requester of <i>Async Rust</i> (the "Pin" section), with its {@code TODO} done:
 * the worker reports how many work items it has handled every 100 ms.
 *
 * <pre>{@code
 * async fn worker(mut work_queue: mpsc::Receiver<Work>) {
 *     let mut iterations = 0;
 *     loop {
 *         tokio::select! {
 *             Some(work) = work_queue.recv() => {
 *                 sleep(Duration::from_millis(10)).await; // Pretend to work.
 *                 work.respond_on
 *                     .send(work.input * 1000)
 *                     .expect("failed to send response");
 *                 iterations += 1;
 *             }
 *             // TODO: report number of iterations every 100ms
 *         }
 *     }
 * }
 *
 * async fn do_work(work_queue: &mpsc::Sender<Work>, input: u32) -> u32 {
 *     let (tx, rx) = oneshot::channel();
 *     work_queue.send(Work { input, respond_on: tx }).await.expect("failed to send on work queue");
 *     rx.await.expect("failed waiting for response")
 * }
 *
 * // main: let (tx, rx) = mpsc::channel(10); spawn(worker(rx));
 * //       for i in 0..100 { println!("work result for iteration {i}: {}", do_work(&tx, i).await) }
 * }</pre>
 *
 * <p>Weft: the work queue is a {@code Channel.bounded(10)} of {@link Work}, each carrying a {@link
 * Oneshot.Sender} to reply on. The worker is a fork of a {@link Scope} that loops on one reusable
 * {@link Select} with two arms:
 *
 * <ul>
 *   <li>a {@code tick} arm on {@code Interval.every(100 ms)} that prints a report as a JSON line
 *       ({@code {"event":"report","iterations":37,"atMillis":400}}, {@code atMillis} being when the
 *       tick was due, since the worker started). The first tick is due at once, so the first report
 *       says 0. This arm is declared first: it is ready at most once per 100 ms, so it cannot
 *       starve the work, while the work arm declared first could delay a report behind a busy queue
 *       (a select is biased to the first ready arm).
 *   <li>a {@code recvOrClosed} arm on the work queue: pretend to work (sleep 10 ms), send {@code
 *       input * 1000} on the oneshot, count the iteration. The article's loop never ends (the
 *       runtime drops the worker when {@code main} returns); here, once the requester closes its
 *       sender (Rust's {@code drop(tx)}) and the queue is drained, this arm sees {@code
 *       Optional.empty()} and the loop ends, so the scope can join the worker.
 * </ul>
 *
 * <p>The requester is the main thread; {@code do_work} makes a fresh oneshot per request and waits
 * on it. If the worker failed, its {@code finally} closes the work queue's receiver and the reply's
 * sender (Rust's drops), so the requester's send or wait fails instead of hanging.
 */
public final class WorkerRequester {
    private WorkerRequester() {}

    /** How many requests, by default (the article's {@code 0..100}). */
    public static final int REQUESTS = 100;

    /** The work queue's capacity (the article's {@code mpsc::channel(10)}). */
    public static final int QUEUE_CAPACITY = 10;

    /** How long each work item takes (the article's "pretend to work" sleep). */
    public static final Duration WORK_TIME = Duration.ofMillis(10);

    /** How often the worker reports (the article's TODO). */
    public static final Duration REPORT_EVERY = Duration.ofMillis(100);

    /**
     * A work item: the article's {@code struct Work}.
     *
     * @param input the number to work on
     * @param respondOn where the worker sends {@code input * 1000}
     */
    public record Work(int input, OneshotSender<Integer> respondOn) {}

    /**
     * One progress report of the worker.
     *
     * @param iterations work items handled when the report was made
     * @param atMillis when the report's tick was due, in ms since the worker's interval started (0,
     *     100, 200, ...)
     */
    public record Report(int iterations, long atMillis) {}

    /**
     * What happened.
     *
     * @param results the reply to each request, in order
     * @param reports the worker's progress reports, in order
     * @param iterations how many work items the worker handled in all
     */
    public record Outcome(List<Integer> results, List<Report> reports, int iterations) {}

    /**
     * Runs the demo from the command line.
     *
     * @param args none, or the number of requests
     * @param out where the narrative goes
     * @return what happened
     * @throws InterruptedException if interrupted while waiting
     * @throws Demos.UsageException for bad arguments
     */
    public static Outcome run(List<String> args, PrintStream out) throws InterruptedException {
        return run(Args.countOr("worker", args, "requests", REQUESTS, 10_000), out);
    }

    /**
     * Starts the worker, makes {@code requests} requests one after the other, then closes the work
     * queue and waits for the worker to end.
     *
     * @param requests how many requests
     * @param out where the narrative goes (results as text, reports as JSON lines)
     * @return what happened
     * @throws InterruptedException if interrupted while waiting (the worker is then cancelled)
     */
    public static Outcome run(int requests, PrintStream out) throws InterruptedException {
        Channel<Work> queue = Channel.bounded(QUEUE_CAPACITY);
        List<Integer> results = new ArrayList<>(requests);
        try (var scope = Scope.open(c -> c.withName("worker"))) {
            Worker worker = new Worker(out);
            Fork<Integer> iterations = scope.fork(() -> worker.run(queue.receiver()));
            try (Sender<Work> tx = queue.sender()) {
                for (int i = 0; i < requests; i++) {
                    int resp = doWork(tx, i);
                    results.add(resp);
                    out.println("work result for iteration " + i + ": " + resp);
                }
            } // drop(tx): the worker drains the queue, sees the close and ends its loop
            scope.join();
            return new Outcome(
                    Collections.unmodifiableList(results), worker.reports(), iterations.get());
        }
    }

    /**
     * The article's {@code do_work}: send one work item with a fresh oneshot, wait for the reply.
     */
    static int doWork(Sender<Work> workQueue, int input) throws InterruptedException {
        Oneshot<Integer> reply = Oneshot.create();
        workQueue.send(new Work(input, reply.sender()));
        return reply.receiver().recv();
    }

    /** The worker fork: its state is confined to its own thread until the scope is joined. */
    private static final class Worker {
        private final PrintStream out;
        private final List<Report> reports = new ArrayList<>();
        private int iterations;

        Worker(PrintStream out) {
            this.out = out;
        }

        int run(Receiver<Work> workQueue) throws InterruptedException {
            try (workQueue) { // if this fork fails, requesters see a closed queue, not a hang
                Interval every100ms = Interval.every(REPORT_EVERY);
                Select<Boolean> next =
                        Select.<Boolean>create()
                                .tick(every100ms, this::report)
                                .recvOrClosed(workQueue, this::handle);
                while (next.await()) {
                    // one arm committed: a report, or a work item; false once the queue closed
                }
                out.println("worker: work queue closed after " + iterations + " iterations");
                return iterations;
            }
        }

        private boolean handle(Optional<Work> item) throws InterruptedException {
            if (item.isEmpty()) {
                return false; // closed and drained: stop the loop
            }
            Work work = item.get();
            try (OneshotSender<Integer> respondOn = work.respondOn()) {
                Thread.sleep(WORK_TIME); // Pretend to work.
                respondOn.send(work.input() * 1000); // .expect(): ChannelClosedException
            }
            iterations++;
            return true;
        }

        private boolean report(Duration due) {
            Report report = new Report(iterations, due.toMillis());
            reports.add(report);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("event", "report");
            line.put("iterations", report.iterations());
            line.put("atMillis", report.atMillis());
            out.println(Demos.JSON.writeValueAsString(line));
            return true;
        }

        List<Report> reports() {
            return Collections.unmodifiableList(reports);
        }
    }

    /**
     * Runs the demo.
     *
     * @param args none, or the number of requests
     */
    public static void main(String... args) {
        Demos.runAndExit("worker", args);
    }
}

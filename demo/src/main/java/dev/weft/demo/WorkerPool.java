package dev.weft.demo;

import dev.weft.Channel;
import dev.weft.Fork;
import dev.weft.Receiver;
import dev.weft.Scope;
import dev.weft.Sender;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A worker pool: N forks read one channel, and each job goes to exactly one of them. The shape of
 * Go's worker pools and of every {@code BlockingQueue} consumer group, here over a Weft channel.
 *
 * <pre>{@code
 * jobs := make(chan int, 16)
 * for w := 1; w <= 4; w++ {
 *     go worker(w, jobs, results)      // for j := range jobs { results <- work(j) }
 * }
 * for j := 1; j <= 100; j++ { jobs <- j }
 * close(jobs)
 * }</pre>
 *
 * <p>Weft: {@code Channel.bounded(16)}; the workers are forks of one {@link Scope}, and each runs a
 * plain {@code for} loop over the same {@link Receiver}: the channel hands every job to one worker
 * (several threads may receive from one channel at once). Closing the {@link Sender} is Go's {@code
 * close(jobs)}: each worker's loop ends once the channel is drained, so {@code join()} returns when
 * the last job is done.
 */
public final class WorkerPool {
    private WorkerPool() {}

    /** How many jobs, by default. */
    public static final int JOBS = 100;

    /** How many workers, by default. */
    public static final int WORKERS = 4;

    /** How long a job takes. */
    static final Duration JOB_TIME = Duration.ofMillis(5);

    /**
     * What happened.
     *
     * @param jobs jobs sent
     * @param done how many jobs each worker did, by worker number
     * @param doneOnce whether every job was done exactly once
     * @param millis how long it took in all
     */
    public record Outcome(int jobs, Map<Integer, Integer> done, boolean doneOnce, long millis) {}

    /**
     * Runs the demo from the command line.
     *
     * @param args none, or the number of jobs
     * @param out where the narrative goes
     * @return what happened
     * @throws InterruptedException if interrupted while waiting
     * @throws Demos.UsageException for bad arguments
     */
    public static Outcome run(List<String> args, PrintStream out) throws InterruptedException {
        return run(Args.countOr("pool", args, "jobs", JOBS, 100_000), WORKERS, out);
    }

    /**
     * Sends {@code jobs} jobs to {@code workers} workers that share one receiver.
     *
     * @param jobs how many jobs
     * @param workers how many workers
     * @param out where the narrative goes
     * @return what happened
     * @throws InterruptedException if interrupted while waiting
     */
    public static Outcome run(int jobs, int workers, PrintStream out) throws InterruptedException {
        long start = System.nanoTime();
        Channel<Integer> channel = Channel.bounded(16);
        Map<Integer, Integer> doneBy = new ConcurrentHashMap<>(); // job -> worker
        List<Fork<Integer>> pool = new ArrayList<>();
        try (var scope = Scope.open(c -> c.withName("pool"))) {
            Receiver<Integer> shared = channel.receiver();
            for (int w = 1; w <= workers; w++) {
                int worker = w;
                pool.add(scope.fork(() -> work(worker, shared, doneBy)));
            }
            try (Sender<Integer> sender = channel.sender()) {
                for (int job = 1; job <= jobs; job++) {
                    sender.send(job); // waits while 16 jobs are queued
                }
            } // close(jobs): the workers drain the channel, then their loops end
            scope.join();
        }
        Map<Integer, Integer> done = new TreeMap<>();
        for (int w = 1; w <= workers; w++) {
            done.put(w, pool.get(w - 1).get());
        }
        int total = done.values().stream().mapToInt(Integer::intValue).sum();
        boolean once = total == jobs && doneBy.size() == jobs;
        long millis = (System.nanoTime() - start) / 1_000_000;
        done.forEach((w, n) -> out.println("worker " + w + " did " + n + " jobs"));
        out.printf(
                "%d jobs by %d workers in %d ms (one after another: %d ms); each job done once: %s%n",
                jobs, workers, millis, jobs * JOB_TIME.toMillis(), once);
        return new Outcome(jobs, done, once, millis);
    }

    /** One worker: takes jobs from the shared receiver until it is closed and drained. */
    private static int work(int worker, Receiver<Integer> jobs, Map<Integer, Integer> doneBy)
            throws InterruptedException {
        int done = 0;
        for (int job : jobs) { // for j := range jobs
            Thread.sleep(JOB_TIME); // the work
            if (doneBy.putIfAbsent(job, worker) != null) {
                throw new IllegalStateException("job " + job + " was handed out twice");
            }
            done++;
        }
        return done;
    }

    /**
     * Runs the demo.
     *
     * @param args none, or the number of jobs
     */
    public static void main(String... args) {
        Demos.runAndExit("pool", args);
    }
}

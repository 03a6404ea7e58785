package dev.weft.bench;

import dev.weft.Fork;
import dev.weft.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fork+join of the first {@code n} of {@code tasks}, written once per peer, each returning the sum
 * of the tasks' values. Every peer starts one virtual thread per task, waits for all of them and
 * reads every value; none reuses a thread.
 */
final class Peers {
    private Peers() {}

    /** Weft: open a fail-fast scope, fork each task, join, read each fork, close. */
    static int scope(Callable<Integer>[] tasks, int n) throws InterruptedException {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Fork<Integer>[] forks = new Fork[n];
        try (var scope = Scope.open()) {
            for (int i = 0; i < n; i++) {
                forks[i] = scope.fork(tasks[i]);
            }
            scope.join();
            int sum = 0;
            for (int i = 0; i < n; i++) {
                sum += forks[i].get();
            }
            return sum;
        }
    }

    /**
     * The floor: {@code Thread.ofVirtual().start(..)} per task, each writing its value into its own
     * slot, then {@code join()} each thread. No cancellation, no failure handling.
     */
    static int rawThreads(Callable<Integer>[] tasks, int n) throws InterruptedException {
        Thread[] threads = new Thread[n];
        Integer[] results = new Integer[n];
        for (int i = 0; i < n; i++) {
            threads[i] = Thread.ofVirtual().start(new Slot(tasks[i], results, i));
        }
        for (int i = 0; i < n; i++) {
            threads[i].join();
        }
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += results[i];
        }
        return sum;
    }

    /**
     * {@code Executors.newVirtualThreadPerTaskExecutor()} opened and closed per operation, the
     * structured shape (close() waits for every thread, as a scope's close does): submit each task,
     * {@code Future.get()} each.
     */
    static int executorPerOp(Callable<Integer>[] tasks, int n)
            throws InterruptedException, ExecutionException {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            return submitAndGet(executor, tasks, n);
        }
    }

    /** The same with one executor shared by every operation (never closed while measuring). */
    static int submitAndGet(ExecutorService executor, Callable<Integer>[] tasks, int n)
            throws InterruptedException, ExecutionException {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Future<Integer>[] futures = new Future[n];
        for (int i = 0; i < n; i++) {
            futures[i] = executor.submit(tasks[i]);
        }
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += futures[i].get();
        }
        return sum;
    }

    /** Raw virtual threads shaped as {@code tryJoinAll}: start all, join all, values in order. */
    static List<Integer> rawJoinAll(List<Callable<Integer>> tasks) throws InterruptedException {
        int n = tasks.size();
        Thread[] threads = new Thread[n];
        Integer[] results = new Integer[n];
        for (int i = 0; i < n; i++) {
            threads[i] = Thread.ofVirtual().start(new Slot(tasks.get(i), results, i));
        }
        for (int i = 0; i < n; i++) {
            threads[i].join();
        }
        List<Integer> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(results[i]);
        }
        return values;
    }

    /** One fork+join operation, returning the sum of the values (see the peers above). */
    interface Op {
        int run() throws Exception;
    }

    /**
     * Runs {@code op} {@code rounds} times on a new virtual thread, which is then the owner of
     * every scope or executor the op opens, and returns the sum of the results. The caller (JMH's
     * platform thread) only starts and joins that one thread, so the platform-thread wake-up it
     * costs is shared by all {@code rounds} operations.
     */
    static int onVirtualOwner(int rounds, Op op) throws Exception {
        int[] sum = new int[1];
        Exception[] failure = new Exception[1];
        Thread owner =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try {
                                        int s = 0;
                                        for (int r = 0; r < rounds; r++) {
                                            s += op.run();
                                        }
                                        sum[0] = s;
                                    } catch (Exception e) {
                                        failure[0] = e;
                                    }
                                });
        owner.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        return sum[0];
    }

    /** Runs a task and stores its value in {@code results[index]}. */
    private static final class Slot implements Runnable {
        private final Callable<Integer> task;
        private final Integer[] results;
        private final int index;

        Slot(Callable<Integer> task, Integer[] results, int index) {
            this.task = task;
            this.results = results;
            this.index = index;
        }

        @Override
        public void run() {
            try {
                results[index] = task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

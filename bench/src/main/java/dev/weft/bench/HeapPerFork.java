package dev.weft.bench;

import dev.weft.Scope;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Heap bytes per parked fork: one million forks in one {@link Scope}, against one million raw
 * virtual threads, each parked on a shared latch.
 *
 * <p>For each round: force GC and read the used heap, fork all (each task counts down {@code
 * started}, then parks on {@code release}), wait until all have started, force GC again and read
 * the used heap, release, join all. Bytes per fork is the difference of the two readings divided by
 * the number of forks; it includes the virtual thread, its parked stack, and whatever the peer
 * keeps per task (Weft's {@code Fork} and thread name; the raw peer's slot in its {@code
 * Thread[]}). Also prints the time to fork all and to release and join all (GC excluded).
 *
 * <pre>
 * java -Xmx8g -cp bench/target/benchmarks.jar dev.weft.bench.HeapPerFork \
 *     [--forks 1000000] [--rounds 3] [--json target/heap-per-fork.json]
 * </pre>
 */
public final class HeapPerFork {
    private HeapPerFork() {}

    /** One way of forking {@code n} parked tasks and joining them. */
    private interface Peer {
        String name();

        /** Forks {@code n} tasks that count down {@code started}, then await {@code release}. */
        Object forkAll(int n, CountDownLatch started, CountDownLatch release);

        /** Waits for every task forked by {@link #forkAll}, whose handle is given. */
        void joinAll(Object handle) throws InterruptedException;
    }

    private static final Peer SCOPE =
            new Peer() {
                @Override
                public String name() {
                    return "scope";
                }

                @Override
                public Object forkAll(int n, CountDownLatch started, CountDownLatch release) {
                    Callable<Void> parked =
                            () -> {
                                started.countDown();
                                release.await();
                                return null;
                            };
                    Scope scope = Scope.open();
                    for (int i = 0; i < n; i++) {
                        scope.fork(parked);
                    }
                    return scope;
                }

                @Override
                public void joinAll(Object handle) throws InterruptedException {
                    try (Scope scope = (Scope) handle) {
                        scope.join();
                    }
                }
            };

    private static final Peer RAW =
            new Peer() {
                @Override
                public String name() {
                    return "rawThreads";
                }

                @Override
                public Object forkAll(int n, CountDownLatch started, CountDownLatch release) {
                    Runnable parked =
                            () -> {
                                started.countDown();
                                try {
                                    release.await();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            };
                    Thread[] threads = new Thread[n];
                    for (int i = 0; i < n; i++) {
                        threads[i] = Thread.ofVirtual().start(parked);
                    }
                    return threads;
                }

                @Override
                public void joinAll(Object handle) throws InterruptedException {
                    for (Thread thread : (Thread[]) handle) {
                        thread.join();
                    }
                }
            };

    /** What one round of one peer measured. */
    private static final class Round {
        final String peer;
        final long heapBefore;
        final long heapParked;
        final double bytesPerFork;
        final double forkAllMillis;
        final double releaseJoinAllMillis;

        Round(
                String peer,
                long heapBefore,
                long heapParked,
                int n,
                long forkNanos,
                long joinNanos) {
            this.peer = peer;
            this.heapBefore = heapBefore;
            this.heapParked = heapParked;
            this.bytesPerFork = (heapParked - heapBefore) / (double) n;
            this.forkAllMillis = forkNanos / 1e6;
            this.releaseJoinAllMillis = joinNanos / 1e6;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("peer", peer);
            m.put("heapBefore", heapBefore);
            m.put("heapParked", heapParked);
            m.put("bytesPerFork", bytesPerFork);
            m.put("forkAllMillis", forkAllMillis);
            m.put("releaseJoinAllMillis", releaseJoinAllMillis);
            return m;
        }
    }

    public static void main(String[] args) throws Exception {
        int forks = 1_000_000;
        int rounds = 3;
        String json = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--forks" -> forks = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--json" -> json = args[++i];
                default -> {
                    System.err.println(
                            "usage: HeapPerFork [--forks N] [--rounds R] [--json FILE]"
                                    + " (unknown argument "
                                    + args[i]
                                    + ")");
                    System.exit(2);
                }
            }
        }
        long maxHeap = Runtime.getRuntime().maxMemory();
        System.out.printf(
                "HeapPerFork: %,d forks, %d rounds, JDK %s, max heap %,d MB, %d CPUs%n",
                forks,
                rounds,
                Runtime.version(),
                maxHeap >> 20,
                Runtime.getRuntime().availableProcessors());
        if (maxHeap < forks * 4096L) {
            System.out.println(
                    "warning: the heap may be too small for "
                            + forks
                            + " parked forks; run with -Xmx8g");
        }

        System.out.println("warm-up round (not reported) ...");
        round(RAW, forks);
        round(SCOPE, forks);

        List<Round> all = new ArrayList<>();
        System.out.printf(
                "%-11s %5s %14s %14s %12s %12s %14s%n",
                "peer",
                "round",
                "heap before",
                "heap parked",
                "bytes/fork",
                "fork all ms",
                "rel+join ms");
        for (int r = 1; r <= rounds; r++) {
            for (Peer peer : new Peer[] {RAW, SCOPE}) {
                Round m = round(peer, forks);
                all.add(m);
                System.out.printf(
                        "%-11s %5d %,14d %,14d %12.1f %12.1f %14.1f%n",
                        m.peer,
                        r,
                        m.heapBefore,
                        m.heapParked,
                        m.bytesPerFork,
                        m.forkAllMillis,
                        m.releaseJoinAllMillis);
            }
        }

        Map<String, Object> summary = new LinkedHashMap<>();
        for (Peer peer : new Peer[] {SCOPE, RAW}) {
            double[] bytes =
                    all.stream()
                            .filter(m -> m.peer.equals(peer.name()))
                            .mapToDouble(m -> m.bytesPerFork)
                            .toArray();
            double[] millis =
                    all.stream()
                            .filter(m -> m.peer.equals(peer.name()))
                            .mapToDouble(m -> m.forkAllMillis + m.releaseJoinAllMillis)
                            .toArray();
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("medianBytesPerFork", median(bytes));
            s.put("minBytesPerFork", Arrays.stream(bytes).min().orElse(Double.NaN));
            s.put("maxBytesPerFork", Arrays.stream(bytes).max().orElse(Double.NaN));
            s.put("medianForkReleaseJoinMillis", median(millis));
            summary.put(peer.name(), s);
        }
        double scopeBytes = (Double) ((Map<?, ?>) summary.get("scope")).get("medianBytesPerFork");
        double rawBytes =
                (Double) ((Map<?, ?>) summary.get("rawThreads")).get("medianBytesPerFork");
        System.out.printf(
                "median heap bytes per parked fork: scope %.1f, raw virtual threads %.1f"
                        + " (scope/raw %.2f; Weft's own share %.1f bytes)%n",
                scopeBytes, rawBytes, scopeBytes / rawBytes, scopeBytes - rawBytes);

        if (json != null) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("tool", "dev.weft.bench.HeapPerFork");
            out.put("date", Instant.now().toString());
            out.put("jdk", Runtime.version().toString());
            out.put("cpus", Runtime.getRuntime().availableProcessors());
            out.put("maxHeapBytes", maxHeap);
            out.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
            out.put("forks", forks);
            out.put("summary", summary);
            out.put("rounds", all.stream().map(Round::toMap).toList());
            ObjectMapper mapper = JsonMapper.builder().build();
            File file = new File(json);
            mapper.writerWithDefaultPrettyPrinter().writeValue(file, out);
            System.out.println("wrote " + file);
        }
    }

    private static Round round(Peer peer, int n) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        long before = usedHeapAfterGc();
        long t0 = System.nanoTime();
        Object handle = peer.forkAll(n, started, release);
        long forkNanos = System.nanoTime() - t0;
        started.await();
        long parked = usedHeapAfterGc();
        long t1 = System.nanoTime();
        release.countDown();
        peer.joinAll(handle);
        long joinNanos = System.nanoTime() - t1;
        return new Round(peer.name(), before, parked, n, forkNanos, joinNanos);
    }

    /** Used heap after a few full GCs, with pauses for reference processing and cleaners. */
    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

package dev.weft.probe;

import dev.weft.Channel;
import dev.weft.Oneshot;
import dev.weft.Scope;
import dev.weft.Select;
import dev.weft.WorkQueue;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;

/**
 * A small program run in a child JVM by {@code JfrModulePathTest}, with the toolkit on the module
 * path: it uses scopes, channels, a oneshot, a select and a work queue, and prints whether {@code
 * jdk.jfr} is resolved. With the argument {@code record} (only where {@code jdk.jfr} is resolved)
 * it also runs the same work inside a recording started after the toolkit was first used, and
 * prints how many events of each Weft type it recorded. It is in a package of its own: {@code
 * dev.weft} belongs to the toolkit's module.
 */
public final class JfrProbeMain {
    private JfrProbeMain() {}

    public static void main(String[] args) throws Exception {
        boolean jfr = ModuleLayer.boot().findModule("jdk.jfr").isPresent();
        System.out.println("jdk.jfr resolved: " + jfr);
        System.out.println("dev.weft named: " + Scope.class.getModule().isNamed());
        work("probe-before");
        if (args.length > 0 && args[0].equals("record")) {
            JfrProbeRecording.recordAndCount(() -> work("probe-recorded"));
        }
        System.out.println("ok");
    }

    /** Opens a scope, forks, and sends and receives, with waits that park. */
    static void work(String name) throws Exception {
        var channel = Channel.<Integer>bounded(16);
        var reply = Oneshot.<String>create();
        var sent = new CountDownLatch(1);
        try (var scope = Scope.open(c -> c.withName(name))) {
            scope.fork(
                    () -> {
                        for (int i = 0; i < 3; i++) {
                            channel.sender().send(i);
                        }
                        reply.sender().send("done");
                        sent.countDown();
                        return null;
                    });
            scope.fork(
                    () -> {
                        sent.await(); // fail fast only once the values are sent
                        throw new IllegalStateException("a failure for ForkFailed");
                    });
            try {
                scope.join();
            } catch (RuntimeException expected) {
                // the failing fork: fail-fast
            }
        }
        int sum = 0;
        for (int i = 0; i < 3; i++) {
            sum += channel.receiver().recv();
        }
        if (sum != 3 || !reply.receiver().recv().equals("done")) {
            throw new AssertionError("wrong values: " + sum);
        }
        try {
            channel.receiver().recv(Duration.ofMillis(30)); // waits, times out: a ChannelWait
            throw new AssertionError("a value from nowhere");
        } catch (TimeoutException expected) {
            // the wait was the point
        }
        String timedOut =
                Select.<String>create()
                        .recv(channel.receiver(), v -> "value")
                        .timeout(Duration.ofMillis(30), () -> "timed out")
                        .await();
        if (!timedOut.equals("timed out")) {
            throw new AssertionError(timedOut);
        }
        try (var scope = Scope.open(c -> c.withName(name + "-queue"))) {
            try (var queue = WorkQueue.<Integer, Integer>start(scope, 4, i -> i + 1)) {
                if (queue.request(41) != 42) {
                    throw new AssertionError("wrong reply");
                }
            }
            scope.join();
        }
    }
}

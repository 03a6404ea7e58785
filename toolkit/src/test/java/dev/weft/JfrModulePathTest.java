package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.probe.JfrProbeMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The toolkit as a module on the module path, in a child JVM running {@link JfrProbeMain}: it works
 * where {@code jdk.jfr} is not resolved ({@code requires static} does not resolve it), and its
 * events, package-private classes of a module that exports only {@code dev.weft}, are recorded
 * where {@code jdk.jfr} is resolved, by {@code --add-modules jdk.jfr} or by {@code
 * -XX:StartFlightRecording} alone.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JfrModulePathTest {

    private record Run(int exit, String output) {}

    private static Path locationOf(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Runs the probe: the toolkit's classes as module dev.weft, the probe on the class path. */
    private static Run probe(List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("--module-path");
        command.add(locationOf(Scope.class).toString());
        command.add("-cp");
        command.add(locationOf(JfrProbeMain.class).toString());
        command.add(JfrProbeMain.class.getName());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the probe did not end: " + output);
        return new Run(p.exitValue(), output);
    }

    @Test
    void theToolkitWorksOnTheModulePathWithoutJdkJfr() throws Exception {
        Run run = probe(List.of("--limit-modules", "java.base", "--add-modules", "dev.weft"));
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("jdk.jfr resolved: false"), run.output());
        assertTrue(run.output().contains("dev.weft named: true"), run.output());
        assertTrue(run.output().contains("ok"), run.output());
    }

    @Test
    void whereAModularApplicationFindsJdkJfr(@TempDir Path dir) throws Exception {
        // A named main module that requires dev.weft, compiled here. `requires static jdk.jfr`
        // does not resolve jdk.jfr, but on a full JDK service binding does (java.management binds
        // jdk.management.jfr, which requires jdk.jfr); with the observable modules limited it is
        // absent, and -XX:StartFlightRecording adds it even then.
        Path src = dir.resolve("src/probe.app");
        Files.createDirectories(src.resolve("app"));
        Files.writeString(
                src.resolve("module-info.java"), "module probe.app { requires dev.weft; }");
        Files.writeString(
                src.resolve("app/Main.java"),
                """
                package app;
                public class Main {
                    public static void main(String[] args) throws Exception {
                        try (var scope = dev.weft.Scope.open()) {
                            scope.fork(() -> 1);
                            scope.join();
                        }
                        System.out.println("jdk.jfr resolved: "
                                + ModuleLayer.boot().findModule("jdk.jfr").isPresent());
                    }
                }
                """);
        Path classes = dir.resolve("classes");
        Process javac =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                                "-d",
                                classes.toString(),
                                "--module-path",
                                locationOf(Scope.class).toString(),
                                src.resolve("module-info.java").toString(),
                                src.resolve("app/Main.java").toString())
                        .redirectErrorStream(true)
                        .start();
        String compiled = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(javac.waitFor(30, TimeUnit.SECONDS), compiled);
        assertEquals(0, javac.exitValue(), compiled);
        String modulePath = locationOf(Scope.class) + java.io.File.pathSeparator + classes;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        record Case(List<String> options, boolean resolved) {}
        List<Case> cases =
                List.of(
                        new Case(List.of(), true),
                        new Case(List.of("--limit-modules", "probe.app"), false),
                        new Case(
                                List.of(
                                        "-XX:StartFlightRecording:filename=" + dir.resolve("a.jfr"),
                                        "--limit-modules",
                                        "probe.app"),
                                true));
        for (Case c : cases) {
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(c.options());
            command.addAll(List.of("--module-path", modulePath, "-m", "probe.app/app.Main"));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), out);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("jdk.jfr resolved: " + c.resolved()), c + ": " + out);
        }
    }

    @Test
    void eventsAreRecordedOnTheModulePathWithAddModulesJdkJfr() throws Exception {
        Run run = probe(List.of("--add-modules", "dev.weft,jdk.jfr"), "record");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("jdk.jfr resolved: true"), run.output());
        // Recorded in a recording started after the toolkit's first scope.
        assertTrue(run.output().contains("recorded dev.weft.ScopeClosed: 2"), run.output());
        assertTrue(run.output().contains("recorded dev.weft.ForkFailed: 1"), run.output());
        assertTrue(run.output().contains("recorded dev.weft.WorkQueueRequest: 1"), run.output());
        assertTrue(run.output().contains("recorded dev.weft.ChannelWait: "), run.output());
    }

    @Test
    void startFlightRecordingAloneResolvesJdkJfrAndRecords(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("probe.jfr");
        Run run =
                probe(
                        List.of(
                                "-XX:StartFlightRecording:filename=" + file,
                                "--add-modules",
                                "dev.weft"));
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("jdk.jfr resolved: true"), run.output());
        List<String> scopes = new ArrayList<>();
        for (RecordedEvent e : readAll(file)) {
            if (e.getEventType().getName().equals("dev.weft.ScopeClosed")) {
                scopes.add(e.getString("scope") + " " + e.getString("outcome"));
            }
        }
        assertEquals(List.of("probe-before failed", "probe-before-queue succeeded"), scopes);
    }

    private static List<RecordedEvent> readAll(Path file) throws IOException {
        assertTrue(Files.size(file) > 0, "no recording written to " + file);
        return RecordingFile.readAllEvents(file);
    }
}

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * The toolkit's multi-release step, run by the toolchain's own {@code java} as a source-file
 * program (exec:exec in toolkit/pom.xml), so that it asks the JDK that builds Weft, not the one
 * Maven runs on, what it can do.
 *
 * <ul>
 *   <li>{@code compile <release> <sources> <classes>}: compiles every .java file under {@code
 *       sources} with {@code --release <release>} into {@code
 *       <classes>/META-INF/versions/<release>}, against {@code <classes>}. A JDK older than {@code
 *       release} cannot: then it prints a warning, removes what an earlier build left there, and
 *       succeeds (the jar then has only the base classes, which refuse what needs the newer Java).
 *   <li>{@code validate <jar>}: runs {@code jar --validate} on the jar if this JDK's jar tool has
 *       that option (it checks that every version of a multi-release jar has the same public API);
 *       otherwise prints a note.
 * </ul>
 */
public class MultiRelease {
    public static void main(String[] args) throws IOException {
        int code =
                switch (args.length == 0 ? "" : args[0]) {
                    case "compile" ->
                            compile(Integer.parseInt(args[1]), Path.of(args[2]), Path.of(args[3]));
                    case "validate" -> validate(Path.of(args[1]));
                    default -> {
                        System.err.println(
                                "usage: MultiRelease compile <release> <sources> <classes>"
                                        + " | validate <jar>");
                        yield 2;
                    }
                };
        System.exit(code);
    }

    private static int compile(int release, Path sources, Path classes) throws IOException {
        Path out = classes.resolve("META-INF/versions/" + release);
        delete(out);
        int running = Runtime.version().feature();
        if (running < release) {
            System.out.println(
                    "[WARNING] The JDK building Weft is Java "
                            + Runtime.version()
                            + ", which cannot compile for Java "
                            + release
                            + ": the jar is built without its Java "
                            + release
                            + " classes (from "
                            + sources
                            + "), and what needs them (Scope.Config.withScopedValues) throws"
                            + " UnsupportedOperationException even on Java "
                            + release
                            + ". Build with a JDK "
                            + release
                            + " or newer (the toolchain picks the newest JDK 21+ it finds) to"
                            + " include them.");
            return 0;
        }
        List<String> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files =
                    walk.filter(p -> p.toString().endsWith(".java"))
                            .map(Path::toString)
                            .sorted()
                            .toList();
        }
        if (files.isEmpty()) {
            System.out.println("[INFO] No Java " + release + " sources in " + sources);
            return 0;
        }
        Files.createDirectories(out);
        List<String> javac =
                new ArrayList<>(
                        List.of(
                                "--release",
                                String.valueOf(release),
                                "-d",
                                out.toString(),
                                "--class-path",
                                classes.toString(),
                                "-implicit:none",
                                "-encoding",
                                "UTF-8",
                                "-Xlint:all",
                                "-Werror"));
        javac.addAll(files);
        int code =
                ToolProvider.findFirst("javac")
                        .orElseThrow()
                        .run(System.out, System.err, javac.toArray(String[]::new));
        if (code == 0) {
            System.out.println(
                    "[INFO] Compiled "
                            + files.size()
                            + " Java "
                            + release
                            + " source(s) into "
                            + out);
        }
        return code;
    }

    private static int validate(Path jar) {
        ToolProvider tool = ToolProvider.findFirst("jar").orElseThrow();
        StringWriter help = new StringWriter();
        tool.run(new PrintWriter(help), new PrintWriter(new StringWriter()), "--help");
        if (!help.toString().contains("--validate")) {
            System.out.println(
                    "[INFO] The jar tool of Java "
                            + Runtime.version()
                            + " has no --validate; "
                            + jar
                            + " is not validated");
            return 0;
        }
        int code = tool.run(System.out, System.err, "--validate", "--file", jar.toString());
        if (code == 0) {
            System.out.println("[INFO] jar --validate: " + jar + " is a valid multi-release jar");
        }
        return code;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

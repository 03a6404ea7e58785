package dev.weft.demo;

import dev.weft.Fork;
import dev.weft.Result;
import dev.weft.Scope;
import dev.weft.ScopeFailedException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code getUserName} of <i>Async Programming</i> (chapter 21 of a Rust book): read {@code
 * ./username.txt} without blocking anyone else, then print {@code Hello {username}}.
 *
 * <pre>{@code
 * // JavaScript
 * async function getUserName() {
 *   const username = await fs.readFile("./username.txt", { encoding: "utf-8" });
 *   console.log(`Hello ${username}`);
 * }
 *
 * // Rust
 * async fn get_user_name() -> Result<(), Box<dyn Error>> {
 *     let username = fs::read_to_string("./username.txt").await?;
 *     println!("Hello {username}");
 *     Ok(())
 * }
 * }</pre>
 *
 * <p>Weft: the chapter points out that Tokio needs its own {@code tokio::fs} because {@code
 * std::fs::read_to_string} would block the executor. On a virtual thread the plain JDK call is
 * fine: {@code Files.readString} blocks only its own virtual thread. {@code getUserName} is forked
 * in a {@link Scope} and the caller joins it. The {@code ?} is an ordinary {@code throws
 * IOException}: a missing file fails the task, {@code join()} throws {@link ScopeFailedException}
 * with the {@link NoSuchFileException} as its cause, and the demo reports it as an {@code Err}.
 *
 * <p>Without arguments the demo writes {@code username.txt} (holding {@value #SAMPLE_NAME}) into a
 * fresh temporary directory, reads it, and deletes it. With a path it reads that file; a file that
 * cannot be read is then a one-line error naming it (exit status 2). Trailing white space is
 * stripped, so a file written by {@code echo} greets cleanly.
 */
public final class ReadUsername {
    private ReadUsername() {}

    /** The name written to the sample file. */
    public static final String SAMPLE_NAME = "Ferris";

    /**
     * What happened.
     *
     * @param path the file read
     * @param username {@code Ok} with the name read, or {@code Err} with why it could not be read
     */
    public record Outcome(String path, Result<String> username) {}

    /**
     * Runs the demo from the command line.
     *
     * @param args none (a sample file is written and read), or the file to read
     * @param out where the narrative goes
     * @return what happened
     * @throws IOException if the sample file cannot be written
     * @throws InterruptedException if interrupted while waiting
     * @throws Demos.UsageException for bad arguments, or a file given that cannot be read
     */
    public static Outcome run(List<String> args, PrintStream out)
            throws IOException, InterruptedException {
        Args.expectNoneOr("username", args, "file");
        if (!args.isEmpty()) {
            Outcome outcome = run(Path.of(args.get(0)), out);
            if (outcome.username() instanceof Result.Err<String> err) {
                throw new Demos.UsageException(
                        "username: cannot read '" + args.get(0) + "': " + reason(err.exception()));
            }
            return outcome;
        }
        Path dir = Files.createTempDirectory("weft-username-");
        Path file = dir.resolve("username.txt");
        try {
            Files.writeString(file, SAMPLE_NAME + "\n", StandardCharsets.UTF_8);
            return run(file, out);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Forks {@code getUserName(path)} and waits for it.
     *
     * @param path the file holding the name
     * @param out where the narrative goes
     * @return the name read, or why it could not be read
     * @throws InterruptedException if interrupted while waiting (the task is then cancelled)
     */
    public static Outcome run(Path path, PrintStream out) throws InterruptedException {
        out.println("getUserName() reads " + path + " on a virtual thread:");
        try (var scope = Scope.open(c -> c.withName("username"))) {
            Fork<String> task = scope.fork(() -> getUserName(path, out));
            scope.join(); // the await: throws if the task failed
            return new Outcome(path.toString(), Result.ok(task.get()));
        } catch (ScopeFailedException e) {
            Throwable why = e.getCause();
            out.println("  getUserName() failed: " + Demos.describe(why));
            return new Outcome(path.toString(), Result.err(why));
        }
    }

    /** The chapter's {@code get_user_name}; it also returns the name, for the demo's outcome. */
    private static String getUserName(Path path, PrintStream out) throws IOException {
        String username = Files.readString(path, StandardCharsets.UTF_8).stripTrailing(); // ?
        out.println("Hello " + username);
        return username;
    }

    private static String reason(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return Demos.describe(e);
    }

    /**
     * Runs the demo.
     *
     * @param args none, or the file to read
     */
    public static void main(String... args) {
        Demos.runAndExit("username", args);
    }
}

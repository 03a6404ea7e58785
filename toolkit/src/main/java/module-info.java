/**
 * Weft: structured concurrency for Java 21+ virtual threads.
 *
 * <p>Everything public is in package {@link dev.weft}, whose summary introduces every type: scopes
 * and tasks ({@link dev.weft.Scope}, {@link dev.weft.Tasks}, {@link dev.weft.JoinSet}), channels
 * ({@link dev.weft.Channel}, {@link dev.weft.Oneshot}), {@link dev.weft.Select} and {@link
 * dev.weft.Interval}, and workers ({@link dev.weft.WorkQueue}, {@link dev.weft.BlockingPool}). The
 * module needs nothing beyond {@code java.base} at run time. It {@code requires static jdk.jfr} for
 * its JFR events (the package summary's table of events): they are recorded when {@code jdk.jfr} is
 * resolved (on the module path: {@code --add-modules jdk.jfr}, or {@code
 * -XX:StartFlightRecording}), and the toolkit works the same without it.
 */
module dev.weft {
    requires static jdk.jfr;

    exports dev.weft;
}

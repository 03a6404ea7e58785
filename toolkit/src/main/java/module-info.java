/**
 * Weft: structured concurrency for Java 21+ virtual threads.
 *
 * <p>Everything public is in package {@link dev.weft}, whose summary introduces every type: scopes
 * and tasks ({@link dev.weft.Scope}, {@link dev.weft.Tasks}, {@link dev.weft.JoinSet}), channels
 * ({@link dev.weft.Channel}, {@link dev.weft.Oneshot}), {@link dev.weft.Select} and {@link
 * dev.weft.Interval}, and workers ({@link dev.weft.WorkQueue}, {@link dev.weft.BlockingPool}). The
 * module requires nothing beyond {@code java.base}.
 */
module dev.weft {
    exports dev.weft;
}

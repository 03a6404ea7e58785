/**
 * Weft: structured concurrency for Java 21+ virtual threads.
 *
 * <p>Everything public is in package {@link dev.weft}: {@link dev.weft.Scope} and {@link
 * dev.weft.Tasks} for structured tasks, and the result type {@link dev.weft.Result}.
 */
module dev.weft {
    exports dev.weft;
}

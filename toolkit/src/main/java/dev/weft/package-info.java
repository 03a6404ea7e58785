/**
 * Weft: Rust's async patterns as plain blocking code on Java 21+ virtual threads.
 *
 * <p>Start with {@link dev.weft.Scope}: fork tasks, join them, and close the scope, which
 * guarantees no task outlives it. {@link dev.weft.Tasks} has the common shapes ready-made ({@code
 * joinAll}, {@code tryJoinAll}, {@code tryJoin}, {@code race}, {@code timeout}, {@code
 * mapConcurrent}, {@code forEachConcurrent}), and {@link dev.weft.JoinSet} hands outcomes over in
 * completion order.
 *
 * {@snippet :
 * // Rust: let (book, music) = try_join!(get_book(), get_music())?;
 * Tasks.Pair<Book, Music> both = Tasks.tryJoin(() -> getBook(), () -> getMusic());
 * }
 *
 * <p>Conventions, everywhere in the package:
 *
 * <ul>
 *   <li>Blocking methods throw {@link java.lang.InterruptedException}: interruption is
 *       cancellation, and it is never swallowed.
 *   <li>Timeouts are {@link java.time.Duration}s and must be positive.
 *   <li>Failures are values ({@link dev.weft.Result}) where you ask for every outcome, and
 *       exceptions ({@link dev.weft.ScopeFailedException}) where you ask for values.
 *   <li>No method uses {@code synchronized} or {@code Object.wait}, so nothing pins a virtual
 *       thread to its carrier on JDK 21 to 23.
 * </ul>
 */
package dev.weft;

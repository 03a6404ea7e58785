package dev.weft;

import java.util.List;

/**
 * Decides when a {@link Scope} cancels its forks and what {@link Scope#join()} reports.
 *
 * <p>Three policies cover the usual shapes:
 *
 * <table class="striped">
 *   <caption>Built-in policies</caption>
 *   <thead><tr><th>policy</th><th>cancels the other forks when</th><th>{@code join()} throws
 *   </th><th>Rust twin</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link #failFast()} (the default)</td><td>a fork fails</td>
 *         <td>{@link ScopeFailedException} with the first failure</td><td>{@code try_join!}</td></tr>
 *     <tr><td>{@link #awaitAll()}</td><td>never</td><td>never for a fork's failure</td>
 *         <td>{@code join_all}</td></tr>
 *     <tr><td>{@link #firstSuccess()}</td><td>a fork succeeds</td>
 *         <td>{@link ScopeFailedException} carrying every failure, if none succeeded</td>
 *         <td>{@code select_ok}</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>A custom policy implements the two methods. {@link #cancelAfter(Fork)} is called on each
 * fork's own thread as the fork ends, until the scope is cancelled; forks that end at the same time
 * call it concurrently, so it must be thread-safe, quick, and must not block (the built-in policies
 * are stateless). {@link #onJoin(Outcome)} is called by the owner in {@code join()} after every
 * fork has ended.
 *
 * {@snippet :
 * // Cancel everything as soon as any fork ends, successful or not.
 * Policy firstToEnd = new Policy() {
 *     public boolean cancelAfter(Fork<?> ended) { return true; }
 *     public void onJoin(Policy.Outcome outcome) { }
 * };
 * }
 */
public interface Policy {

    /**
     * What the forks of a scope did, handed to {@link #onJoin(Outcome)}.
     *
     * @param scopeName the scope's name
     * @param forked how many forks were forked
     * @param succeeded how many ended {@link Fork.State#SUCCEEDED}
     * @param failures the exceptions of the forks that ended {@link Fork.State#FAILED}, in the
     *     order they ended
     */
    record Outcome(String scopeName, int forked, int succeeded, List<Throwable> failures) {}

    /**
     * Called as each fork ends, on its thread: should the scope cancel its other forks now? Not
     * called for forks that end after the scope was cancelled. May be called concurrently.
     *
     * @param ended the fork that just ended; its state is final
     * @return {@code true} to cancel (interrupt) every fork still running
     */
    boolean cancelAfter(Fork<?> ended);

    /**
     * Called by {@link Scope#join()} after every fork has ended; throws to make {@code join()}
     * fail.
     *
     * @param outcome what the forks did
     * @throws RuntimeException to fail the join, usually a {@link ScopeFailedException}
     */
    void onJoin(Outcome outcome);

    /**
     * Try-join: the first failure cancels the other forks, and {@code join()} throws {@link
     * ScopeFailedException} with it as cause (failures that happened meanwhile are suppressed).
     *
     * @return the fail-fast policy
     */
    static Policy failFast() {
        return BuiltInPolicy.FAIL_FAST;
    }

    /**
     * Join-all: never cancels; {@code join()} waits for every fork and never throws for a fork's
     * failure. Read each outcome from its {@link Fork}.
     *
     * @return the await-all policy
     */
    static Policy awaitAll() {
        return BuiltInPolicy.AWAIT_ALL;
    }

    /**
     * Race: the first success cancels the other forks (they are interrupted and awaited). If every
     * fork fails, {@code join()} throws {@link ScopeFailedException} carrying every failure.
     *
     * @return the first-success policy
     */
    static Policy firstSuccess() {
        return BuiltInPolicy.FIRST_SUCCESS;
    }
}

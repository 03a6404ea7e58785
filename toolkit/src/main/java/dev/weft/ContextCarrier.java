package dev.weft;

import java.util.Objects;

/**
 * A context that travels from a scope's owner into each of its forks: a logging context (SLF4J's
 * {@code MDC}), a tracing span, a security principal, whatever lives in the owner's thread and the
 * forked task should see too. A scope configured {@link Scope.Config#withCarriers withCarriers}
 * {@linkplain #capture() captures} the context on the owner's thread in {@link Scope#fork fork()},
 * {@linkplain #restore restores} it on the fork's thread before the task runs, and {@linkplain
 * #clear clears} it there after the task, however the task ended. {@link #of(ThreadLocal)} is the
 * carrier of a {@link ThreadLocal}, which {@link Scope.Config#withThreadLocals withThreadLocals}
 * uses.
 *
 * <p>A carrier for SLF4J's {@code MDC}, written out (Weft itself depends on nothing):
 *
 * {@snippet :
 * final class MdcCarrier implements ContextCarrier<Map<String, String>> {
 *     @Override
 *     public Map<String, String> capture() {          // the owner's thread, in fork()
 *         return MDC.getCopyOfContextMap();          // may be null: nothing set
 *     }
 *
 *     @Override
 *     public void restore(Map<String, String> captured) {   // the fork's thread, before the task
 *         if (captured != null) {
 *             MDC.setContextMap(captured);
 *         }
 *     }
 *
 *     @Override
 *     public void clear(Map<String, String> captured) {     // the fork's thread, after the task
 *         MDC.clear();
 *     }
 * }
 *
 * try (var scope = Scope.open(c -> c.withName("checkout").withCarriers(new MdcCarrier()))) {
 *     MDC.put("order", orderId);
 *     scope.fork(() -> charge(card));                // logs with order=<orderId>
 *     scope.join();
 * }
 * }
 *
 * <p><b>When each method runs.</b> For each fork, {@code capture()} is called once, on the owner's
 * thread, as {@code fork()} is called: a value the owner changes after {@code fork()} does not
 * change the fork's. Then, on the fork's thread, {@code restore} is called once with that value
 * before the task, and {@code clear} once with the same value after it, whether the task returned,
 * threw or was cancelled. A fork whose scope was cancelled before it could start runs neither
 * {@code restore} nor {@code clear}. Carriers are restored in the order they were configured (those
 * of the enclosing scope first) and cleared in the reverse order. A nested scope carries what the
 * scope it is nested in carries, plus its own; for a scope opened by a fork's task, {@code
 * capture()} so runs on that fork's thread, where the outer context has been restored.
 *
 * <p><b>Tasks, JoinSet and WorkQueue.</b> The scopes that {@link Tasks}' combinators and {@link
 * JoinSet#open()} open are nested in the scope current on the calling thread (the innermost one its
 * owner has open, or the fork's scope on a fork's thread), so their forks carry what that scope
 * carries; called outside any scope, they carry nothing but {@link InheritableThreadLocal}s. A
 * {@link WorkQueue}'s workers are forks of the scope given to {@code start}: each captures the
 * context once, when the queue starts, and every handler it runs sees that context, not the
 * requester's.
 *
 * <p><b>A carrier that throws.</b> A carrier must not throw; if one does, the fork is {@link
 * Fork.State#FAILED FAILED} with that exception (unless it is how a cancelled fork ends, an
 * interrupt after cancellation): from {@code capture()}, the fork starts and fails without running
 * {@code restore}, {@code clear} or the task, and {@code fork()} returns normally; from {@code
 * restore}, the carriers restored before it are cleared and the task does not run; from {@code
 * clear}, the other carriers are still cleared, and if the task had failed, the carrier's exception
 * is {@linkplain Throwable#addSuppressed suppressed} on the task's instead. The scope's policy sees
 * such a fork like any failed one (fail-fast cancels the others).
 *
 * <p><b>Memory consistency.</b> What the owner did before {@code capture()} happens-before {@code
 * restore} runs on the fork's thread.
 *
 * <p><b>Forms</b> (its row of the package's <a href="package-summary.html#forms">table of
 * forms</a>): blocks: not offered (Weft calls the three methods; a carrier should not block in
 * them, since {@code capture()} runs inside {@code fork()}); never blocks: {@link
 * #of(ThreadLocal)}; a carrier that throws: the fork is {@link Fork.State#FAILED FAILED} with its
 * exception, a value read through {@link Fork#get()} as {@link TaskFailedException}.
 *
 * @param <T> what {@code capture()} takes: a value, a copy of a map, a token
 */
public interface ContextCarrier<T> {

    /**
     * Takes the context of the calling thread, the owner's, as {@link Scope#fork fork()} is called.
     *
     * @return what the fork will restore; may be {@code null}
     */
    T capture();

    /**
     * Installs {@code captured} on the calling thread, the fork's, before its task runs.
     *
     * @param captured what {@link #capture()} returned on the owner's thread for this fork
     */
    void restore(T captured);

    /**
     * Removes the context from the calling thread, the fork's, after its task, however it ended.
     *
     * @param captured what {@link #capture()} returned for this fork, as given to {@link #restore}
     */
    void clear(T captured);

    /**
     * Returns the carrier of a {@link ThreadLocal}: {@code capture()} is {@link ThreadLocal#get()
     * local.get()} on the owner's thread, {@code restore} is {@link ThreadLocal#set local.set(v)}
     * and {@code clear} is {@link ThreadLocal#remove() local.remove()} on the fork's. The fork sees
     * the very object the owner holds (not a copy), so carry immutable or thread-safe values; a
     * {@link ThreadLocal#withInitial} cache of per-thread objects should not be carried. Two
     * carriers of the same {@code ThreadLocal} are {@linkplain Object#equals equal}, and a scope
     * carries each {@code ThreadLocal} once.
     *
     * @param local the thread-local variable to carry
     * @param <T> the type of its value
     * @return a carrier that sets {@code local} in each fork and removes it after the task
     * @throws NullPointerException if {@code local} is {@code null}
     */
    static <T> ContextCarrier<T> of(ThreadLocal<T> local) {
        return new ThreadLocalCarrier<>(Objects.requireNonNull(local, "local"));
    }
}

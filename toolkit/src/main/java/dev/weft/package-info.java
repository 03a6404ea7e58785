/**
 * Structured concurrency for Java 21+ virtual threads: tasks, channels, select and workers, written
 * as plain blocking code. The shapes are those of Rust's async libraries ({@code futures}, {@code
 * tokio}), and where a Rust twin teaches something it is named; nothing here needs Rust to be
 * understood. Every task runs on its own virtual thread, so blocking in a task (I/O, sleeps, locks,
 * channel waits) is cheap, and no task outlives the scope that started it.
 *
 * {@snippet :
 * // Rust: let (book, music) = try_join!(get_book(), get_music())?;
 * Tasks.Pair<Book, Music> both = Tasks.tryJoin(() -> getBook(), () -> getMusic());
 * }
 *
 * <h2>Scopes and tasks</h2>
 *
 * <ul>
 *   <li>{@link dev.weft.Scope}: start here. The owner thread opens a scope, forks tasks into it,
 *       calls {@code join()} once and closes it (try-with-resources); when {@code close()} returns,
 *       every fork has ended. The guarantees of the JDK's preview {@code StructuredTaskScope}, on
 *       any JDK 21+ and without {@code --enable-preview}.
 *   <li>{@link dev.weft.Scope.Config}: a scope's name (its forks' threads are named after it),
 *       policy and deadline, set in {@link dev.weft.Scope#open(java.util.function.UnaryOperator)}.
 *   <li>{@link dev.weft.Fork}: one forked task; after {@code join()} its value ({@code get()}) or
 *       its exception, and at any time its {@linkplain dev.weft.Fork.State state}. Like the {@code
 *       JoinHandle} of {@code tokio::spawn}, but read after the scope's {@code join()}.
 *   <li>{@link dev.weft.Policy}: when a scope cancels its other forks and what {@code join()}
 *       reports: {@code failFast()}, the default (Rust's {@code try_join!}), {@code awaitAll()}
 *       ({@code join_all}), {@code firstSuccess()} ({@code select_ok}), or your own.
 *   <li>{@link dev.weft.Tasks}: the common shapes in one call, each a scope underneath: {@code
 *       joinAll}, {@code tryJoinAll}, {@code tryJoin} (a typed {@link dev.weft.Tasks.Pair} or
 *       {@link dev.weft.Tasks.Triple}), {@code race}, {@code timeout}, {@code mapConcurrent} and
 *       {@code forEachConcurrent}.
 *   <li>{@link dev.weft.JoinSet}: tasks whose outcomes are taken in the order they finish, one
 *       {@code joinNext()} at a time; tokio's {@code JoinSet}.
 *   <li>{@link dev.weft.Result}: a task's outcome as a value, {@link dev.weft.Result.Ok} with its
 *       value or {@link dev.weft.Result.Err} with the exception it threw; Rust's {@code Result}
 *       with an exception as the error.
 *   <li>{@link dev.weft.TaskFunction} and {@link dev.weft.TaskConsumer}: {@code Function} and
 *       {@code Consumer} that may throw, so that the work of {@code Tasks.mapConcurrent} and {@code
 *       Tasks.forEachConcurrent} can block and be interrupted.
 * </ul>
 *
 * <h2>Exceptions</h2>
 *
 * What a scope's {@code join()}, and the join sets and combinators built on scopes, throw instead
 * of returning; all three are unchecked.
 *
 * <ul>
 *   <li>{@link dev.weft.ScopeFailedException}: the policy reports failure (fail-fast: a fork
 *       failed; first-success: none succeeded). The combinators of {@code Tasks} that return values
 *       throw it for a task's failure.
 *   <li>{@link dev.weft.ScopeTimeoutException}: the scope's deadline passed first; every fork has
 *       been interrupted and has ended. ({@code Tasks.timeout} turns it into a {@link
 *       java.util.concurrent.TimeoutException}.)
 *   <li>{@link dev.weft.ScopeCancelledException}: the scope was cancelled from outside (the scope
 *       it is nested in was cancelled, or {@code join()} is called again after it threw {@link
 *       java.lang.InterruptedException}), so its work cannot be reported as a success. It is a
 *       {@link java.util.concurrent.CancellationException}: a fork that ends with it is cancelled,
 *       not failed.
 * </ul>
 *
 * <h2>Channels</h2>
 *
 * <ul>
 *   <li>{@link dev.weft.Channel}: a buffer between many producers and one consumer, bounded ({@code
 *       mpsc(n)}), {@code unbounded()}, or a {@code rendezvous()} where a send waits for the
 *       receiver; Rust's {@code mpsc::channel}.
 *   <li>{@link dev.weft.Sender}: the sending half; any number of threads may send through it, and
 *       {@code clone()} makes more handles. Closing the last handle ends the channel once the
 *       receiver has drained it, like Rust's {@code drop(tx)}.
 *   <li>{@link dev.weft.Receiver}: the receiving half; {@code recv()} returns {@link
 *       java.util.Optional#empty()} at the end, and the receiver is also an {@code Iterable} and a
 *       {@code stream()}.
 *   <li>{@link dev.weft.Oneshot}: a channel for exactly one value, usually a reply sent along with
 *       a request; tokio's {@code oneshot}.
 *   <li>{@link dev.weft.ChannelClosedException}: the other side is gone; a send that could not
 *       deliver hands its value back in {@code unsentValue()}.
 * </ul>
 *
 * <h2>Select and time</h2>
 *
 * <ul>
 *   <li>{@link dev.weft.Select}: waits for the first of several things (a value to receive, room to
 *       send, a fork to end, a tick, a timeout) and runs that arm's handler; tokio's {@code
 *       select!}, Go's {@code select}. Exactly one arm commits, so a select in a loop never loses a
 *       value.
 *   <li>{@link dev.weft.Interval}: a clock that ticks every period, to wait on with {@code tick()}
 *       or as an arm of a select; tokio's {@code time::interval}, with its choices for missed ticks
 *       ({@link dev.weft.Interval.MissedTick}).
 * </ul>
 *
 * {@snippet :
 * // Rust: tokio::select! { Some(msg) = rx.recv() => ..., _ = sleep(Duration::from_secs(1)) => ... }
 * String line = Select.<String>builder()
 *         .recv(rx, msg -> "got " + msg)
 *         .timeout(Duration.ofSeconds(1), () -> "nothing within a second")
 *         .await();
 * }
 *
 * <h2>Workers</h2>
 *
 * <ul>
 *   <li>{@link dev.weft.WorkQueue}: workers, forks of a scope, that answer requests: {@code
 *       request(input)} sends the input with a fresh {@code Oneshot} through a bounded channel and
 *       waits for the reply. The Rust pattern of sending a work item that carries a {@code
 *       oneshot::Sender} to respond on, as a type.
 *   <li>{@link dev.weft.BlockingPool}: a bounded pool of platform threads for work that would hold
 *       a virtual thread's carrier (long CPU-bound work; on JDK 21 to 23, blocking inside {@code
 *       synchronized} or native code); the caller waits for the result. Tokio's {@code
 *       spawn_blocking}.
 * </ul>
 *
 * <h2>Conventions</h2>
 *
 * Everywhere in the package:
 *
 * <ul>
 *   <li>Blocking methods throw {@link java.lang.InterruptedException}: interruption is
 *       cancellation, and it is never swallowed. Two kinds of method cannot throw it and keep the
 *       interrupt instead: {@code close()} of a scope, join set or blocking pool waits until what
 *       it runs has ended even if interrupted, and returns with the interrupt flag set; a {@code
 *       Receiver}'s iterator sets the flag again and throws {@link
 *       java.util.concurrent.CancellationException}.
 *   <li>Timeouts are {@link java.time.Duration}s and must be positive ({@link
 *       java.lang.IllegalArgumentException} otherwise). A method that waits at most a timeout
 *       throws {@link java.util.concurrent.TimeoutException} when it runs out, except {@code
 *       Sender.send(value, timeout)}, which returns {@code false}. (A scope's deadline makes its
 *       {@code join()} throw {@link dev.weft.ScopeTimeoutException}; a select's timeout arm runs
 *       its handler.)
 *   <li>Failures are values ({@link dev.weft.Result}) where you ask for every outcome ({@code
 *       Tasks.joinAll}, {@code JoinSet}, a select's fork arm), and exceptions where you ask for
 *       values: {@link dev.weft.ScopeFailedException} from a scope or a combinator, {@link
 *       java.util.concurrent.CompletionException} from {@code BlockingPool.call} and {@code
 *       WorkQueue.request}; either way the task's exception is the cause.
 *   <li>No failure vanishes: the exception that reports a scope's outcome carries its forks'
 *       failures ({@code join()}'s exceptions have the first as the cause and the others
 *       suppressed). A fork that ends by the interrupt of its scope's cancellation is cancelled,
 *       not failed, and is not reported.
 *   <li>Cancelled from outside, a scope, join set or combinator never reports success, even if its
 *       tasks swallow the interrupt and return values: when the scope enclosing it is cancelled,
 *       its tasks are interrupted and it throws {@link dev.weft.ScopeCancelledException} naming
 *       what cancelled it (a combinator running in a fork may throw {@code InterruptedException}
 *       instead, when the cancellation reached its thread first). A scope whose own deadline passes
 *       throws {@link dev.weft.ScopeTimeoutException} from {@code join()}, and one whose owner is
 *       interrupted there throws {@code InterruptedException}. When the scope of a {@code
 *       WorkQueue} is cancelled, the requests its workers have not answered throw {@link
 *       dev.weft.ChannelClosedException}.
 *   <li>A scope or join set belongs to the thread that opened it: only that thread may fork
 *       (spawn), join or close it ({@link java.lang.WrongThreadException} otherwise).
 *   <li>Channels and oneshots carry no {@code null} values ({@link
 *       java.lang.NullPointerException}).
 *   <li>The types that hand over tasks or values state their memory consistency, always the same
 *       rule: what a thread did before handing over a task or a value happens-before the task runs
 *       or the value is received, and what a task did happens-before its outcome is read.
 *   <li>No method uses {@code synchronized} or {@code Object.wait}, so nothing pins a virtual
 *       thread to its carrier on JDK 21 to 23.
 * </ul>
 */
package dev.weft;

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
 *       policy and deadline, set in {@link dev.weft.Scope#open(java.util.function.UnaryOperator)}
 *       with {@code withName}, {@code withPolicy} and {@code withTimeout}, and the context its
 *       forks carry: {@code withThreadLocals}, {@code withCarriers} and, on Java 25+, {@code
 *       withScopedValues}. {@link dev.weft.WorkQueue.Config} does the same for a work queue.
 *   <li>{@link dev.weft.ContextCarrier}: a context (SLF4J's {@code MDC}, a tracing span) that
 *       travels from a scope's owner into each fork: captured in {@code fork()}, restored on the
 *       fork's thread before its task, cleared after it; {@code ContextCarrier.of(threadLocal)}. It
 *       never blocks, so it has no row in the table of forms.
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
 * All unchecked; the <a href="#forms">table of forms</a> says which call throws which.
 *
 * <ul>
 *   <li>{@link dev.weft.TaskFailedException}: a task whose value you asked for failed ({@code
 *       Fork.get}, {@code Result.getOrThrow}, {@code WorkQueue.request}, {@code BlockingPool.call},
 *       a select handler's checked exception); the task's exception is the cause.
 *   <li>{@link dev.weft.ScopeFailedException}, a {@code TaskFailedException}: a scope's policy
 *       reports failure (fail-fast: a fork failed; first-success: none succeeded). The combinators
 *       of {@code Tasks} that return values throw it for a task's failure.
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
 *   <li>{@link dev.weft.Channel}: a buffer between many producers and many consumers (each value
 *       goes to one of them), {@code bounded(n)}, {@code unbounded()}, or a {@code rendezvous()}
 *       where a send waits for a receiver; Rust's {@code mpsc::channel}, Go's channels.
 *   <li>{@link dev.weft.Sender}: the sending half; any number of threads may send through it, and
 *       {@code clone()} makes more handles. Closing the last handle ends the channel once the
 *       receiver has drained it, like Rust's {@code drop(tx)}.
 *   <li>{@link dev.weft.Receiver}: the receiving half; any number of threads may receive through
 *       it, and {@code clone()} makes more handles; closing the last one refuses further sends.
 *       {@code recv()} throws {@link dev.weft.ChannelClosedException} at the end, and the receiver
 *       is also an {@code Iterable} and a {@code stream()}, which end normally.
 *   <li>{@link dev.weft.Oneshot}: a channel for exactly one value, usually a reply sent along with
 *       a request; tokio's {@code oneshot}. Its halves are {@link dev.weft.OneshotSender} and
 *       {@link dev.weft.OneshotReceiver}.
 *   <li>{@link dev.weft.Broadcast}: every subscriber gets every value sent after it subscribed; a
 *       send never waits, and a subscriber that falls more than the capacity behind is told how
 *       many values it missed ({@link dev.weft.LaggedException}) and continues. Tokio's {@code
 *       broadcast}; its halves are {@link dev.weft.BroadcastSender} and {@link
 *       dev.weft.BroadcastReceiver}.
 *   <li>{@link dev.weft.Watch}: holds the latest value; receivers read it or wait for a change
 *       since their last look, senders replace it or modify it in place (the config-reload
 *       pattern). Tokio's {@code watch}; its halves are {@link dev.weft.WatchSender} and {@link
 *       dev.weft.WatchReceiver}.
 *   <li>{@link dev.weft.ChannelClosedException}: the other side is gone; a send that could not
 *       deliver hands its value back in {@code unsentValue()}.
 *   <li>{@link dev.weft.LaggedException}: a broadcast subscriber fell behind and lost values;
 *       {@code missed()} says how many, and it continues at the oldest value retained.
 * </ul>
 *
 * <h2>Select and time</h2>
 *
 * <ul>
 *   <li>{@link dev.weft.Select}: waits for the first of several things (a value to receive from a
 *       channel, a oneshot or a broadcast subscriber, a watch's change ({@code changed}), room to
 *       send ({@code send}, or {@code sendOrClosed}, which also commits when the receiver is
 *       closed), a fork to end ({@code forkEnded}), a tick, a timeout) and runs that arm's handler;
 *       tokio's {@code select!}, Go's {@code select}. Exactly one arm commits, so a select in a
 *       loop never loses a value.
 *   <li>{@link dev.weft.Interval}: a clock that ticks every period, to wait on with {@code tick()}
 *       or as an arm of a select; tokio's {@code time::interval}, with its choices for missed ticks
 *       ({@link dev.weft.Interval.MissedTick}).
 * </ul>
 *
 * {@snippet :
 * // Rust: tokio::select! { Some(msg) = rx.recv() => ..., _ = sleep(Duration::from_secs(1)) => ... }
 * String line = Select.<String>create()
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
 * <h2>Seeing inside</h2>
 *
 * <ul>
 *   <li>{@link dev.weft.Snapshot}: what is running now, from any thread, without blocking: the open
 *       scopes as a tree (name, owner thread, age, time left, forks with their state and thread
 *       name), and the channels and work queues you {@linkplain dev.weft.Snapshot#register(String,
 *       dev.weft.Channel) registered}. Its {@code toString()} is an indented text tree for a log. A
 *       fork's thread name carries the chain of enclosing scopes ({@code
 *       checkout-fork-2/payment-fork-1}), so a thread dump shows the nesting too.
 * </ul>
 *
 * <h2 id="forms">The table of forms</h2>
 *
 * Every type says the same thing the same way. A blocking call waits and throws {@link
 * java.lang.InterruptedException}; a {@code try} call never waits; a call that takes a {@link
 * java.time.Duration} waits at most that long. What each of them does when the time runs out, when
 * the other side is closed and when a task failed is one rule per situation, for every type:
 *
 * <ul>
 *   <li><b>Nothing ready now</b> (a {@code try} call): {@link java.util.Optional#empty()} where the
 *       call would give a value, {@code false} where it would take one ({@code trySend}). Never
 *       {@code null}, never an exception.
 *   <li><b>Timed out</b> (a call with a {@code Duration}): checked {@link
 *       java.util.concurrent.TimeoutException}, and nothing happened (the value was not sent, or
 *       not taken). A scope's deadline, set in its configuration and not in a call, ends its {@code
 *       join()} with the unchecked {@link dev.weft.ScopeTimeoutException}, as the JDK's scope does;
 *       a select's {@code timeout} arm runs its action instead.
 *   <li><b>The other side is closed</b>: {@link dev.weft.ChannelClosedException}, unchecked, for
 *       good (a closed side never opens again). What was refused comes back in its {@link
 *       dev.weft.ChannelClosedException#unsentValue() unsentValue()}: the value of a send, the
 *       input of a request, the work of a call. A receiver throws it once it is closed <em>and</em>
 *       drained; its iteration and stream end normally instead.
 *   <li><b>A task failed</b>, where you asked for its value: {@link dev.weft.TaskFailedException},
 *       unchecked, with the task's exception as the cause; a scope's {@code join()} and the {@code
 *       Tasks} combinators throw its subclass {@link dev.weft.ScopeFailedException}, which also
 *       carries the other forks' failures. Where you asked for every outcome ({@code
 *       Tasks.joinAll}, {@code JoinSet}, a select's {@code forkEnded} arm), a failure is a value,
 *       {@link dev.weft.Result.Err}.
 *   <li><b>Cancelled</b>: the interrupted thread gets {@code InterruptedException}; reading the
 *       value of a cancelled fork throws {@link java.util.concurrent.CancellationException}; a
 *       scope cancelled from outside throws {@link dev.weft.ScopeCancelledException}, a {@code
 *       CancellationException}.
 * </ul>
 *
 * <table class="striped">
 *   <caption>Forms, by type (each class repeats its row)</caption>
 *   <thead>
 *     <tr><th>type</th><th>blocks</th><th>never blocks: nothing ready</th>
 *         <th>timed: {@code TimeoutException}</th><th>other side closed: {@code
 *         ChannelClosedException}</th><th>task failed</th></tr>
 *   </thead>
 *   <tbody>
 *     <tr><td>{@link dev.weft.Sender}</td><td>{@code send(v)}; {@code closed()} (waits for
 *         the receivers to go)</td>
 *         <td>{@code trySend(v)}: {@code false}; {@code isReceiverClosed()}</td>
 *         <td>{@code send(v, timeout)}, {@code closed(timeout)}</td>
 *         <td>every send, with {@code v}; {@code closed()} returns</td><td>—</td></tr>
 *     <tr><td>{@link dev.weft.Receiver}</td><td>{@code recv()}, {@code recvMany(buf, max)}
 *         (waits for the first only)</td>
 *         <td>{@code tryRecv()}: empty</td><td>{@code recv(timeout)}</td>
 *         <td>every receive, once drained; iteration ends; {@code isClosed()} before drained,
 *         {@code isDone()} after</td><td>—</td></tr>
 *     <tr><td>{@link dev.weft.OneshotSender}</td><td>—</td>
 *         <td>{@code send(v)} (never full)</td><td>—</td>
 *         <td>{@code send(v)}, with {@code v}</td><td>—</td></tr>
 *     <tr><td>{@link dev.weft.OneshotReceiver}</td><td>{@code recv()}</td>
 *         <td>{@code tryRecv()}: empty</td><td>{@code recv(timeout)}</td>
 *         <td>every receive (sender closed without sending, or receiver closed)</td>
 *         <td>—</td></tr>
 *     <tr><td>{@link dev.weft.BroadcastSender}</td><td>—</td>
 *         <td>{@code send(v)} (never full: overwrites the oldest)</td><td>—</td>
 *         <td>{@code send(v)} with no subscriber open, with {@code v}</td><td>—</td></tr>
 *     <tr><td>{@link dev.weft.BroadcastReceiver}</td><td>{@code recv()}</td>
 *         <td>{@code tryRecv()}: empty</td><td>{@code recv(timeout)}</td>
 *         <td>every receive, once drained; iteration ends (fell behind: {@code
 *         LaggedException}, once, from every form)</td><td>—</td></tr>
 *     <tr><td>{@link dev.weft.WatchSender}</td><td>—</td>
 *         <td>{@code send(v)}, {@code update(f)}, {@code modify(f)} (never full)</td><td>—</td>
 *         <td>{@code send(v)} with no receiver open, with {@code v}; {@code update}, {@code
 *         modify} still change the value</td><td>—</td></tr>
 *     <tr><td>{@link dev.weft.WatchReceiver}</td><td>{@code changed()}</td>
 *         <td>{@code tryChanged()}: empty (nothing unseen); {@code get()}: the latest</td>
 *         <td>{@code changed(timeout)}</td>
 *         <td>{@code changed}, {@code tryChanged}, once the last version is seen; {@code get()}
 *         keeps working</td><td>—</td></tr>
 *     <tr><td>{@link dev.weft.WorkQueue}</td><td>{@code request(i)}</td>
 *         <td>{@code tryRequest(i)}: empty if full (then waits for the reply)</td>
 *         <td>{@code request(i, timeout)}</td><td>every request, with {@code i}</td>
 *         <td>{@code TaskFailedException}</td></tr>
 *     <tr><td>{@link dev.weft.BlockingPool}</td><td>{@code call(work)}</td><td>—</td><td>—</td>
 *         <td>{@code call(work)}, with {@code work}</td><td>{@code TaskFailedException}</td></tr>
 *     <tr><td>{@link dev.weft.JoinSet}</td><td>{@code joinNext()}</td>
 *         <td>{@code tryJoinNext()}: empty</td><td>{@code joinNext(timeout)}</td>
 *         <td>— (no task left: empty; the set can take more)</td>
 *         <td>a value: {@code Result.Err}</td></tr>
 *     <tr><td>{@link dev.weft.Interval}</td><td>{@code tick()}</td>
 *         <td>{@code tryTick()}: empty</td><td>— (a select's timeout arm)</td><td>—</td>
 *         <td>—</td></tr>
 *     <tr><td>{@link dev.weft.Select}</td><td>{@code await()}</td>
 *         <td>an {@code orElse} arm runs</td><td>a {@code timeout} arm runs</td>
 *         <td>every arm disabled, no {@code orElse} or {@code timeout} arm ({@code
 *         sendOrClosed} commits instead); a broadcast arm's lag: {@code LaggedException}</td>
 *         <td>a handler's checked exception: {@code TaskFailedException}</td></tr>
 *     <tr><td>{@link dev.weft.Scope}</td><td>{@code join()}</td><td>—</td>
 *         <td>deadline: {@code ScopeTimeoutException}</td>
 *         <td>— (cancelled from outside or by {@code cancel()}: {@code ScopeCancelledException})</td>
 *         <td>{@code ScopeFailedException}</td></tr>
 *     <tr><td>{@link dev.weft.Fork}, {@link dev.weft.Result}</td><td>—</td>
 *         <td>{@code get()}, {@code getOrThrow()}: the value</td><td>—</td><td>—</td>
 *         <td>{@code TaskFailedException}</td></tr>
 *     <tr><td>{@link dev.weft.ContextCarrier}</td><td>— (called by {@code fork()} and the
 *         fork's thread; should not block)</td><td>{@code of(local)}</td><td>—</td><td>—</td>
 *         <td>a carrier that throws: the fork {@code FAILED}; {@code get()}: {@code
 *         TaskFailedException}</td></tr>
 *     <tr><td>JFR events ({@code dev.weft.*}, <a href="#jfr">their table</a>)</td><td>— (no
 *         call: the operations in the other rows record them, and keep their forms)</td>
 *         <td>—</td><td>—</td><td>—</td><td>a failed fork: {@code dev.weft.ForkFailed}</td></tr>
 *     <tr><td>{@link dev.weft.Snapshot}</td><td>—</td>
 *         <td>{@code take()}, {@code register(name, c)}, {@code Registration.close()}</td>
 *         <td>—</td><td>—</td><td>—</td></tr>
 *     <tr><td>{@link dev.weft.Tasks}</td><td>every combinator</td><td>—</td>
 *         <td>{@code timeout(d, task)}</td><td>—</td>
 *         <td>{@code ScopeFailedException}; {@code joinAll}: {@code Result.Err}</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2 id="jfr">Observability: JFR events</h2>
 *
 * The toolkit records four JDK Flight Recorder events, in category {@code Weft}, all enabled by
 * default. They are its only observability API: there is nothing to call. The module {@code
 * requires static jdk.jfr}: where {@code jdk.jfr} is not resolved (a jlink image without it, or
 * {@code --limit-modules}) nothing is recorded and everything else works the same. On a full JDK it
 * is resolved on the class path, on the module path through service binding, and always with {@code
 * --add-modules jdk.jfr} or {@code -XX:StartFlightRecording}. While nothing records them, an event
 * costs its call site a static final check and one read, and allocates nothing; a send or receive
 * that does not wait pays nothing.
 *
 * <table class="striped">
 *   <caption>The JFR events</caption>
 *   <thead>
 *     <tr><th scope="col">Event</th><th scope="col">When</th><th scope="col">Fields</th>
 *         <th scope="col">Duration</th><th scope="col">Default threshold</th></tr>
 *   </thead>
 *   <tbody>
 *     <tr><td>{@code dev.weft.ScopeClosed}</td><td>a scope is closed (begun at its open, if the
 *         event was enabled then)</td><td>{@code scope} (name), {@code forks} (forked in all),
 *         {@code outcome} ({@code succeeded}, {@code failed}, {@code cancelled}, {@code timed out}:
 *         what {@code join()} reported; {@code not joined} if no {@code join()} had its outcome,
 *         as for a {@code JoinSet}'s scope), {@code parent} (the enclosing scope's name, or
 *         null)</td><td>open to close</td><td>none</td></tr>
 *     <tr><td>{@code dev.weft.ForkFailed}</td><td>a fork's outcome becomes {@link
 *         dev.weft.Fork.State#FAILED FAILED}, on the thread that ended it; not for cancelled
 *         forks</td><td>{@code scope}, {@code fork} (its name), {@code exceptionClass}, {@code
 *         message}</td><td>—</td><td>none</td></tr>
 *     <tr><td>{@code dev.weft.ChannelWait}</td><td>a send, receive (channel or oneshot) or select
 *         that had to wait, in blocking and timed forms; never the path that does not
 *         wait</td><td>{@code operation} ({@code send}, {@code receive}, {@code select}), {@code
 *         channel} ({@code bounded(n)}, {@code unbounded}, {@code rendezvous}, {@code oneshot}, or
 *         the select's arms), {@code outcome} ({@code sent}, {@code received}, {@code committed},
 *         {@code closed}, {@code timed out}, {@code interrupted}, {@code failed}), {@code timed}
 *         (a timed form)</td><td>the wait</td><td>20 ms</td></tr>
 *     <tr><td>{@code dev.weft.WorkQueueRequest}</td><td>a {@link dev.weft.WorkQueue} request
 *         returns or throws</td><td>{@code queue} ({@link dev.weft.WorkQueue#name()}), {@code
 *         outcome} ({@code replied}, {@code failed}: the handler threw, {@code full}: {@code
 *         tryRequest} found no room, {@code timed out}, {@code interrupted}, {@code
 *         closed})</td><td>request to reply</td><td>none</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Not recorded: the receives of {@link dev.weft.Broadcast} and {@link dev.weft.Watch}, and
 * {@code Sender.closed()}.
 *
 * <h2>Conventions</h2>
 *
 * Everywhere in the package:
 *
 * <ul>
 *   <li>Blocking methods throw {@link java.lang.InterruptedException}: interruption is
 *       cancellation, and it is never swallowed. Two kinds of method cannot throw it and keep the
 *       interrupt instead: {@code close()} of a scope, join set or blocking pool waits until what
 *       it runs has ended even if interrupted, and returns with the interrupt flag set; the
 *       iterator of a {@code Receiver} or a {@code BroadcastReceiver} sets the flag again and
 *       throws {@link java.util.concurrent.CancellationException}.
 *   <li>Timeouts are {@link java.time.Duration}s and must be positive ({@link
 *       java.lang.IllegalArgumentException} otherwise); one too long to count in nanoseconds (about
 *       292 years) waits without a limit.
 *   <li>Handlers and tasks may throw any exception ({@link dev.weft.TaskFunction}, {@code
 *       Callable}, {@link dev.weft.Select.Handler}), so that work which does I/O compiles as it is.
 *   <li>Misuse is {@link java.lang.IllegalStateException} (a closed handle used, a value sent
 *       twice, a fork read before {@code join()}) or {@link java.lang.IllegalArgumentException} (a
 *       bad argument, named with its value): bugs, not situations to handle.
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

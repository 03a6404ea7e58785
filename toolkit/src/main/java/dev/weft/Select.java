package dev.weft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Waits for the first of several things to happen, and handles that one: tokio's {@code select!},
 * Go's {@code select}. Each <em>arm</em> names something to wait for and a handler; when an arm is
 * ready, it <em>commits</em>, its handler runs on the calling thread, and the handler's value is
 * the select's result.
 *
 * {@snippet :
 * Animal winner = Select.<Animal>create()   // the witness <Animal>: Java cannot infer it here
 *         .recv(catRx, name -> new Cat(name))
 *         .recv(dogRx, name -> new Dog(name))
 *         .timeout(Duration.ofSeconds(1), () -> null)
 *         .await();
 * }
 *
 * <table class="striped">
 *   <caption>Arms</caption>
 *   <thead><tr><th>arm</th><th>ready when</th><th>commits by</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link #recv(Receiver, Handler) recv(rx, handler)}</td><td>a value is there</td>
 *         <td>taking it; the handler gets the value</td></tr>
 *     <tr><td>{@link #recvOrClosed(Receiver, Handler) recvOrClosed(rx, handler)}</td>
 *         <td>a value is there, or the channel is closed and drained</td>
 *         <td>the handler gets the value, or {@link Optional#empty()}</td></tr>
 *     <tr><td>{@link #send send(tx, value, handler)}</td><td>there is room (a receiver, for a
 *         rendezvous channel)</td><td>sending the value</td></tr>
 *     <tr><td>{@link #sendOrClosed sendOrClosed(tx, value, onSent, onClosed)}</td><td>as {@code
 *         send}, or the channel refuses the value (closed)</td><td>sending it, or {@code
 *         onClosed} gets it back</td></tr>
 *     <tr><td>{@link #recv(OneshotReceiver, Handler) recv(oneshotRx, handler)}, {@link
 *         #recvOrClosed(OneshotReceiver, Handler) recvOrClosed}</td><td>the oneshot's value is
 *         there (or, for {@code recvOrClosed}, none can come)</td><td>taking it</td></tr>
 *     <tr><td>{@link #recv(BroadcastReceiver, Handler) recv(subscriber, handler)}</td><td>the
 *         subscriber's next value is there, or it lagged</td><td>receiving it (a lag: {@code
 *         await()} throws {@link LaggedException})</td></tr>
 *     <tr><td>{@link #changed changed(watchRx, handler)}</td><td>a version the receiver has not
 *         seen</td><td>marking it seen; the handler gets the latest value</td></tr>
 *     <tr><td>{@link #forkEnded forkEnded(fork, handler)}</td><td>the fork has ended</td>
 *         <td>the handler gets its {@link Result}</td></tr>
 *     <tr><td>{@link #tick tick(interval, handler)}</td><td>the interval's next tick is due</td>
 *         <td>taking the tick</td></tr>
 *     <tr><td>{@link #timeout timeout(duration, handler)}</td><td>{@code duration} has passed
 *         since {@link #await()} began</td><td>—</td></tr>
 *     <tr><td>{@link #orElse orElse(handler)}</td><td>no other arm is ready at once</td>
 *         <td>— (the select then never waits)</td></tr>
 *   </tbody>
 * </table>
 *
 * <p><b>Exactly one arm commits.</b> An arm that does not commit has no effect: a receive arm takes
 * nothing, a send arm sends nothing, a tick arm leaves the tick for later. So a select in a loop
 * can never lose a value (nor a oneshot's value, a broadcast value or a watch change), which is the
 * "cancel safety" pitfall of tokio's {@code select!} (tokio issue 5947) that does not exist here. A
 * value that arrives on a losing channel stays there for the next receive.
 *
 * <p><b>Order.</b> By default a select is <em>biased</em>: when several arms are ready, the first
 * one declared commits (tokio's {@code biased;}). {@link #fair()} makes it start each poll at a
 * random arm instead, so that a busy channel cannot starve the others (tokio's default). The {@code
 * timeout} arm is looked at after every other arm; {@code orElse} runs only if none is ready.
 *
 * <p><b>Disabled arms.</b> A {@code recv} arm whose channel is closed and drained is disabled, as
 * tokio's {@code Some(x) = rx.recv()} pattern is: the select waits for the other arms. So is a
 * {@code send} arm whose receiver is closed, or whose channel's last sender handle another thread
 * closed while the select waited (its value stays with the caller, unsent); so is an arm on a
 * oneshot that can get no value, on a broadcast subscriber closed or drained, on a watch receiver
 * closed or at its last version. Use {@code recvOrClosed} or {@code sendOrClosed} to see the close
 * instead. When every arm is disabled, {@code orElse} runs if there is one; if there is a timeout
 * arm, the select waits for it; otherwise {@link #await()} throws {@link ChannelClosedException}.
 *
 * <p><b>Reuse.</b> A select may be awaited again and again (a loop); each {@link #await()} starts
 * afresh (its {@code timeout} too). A {@code send} arm sends the same value each time it commits.
 *
 * <p><b>Cancellation.</b> {@link #await()} is interruptible: if the thread is interrupted while it
 * waits, no arm commits, nothing stays registered with any channel or fork, and it throws {@link
 * InterruptedException}. If a rendezvous partner completed an exchange with this select at the
 * moment of the interrupt, that arm has committed: its handler runs and the interrupt flag stays
 * set. Handlers run on the calling thread and may block or do I/O; an exception from a handler is
 * thrown by {@code await()} (the arm had committed): as it is if it is unchecked or an {@link
 * InterruptedException}, and as the cause of a {@link TaskFailedException} if it is another checked
 * exception.
 *
 * <p><b>Receivers.</b> A select receives from its channels as one of their consumers: while it
 * waits, other threads (and other selects) may receive from the same channels, and each value goes
 * to exactly one of them. A select waiting on a oneshot is its one waiter (see {@link Oneshot}).
 * Broadcast subscribers and watch receivers may be shared too: the select polls them as any receive
 * does. The handler runs after the select has let go of its channels, so a handler may receive from
 * them itself.
 *
 * <p><b>Memory consistency.</b> What a sender did before sending a value happens-before the handler
 * that receives it runs; what a fork did happens-before its {@code forkEnded} arm's handler.
 *
 * <p><b>Forms</b> (its row of the package's <a href="package-summary.html#forms">table of
 * forms</a>): blocks: {@link #await()}; never blocks: add an {@link #orElse orElse} arm; timed: add
 * a {@link #timeout timeout} arm; every arm disabled (closed) and neither of those: {@link
 * ChannelClosedException}; a broadcast subscriber fell behind: {@link LaggedException}; a handler's
 * checked exception: {@link TaskFailedException} with it as the cause (unchecked ones pass as they
 * are).
 *
 * @param <R> the type of the select's result
 */
public final class Select<R> {

    // How one select waits on several channels, and why exactly one arm commits: the design note
    // in SelectWait, which holds phases 2 and 3 of the await loop below.

    /**
     * What an arm's handler does with what the arm got.
     *
     * @param <T> what the arm got: a value, an {@link Optional}, a {@link Result}, a tick
     * @param <R> the select's result type
     */
    @FunctionalInterface
    public interface Handler<T, R> {
        /**
         * Handles what the committed arm got.
         *
         * @param value what the arm got
         * @return the select's result
         * @throws Exception anything the handler's work throws: {@link #await()} throws it on, as
         *     it is if it is unchecked or an {@link InterruptedException}, and wrapped in a {@link
         *     TaskFailedException} if it is another checked exception (an {@link
         *     java.io.IOException}, say)
         */
        R handle(T value) throws Exception;
    }

    /**
     * What an arm that gets nothing does: a {@code send}, {@code timeout} or {@code orElse} arm.
     *
     * @param <R> the select's result type
     */
    @FunctionalInterface
    public interface Action<R> {
        /**
         * Runs when the arm commits.
         *
         * @return the select's result
         * @throws Exception anything the action's work throws; {@link #await()} throws it on as
         *     {@link Handler#handle} says
         */
        R run() throws Exception;
    }

    // The arms, in the order declared: arms[0 .. count), grown by doubling. A select built per
    // message pays for itself, one small array and its arms; nothing is copied per arm added.
    private SelectArm<R>[] arms;
    private int count;
    private boolean hasTicks;
    private Duration timeout;
    private Action<? extends R> onTimeout;
    private Action<? extends R> orElse;
    private boolean fair;

    private Select() {}

    /**
     * Creates a select with no arms; add arms, then {@link #await()}. The select is the builder and
     * the thing awaited, and may be awaited again and again.
     *
     * <p>Java infers {@code R} from an assignment ({@code Select<String> s = Select.create();}) but
     * not through a chain of calls, so a chained select names it: {@code
     * Select.<String>create().recv(...).await()}.
     *
     * @param <R> the type of the select's result
     * @return a new select
     */
    public static <R> Select<R> create() {
        return new Select<>();
    }

    /**
     * Adds an arm that receives a value from {@code rx}. Disabled once the channel is closed and
     * drained.
     *
     * @param rx the receiver
     * @param handler gets the value
     * @param <T> the type of the values
     * @return this select
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if the channel already has an arm in this select
     */
    public <T> Select<R> recv(Receiver<T> rx, Handler<? super T, ? extends R> handler) {
        Objects.requireNonNull(rx, "rx");
        Objects.requireNonNull(handler, "handler");
        return add(ChannelRecvArm.<T, R>recv(count, rx, handler));
    }

    /**
     * Adds an arm that receives a value from {@code rx}, or commits with {@link Optional#empty()}
     * once the channel is closed and drained (Rust's {@code x = rx.recv()} without the {@code Some}
     * pattern).
     *
     * @param rx the receiver
     * @param handler gets the value, or {@code Optional.empty()} once closed and drained
     * @param <T> the type of the values
     * @return this select
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if the channel already has an arm in this select
     */
    public <T> Select<R> recvOrClosed(
            Receiver<T> rx, Handler<? super Optional<T>, ? extends R> handler) {
        Objects.requireNonNull(rx, "rx");
        Objects.requireNonNull(handler, "handler");
        return add(ChannelRecvArm.<T, R>recvOrClosed(count, rx, handler));
    }

    /**
     * Adds an arm that receives the value of a oneshot: ready once it is sent, it commits by taking
     * it. Disabled once no value can come: the sender was closed without sending, the receiver was
     * closed, or the value was already taken (by an earlier {@code await} of this select, say), so
     * a select in a loop may keep the arm after it committed. While the select waits, it is the
     * oneshot's one waiter (see {@link Oneshot}): a {@code recv} on another thread that would have
     * to wait throws {@link IllegalStateException}, and so does {@link #await()} if another thread
     * is waiting on the oneshot when the select would wait.
     *
     * @param rx the oneshot's receiver
     * @param handler gets the value
     * @param <T> the type of the value
     * @return this select
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if the oneshot already has an arm in this select
     */
    public <T> Select<R> recv(OneshotReceiver<T> rx, Handler<? super T, ? extends R> handler) {
        return add(OneshotRecvArm.<T, R>recv(count, rx, handler));
    }

    /**
     * Adds an arm that receives the value of a oneshot, or commits with {@link Optional#empty()}
     * once no value can come (when a {@link #recv(OneshotReceiver, Handler) recv} arm would be
     * disabled); otherwise as that arm.
     *
     * @param rx the oneshot's receiver
     * @param handler gets the value, or {@code Optional.empty()} once no value can come
     * @param <T> the type of the value
     * @return this select
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if the oneshot already has an arm in this select
     */
    public <T> Select<R> recvOrClosed(
            OneshotReceiver<T> rx, Handler<? super Optional<T>, ? extends R> handler) {
        return add(OneshotRecvArm.<T, R>recvOrClosed(count, rx, handler));
    }

    /**
     * Adds an arm that receives the next value of a broadcast subscriber. A subscriber that fell
     * behind commits the arm with its lag: {@link #await()} throws the {@link LaggedException}, as
     * every receive of the subscriber would, and the subscriber continues at the oldest value
     * retained (catch it and await again to tolerate gaps). Disabled once every sender is closed
     * and the subscriber has received all, or once the subscriber is closed.
     *
     * @param rx the subscriber
     * @param handler gets the value
     * @param <T> the type of the values
     * @return this select
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if the subscriber already has an arm in this select
     */
    public <T> Select<R> recv(BroadcastReceiver<T> rx, Handler<? super T, ? extends R> handler) {
        return add(ChangeArm.<T, R>recv(count, rx, handler));
    }

    /**
     * Adds an arm that commits when {@code rx} has a version it has not seen: it marks it seen and
     * hands the latest value to the handler (as {@link WatchReceiver#changed()}). Disabled once
     * every sender is closed and the last version is seen, or once the receiver is closed.
     *
     * @param rx the watch receiver
     * @param handler gets the latest value
     * @param <T> the type of the value
     * @return this select
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if the receiver already has an arm in this select
     */
    public <T> Select<R> changed(WatchReceiver<T> rx, Handler<? super T, ? extends R> handler) {
        return add(ChangeArm.<T, R>changed(count, rx, handler));
    }

    /**
     * Adds an arm that sends {@code value} on {@code tx}. Disabled if the receiver is closed.
     *
     * @param tx the sender; it must be open when the select is awaited
     * @param value the value to send
     * @param onSent runs once the value is sent
     * @param <T> the type of the values
     * @return this select
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if the channel already has an arm in this select
     * @throws IllegalStateException if {@code tx} is closed
     */
    public <T> Select<R> send(Sender<? super T> tx, T value, Action<? extends R> onSent) {
        Objects.requireNonNull(tx, "tx");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(onSent, "onSent");
        tx.checkOpen("add a send arm");
        return add(SendArm.<T, R>send(count, tx, value, onSent));
    }

    /**
     * Adds an arm that sends {@code value} on {@code tx}, or, once the channel refuses it, commits
     * by handing the unsent value to {@code onClosed}: refused means the receiver is closed, or the
     * channel's last sender handle was closed (by another thread) while the select waited. So a
     * select over a send to a closed receiver does not wait for ever. Otherwise as {@link #send}.
     *
     * @param tx the sender; it must be open when the select is awaited
     * @param value the value to send
     * @param onSent runs once the value is sent
     * @param onClosed gets the unsent value once the channel refuses it
     * @param <T> the type of the values
     * @return this select
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if the channel already has an arm in this select
     * @throws IllegalStateException if {@code tx} is closed
     */
    public <T> Select<R> sendOrClosed(
            Sender<? super T> tx,
            T value,
            Action<? extends R> onSent,
            Handler<? super T, ? extends R> onClosed) {
        Objects.requireNonNull(tx, "tx");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(onSent, "onSent");
        Objects.requireNonNull(onClosed, "onClosed");
        tx.checkOpen("add a sendOrClosed arm");
        return add(SendArm.<T, R>sendOrClosed(count, tx, value, onSent, onClosed));
    }

    /**
     * Adds an arm that waits for {@code fork} to end, and hands its outcome to the handler: {@link
     * Result.Ok} with its value, or {@link Result.Err} with its exception (a {@link
     * java.util.concurrent.CancellationException} if it was cancelled). The select may run on any
     * thread, and need not wait for the scope's {@code join()}.
     *
     * @param fork a fork of a Weft {@link Scope}
     * @param handler gets the fork's outcome
     * @param <T> the type of the fork's value
     * @return this select
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code fork} was not made by a {@link Scope}, or already
     *     has an arm in this select
     */
    public <T> Select<R> forkEnded(Fork<T> fork, Handler<? super Result<T>, ? extends R> handler) {
        Objects.requireNonNull(fork, "fork");
        Objects.requireNonNull(handler, "handler");
        if (!(fork instanceof ForkImpl<T> impl)) {
            throw new IllegalArgumentException(
                    "a forkEnded arm needs a fork made by Scope.fork, got "
                            + fork.getClass().getName());
        }
        return add(new ForkEndedArm<T, R>(count, impl, handler));
    }

    /**
     * Adds an arm that takes the next tick of {@code interval} when it is due. The handler gets
     * when the tick was due (see {@link Interval#tick()}).
     *
     * @param interval the interval
     * @param handler gets the tick's due time, since the interval was created
     * @return this select
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if the interval already has an arm in this select
     */
    public Select<R> tick(Interval interval, Handler<? super Duration, ? extends R> handler) {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(handler, "handler");
        hasTicks = true;
        return add(new TickArm<R>(count, interval, handler));
    }

    /**
     * Adds the arm that commits when {@code duration} has passed since {@link #await()} began and
     * no other arm has committed. Looked at after every other arm.
     *
     * @param duration how long to wait; positive
     * @param onTimeout runs on timeout
     * @return this select
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code duration} is not positive
     * @throws IllegalStateException if this select already has a timeout arm
     */
    public Select<R> timeout(Duration duration, Action<? extends R> onTimeout) {
        Checks.positive(duration, "duration");
        Objects.requireNonNull(onTimeout, "onTimeout");
        if (this.onTimeout != null) {
            throw new IllegalStateException(
                    "this select already has a timeout arm (" + timeout + ")");
        }
        this.timeout = duration;
        this.onTimeout = onTimeout;
        return this;
    }

    /**
     * Adds the default arm: it runs when no other arm is ready at once, so the select never waits.
     * Go's {@code default:}, tokio's {@code else} when every arm is disabled.
     *
     * @param fallback runs when no other arm is ready
     * @return this select
     * @throws NullPointerException if {@code fallback} is {@code null}
     * @throws IllegalStateException if this select already has an orElse arm
     */
    public Select<R> orElse(Action<? extends R> fallback) {
        Objects.requireNonNull(fallback, "fallback");
        if (orElse != null) {
            throw new IllegalStateException("this select already has an orElse arm");
        }
        this.orElse = fallback;
        return this;
    }

    /**
     * Makes the select fair: each poll starts at a random arm instead of the first, so that when
     * several arms are ready, each is as likely to commit.
     *
     * @return this select
     */
    public Select<R> fair() {
        this.fair = true;
        return this;
    }

    /**
     * Waits until one arm is ready, commits it, and returns its handler's value.
     *
     * @return the committed arm's handler's value (which may be {@code null})
     * @throws InterruptedException if the thread is interrupted before an arm commits; no arm has
     *     committed then
     * @throws ChannelClosedException if every arm is disabled (their channels are closed) and there
     *     is neither an {@code orElse} nor a {@code timeout} arm
     * @throws IllegalStateException if the select has no arms, a {@code send} arm's sender was
     *     closed after it was added, or the select would wait on a oneshot that another thread is
     *     waiting on
     * @throws LaggedException if a broadcast arm's subscriber fell behind (that arm committed: the
     *     subscriber continues at the oldest value retained)
     */
    public R await() throws InterruptedException {
        if (count == 0 && onTimeout == null && orElse == null) {
            throw new IllegalStateException(
                    "select has no arms: add a recv, recvOrClosed, send, forkEnded, tick, timeout or"
                            + " orElse arm before await()");
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        SelectArm<R>[] a = arms;
        int n = count;
        boolean timed = onTimeout != null || hasTicks;
        long deadline = onTimeout == null ? Long.MAX_VALUE : Checks.deadline(timeout);
        SelectArm<R> committed = null;
        Object got = null;
        Action<? extends R> action = null;
        int begun = 0;
        Object wait = null; // a ChannelWait event, begun when it first has to wait, if recorded
        Throwable thrown = null;
        try {
            for (; begun < n; begun++) {
                a[begun].begin();
            }
            boolean[] disabled = null; // allocated when an arm is first disabled
            Object[] registrations = null; // allocated when the select first waits
            Wake hint = null; // a wake that only said "look here", not yet used
            int polls = 0;
            awaiting:
            while (true) {
                // Phase 1, the one poll. Its first round allocates nothing: most selects in a
                // busy loop commit there.
                long now = timed ? System.nanoTime() : 0L;
                int first = fair && n > 1 ? ThreadLocalRandom.current().nextInt(n) : 0;
                boolean anyEnabled = false;
                for (int k = 0; k < n; k++) {
                    int i = first + k < n ? first + k : first + k - n;
                    if (disabled != null && disabled[i]) {
                        continue;
                    }
                    Object polled = a[i].poll(now);
                    if (polled == SelectArm.Polled.DISABLED) {
                        if (disabled == null) {
                            disabled = new boolean[n];
                        }
                        disabled[i] = true;
                        continue;
                    }
                    anyEnabled = true;
                    if (polled != SelectArm.Polled.NOT_READY) {
                        committed = a[i];
                        got = polled;
                        break awaiting;
                    }
                }
                if (onTimeout != null && now - deadline >= 0) {
                    action = onTimeout;
                    break;
                }
                if (orElse != null) {
                    action = orElse;
                    break;
                }
                if (!anyEnabled && onTimeout == null) {
                    SelectWait.passOn(a, n, hint, null);
                    throw SelectWait.everyArmDisabled(n);
                }
                if (polls++ < ChannelCore.SPINS) {
                    Thread.yield(); // a sender was probably queued on our carrier: let it run first
                    continue;
                }
                // Phases 2 and 3: register, park, decide.
                if (registrations == null) {
                    registrations = new Object[n];
                    if (Jfr.ON) {
                        wait = Jfr.waitBegun();
                    }
                }
                Wake wake = SelectWait.registerAndPark(a, n, disabled, registrations, deadline);
                if (wake != Wake.Signal.CANCELLED) {
                    for (int i = 0; i < n; i++) {
                        Object by =
                                disabled != null && disabled[i]
                                        ? SelectArm.Polled.NOT_READY
                                        : a[i].committedBy(wake, registrations[i]);
                        if (by != SelectArm.Polled.NOT_READY) {
                            committed = a[i];
                            got = by;
                            break awaiting; // an interrupt meanwhile stays set
                        }
                    }
                    SelectWait.passOn(a, n, hint, null); // an older hint: we could not use it
                    hint = wake;
                }
                if (Thread.interrupted()) {
                    SelectWait.passOn(a, n, hint, null);
                    throw new InterruptedException();
                }
                polls = ChannelCore.SPINS; // poll once more; if nothing is ready, register again
            }
            SelectWait.passOn(a, n, hint, committed);
        } catch (Throwable e) {
            thrown = e;
            throw e;
        } finally {
            for (int i = 0; i < begun; i++) {
                a[i].end();
            }
            if (Jfr.ON && wait != null) {
                String outcome = committed != null ? "committed" : "timed out";
                Jfr.waitEnded(wait, "select", this, deadline, outcome, thrown);
            }
        }
        // The handler runs after every registration is undone: it may use the channels.
        try {
            return committed != null ? committed.commit(got) : action.run();
        } catch (RuntimeException | InterruptedException e) {
            throw e;
        } catch (Exception checked) {
            throw new TaskFailedException(
                    "the handler of the select's committed arm threw " + checked, checked);
        }
    }

    private Select<R> add(SelectArm<R> arm) {
        SelectArm<R>[] a = arms;
        int n = count;
        for (int i = 0; i < n; i++) {
            arm.checkSourceDiffers(a[i]);
        }
        if (a == null) {
            a = arms = newArms(2);
        } else if (n == a.length) {
            a = arms = Arrays.copyOf(a, 2 * n);
        }
        a[n] = arm;
        count = n + 1;
        return this;
    }

    @SuppressWarnings("unchecked")
    private static <R> SelectArm<R>[] newArms(int n) {
        return (SelectArm<R>[]) new SelectArm<?>[n];
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(arms[i].toString());
        }
        if (onTimeout != null) {
            names.add("timeout arm (" + timeout + ")");
        }
        if (orElse != null) {
            names.add("orElse arm");
        }
        return "Select" + names + (fair ? " fair" : " biased");
    }
}

package dev.weft;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * Workers that answer requests: the worker/requester pattern of Rust's async examples, as a type. A
 * requester's {@link #request(Object) request(input)} sends the input, with a fresh {@link Oneshot}
 * for the reply, into a bounded {@link Channel}; workers (forks of a {@link Scope}) loop over that
 * channel, run the handler, and send each result back on its oneshot.
 *
 * {@snippet :
 * try (var scope = Scope.open()) {
 *     try (var queue = WorkQueue.<Integer, Integer>start(scope, 10, input -> input * 1000)) {
 *         for (int i = 0; i < 100; i++) {
 *             System.out.println(queue.request(i));   // waits for the reply
 *         }
 *     }                                               // close: the workers drain and stop
 *     scope.join();
 * }
 * }
 *
 * <p><b>Backpressure.</b> At most {@code capacity} requests wait in the queue; a further {@code
 * request} waits for room ({@link #request(Object, Duration)} for a bounded time, {@link
 * #tryRequest(Object)} not at all). Capacity 0 makes each request wait until a worker takes it.
 *
 * <p><b>Failures.</b> If the handler throws an exception, that request's {@code request} throws a
 * {@link TaskFailedException} with it as the cause, and the worker goes on with the next request. A
 * handler that returns {@code null} fails the same way (with a {@link NullPointerException}). An
 * {@link Error} from the handler also reaches the requester, and then ends the worker (and so fails
 * its scope).
 *
 * <p><b>Closing.</b> {@link #close()} stops new requests (they throw {@link
 * ChannelClosedException}, carrying the input) and lets the workers handle every request already
 * queued, then end. Join the scope after closing the queue: a scope joined with its queue open
 * waits for ever.
 *
 * <p><b>Cancellation.</b> A requester interrupted while it waits for room or for the reply throws
 * {@link InterruptedException}; a request already queued is then dropped unhandled when a worker
 * reaches it (counted as {@link Stats#abandoned() abandoned}); the worker lives on. If the scope is
 * cancelled (by its policy, its deadline, the scope it is nested in, or its close), the workers are
 * interrupted and end, and no request is answered as if it had been handled: the request whose
 * handler was interrupted by that cancellation, the requests still queued then, and those sent
 * later all throw {@link ChannelClosedException}, carrying their input, with a message naming the
 * scope and what cancelled it. (A handler that swallows the interrupt and returns a value still
 * replies with it.)
 *
 * <p><b>Statistics.</b> {@link #stats()} reads live counts at any time, from any thread.
 *
 * <p><b>Memory consistency.</b> What a requester did before {@code request} happens-before the
 * handler runs on its input; what the handler did happens-before {@code request} returns.
 *
 * <p><b>Forms</b> (its row of the package's <a href="package-summary.html#forms">table of
 * forms</a>): blocks: {@link #request(Object) request(i)}; never blocks: {@link #tryRequest(Object)
 * tryRequest(i)}, empty when the queue is full (once sent, it waits for the reply); timed: {@link
 * #request(Object, Duration) request(i, timeout)}, {@link TimeoutException}; closed, or the workers
 * stopped: {@link ChannelClosedException} with the input; the handler failed: {@link
 * TaskFailedException} with its exception as the cause.
 *
 * @param <I> the type of the inputs
 * @param <O> the type of the replies
 */
public final class WorkQueue<I, O> implements AutoCloseable {

    /**
     * A snapshot of a work queue's counts.
     *
     * @param served requests whose handler returned a value
     * @param failed requests whose handler threw
     * @param abandoned requests dropped unhandled because their requester had stopped waiting, or
     *     whose handler was interrupted by the cancellation of the scope
     * @param queued requests waiting in the queue now
     * @param workers workers still running
     */
    public record Stats(long served, long failed, long abandoned, int queued, int workers) {}

    /** One request in the queue: the input and where its reply goes. */
    private record Work<I, O>(I input, OneshotSender<Result<O>> reply) {}

    private final Scope scope;
    private final Channel<Work<I, O>> channel;
    private final Sender<Work<I, O>> sender;
    private final TaskFunction<? super I, ? extends O> handler;
    private final AtomicInteger workers = new AtomicInteger();
    private final LongAdder served = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private volatile boolean closed;
    private final String name;

    private WorkQueue(
            Scope scope, String name, int capacity, TaskFunction<? super I, ? extends O> handler) {
        this.scope = scope;
        this.name = name == null ? scope.name() + "-queue" : name;
        this.channel = Channel.bounded(capacity);
        this.sender = channel.sender();
        this.handler = handler;
    }

    /**
     * Starts one worker in {@code scope}, reading a queue of {@code capacity} requests.
     *
     * @param scope the scope the worker runs in; the caller must be its owner
     * @param capacity how many requests may wait; 0 for none (a request waits for a worker)
     * @param handler turns an input into a reply; it may block
     * @param <I> the type of the inputs
     * @param <O> the type of the replies
     * @return the running work queue
     * @throws NullPointerException if {@code scope} or {@code handler} is {@code null}
     * @throws IllegalArgumentException if {@code capacity} is negative or above {@link
     *     Channel#MAX_CAPACITY}
     * @throws WrongThreadException if the caller is not the scope's owner
     * @throws IllegalStateException if the scope has been joined or closed
     */
    public static <I, O> WorkQueue<I, O> start(
            Scope scope, int capacity, TaskFunction<? super I, ? extends O> handler) {
        return start(scope, null, capacity, 1, handler);
    }

    /**
     * Starts workers in {@code scope} as {@code configure} sets them up: how many, and how many
     * requests may wait for them. A request goes to whichever worker is free first.
     *
     * {@snippet :
     * var queue = WorkQueue.<String, Page>start(scope, c -> c.withWorkers(4).withCapacity(64), fetch);
     * }
     *
     * @param scope the scope the workers run in; the caller must be its owner
     * @param configure sets up the queue, starting from the defaults of {@link Config}
     * @param handler turns an input into a reply; it may block, and runs on several workers at once
     *     if there are several
     * @param <I> the type of the inputs
     * @param <O> the type of the replies
     * @return the running work queue
     * @throws NullPointerException if an argument is {@code null}, or {@code configure} returns
     *     {@code null}
     * @throws WrongThreadException if the caller is not the scope's owner
     * @throws IllegalStateException if the scope has been joined or closed
     */
    public static <I, O> WorkQueue<I, O> start(
            Scope scope,
            UnaryOperator<Config> configure,
            TaskFunction<? super I, ? extends O> handler) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(configure, "configure");
        Objects.requireNonNull(handler, "handler");
        Config config =
                Objects.requireNonNull(configure.apply(new Config()), "configure returned null");
        return start(scope, config.name, config.capacity, config.workers, handler);
    }

    /**
     * How a {@link WorkQueue} is set up, in {@link #start(Scope, UnaryOperator, TaskFunction)}:
     * each {@code with} method sets one choice and returns this configuration. The defaults are one
     * worker, a capacity of 16, and the name {@code <scope name>-queue}.
     */
    public static final class Config {
        private int capacity = 16;
        private int workers = 1;
        private String name;

        private Config() {}

        /**
         * Names the queue, for its JFR events ({@code dev.weft.WorkQueueRequest}'s {@code queue}).
         *
         * @param name the name
         * @return this configuration
         * @throws NullPointerException if {@code name} is {@code null}
         * @throws IllegalArgumentException if {@code name} is blank
         */
        public Config withName(String name) {
            this.name = Checks.notBlank(name, "work queue name");
            return this;
        }

        /**
         * Sets how many requests may wait for a worker; 0 makes each request wait until a worker
         * takes it.
         *
         * @param capacity the queue's capacity, from 0 to {@link Channel#MAX_CAPACITY}
         * @return this configuration
         * @throws IllegalArgumentException if {@code capacity} is negative or above {@link
         *     Channel#MAX_CAPACITY}
         */
        public Config withCapacity(int capacity) {
            this.capacity = Checks.capacity(capacity);
            return this;
        }

        /**
         * Sets how many workers serve the queue.
         *
         * @param workers how many workers; at least 1
         * @return this configuration
         * @throws IllegalArgumentException if {@code workers} is less than 1
         */
        public Config withWorkers(int workers) {
            this.workers = Checks.atLeastOne(workers, "workers");
            return this;
        }

        @Override
        public String toString() {
            return "WorkQueue.Config[capacity " + capacity + ", workers " + workers + "]";
        }
    }

    private static <I, O> WorkQueue<I, O> start(
            Scope scope,
            String name,
            int capacity,
            int workers,
            TaskFunction<? super I, ? extends O> handler) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(handler, "handler");
        Checks.atLeastOne(workers, "workers");
        WorkQueue<I, O> queue = new WorkQueue<>(scope, name, capacity, handler);
        queue.workers.set(workers);
        for (int i = 0; i < workers; i++) {
            ForkImpl<Void> worker;
            try {
                worker = scope.forkImpl((Callable<Void>) queue::work);
            } catch (RuntimeException | Error e) {
                for (int left = workers - i; left > 0; left--) {
                    queue.workerEnded(); // the ones never forked
                }
                throw e;
            }
            // Counted when the fork ends, even if it never ran (a cancelled scope).
            worker.whenEnded(queue::workerEnded);
        }
        return queue;
    }

    /**
     * Sends {@code input} to a worker, waiting for room in the queue, and waits for the reply.
     *
     * @param input the input; not {@code null}
     * @return the handler's reply
     * @throws InterruptedException if interrupted while waiting for room or for the reply; the
     *     request is then dropped unhandled if it was queued
     * @throws TaskFailedException if the handler failed; its exception is the cause
     * @throws ChannelClosedException if the queue is closed, or its workers stopped before handling
     *     the request; carries {@code input}
     * @throws NullPointerException if {@code input} is {@code null}
     */
    public O request(I input) throws InterruptedException {
        Object event = Jfr.ON ? Jfr.requestBegun() : null; // a WorkQueueRequest, if recorded
        if (event == null) {
            return requestNow(input);
        }
        O out;
        try {
            out = requestNow(input);
        } catch (Throwable e) {
            Jfr.requestEnded(event, name, null, e);
            throw e;
        }
        Jfr.requestEnded(event, name, "replied", null);
        return out;
    }

    private O requestNow(I input) throws InterruptedException {
        Oneshot<Result<O>> reply = Oneshot.create();
        Work<I, O> work = work(input, reply);
        enqueue(
                input,
                () -> {
                    sender.send(work);
                    return true;
                });
        return awaitReply(input, reply);
    }

    /**
     * Sends {@code input} to a worker and waits for the reply, for at most {@code timeout} in all
     * (waiting for room and for the reply).
     *
     * @param input the input; not {@code null}
     * @param timeout how long to wait in all; positive
     * @return the handler's reply
     * @throws InterruptedException if interrupted while waiting; the request is then dropped
     *     unhandled if it was queued
     * @throws TimeoutException if the queue stayed full, or the reply did not come, in time; a
     *     queued request is then dropped unhandled
     * @throws TaskFailedException if the handler failed; its exception is the cause
     * @throws ChannelClosedException if the queue is closed, or its workers stopped before handling
     *     the request; carries {@code input}
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public O request(I input, Duration timeout) throws InterruptedException, TimeoutException {
        Object event = Jfr.ON ? Jfr.requestBegun() : null; // a WorkQueueRequest, if recorded
        if (event == null) {
            return requestNow(input, timeout);
        }
        O out;
        try {
            out = requestNow(input, timeout);
        } catch (Throwable e) {
            Jfr.requestEnded(event, name, null, e);
            throw e;
        }
        Jfr.requestEnded(event, name, "replied", null);
        return out;
    }

    private O requestNow(I input, Duration timeout) throws InterruptedException, TimeoutException {
        Checks.positive(timeout, "timeout");
        long deadline = Checks.deadline(timeout);
        Oneshot<Result<O>> reply = Oneshot.create();
        Work<I, O> work = work(input, reply);
        boolean sent =
                enqueue(
                        input,
                        () -> {
                            try {
                                sender.send(work, timeout);
                                return true;
                            } catch (TimeoutException full) {
                                return false;
                            }
                        });
        if (!sent) {
            throw new TimeoutException("the work queue stayed full for " + timeout);
        }
        return awaitReply(input, reply, deadline, timeout);
    }

    /**
     * Sends {@code input} to a worker only if the queue has room now, and then waits for the reply.
     *
     * @param input the input; not {@code null}
     * @return the handler's reply, or {@link Optional#empty()} if the queue was full (nothing was
     *     sent)
     * @throws InterruptedException if interrupted while waiting for the reply; the request is then
     *     dropped unhandled
     * @throws TaskFailedException if the handler failed; its exception is the cause
     * @throws ChannelClosedException if the queue is closed, or its workers stopped before handling
     *     the request; carries {@code input}
     * @throws NullPointerException if {@code input} is {@code null}
     */
    public Optional<O> tryRequest(I input) throws InterruptedException {
        Object event = Jfr.ON ? Jfr.requestBegun() : null; // a WorkQueueRequest, if recorded
        if (event == null) {
            return tryRequestNow(input);
        }
        Optional<O> out;
        try {
            out = tryRequestNow(input);
        } catch (Throwable e) {
            Jfr.requestEnded(event, name, null, e);
            throw e;
        }
        Jfr.requestEnded(event, name, out.isPresent() ? "replied" : "full", null);
        return out;
    }

    private Optional<O> tryRequestNow(I input) throws InterruptedException {
        Oneshot<Result<O>> reply = Oneshot.create();
        Work<I, O> work = work(input, reply);
        return enqueue(input, () -> sender.trySend(work))
                ? Optional.of(awaitReply(input, reply))
                : Optional.empty();
    }

    /**
     * Returns the queue's counts now.
     *
     * @return a snapshot of the statistics
     */
    public Stats stats() {
        return new Stats(
                served.sum(),
                failed.sum(),
                abandoned.sum(),
                channel.receiver().size(),
                workers.get());
    }

    /**
     * Returns the queue's name: the one configured ({@link Config#withName}), or {@code <scope
     * name>-queue}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns whether {@link #close()} was called.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops new requests; the workers handle what is queued and then end. Closing a closed queue
     * does nothing.
     */
    @Override
    public void close() {
        closed = true;
        sender.close();
    }

    @Override
    public String toString() {
        Stats s = stats();
        return "WorkQueue["
                + (closed ? "closed" : "open")
                + ", served "
                + s.served()
                + ", failed "
                + s.failed()
                + ", queued "
                + s.queued()
                + ", workers "
                + s.workers()
                + "]";
    }

    // ---- requester side ---------------------------------------------------------------------

    /** One way to put a request into the queue: true if it went in. */
    private interface Enqueue {
        boolean send() throws InterruptedException;
    }

    /**
     * Runs {@code how}, turning the channel's failures into the queue's: our sender handle closed
     * means {@link #close()} was called; the channel's receiver closed means the workers stopped.
     */
    private boolean enqueue(I input, Enqueue how) throws InterruptedException {
        try {
            return how.send();
        } catch (IllegalStateException senderClosed) {
            throw closed(input);
        } catch (ChannelClosedException workersStopped) {
            throw stopped(input);
        }
    }

    private Work<I, O> work(I input, Oneshot<Result<O>> reply) {
        Objects.requireNonNull(input, "input");
        if (closed) {
            throw closed(input);
        }
        return new Work<>(input, reply.sender());
    }

    private O awaitReply(I input, Oneshot<Result<O>> reply) throws InterruptedException {
        try {
            return unwrap(input, reply.receiver().recv());
        } catch (InterruptedException e) {
            reply.receiver().close(); // a worker that reaches the request skips it
            throw e;
        } catch (ChannelClosedException e) {
            throw stopped(input);
        }
    }

    private O awaitReply(I input, Oneshot<Result<O>> reply, long deadline, Duration timeout)
            throws InterruptedException, TimeoutException {
        try {
            Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
            return unwrap(input, reply.receiver().recv(left));
        } catch (InterruptedException e) {
            reply.receiver().close();
            throw e;
        } catch (TimeoutException e) {
            reply.receiver().close();
            throw new TimeoutException("no reply within " + timeout);
        } catch (ChannelClosedException e) {
            throw stopped(input);
        }
    }

    private O unwrap(I input, Result<O> result) {
        return Outcomes.value(result, e -> "the handler failed on input " + input);
    }

    private ChannelClosedException closed(I input) {
        return new ChannelClosedException("cannot request: the work queue is closed", input);
    }

    private ChannelClosedException stopped(I input) {
        String why = scope.cancellations().reason();
        return new ChannelClosedException(
                "the work queue's workers stopped before handling the request"
                        + (why == null
                                ? ""
                                : ": their scope '"
                                        + scope.name()
                                        + "' was cancelled ("
                                        + why
                                        + ")"),
                input);
    }

    // ---- worker side ------------------------------------------------------------------------

    /** One worker: receive, handle, reply, until the queue is closed and drained. */
    private Void work() throws InterruptedException {
        while (true) {
            Work<I, O> next;
            try {
                next = channel.receiver().recv(); // the workers share the one receiver
            } catch (ChannelClosedException closedAndDrained) {
                return null;
            }
            handle(next);
        }
    }

    private void handle(Work<I, O> work) throws InterruptedException {
        if (work.reply().isReceiverClosed()) {
            abandoned.increment(); // the requester stopped waiting
            return;
        }
        Result<O> result = Outcomes.capture(() -> nonNull(handler.apply(work.input())));
        if (result instanceof Result.Err<O> err) {
            Throwable e = err.exception();
            if (e instanceof InterruptedException cancelled && scope.isCancelled()) {
                // Not the handler's failure: the scope's cancellation stopped it. The requester
                // gets ChannelClosedException with its input and the scope's reason.
                abandoned.increment();
                work.reply().close();
                throw cancelled; // this worker ends
            }
            failed.increment();
            reply(work, result);
            if (e instanceof InterruptedException interrupted) {
                throw interrupted; // interrupted without a cancel: this worker ends too
            }
            if (e instanceof Error error) {
                throw error; // ends the worker, and so fails its scope
            }
            return; // any other exception: the worker goes on
        }
        served.increment();
        reply(work, result);
    }

    private static <O> O nonNull(O out) {
        if (out == null) {
            throw new NullPointerException("the handler returned null");
        }
        return out;
    }

    /** Sends the reply; a requester that stopped waiting meanwhile has closed its receiver. */
    private static <I, O> void reply(Work<I, O> work, Result<O> result) {
        try {
            work.reply().send(result);
        } catch (ChannelClosedException requesterGone) {
            // Counted as handled (served or failed): the handler ran. Nobody reads the reply.
        }
    }

    /**
     * The last worker to end closes the queue for good: requests still queued, or sent later, fail
     * instead of waiting for ever.
     */
    private void workerEnded() {
        if (workers.decrementAndGet() != 0) {
            return;
        }
        Receiver<Work<I, O>> rx = channel.receiver();
        rx.close();
        while (true) {
            Optional<Work<I, O>> left;
            try {
                left = rx.tryRecv();
            } catch (ChannelClosedException drained) {
                return;
            }
            if (left.isEmpty()) {
                return;
            }
            left.get().reply().close(); // its requester gets ChannelClosedException
        }
    }
}

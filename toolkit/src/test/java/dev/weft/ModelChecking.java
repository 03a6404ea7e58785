package dev.weft;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.Lincheck;
import org.jetbrains.lincheck.LincheckSettings;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;

/**
 * Sizes and plumbing shared by the Lincheck tests ({@code *LincheckTest}).
 *
 * <p><b>Sizes.</b> The CI run is sized so that the whole {@code mvn verify} stays within six
 * minutes on an idle 2-core machine: measured there, the four Lincheck classes took 243 s together
 * (ChannelBlocking 96 s, Select 70 s, Channel 65 s, Oneshot 12 s) of a 5 1/2-minute build. A loaded
 * machine takes several times as long. {@code mvn verify -Pquick} leaves them out. {@code
 * -Dweft.stress=N} or {@code WEFT_STRESS=N} (see {@link Stress}) multiplies the number of random
 * scenarios of a linearizability check and the number of explored interleavings of a scenario by
 * {@code N}.
 *
 * <p><b>Two ways to use Lincheck.</b> A <em>linearizability check</em> ({@link #linearizability})
 * generates random concurrent scenarios from a class's {@code @Operation} methods and, for each,
 * explores thread interleavings, comparing every outcome with a sequential model. An
 * <em>interleaving check</em> ({@link #everyInterleaving}) runs one hand-written scenario that
 * starts its own platform threads and asserts what must hold, under many interleavings chosen by
 * Lincheck's model checker (general-purpose model checking, {@link Lincheck#runConcurrentTest}).
 * The second is how the blocking operations are tested: a scenario whose threads must all finish if
 * the channel is correct, so that a lost wake-up shows up as "the test has hung" with the
 * interleaving that led to it.
 */
final class ModelChecking {
    private ModelChecking() {}

    /** Random scenarios per linearizability check, in CI. */
    static final int CI_SCENARIOS = 6;

    /** Interleavings explored per scenario of a linearizability check. */
    static final int CI_INVOCATIONS_PER_SCENARIO = 300;

    /** Interleavings explored by an interleaving check, in CI. */
    static final int CI_INTERLEAVINGS = 150;

    /**
     * The options of a linearizability check: random scenarios of {@code threads} threads of 3
     * operations each, after 2 operations that run alone (they fill the buffer, close a handle,
     * ...) and before 1 that runs alone at the end (it sees the state the scenario left), compared
     * against {@code model}; plus the hand-written {@code scenarios}, which are always explored.
     */
    static ModelCheckingOptions linearizability(
            Class<?> model, int threads, ExecutionScenario... scenarios) {
        ModelCheckingOptions options =
                new ModelCheckingOptions()
                        .iterations(CI_SCENARIOS * Stress.scale())
                        .invocationsPerIteration(CI_INVOCATIONS_PER_SCENARIO)
                        .threads(threads)
                        .actorsPerThread(3)
                        .actorsBefore(2)
                        .actorsAfter(1)
                        .sequentialSpecification(model);
        for (ExecutionScenario scenario : scenarios) {
            options.addCustomScenario(scenario);
        }
        return options;
    }

    /**
     * A hand-written scenario for a linearizability check, so that the shapes that matter are
     * explored on every run rather than when the random generator happens to produce them. Each
     * part lists operations of {@code operations} as {@code name(intArgument)}, separated by
     * commas; in {@code parallel}, {@code |} separates the threads. For example {@code
     * scenario(Ops.class, "trySend(1)", "trySend(2), tryRecv() | closeSender()", "isDone()")}.
     */
    static ExecutionScenario scenario(
            Class<?> operations, String initial, String parallel, String post) {
        List<List<Actor>> threads = new ArrayList<>();
        for (String thread : parallel.split("\\|")) {
            threads.add(actors(operations, thread));
        }
        return new ExecutionScenario(
                actors(operations, initial), threads, actors(operations, post), null);
    }

    private static List<Actor> actors(Class<?> operations, String calls) {
        List<Actor> actors = new ArrayList<>();
        for (String text : calls.split(",")) {
            String call = text.strip();
            if (call.isEmpty()) {
                continue;
            }
            String name = call.substring(0, call.indexOf('('));
            String argument = call.substring(call.indexOf('(') + 1, call.indexOf(')')).strip();
            List<Object> arguments =
                    argument.isEmpty() ? List.of() : List.of(Integer.valueOf(argument));
            Method method =
                    Arrays.stream(operations.getMethods())
                            .filter(m -> m.getName().equals(name))
                            .filter(m -> m.getParameterCount() == arguments.size())
                            .findFirst()
                            .orElseThrow(
                                    () -> new IllegalArgumentException("no operation " + call));
            actors.add(new Actor(method, arguments));
        }
        return actors;
    }

    /**
     * Lincheck's settings for interleaving checks. A blocked channel operation re-checks {@link
     * ChannelCore#SPINS} times before it registers and parks, and a parked thread's {@code while
     * (state == WAITING) park()} loop also turns many times under Lincheck, which lets {@code park}
     * return spuriously. Lincheck forces a thread switch every {@code
     * loopIterationsBeforeThreadSwitch} iterations of a loop (default 10) and takes a loop for one
     * that never ends after {@code loopBound} (default 50). Two ways that goes wrong, both seen
     * when {@code SPINS} was 64: if the spin is longer than the bound, no thread ever parks and the
     * park and wake-up code goes unexplored (a mutant that throws on the park path passed every
     * scenario); and a waiting loop that spuriously wakes more often than the bound before its
     * waker runs is reported as a hang that is not one. So the switch comes just after a full spin
     * and the bound is far above both loops. Lincheck 3.7 takes these settings only through {@code
     * runConcurrentTestInternal}; {@code analyzeStdLib} and the recursion bound keep their
     * defaults.
     */
    private static final LincheckSettings LET_SPINS_RUN_OUT =
            new LincheckSettings(true, Math.max(10, ChannelCore.SPINS + 2), 2048, 20);

    /** A scenario body: it may throw, and fails by throwing an {@link AssertionError}. */
    interface ScenarioBody {
        void run() throws Exception;
    }

    /**
     * Runs {@code scenario} under the interleavings Lincheck's model checker chooses; fails with
     * the interleaving that broke an assertion, threw, or left a thread waiting forever.
     */
    static void everyInterleaving(ScenarioBody scenario) {
        Lincheck.runConcurrentTestInternal$lincheck(
                CI_INTERLEAVINGS * Stress.scale(),
                LET_SPINS_RUN_OUT,
                () -> {
                    try {
                        scenario.run();
                    } catch (RuntimeException | Error e) {
                        throw e;
                    } catch (Exception e) {
                        throw new AssertionError("the scenario threw " + e, e);
                    }
                });
    }

    /** Where {@link #shared} publishes the objects under test. */
    @SuppressWarnings("unused") // written for Lincheck's sake, never read
    private static volatile Object published;

    /**
     * Publishes {@code object} in a static field and returns it. Lincheck's general-purpose model
     * checker treats an object as local to the thread that created it, and so never switches
     * threads around its fields, until the object is stored somewhere it tracks; capturing it in a
     * lambda that a new thread runs is not such a store (found with a racy counter that Lincheck
     * 3.7 passed). Every interleaving scenario therefore publishes its channel first.
     */
    static <T> T shared(T object) {
        published = object;
        return object;
    }

    /** A platform thread running a body, and how that body ended. */
    static final class Forked<T> {
        private final Thread thread;
        private final AtomicReference<Object> outcome = new AtomicReference<>();

        private Forked(Callable<T> body) {
            thread =
                    new Thread(
                            () -> {
                                try {
                                    outcome.set(new Returned(body.call()));
                                } catch (Throwable e) {
                                    outcome.set(e);
                                }
                            });
            thread.start();
        }

        void interrupt() {
            thread.interrupt();
        }

        /** Waits for the body to end; returns what it returned, or the exception it threw. */
        Object join() throws InterruptedException {
            thread.join();
            Object o = outcome.get();
            return o instanceof Returned r ? r.value : o;
        }

        /** Waits for the body to end; the value it returned, failing if it threw. */
        @SuppressWarnings("unchecked")
        T value() throws InterruptedException {
            Object o = join();
            if (o instanceof Throwable e) {
                throw new AssertionError("the thread threw " + e, e);
            }
            return (T) o;
        }
    }

    /** A returned value, told apart from a thrown exception. */
    private record Returned(Object value) {}

    /** Starts a platform thread (Lincheck's model checker schedules platform threads). */
    static <T> Forked<T> start(Callable<T> body) {
        return new Forked<>(body);
    }
}

package dev.weft.bench;

import dev.weft.Fork;
import dev.weft.Scope;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What carrying context into forks costs per fork: one scope with {@value #FORKS} trivial forks
 * (task {@code i} returns a pre-boxed {@code Integer}; open, fork each, join, read each, close),
 * configured to carry nothing ({@code none}), two {@code ThreadLocal}s ({@code threadLocals}:
 * {@code withThreadLocals(A, B)}, both set on the owner), or two {@code ScopedValue}s ({@code
 * scopedValues}: {@code withScopedValues(A, B)}, both bound around the batch by {@code
 * ScopedValue.where(A, a).where(B, b).run(..)}). The tasks do not read the context: the rows differ
 * only by the carrying (capture on the owner, restore and clear, or the re-binding, on the fork).
 * The owner is JMH's platform thread, as in {@code ForkJoinBench.scope100}. Scores are per fork
 * ({@code @OperationsPerInvocation}); {@code threadLocals - none} is the cost of the option.
 *
 * <p>{@code java.lang.ScopedValue} is final only from Java 25 and the bench compiles with {@code
 * --release 21}, so it is reached through method handles looked up once ({@link #UNAVAILABLE} says
 * why not, on an older JDK; the suite then leaves {@code scopedValues} out). Weft's own API takes
 * the scoped values as {@code Object}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@org.openjdk.jmh.annotations.Fork(2)
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class ContextBench {
    /** Forks per invocation. */
    static final int FORKS = 100;

    private static final ThreadLocal<String> LOCAL_A = new ThreadLocal<>();
    private static final ThreadLocal<String> LOCAL_B = new ThreadLocal<>();

    private static final MethodHandle NEW_INSTANCE;
    private static final MethodHandle WHERE;
    private static final MethodHandle CARRIER_WHERE;
    private static final MethodHandle RUN;
    private static final MethodHandle GET;

    /** Why {@code ScopedValue} is not available on this JDK; {@code null} if it is. */
    static final String UNAVAILABLE;

    static {
        MethodHandle newInstance = null;
        MethodHandle where = null;
        MethodHandle carrierWhere = null;
        MethodHandle run = null;
        MethodHandle get = null;
        String unavailable = null;
        if (Runtime.version().feature() < 25) {
            unavailable = "ScopedValue is final only from Java 25; this is " + Runtime.version();
        } else {
            try {
                Class<?> sv = Class.forName("java.lang.ScopedValue");
                Class<?> carrier = Class.forName("java.lang.ScopedValue$Carrier");
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                newInstance = lookup.findStatic(sv, "newInstance", MethodType.methodType(sv));
                where =
                        lookup.findStatic(
                                sv, "where", MethodType.methodType(carrier, sv, Object.class));
                carrierWhere =
                        lookup.findVirtual(
                                carrier, "where", MethodType.methodType(carrier, sv, Object.class));
                run =
                        lookup.findVirtual(
                                carrier, "run", MethodType.methodType(void.class, Runnable.class));
                get = lookup.findVirtual(sv, "get", MethodType.methodType(Object.class));
            } catch (ReflectiveOperationException e) {
                unavailable = "ScopedValue has another shape on " + Runtime.version() + ": " + e;
            }
        }
        NEW_INSTANCE = newInstance;
        WHERE = where;
        CARRIER_WHERE = carrierWhere;
        RUN = run;
        GET = get;
        UNAVAILABLE = unavailable;
    }

    private static final UnaryOperator<Scope.Config> NONE = c -> c;
    private static final UnaryOperator<Scope.Config> THREAD_LOCALS =
            c -> c.withThreadLocals(LOCAL_A, LOCAL_B);

    private final Callable<Integer>[] tasks = Work.tasks(FORKS);
    private Object valueA;
    private Object valueB;
    private UnaryOperator<Scope.Config> scopedValues;
    private int sum;

    @Setup(Level.Trial)
    public void setUp() throws Throwable {
        LOCAL_A.set("a");
        LOCAL_B.set("b");
        int expected = Work.expectedSum(FORKS);
        check("none", forkAll(NONE), expected);
        check("threadLocals", forkAll(THREAD_LOCALS), expected);
        try (var scope = Scope.open(THREAD_LOCALS)) {
            Fork<String> seen = scope.fork(() -> LOCAL_A.get() + LOCAL_B.get());
            scope.join();
            check("threadLocals' fork", seen.get(), "ab");
        }
        if (UNAVAILABLE == null) {
            valueA = NEW_INSTANCE.invoke();
            valueB = NEW_INSTANCE.invoke();
            Object a = valueA;
            Object b = valueB;
            scopedValues = c -> c.withScopedValues(a, b);
            check("scopedValues", scopedValues(), expected);
            Object[] seen = new Object[1];
            Runnable op =
                    () -> {
                        try (var scope = Scope.open(c -> c.withScopedValues(a, b))) {
                            Fork<Object> f = scope.fork(() -> (String) get(a) + get(b));
                            scope.join();
                            seen[0] = f.get();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    };
            RUN.invoke(CARRIER_WHERE.invoke(WHERE.invoke(a, "a"), b, "b"), op);
            check("scopedValues' fork", seen[0], "ab");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        LOCAL_A.remove();
        LOCAL_B.remove();
    }

    private static Object get(Object scopedValue) {
        try {
            return GET.invoke(scopedValue);
        } catch (Throwable e) {
            throw new AssertionError("ScopedValue.get", e);
        }
    }

    private static void check(String what, Object got, Object expected) {
        if (!expected.equals(got)) {
            throw new AssertionError(what + ": expected " + expected + ", got " + got);
        }
    }

    private int forkAll(UnaryOperator<Scope.Config> configure) throws InterruptedException {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Fork<Integer>[] forks = new Fork[FORKS];
        try (var scope = Scope.open(configure)) {
            for (int i = 0; i < FORKS; i++) {
                forks[i] = scope.fork(tasks[i]);
            }
            scope.join();
            int s = 0;
            for (int i = 0; i < FORKS; i++) {
                s += forks[i].get();
            }
            return s;
        }
    }

    @Benchmark
    @OperationsPerInvocation(FORKS)
    public int none() throws InterruptedException {
        return forkAll(NONE);
    }

    @Benchmark
    @OperationsPerInvocation(FORKS)
    public int threadLocals() throws InterruptedException {
        return forkAll(THREAD_LOCALS);
    }

    /** Java 25+ only: the scopes are opened inside {@code where(A, "a").where(B, "b").run(..)}. */
    @Benchmark
    @OperationsPerInvocation(FORKS)
    public int scopedValues() throws Throwable {
        sum = -1;
        Runnable op =
                () -> {
                    try {
                        sum = forkAll(scopedValues);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                };
        RUN.invoke(CARRIER_WHERE.invoke(WHERE.invoke(valueA, "a"), valueB, "b"), op);
        return sum;
    }
}

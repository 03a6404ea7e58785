package dev.weft.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Callable;

/**
 * The JDK 25 preview API of {@code java.util.concurrent.StructuredTaskScope} (JEP 505), reached
 * through method handles so that the benchmarks compile with {@code --release 21} in the normal
 * build, and run wherever the JVM has that API and {@code --enable-preview} is on.
 *
 * <p>Design note. The handles are looked up once, in this class's static initializer, and held in
 * {@code static final} fields with erased types ({@code Object} for the scope and the subtask). The
 * call sites use {@code invokeExact} with exactly those types, so the JIT treats each handle as a
 * constant and inlines the target: a measured call costs what the direct call costs (checked
 * against the earlier build that compiled the same calls with {@code --release 25
 * --enable-preview}; see bench/README.md). When the API is missing (a JDK before 25, or one whose
 * preview API has changed shape) nothing throws here: {@link #UNAVAILABLE} says why, and the
 * handles are {@code null}.
 */
final class JdkStructuredTaskScope {
    private JdkStructuredTaskScope() {}

    /** {@code StructuredTaskScope.open()}: {@code ()Object}. */
    private static final MethodHandle OPEN;

    /** {@code scope.fork(Callable)}: {@code (Object, Callable)Object}. */
    private static final MethodHandle FORK;

    /** {@code scope.join()}: {@code (Object)Object}. */
    private static final MethodHandle JOIN;

    /** {@code scope.close()}: {@code (Object)void}. */
    private static final MethodHandle CLOSE;

    /** {@code subtask.get()}: {@code (Object)Object}. */
    private static final MethodHandle GET;

    /** Why the API cannot be used in this JVM, or {@code null} when it can. */
    static final String UNAVAILABLE;

    static {
        MethodHandle open = null;
        MethodHandle fork = null;
        MethodHandle join = null;
        MethodHandle close = null;
        MethodHandle get = null;
        String unavailable = null;
        try {
            Class<?> scope = Class.forName("java.util.concurrent.StructuredTaskScope");
            Class<?> subtask = Class.forName("java.util.concurrent.StructuredTaskScope$Subtask");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodType toObject = MethodType.methodType(Object.class, Object.class);
            open =
                    lookup.findStatic(scope, "open", MethodType.methodType(scope))
                            .asType(MethodType.methodType(Object.class));
            fork =
                    lookup.findVirtual(
                                    scope, "fork", MethodType.methodType(subtask, Callable.class))
                            .asType(
                                    MethodType.methodType(
                                            Object.class, Object.class, Callable.class));
            join =
                    lookup.findVirtual(scope, "join", MethodType.methodType(Object.class))
                            .asType(toObject);
            close =
                    lookup.findVirtual(scope, "close", MethodType.methodType(void.class))
                            .asType(MethodType.methodType(void.class, Object.class));
            get =
                    lookup.findVirtual(subtask, "get", MethodType.methodType(Object.class))
                            .asType(toObject);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable =
                    "the JDK's StructuredTaskScope preview API (JDK 25: open(), fork(Callable),"
                            + " join(), Subtask.get()) is not in this JVM ("
                            + Runtime.version()
                            + "): "
                            + e;
            open = fork = join = close = get = null;
        }
        OPEN = open;
        FORK = fork;
        JOIN = join;
        CLOSE = close;
        GET = get;
        UNAVAILABLE = unavailable;
    }

    /** {@code StructuredTaskScope.open()}: the default joiner, all successful or throw. */
    static Object open() {
        try {
            return (Object) OPEN.invokeExact();
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** {@code scope.fork(task)}; returns the {@code Subtask}. */
    static Object fork(Object scope, Callable<?> task) {
        try {
            return (Object) FORK.invokeExact(scope, task);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /**
     * {@code scope.join()}.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    static void join(Object scope) throws InterruptedException {
        try {
            Object unused = (Object) JOIN.invokeExact(scope);
        } catch (InterruptedException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code scope.close()}. */
    static void close(Object scope) {
        try {
            CLOSE.invokeExact(scope);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** {@code subtask.get()}. */
    static Object get(Object subtask) {
        try {
            return (Object) GET.invokeExact(subtask);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}

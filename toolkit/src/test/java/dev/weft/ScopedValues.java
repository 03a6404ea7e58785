package dev.weft;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * {@code java.lang.ScopedValue} (final in Java 25) for tests compiled with {@code --release 21}:
 * reached by reflection.
 */
final class ScopedValues {
    private ScopedValues() {}

    /** A body that may throw, run with a value bound. */
    interface Body {
        void run() throws Exception;
    }

    private static final Method NEW_INSTANCE;
    private static final Method WHERE;
    private static final Method RUN;
    private static final Method IS_BOUND;
    private static final Method GET;

    static {
        try {
            Class<?> sv = Class.forName("java.lang.ScopedValue");
            Class<?> carrier = Class.forName("java.lang.ScopedValue$Carrier");
            NEW_INSTANCE = sv.getMethod("newInstance");
            WHERE = sv.getMethod("where", sv, Object.class);
            RUN = carrier.getMethod("run", Runnable.class);
            IS_BOUND = sv.getMethod("isBound");
            GET = sv.getMethod("get");
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code ScopedValue.newInstance()}. */
    static Object newInstance() {
        return invoke(NEW_INSTANCE, null);
    }

    /** {@code ScopedValue.where(key, value).run(body)}, rethrowing what the body threw. */
    static void where(Object key, Object value, Body body) throws Exception {
        Exception[] thrown = new Exception[1];
        Runnable op =
                () -> {
                    try {
                        body.run();
                    } catch (Exception e) {
                        thrown[0] = e;
                    }
                };
        invoke(RUN, invoke(WHERE, null, key, value), op);
        if (thrown[0] != null) {
            throw thrown[0];
        }
    }

    /** {@code key.isBound()}. */
    static boolean isBound(Object key) {
        return (Boolean) invoke(IS_BOUND, key);
    }

    /** {@code key.get()}. */
    static Object get(Object key) {
        return invoke(GET, key);
    }

    private static Object invoke(Method m, Object target, Object... args) {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}

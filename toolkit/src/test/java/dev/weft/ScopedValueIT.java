package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * {@link Scope.Config#withScopedValues} on Java 25+. Runs on the packaged jar (failsafe), whose
 * META-INF/versions/25 holds the Java 25 ScopedValueBindings; a class directory never does.
 */
@EnabledForJreRange(min = JRE.JAVA_25)
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScopedValueIT {

    private final Object user = ScopedValues.newInstance();
    private final Object tenant = ScopedValues.newInstance();

    @Test
    void weftIsLoadedFromItsMultiReleaseJar() {
        String location = Scope.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertTrue(location.endsWith(".jar"), location);
    }

    @Test
    void scopedValueBoundByTheOwnerIsBoundInAForkAndANestedFork() throws Exception {
        AtomicReference<Object> inFork = new AtomicReference<>();
        AtomicReference<Object> inNestedFork = new AtomicReference<>();
        ScopedValues.where(
                user,
                "alice",
                () -> {
                    try (var scope = Scope.open(c -> c.withScopedValues(user))) {
                        scope.fork(() -> inFork.set(ScopedValues.get(user)));
                        scope.fork(
                                () -> {
                                    try (var nested = Scope.open()) {
                                        nested.fork(() -> inNestedFork.set(ScopedValues.get(user)));
                                        nested.join();
                                    }
                                    return null;
                                });
                        scope.join();
                    }
                });
        assertEquals("alice", inFork.get());
        assertEquals("alice", inNestedFork.get());
    }

    @Test
    void scopedValueUnboundInTheOwnerStaysUnboundInTheFork() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        ScopedValues.where(
                user,
                "alice",
                () -> {
                    try (var scope = Scope.open(c -> c.withScopedValues(user, tenant))) {
                        scope.fork(
                                () ->
                                        seen.set(
                                                ScopedValues.isBound(user)
                                                        + ", "
                                                        + ScopedValues.isBound(tenant)));
                        scope.join();
                    }
                });
        assertEquals("true, false", seen.get());
    }

    @Test
    void scopedValueIsCapturedWhenTheTaskIsForked() throws Exception {
        try (var scope = Scope.open(c -> c.withScopedValues(user))) {
            AtomicReference<Fork<Object>> bound = new AtomicReference<>();
            ScopedValues.where(
                    user, "bob", () -> bound.set(scope.fork(() -> ScopedValues.get(user))));
            Fork<Boolean> unbound = scope.fork(() -> ScopedValues.isBound(user));
            scope.join();
            assertEquals("bob", bound.get().get());
            assertFalse(unbound.get());
        }
    }

    @Test
    void scopedValuesAndThreadLocalsTravelTogether() throws Exception {
        ThreadLocal<String> local = new ThreadLocal<>();
        local.set("local");
        AtomicReference<String> seen = new AtomicReference<>();
        ScopedValues.where(
                user,
                "alice",
                () -> {
                    try (var scope =
                            Scope.open(c -> c.withScopedValues(user).withThreadLocals(local))) {
                        scope.fork(() -> seen.set(ScopedValues.get(user) + ", " + local.get()));
                        scope.join();
                    }
                });
        assertEquals("alice, local", seen.get());
    }

    @Test
    void withScopedValuesRejectsWhatIsNotAScopedValue() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Scope.open(c -> c.withScopedValues(user, "user")).close());
        assertEquals(
                "scopedValues[1] must be a java.lang.ScopedValue, was a java.lang.String",
                e.getMessage());
    }
}

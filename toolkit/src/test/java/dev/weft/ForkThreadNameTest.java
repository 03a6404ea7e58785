package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A fork's thread is named {@code <chain>-fork-<n>}; {@link Fork#name()} stays short. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ForkThreadNameTest {

    private static String threadName() {
        return Thread.currentThread().getName();
    }

    @Test
    void forkOfARootScopeIsNamedAfterTheScope() throws InterruptedException {
        try (var scope = Scope.open(c -> c.withName("checkout"))) {
            Fork<String> f = scope.fork(ForkThreadNameTest::threadName);
            scope.join();
            assertEquals("checkout-fork-1", f.get());
            assertEquals("checkout-fork-1", f.name());
        }
    }

    @Test
    void forkOfAScopeOpenedByAForkCarriesThatForksThreadName() throws InterruptedException {
        try (var checkout = Scope.open(c -> c.withName("checkout"))) {
            checkout.fork(() -> 0);
            Fork<List<String>> second =
                    checkout.fork(
                            () -> {
                                try (var payment = Scope.open(c -> c.withName("payment"))) {
                                    Fork<String> f = payment.fork(ForkThreadNameTest::threadName);
                                    Fork<String> g =
                                            payment.fork(
                                                    () -> {
                                                        try (var fraud =
                                                                Scope.open(
                                                                        c -> c.withName("fraud"))) {
                                                            Fork<String> h =
                                                                    fraud.fork(
                                                                            ForkThreadNameTest
                                                                                    ::threadName);
                                                            fraud.join();
                                                            return h.get();
                                                        }
                                                    });
                                    payment.join();
                                    return List.of(f.get(), f.name(), g.get());
                                }
                            });
            checkout.join();
            assertEquals(
                    List.of(
                            "checkout-fork-2/payment-fork-1",
                            "payment-fork-1",
                            "checkout-fork-2/payment-fork-2/fraud-fork-1"),
                    second.get());
        }
    }

    @Test
    void forkOfAScopeNestedByTheSameOwnerCarriesTheEnclosingChain() throws InterruptedException {
        try (var outer = Scope.open(c -> c.withName("checkout"))) {
            try (var retry = Scope.open(c -> c.withName("retry"))) {
                try (var again = Scope.open(c -> c.withName("again"))) {
                    Fork<String> f = again.fork(ForkThreadNameTest::threadName);
                    again.join();
                    assertEquals("checkout/retry/again-fork-1", f.get());
                    assertEquals("again-fork-1", f.name());
                }
                Fork<String> g = retry.fork(ForkThreadNameTest::threadName);
                retry.join();
                assertEquals("checkout/retry-fork-1", g.get());
            }
        }
    }

    @Test
    void unnamedNestedScopesUseTheirGeneratedNamesInTheChain() throws InterruptedException {
        try (var outer = Scope.open(c -> c.withName("jobs"))) {
            Fork<List<String>> f =
                    outer.fork(
                            () -> {
                                try (var inner = Scope.open()) {
                                    Fork<String> g = inner.fork(ForkThreadNameTest::threadName);
                                    inner.join();
                                    return List.of(inner.name(), g.get());
                                }
                            });
            outer.join();
            String inner = f.get().get(0);
            assertEquals("jobs-fork-1/" + inner + "-fork-1", f.get().get(1));
        }
    }
}

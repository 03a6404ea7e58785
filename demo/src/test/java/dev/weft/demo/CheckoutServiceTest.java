package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Fork;
import dev.weft.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CheckoutServiceTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    @Timeout(30)
    void everyForkLogsWithTheOwnersContext() throws Exception {
        CheckoutService.Outcome outcome = CheckoutService.run(List.of(), out);

        assertEquals(
                CheckoutService.ITEMS_CENTS + CheckoutService.SHIPPING_CENTS, outcome.totalCents());
        assertEquals("coupon SAVE10 has expired", outcome.couponFailure());
        assertEquals(8, outcome.log().size(), String.join("\n", outcome.log()));
        for (String line : outcome.log()) {
            assertTrue(line.startsWith("[request=r-1001 user=ada] "), line);
        }
        assertTrue(
                outcome.log()
                        .contains(
                                "[request=r-1001 user=ada] shop/checkout-fork-2/payment-fork-1: fraud check passed"),
                String.join("\n", outcome.log()));
        assertTrue(
                outcome.log()
                        .contains(
                                "[request=r-1001 user=ada] shop/checkout-fork-2/payment-fork-2: charged the card"),
                String.join("\n", outcome.log()));
    }

    @Test
    @Timeout(30)
    void theTreeShowsTheNestedScopeAndItsWaitingForks() throws Exception {
        CheckoutService.Outcome outcome = CheckoutService.run(List.of(), out);

        Snapshot.ScopeInfo shop = scope(outcome.snapshot().scopes(), "shop");
        Snapshot.ScopeInfo checkout = scope(shop.children(), "checkout");
        assertEquals(Thread.currentThread().getName(), checkout.owner());
        assertEquals("shop/checkout", checkout.threadName());
        Snapshot.ScopeInfo payment = scope(checkout.children(), "payment");
        assertEquals("shop/checkout-fork-2/payment", payment.threadName());
        assertEquals(
                List.of(
                        "shop/checkout-fork-2/payment-fork-1",
                        "shop/checkout-fork-2/payment-fork-2"),
                payment.forks().stream()
                        .filter(f -> f.state() == Fork.State.RUNNING)
                        .map(Snapshot.ForkInfo::threadName)
                        .sorted()
                        .toList());
        Snapshot.ChannelInfo quotes =
                outcome.snapshot().channels().stream()
                        .filter(c -> c.name().equals("shipping-quotes"))
                        .findFirst()
                        .orElseThrow();
        assertEquals(1, quotes.capacity());
        assertEquals(0, quotes.buffered());
        assertTrue(
                outcome.treeJson().contains("\"shop/checkout-fork-2/payment-fork-1\""),
                outcome.treeJson());
        assertTrue(
                bytes.toString(StandardCharsets.UTF_8)
                        .contains("the live tree while the forks wait:"));
    }

    @Test
    @Timeout(30)
    void jfrRecordedTheScopesTheFailedCouponTheWaitAndTheRequests() throws Exception {
        CheckoutService.Outcome outcome = CheckoutService.run(List.of(), out);

        Map<String, Long> counts = outcome.eventCounts();
        assertEquals(1L, counts.get("dev.weft.ForkFailed"), counts.toString());
        assertEquals(2L, counts.get("dev.weft.WorkQueueRequest"), counts.toString());
        assertTrue(counts.get("dev.weft.ChannelWait") >= 1, counts.toString());
        List<String> closed =
                outcome.closedScopes().stream().map(CheckoutService.ClosedScope::scope).toList();
        assertEquals(List.of("payment", "checkout", "shop"), closed);
        CheckoutService.ClosedScope checkout = outcome.closedScopes().get(1);
        assertEquals(4, checkout.forks());
        assertEquals("succeeded", checkout.outcome());
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("JFR recorded:"));
    }

    private static Snapshot.ScopeInfo scope(List<Snapshot.ScopeInfo> scopes, String name) {
        return scopes.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no scope " + name + " in " + scopes));
    }
}

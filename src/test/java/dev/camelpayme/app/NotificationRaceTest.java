package dev.camelpayme.app;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.app.payment.PaymentOutcome;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A verified notification that the shopper paid, arriving at each step of the poll and of the query-first recovery:
 * before the query, after it (both learn PAID), and between storing PAID and delivering it. Each race is made to
 * happen by a hook woven into the real routes at that step; whichever learns PAID first, the order ends PAID with
 * exactly one PAID message, no later step changes it (not even the poll's deadline), and a repeat of the order
 * answers PAID and creates nothing at QFPay. The sandbox sends no notifications of its own here: the test does.
 */
class NotificationRaceTest extends PaymeRouteTestSupport {

    /** What to do at a step, by "step:orderId"; each runs once. */
    private final Map<String, Consumer<Exchange>> plan = new ConcurrentHashMap<>();
    private final Map<String, Boolean> done = new ConcurrentHashMap<>();
    private boolean woven;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("payme.sandbox.notify-url", "", "payme.retry.deadline-ms", "3000");
    }

    @BeforeEach
    void weaveHooks() throws Exception {
        if (woven) {
            return;
        }
        woven = true;
        // only direct routes are woven: re-weaving a route that consumes JMS restarts its listener under load
        AdviceWith.adviceWith(context, "payme-qfpay-query", a -> {
            a.weaveAddFirst().process(e -> step(flowOf(e) + "-before-query", e));
            a.weaveAddLast().process(e -> step(flowOf(e) + "-after-query", e));
        });
        AdviceWith.adviceWith(context, "payme-deliver", a -> a.weaveByToUri("direct:payme-outcome-endpoint").before()
                .process(e -> step("before-delivery", e)));
    }

    /** The flow that asks: the poll (its JMS route) or the query-first recovery (resumed from the work queue). */
    private static String flowOf(Exchange exchange) {
        return "payme-retry-query".equals(exchange.getFromRouteId()) ? "poll" : "recover";
    }

    private void step(String step, Exchange exchange) {
        PaymentOutcome outcome = exchange.getVariable(FlowVariables.OUTCOME, PaymentOutcome.class);
        String key = step + ":" + (outcome == null ? "" : outcome.getOrderId());
        Consumer<Exchange> action = plan.remove(key);
        if (action != null) {
            action.accept(exchange);
            done.put(key, true);
        }
    }

    @Test
    void notifiedBeforeThePollsQueryWhileItsDeadlinePassesStaysPaid() throws Exception {
        String orderId = newOrderId("R1");
        plan.put("poll-before-query:" + orderId, e -> {
            notifyPaidAndAwaitRouting(outcomeOf(e));
            // the poll's deadline passes while its query is out: before the fix, the poll then stored EXPIRED
            long deadline = e.getVariable(FlowVariables.POLL_DEADLINE, Long.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() > deadline);
        });

        assertThat(postOrder(order(orderId, 90001)).statusCode()).isEqualTo(202);

        assertOnePaidAndNothingElse(orderId, 90001, "poll-before-query", "payme-retry-query");
    }

    @Test
    void notifiedWhileThePollsQueryFindsItPaidDeliversOnePaid() throws Exception {
        String orderId = newOrderId("R2");
        plan.put("poll-before-query:" + orderId, e -> sandbox().markPaid(outcomeOf(e).getOutTradeNo()));
        plan.put("poll-after-query:" + orderId, e -> notifyPaidAndAwaitRouting(outcomeOf(e)));

        assertThat(postOrder(order(orderId, 90001)).statusCode()).isEqualTo(202);

        assertOnePaidAndNothingElse(orderId, 90001, "poll-after-query", "payme-retry-query");
    }

    @Test
    void notifiedBetweenThePollStoringPaidAndDeliveringItDeliversOnePaid() throws Exception {
        String orderId = newOrderId("R3");
        plan.put("poll-before-query:" + orderId, e -> sandbox().markPaid(outcomeOf(e).getOutTradeNo()));
        plan.put("before-delivery:" + orderId, e -> notifyPaidAndAwaitRouting(outcomeOf(e)));

        assertThat(postOrder(order(orderId, 90001)).statusCode()).isEqualTo(202);

        assertOnePaidAndNothingElse(orderId, 90001, "before-delivery", "payme-retry-query");
    }

    @Test
    void notifiedBeforeTheRecoveryQueryStaysPaidAndNoNewAttemptIsSent() throws Exception {
        String orderId = newOrderId("R4");
        plan.put("recover-before-query:" + orderId, e -> notifyPaidAndAwaitRouting(outcomeOf(e)));

        postOrder(order(orderId, 90200)); // QFPay records it, the answer is not JSON: recovered by query first

        assertOnePaidAndNothingElse(orderId, 90200, "recover-before-query", "payme-work");
    }

    @Test
    void notifiedWhileTheRecoveryQueryFindsItPaidDeliversOnePaid() throws Exception {
        String orderId = newOrderId("R5");
        plan.put("recover-before-query:" + orderId, e -> sandbox().markPaid(outcomeOf(e).getOutTradeNo()));
        plan.put("recover-after-query:" + orderId, e -> notifyPaidAndAwaitRouting(outcomeOf(e)));

        postOrder(order(orderId, 90200));

        assertOnePaidAndNothingElse(orderId, 90200, "recover-after-query", "payme-work");
    }

    @Test
    void notifiedBetweenTheRecoveryStoringPaidAndDeliveringItDeliversOnePaid() throws Exception {
        String orderId = newOrderId("R6");
        plan.put("recover-before-query:" + orderId, e -> sandbox().markPaid(outcomeOf(e).getOutTradeNo()));
        plan.put("before-delivery:" + orderId, e -> notifyPaidAndAwaitRouting(outcomeOf(e)));

        postOrder(order(orderId, 90200));

        assertOnePaidAndNothingElse(orderId, 90200, "before-delivery", "payme-work");
    }

    /**
     * Waits until the hook at {@code step} has run and the flow that ran it has finished (nothing of it is in flight:
     * a point it has certainly passed), then checks the order's outcomes and that a repeat creates nothing.
     */
    private void assertOnePaidAndNothingElse(String orderId, long txamt, String step, String flowRoute) {
        await().atMost(Duration.ofSeconds(30)).until(() -> done.containsKey(step + ":" + orderId));
        await().atMost(Duration.ofSeconds(30)).until(() -> context.getInflightRepository().size(flowRoute) == 0
                && context.getInflightRepository().size("payme-deliver") == 0);
        int paymentsSent = paymentsSentFor(orderId).size();

        assertThat(allOutcomesFor(orderId)).as("the outcomes of %s", orderId).hasSize(1)
                .allSatisfy(o -> assertThat(o.path("outcome").asText()).isEqualTo("PAID"));
        assertThat(outcomesFor(orderId, "mock:paid")).hasSize(1);

        JsonNode repeat = json(postOrder(order(orderId, txamt)).body());
        assertThat(repeat.path("outcome").asText()).as("a repeat answers the stored outcome").isEqualTo("PAID");
        assertThat(paymentsSentFor(orderId)).as("and creates nothing at QFPay").hasSize(paymentsSent);
        assertThat(paymentsSent).as("one attempt was enough").isEqualTo(1);
    }

    private static PaymentOutcome outcomeOf(Exchange exchange) {
        return exchange.getVariable(FlowVariables.OUTCOME, PaymentOutcome.class);
    }

    /** Posts QFPay's signed notification that the order was paid, and waits until it has been routed. */
    private void notifyPaidAndAwaitRouting(PaymentOutcome order) {
        NotifyBuilder routed = new NotifyBuilder(context).fromRoute("payme-notify-routing").whenCompleted(1).create();
        String syssn = sandbox().order(order.getOutTradeNo()).orElseThrow().syssn();
        String body = "{\"status\": \"1\", \"pay_type\": \"805814\", \"sysdtm\": \"2026-01-01 12:00:01\", "
                + "\"paydtm\": \"2026-01-01 12:01:30\", \"txcurrcd\": \"HKD\", \"txdtm\": \"" + order.getTxdtm()
                + "\", \"txamt\": \"" + order.getTxamt() + "\", \"out_trade_no\": \"" + order.getOutTradeNo()
                + "\", \"syssn\": \"" + syssn + "\", \"cancel\": \"0\", \"respcd\": \"0000\", \"notify_type\": \"payment\"}";
        try {
            assertThat(notify(body, sign(body)).body()).isEqualTo("SUCCESS");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertThat(routed.matches(10, TimeUnit.SECONDS)).as("the notification was routed").isTrue();
    }
}

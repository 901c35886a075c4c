package dev.camelpayme.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.app.payment.PaymentTracker;
import dev.camelpayme.sandbox.ReceivedRequest;
import dev.camelpayme.testing.LogCapture;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CREATED orders are tracked until PAID or EXPIRED by batched queries (the sandbox's notifications are off here, so
 * only the tracker can tell), each settled once; a thousand pending payments take ten query calls a cycle.
 */
class TrackingTest extends PaymeRouteTestSupport {

    private static final long CALL_SPACING_MS = 100;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of(
                "payme.sandbox.notify-url", "",
                "payme.rate-limit.per-minute", "100000",
                "payme.rate-limit.per-second", "100000",
                "payme.tracking.call-spacing-ms", String.valueOf(CALL_SPACING_MS));
    }

    private void cycle() {
        template.sendBody("direct:payme-track", null);
    }

    @Test
    void paidOrderIsFoundByTheTrackerAndRoutedOnce() {
        JsonNode created = json(postOrder(order(newOrderId("K"), 4100)).body());
        sandbox().markPaid(created.path("out_trade_no").asText());

        cycle();
        cycle();

        List<JsonNode> paid = delivered("mock:paid", created.path("order_id").asText());
        assertThat(paid).hasSize(1);
        assertThat(paid.get(0).path("outcome").asText()).isEqualTo("PAID");
        assertThat(paid.get(0).path("pay_url").asText()).isEqualTo(created.path("pay_url").asText());
    }

    @Test
    void finalUnpaidRecordExpiresTheOrderOnce() {
        JsonNode created = json(postOrder(order(newOrderId("K"), 90002)).body());
        assertThat(created.path("outcome").asText()).isEqualTo("CREATED");

        for (int i = 0; i < 4; i++) {
            cycle();
        }

        List<JsonNode> expired = delivered("mock:expired", created.path("order_id").asText());
        assertThat(expired).hasSize(1);
        assertThat(expired.get(0).path("respcd").asText()).isEqualTo("1181");
    }

    @Test
    void aThousandPendingPaymentsTakeTenQueryCallsACycle() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<String> orderIds = new ArrayList<>();
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                String orderId = "T1K-" + i + "-" + UUID.randomUUID().toString().substring(0, 4);
                orderIds.add(orderId);
                calls.add(() -> postOrder(order(orderId, 5000)).statusCode());
            }
            for (var answer : callers.invokeAll(calls)) {
                assertThat(answer.get()).isEqualTo(201);
            }
        } finally {
            callers.shutdownNow();
        }
        sandbox().markPaid(json(getMockEndpoint("mock:success").getExchanges().stream()
                .map(e -> e.getMessage().getBody(String.class)).filter(b -> b.contains(orderIds.get(0)))
                .findFirst().orElseThrow()).path("out_trade_no").asText());
        int queriesBefore = sandbox().requests("/trade/v1/query").size();

        cycle();

        int queries = sandbox().requests("/trade/v1/query").size() - queriesBefore;
        assertThat(queries).as("query calls for 1,000 pending payments").isBetween(10, 12);
        assertThat(delivered("mock:paid", orderIds.get(0))).hasSize(1);
    }

    @Test
    void aCyclesQueryCallsAreSpacedOutToLeaveRoomForPayments() throws Exception {
        for (int i = 0; i < 250; i++) {
            postOrder(order(newOrderId("SPACED"), 5000));
        }
        int before = sandbox().requests("/trade/v1/query").size();

        cycle();

        List<ReceivedRequest> calls = sandbox().requests("/trade/v1/query");
        calls = calls.subList(before, calls.size());
        assertThat(calls).as("250 or more CREATED orders: three calls at least").hasSizeGreaterThanOrEqualTo(3);
        for (int i = 1; i < calls.size(); i++) {
            assertThat(Duration.between(calls.get(i - 1).time(), calls.get(i).time()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(CALL_SPACING_MS - 10));
        }
    }

    @Test
    void aFailingTrackingQueryIsLoggedWithItsCodeCountedAndAskedAgain() throws Exception {
        AtomicReference<String> failWith = new AtomicReference<>();
        AdviceWith.adviceWith(context, "payme-tracking", a -> a.weaveByToUri("direct:payme-qfpay-query").after()
                .process(e -> {
                    String failure = failWith.get();
                    if ("429".equals(failure)) {
                        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 429);
                        e.getMessage().setBody("<html>Too Many Requests</html>");
                    } else if (failure != null) {
                        e.getMessage().setBody("{\"respcd\":\"" + failure + "\",\"resperr\":\"refused\"}");
                    }
                }));
        JsonNode created = json(postOrder(order(newOrderId("K"), 4200)).body());
        sandbox().markPaid(created.path("out_trade_no").asText());
        PaymentTracker tracker = context.getRegistry().lookupByNameAndType("paymentTracker", PaymentTracker.class);
        List<String> warnings = new CopyOnWriteArrayList<>();
        try (LogCapture capture = LogCapture.of(PaymentTracker.class, warnings)) {
            long failedBefore = tracker.failedQueries();
            int queriesBefore = sandbox().requests("/trade/v1/query").size();

            failWith.set("429");
            cycle();
            failWith.set("1108");
            cycle();

            int queries = sandbox().requests("/trade/v1/query").size() - queriesBefore;
            assertThat(queries).as("tracking queries of the two cycles").isGreaterThanOrEqualTo(2);
            assertThat(tracker.failedQueries() - failedBefore).as("each failed query counted").isEqualTo(queries);
            assertThat(warnings).anyMatch(w -> w.startsWith("WARN") && w.contains("HTTP 429"))
                    .anyMatch(w -> w.startsWith("WARN") && w.contains("respcd 1108"));
            assertThat(outcomesFor(created.path("order_id").asText(), "mock:paid")).as("nothing settled yet").isEmpty();
        } finally {
            failWith.set(null);
        }

        cycle();

        assertThat(delivered("mock:paid", created.path("order_id").asText())).as("asked again next cycle").hasSize(1);
    }

    /**
     * What the cycles so far delivered about the order: each cycle runs to its end, deliveries included, on the
     * caller's thread, and nothing else here settles an order (no notifications, the timer's cycle is an hour away).
     */
    private List<JsonNode> delivered(String endpoint, String orderId) {
        return outcomesFor(orderId, endpoint);
    }
}

package dev.camelpayme.app;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Refunds nobody carries on any more are taken over by the sweeper and queried first: one whose processing died
 * before its call went out (here: an exception just before the HTTP call) is then made once; one whose parked
 * message was lost is found refunded and reported once.
 */
class RefundSweepTest extends RefundRouteTestSupport {

    @Override
    protected Map<String, String> extraProperties() {
        // no notifications: a refund notification would settle the refund without any query
        return Map.of("payme.store.lease-ms", "500", "payme.store.sweep-interval-ms", "200",
                "payme.sandbox.notify-url", "", "payme.tracking.interval-ms", "300");
    }

    @Test
    void refundLeftInFlightIsQueriedThenMadeOnce() throws Exception {
        JsonNode order = paidOrder(3000);
        String orderId = order.path("order_id").asText();
        String refundId = orderId + "-r";
        AtomicBoolean dies = new AtomicBoolean(true);
        AdviceWith.adviceWith(context, "payme-refund-attempt", route -> route
                .weaveByToString(".*trade/v1/refund.*").before().process(exchange -> {
                    if (dies.getAndSet(false)) {
                        throw new IllegalStateException("the process dies before the call goes out");
                    }
                }));

        HttpResponse<String> answer = refund("{\"order_id\":\"" + orderId + "\",\"refund_id\":\"" + refundId + "\"}");
        assertThat(answer.statusCode()).isEqualTo(500);

        await().atMost(Duration.ofSeconds(15)).until(() -> !messagesFor("mock:refunded", refundId).isEmpty());
        assertThat(sandbox().requests("/trade/v1/refund")).hasSize(1);
        assertThat(sandbox().requests("/trade/v1/query"))
                .anyMatch(q -> String.valueOf(q.field("out_trade_no")).startsWith(refundId + "-"));
    }

    @Test
    void refundWhoseParkedMessageIsLostIsQueriedAndReportedOnce() throws Exception {
        JsonNode order = paidOrder(100000);
        AtomicBoolean lost = new AtomicBoolean(true);
        AdviceWith.adviceWith(context, "payme-refund-query", route -> route
                .weaveAddFirst().filter(exchange -> lost.getAndSet(false)).stop());

        // a slow answer: the result is unknown, the refund is parked, and its first parked message is lost
        HttpResponse<String> answer = refund(refundRequest(order, 90408));
        String refundId = json(answer.body()).path("refund_id").asText();

        await().atMost(Duration.ofSeconds(20)).until(() -> !messagesFor("mock:refunded", refundId).isEmpty());
        assertThat(lost).as("a parked message was lost").isFalse();
        assertThat(refundCallsFor(order)).as("refund calls").isEqualTo(1);
        awaitRefundFlowsAndSweepsPast();
        assertThat(messagesFor("mock:refunded", refundId)).hasSize(1);
    }
}

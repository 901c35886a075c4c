package dev.camelpayme.app;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.sandbox.ReceivedRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Refunds whose answer is lost, or whose outcome could not be delivered: the refund is queried before anything is
 * sent again, and its outcome is delivered once it can be, never lost. QFPay's notifications are off here, so each
 * refund is carried by its own flow alone (payments are learnt as paid by tracking).
 */
class RefundRecoveryTest extends RefundRouteTestSupport {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of(
                "payme.sandbox.notify-url", "",
                "payme.tracking.interval-ms", "300",
                "payme.store.lease-ms", "4000",
                "payme.store.sweep-interval-ms", "300");
    }

    @Test
    void refundWhoseAnswerIsLostIsQueriedFirstAndNeverSentTwice() throws Exception {
        JsonNode order = paidOrder(100000);

        HttpResponse<String> answer = refund(refundRequest(order, 90408));

        assertThat(answer.statusCode()).as("timed out: the result is unknown").isEqualTo(202);
        String refundId = json(answer.body()).path("refund_id").asText();
        await().atMost(Duration.ofSeconds(15)).until(() -> !messagesFor("mock:refunded", refundId).isEmpty());
        assertThat(refundCallsFor(order)).as("refund calls").isEqualTo(1);
        ReceivedRequest query = sandbox().requests("/trade/v1/query").stream()
                .filter(q -> q.field("out_trade_no") != null && q.field("out_trade_no").startsWith(refundId))
                .findFirst().orElseThrow(() -> new AssertionError("no query of " + refundId + " among "
                        + sandbox().requests("/trade/v1/query").stream().map(ReceivedRequest::form).toList()));
        assertThat(query.respcd()).isEqualTo("0000");
        assertDeliveredOnce("mock:refunded", refundId, 1);
    }

    @Test
    void outcomeThatFailedToReachItsEndpointIsDeliveredWhenTheJmsMessageComesAgain() throws Exception {
        JsonNode order = paidOrder(3000);
        String refundId = order.path("order_id").asText() + "-r3000";
        refundedEndpointFailsOnce();

        template.sendBody("jms:queue:payme.refunds", refundRequest(order));

        await().atMost(Duration.ofSeconds(15)).until(() -> messagesFor("mock:refunded", refundId).size() >= 2);
        assertThat(refundCallsFor(order)).as("refund calls").isEqualTo(1);
        assertDeliveredOnce("mock:refunded", refundId, 2);
    }

    @Test
    void outcomeThatFailedToReachItsEndpointIsDeliveredByTheSweeper() throws Exception {
        JsonNode order = paidOrder(3000);
        String refundId = order.path("order_id").asText() + "-r3000";
        refundedEndpointFailsOnce();

        HttpResponse<String> answer = refund(refundRequest(order));

        assertThat(answer.statusCode()).as("the delivery failed").isEqualTo(500);
        await().atMost(Duration.ofSeconds(20)).until(() -> messagesFor("mock:refunded", refundId).size() >= 2);
        assertThat(messagesFor("mock:refunded", refundId).get(1).path("outcome").asText()).isEqualTo("REFUNDED");
        assertThat(refundCallsFor(order)).as("refund calls").isEqualTo(1);
        assertDeliveredOnce("mock:refunded", refundId, 2);
    }

    /** The first message the refunded endpoint receives fails, as if the endpoint were down. */
    private void refundedEndpointFailsOnce() {
        getMockEndpoint("mock:refunded").whenExchangeReceived(1, e -> {
            throw new IllegalStateException("the refunded endpoint is down");
        });
    }

    /** No further message follows once the refund's flows have ended and the sweepers have run past the lease. */
    private void assertDeliveredOnce(String endpoint, String refundId, int expectedArrivals) {
        awaitRefundFlowsAndSweepsPast();
        assertThat(messagesFor(endpoint, refundId)).hasSize(expectedArrivals);
    }
}

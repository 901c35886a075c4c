package dev.camelpayme.app;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A refund request without txamt refunds what is still refundable: the paid amount minus the order's refunds that
 * did not fail. Nothing left means REJECTED before QFPay is called; a repeat still meets its first refund.
 */
class RefundDefaultAmountTest extends RefundRouteTestSupport {

    @Override
    protected Map<String, String> extraProperties() {
        // no sweeper redelivers an outcome during a test: a redelivered message must do it
        return Map.of("payme.store.lease-ms", "120000");
    }

    @Test
    void defaultRefundIsWhatIsLeftAfterAPartialRefund() throws Exception {
        JsonNode order = paidOrder(5000);
        String id = order.path("order_id").asText();
        assertThat(refund("{\"order_id\":\"" + id + "\",\"txamt\":2000,\"refund_id\":\"" + id + "-a\"}").statusCode())
                .isEqualTo(201);

        HttpResponse<String> rest = refund(refundRequest(order));

        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(201);
        JsonNode refund = json(rest.body());
        assertThat(refund.path("outcome").asText()).isEqualTo("REFUNDED");
        assertThat(refund.path("txamt").asText()).isEqualTo("3000");
        assertThat(refund.path("refund_id").asText()).isEqualTo(id + "-r3000");
        assertThat(refundAmountsSentFor(order)).containsExactly("2000", "3000");
    }

    @Test
    void defaultRefundWithNothingLeftIsRejectedBeforeCallingQfpay() throws Exception {
        JsonNode order = paidOrder(5000);
        String id = order.path("order_id").asText();
        refund("{\"order_id\":\"" + id + "\",\"txamt\":2000,\"refund_id\":\"" + id + "-a\"}");
        assertThat(refund(refundRequest(order)).statusCode()).isEqualTo(201);

        HttpResponse<String> further = refund(refundRequest(order));

        assertThat(further.statusCode()).as(further.body()).isEqualTo(400);
        JsonNode rejected = json(further.body());
        assertThat(rejected.path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(rejected.path("errors").findValuesAsText("field")).containsExactly("txamt");
        assertThat(rejected.path("reason").asText()).contains("nothing is left to refund of order " + id);
        assertThat(refundAmountsSentFor(order)).containsExactly("2000", "3000");
    }

    @Test
    void failedRefundDoesNotCountAgainstTheDefault() throws Exception {
        JsonNode order = paidOrder(100000);
        assertThat(refund(refundRequest(order, 91269)).statusCode()).as("QFPay refuses it: FAILED").isEqualTo(502);

        HttpResponse<String> rest = refund(refundRequest(order));

        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(201);
        assertThat(json(rest.body()).path("txamt").asText()).isEqualTo("100000");
        assertThat(refundAmountsSentFor(order)).containsExactly("91269", "100000");
    }

    @Test
    void repeatOfANamedRefundWithoutTxamtIsAnsweredWithItsOutcome() throws Exception {
        JsonNode order = paidOrder(3000);
        String request = "{\"order_id\":\"" + order.path("order_id").asText() + "\",\"refund_id\":\""
                + order.path("order_id").asText() + "-all\"}";
        JsonNode first = json(refund(request).body());

        HttpResponse<String> again = refund(request);

        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(json(again.body()).path("out_trade_no").asText()).isEqualTo(first.path("out_trade_no").asText());
        assertThat(refundAmountsSentFor(order)).containsExactly("3000");
    }

    @Test
    void redeliveredDefaultRequestDeliversTheOutcomeItCouldNotDeliver() throws Exception {
        JsonNode order = paidOrder(3000);
        String refundId = order.path("order_id").asText() + "-r3000";
        getMockEndpoint("mock:refunded").whenExchangeReceived(1, e -> {
            throw new IllegalStateException("the refunded endpoint is down");
        });

        template.sendBody("jms:queue:payme.refunds", refundRequest(order));

        await().atMost(Duration.ofSeconds(15)).until(() -> messagesFor("mock:refunded", refundId).size() >= 2);
        assertThat(getMockEndpoint("mock:error").getExchanges()).as("no REJECTED for the repeat")
                .noneMatch(e -> e.getMessage().getBody(String.class).contains(order.path("order_id").asText()));
        assertThat(refundAmountsSentFor(order)).containsExactly("3000");
    }

    /** The amounts of the refund calls QFPay received for the payment of {@code order}, in order. */
    private List<String> refundAmountsSentFor(JsonNode order) {
        return sandbox().requests("/trade/v1/refund").stream()
                .filter(r -> order.path("syssn").asText().equals(r.field("syssn")))
                .map(r -> r.field("txamt")).toList();
    }
}

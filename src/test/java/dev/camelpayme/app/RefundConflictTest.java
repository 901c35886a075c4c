package dev.camelpayme.app;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refund_id belongs to one order and one amount. Reused for another order or another amount it is refused (REST
 * 409, a REJECTED outcome through JMS), tells nothing of the refund that holds it, and QFPay hears nothing of it;
 * the same refund again gets its outcome. {@link RefundConflictOnPostgresTest} runs the same on PostgreSQL.
 */
class RefundConflictTest extends RefundRouteTestSupport {

    @Test
    void anotherOrdersRefundIdIsRefusedAndToldNothingOfThatRefund() throws Exception {
        JsonNode refunded = paidOrder(2500);
        JsonNode other = paidOrder(3000);
        HttpResponse<String> first = refund(refundRequest(refunded));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        JsonNode held = json(first.body());
        String refundId = held.path("refund_id").asText();
        assertThat(refundId).isEqualTo(refunded.path("order_id").asText() + "-r2500");

        // the request of the issue: another order, another amount, the first refund's default refund_id
        HttpResponse<String> reused = refund("{\"order_id\":\"" + other.path("order_id").asText()
                + "\",\"txamt\":50,\"refund_id\":\"" + refundId + "\"}");

        assertThat(reused.statusCode()).as(reused.body()).isEqualTo(409);
        assertRefusedAsConflict(json(reused.body()), refundId);
        assertThat(json(reused.body()).path("order_id").asText()).isEqualTo(other.path("order_id").asText());
        assertThat(json(reused.body()).path("txamt").asText()).as("the request's own amount").isEqualTo("50");
        assertThat(reused.body()).doesNotContain("\"" + refunded.path("order_id").asText() + "\"",
                refunded.path("syssn").asText(), held.path("out_trade_no").asText(), held.path("syssn").asText(),
                "REFUNDED");
        assertThat(refundCallsFor(other)).as("QFPay heard nothing of it").isZero();
        assertThat(refundCallsFor(refunded)).isEqualTo(1);
    }

    @Test
    void aRefundIdReusedForAnotherAmountOfTheSameOrderIsRefused() throws Exception {
        JsonNode order = paidOrder(5000);
        String id = order.path("order_id").asText();
        assertThat(refund("{\"order_id\":\"" + id + "\",\"txamt\":1000,\"refund_id\":\"" + id + "-a\"}").statusCode())
                .isEqualTo(201);

        HttpResponse<String> more = refund("{\"order_id\":\"" + id + "\",\"txamt\":2000,\"refund_id\":\"" + id + "-a\"}");
        HttpResponse<String> same = refund("{\"order_id\":\"" + id + "\",\"txamt\":1000,\"refund_id\":\"" + id + "-a\"}");

        assertThat(more.statusCode()).as(more.body()).isEqualTo(409);
        assertRefusedAsConflict(json(more.body()), id + "-a");
        assertThat(same.statusCode()).as("the same refund again gets its outcome").isEqualTo(201);
        assertThat(json(same.body()).path("outcome").asText()).isEqualTo("REFUNDED");
        assertThat(refundCallsFor(order)).isEqualTo(1);
    }

    @Test
    void throughJmsTheReusedRefundIdGetsARejectedOutcomeThatOverwritesNothing() throws Exception {
        JsonNode refunded = paidOrder(2500);
        JsonNode other = paidOrder(3000);
        String refundId = refunded.path("order_id").asText() + "-mine";
        assertThat(refund("{\"order_id\":\"" + refunded.path("order_id").asText() + "\",\"refund_id\":\"" + refundId
                + "\"}").statusCode()).isEqualTo(201);

        String reply = template.requestBody("jms:queue:payme.refunds", "{\"order_id\":\""
                + other.path("order_id").asText() + "\",\"refund_id\":\"" + refundId + "\"}", String.class);

        assertRefusedAsConflict(json(reply), refundId);
        List<Exchange> rejected = getMockEndpoint("mock:error").getExchanges().stream()
                .filter(e -> e.getMessage().getBody(String.class).contains(refundId)).toList();
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).getMessage().getHeader(Exchange.FILE_NAME, String.class))
                .as("never the name of the refund's own outcome").isEqualTo("rejected-refund-" + refundId + ".json");
        assertThat(refundCallsFor(other)).isZero();
    }

    /** REJECTED naming the conflict, with what the request gave and nothing of the refund that holds the id. */
    private static void assertRefusedAsConflict(JsonNode outcome, String refundId) {
        assertThat(outcome.path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(outcome.path("refund_id").asText()).isEqualTo(refundId);
        assertThat(outcome.path("reason").asText()).startsWith("Conflict: refund_id " + refundId);
        assertThat(outcome.path("errors").findValuesAsText("field")).containsExactly("refund_id");
        for (String told : List.of("orig_syssn", "out_trade_no", "syssn", "respcd", "txdtm", "txcurrcd")) {
            assertThat(outcome.path(told).isMissingNode() || outcome.path(told).isNull()).as(told).isTrue();
        }
    }
}

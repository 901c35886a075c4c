package dev.camelpayme.app;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Refunds of paid orders through the real routes against the sandbox: full, partial, over the paid amount, repeated,
 * and refused with a reason a person can act on. A lost answer is in {@link RefundRecoveryTest}, QFPay's refund
 * notifications in {@link RefundNotificationTest}.
 */
class RefundTest extends RefundRouteTestSupport {

    @Test
    void fullRefundOfAPaidOrder() throws Exception {
        JsonNode order = paidOrder(3000);

        HttpResponse<String> answer = refund(refundRequest(order));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        JsonNode refund = json(answer.body());
        assertThat(refund.path("outcome").asText()).isEqualTo("REFUNDED");
        assertThat(refund.path("txamt").asText()).isEqualTo("3000");
        assertThat(refund.path("orig_syssn").asText()).isEqualTo(order.path("syssn").asText());
        assertThat(refund.path("out_trade_no").asText()).isNotEqualTo(order.path("out_trade_no").asText());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !messagesFor("mock:refunded", refund.path("refund_id").asText()).isEmpty());
        assertThat(refundCallsFor(order)).isEqualTo(1);
    }

    @Test
    void partialRefundsNeverExceedWhatWasPaid() throws Exception {
        JsonNode order = paidOrder(3000);
        String id = order.path("order_id").asText();

        assertThat(refund("{\"order_id\":\"" + id + "\",\"txamt\":1000,\"refund_id\":\"" + id + "-a\"}").statusCode())
                .isEqualTo(201);
        assertThat(refund("{\"order_id\":\"" + id + "\",\"txamt\":2000,\"refund_id\":\"" + id + "-b\"}").statusCode())
                .isEqualTo(201);
        HttpResponse<String> over = refund("{\"order_id\":\"" + id + "\",\"txamt\":1,\"refund_id\":\"" + id + "-c\"}");

        assertThat(over.statusCode()).isEqualTo(400);
        assertThat(json(over.body()).path("errors").findValuesAsText("field")).contains("txamt");
        assertThat(over.body()).contains("exceeds what is left to refund");
        assertThat(refundCallsFor(order)).isEqualTo(2);
    }

    @Test
    void refundOverThePaidAmountIsRejectedBeforeCallingQfpay() throws Exception {
        JsonNode order = paidOrder(3000);

        HttpResponse<String> answer = refund("{\"syssn\":\"" + order.path("syssn").asText() + "\",\"txamt\":3001}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(refundCallsFor(order)).isZero();
    }

    @Test
    void repeatedRefundIsAnsweredWithItsOutcomeAndSentOnce() throws Exception {
        JsonNode order = paidOrder(3000);
        String request = refundRequest(order, 500);

        JsonNode first = json(refund(request).body());
        JsonNode again = json(refund(request).body());
        String viaJms = template.requestBody("jms:queue:payme.refunds", request, String.class);

        assertThat(again.path("out_trade_no").asText()).isEqualTo(first.path("out_trade_no").asText());
        assertThat(json(viaJms).path("outcome").asText()).isEqualTo("REFUNDED");
        assertThat(refundCallsFor(order)).isEqualTo(1);
    }

    @Test
    void refusedRefundTellsWhatToDo() throws Exception {
        JsonNode order = paidOrder(100000);

        HttpResponse<String> answer = refund(refundRequest(order, 91269));

        assertThat(answer.statusCode()).isEqualTo(502);
        JsonNode refund = json(answer.body());
        assertThat(refund.path("outcome").asText()).isEqualTo("FAILED");
        assertThat(refund.path("respcd").asText()).isEqualTo("1269");
        assertThat(refund.path("reason").asText()).contains("unsettled takings");
    }

    @Test
    void unpaidOrderCannotBeRefunded() throws Exception {
        String orderId = newOrderId("U");
        postOrder(order(orderId, 3000));

        HttpResponse<String> answer = refund("{\"order_id\":\"" + orderId + "\"}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("not a paid order");
        assertThat(sandbox().requests("/trade/v1/refund")).noneMatch(r -> r.field("out_trade_no").startsWith(orderId));
    }
}

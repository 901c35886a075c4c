package dev.camelpayme.app;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.app.refund.RefundFlow;
import dev.camelpayme.testing.LogCapture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refund intake reads its body as strictly as payme: reads orders: a repeated field name or text after the
 * object is REJECTED (never "the last one wins" or "the rest is ignored"), and thousands of unknown fields give a
 * short answer and a short log line, with nothing sent to QFPay.
 */
class RefundRequestStrictnessTest extends RefundRouteTestSupport {

    /** Generous for 20 listed problems of at most 64-character names, far below what 10,000 would take. */
    static final int MAX_ANSWER = 6_000;
    static final int MAX_LOG_LINE = 3_000;

    private static String orderId(JsonNode order) {
        return order.path("order_id").asText();
    }

    /** The answer is 400 REJECTED naming the field, and QFPay received no refund for the order. */
    private JsonNode assertRejected(JsonNode order, HttpResponse<String> answer, String field) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        JsonNode refund = json(answer.body());
        assertThat(refund.path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(refund.path("errors").findValuesAsText("field")).contains(field);
        assertThat(refundCallsFor(order)).isZero();
        return refund;
    }

    @Test
    void repeatedFieldNameIsRejectedInsteadOfTheLastOneWinning() throws Exception {
        JsonNode order = paidOrder(3000);

        HttpResponse<String> answer = refund("{\"order_id\":\"" + orderId(order) + "\",\"txamt\":1,\"txamt\":3000}");

        JsonNode refund = assertRejected(order, answer, "txamt");
        assertThat(refund.path("reason").asText()).contains("must not appear more than once");
    }

    @Test
    void textAfterTheObjectIsRejectedInsteadOfIgnored() throws Exception {
        JsonNode order = paidOrder(3000);

        HttpResponse<String> answer = refund("{\"order_id\":\"" + orderId(order) + "\"} {\"order_id\":\"other\"}");

        assertRejected(order, answer, "body");
    }

    @Test
    void tenThousandUnknownFieldsGiveABoundedAnswerAndLogLine() throws Exception {
        JsonNode order = paidOrder(3000);
        StringBuilder body = new StringBuilder("{\"order_id\":\"" + orderId(order) + "\"");
        for (int i = 0; i < 10_000; i++) {
            body.append(",\"unknown_field_").append(i).append("\":1");
        }
        List<String> lines = new CopyOnWriteArrayList<>();

        HttpResponse<String> answer;
        try (LogCapture capture = LogCapture.of(RefundFlow.class, lines)) {
            answer = refund(body.append('}').toString());
        }

        JsonNode refund = assertRejected(order, answer, "unknown_field_0");
        assertThat(refund.path("errors")).hasSize(21);
        assertThat(refund.path("errors").get(20).path("rule").asText())
                .isEqualTo("has 9980 more problems that are not listed");
        assertThat(answer.body().length()).isLessThan(MAX_ANSWER);
        assertThat(lines).anyMatch(line -> line.contains("REJECTED"))
                .allSatisfy(line -> assertThat(line.length()).isLessThan(MAX_LOG_LINE));
    }

    @Test
    void wellFormedRefundStillGoesThrough() throws Exception {
        JsonNode order = paidOrder(3000);

        HttpResponse<String> answer = refund(refundRequest(order, 1000));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(refundCallsFor(order)).isEqualTo(1);
    }
}

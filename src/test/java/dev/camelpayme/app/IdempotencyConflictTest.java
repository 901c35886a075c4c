package dev.camelpayme.app;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An order_id answers only its own content. A repeat with the same content gets the stored outcome; one with other
 * content is refused (REST 409, a REJECTED outcome through JMS and files) and learns nothing of the order that holds
 * the id, and QFPay hears nothing of it. {@link IdempotencyConflictOnPostgresTest} runs the same on PostgreSQL.
 */
class IdempotencyConflictTest extends PaymeRouteTestSupport {

    private static String order(String orderId, long txamt, String currency, String goods) {
        return "{\"order_id\":\"" + orderId + "\",\"txamt\":" + txamt + ",\"txcurrcd\":\"" + currency
                + "\",\"goods_name\":\"" + goods + "\"}";
    }

    @Test
    void aRepeatWithAnotherAmountIsRefusedAndToldNothingOfTheOrder() {
        String orderId = newOrderId("C");
        HttpResponse<String> first = postOrder(order(orderId, 2500));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        JsonNode stored = json(first.body());

        HttpResponse<String> other = postOrder(order(orderId, 1));

        assertThat(other.statusCode()).as(other.body()).isEqualTo(409);
        assertRefusedAsConflict(json(other.body()), orderId);
        assertThat(other.body()).doesNotContain(stored.path("out_trade_no").asText(), stored.path("syssn").asText(),
                stored.path("pay_url").asText(), "CREATED");
        assertThat(paymentsSentFor(orderId)).as("QFPay heard of the first request only").hasSize(1);
    }

    @Test
    void aRepeatWithAnotherCurrencyOrOtherGoodsIsRefused() {
        String orderId = newOrderId("C");
        assertThat(postOrder(order(orderId, 2500, "HKD", "Coffee")).statusCode()).isEqualTo(201);

        HttpResponse<String> currency = postOrder(order(orderId, 2500, "USD", "Coffee"));
        HttpResponse<String> goods = postOrder(order(orderId, 2500, "HKD", "Tea"));

        assertThat(currency.statusCode()).as(currency.body()).isEqualTo(409);
        assertThat(goods.statusCode()).as(goods.body()).isEqualTo(409);
        assertThat(paymentsSentFor(orderId)).hasSize(1);
    }

    @Test
    void anIdenticalRepeatGetsTheStoredOutcomeEvenWithAFreshTxdtmOrTheDefaultsSpelledOut() {
        String orderId = newOrderId("C");
        JsonNode first = json(postOrder(order(orderId, 2500)).body());
        String now = LocalDateTime.now(ZoneId.of("Asia/Hong_Kong")).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));

        HttpResponse<String> same = postOrder(order(orderId, 2500));
        HttpResponse<String> restamped = postOrder("{\"order_id\":\"" + orderId + "\",\"txamt\":\"2500\","
                + "\"goods_name\":\"Test\",\"txdtm\":\"" + now + "\",\"txcurrcd\":\"HKD\",\"pay_type\":\"805814\"}");

        for (HttpResponse<String> repeat : List.of(same, restamped)) {
            assertThat(repeat.statusCode()).as(repeat.body()).isEqualTo(201);
            assertThat(json(repeat.body()).path("pay_url").asText()).isEqualTo(first.path("pay_url").asText());
        }
        assertThat(paymentsSentFor(orderId)).hasSize(1);
    }

    @Test
    void jmsAndFileRepeatsWithOtherContentGetARejectedOutcomeNamingTheConflict() {
        String orderId = newOrderId("C");
        assertThat(postOrder(order(orderId, 2500)).statusCode()).isEqualTo(201);

        String reply = template.requestBody("jms:queue:payme.orders", order(orderId, 1), String.class);
        dropFile(orderId + "-other.json", order(orderId, 1).getBytes(StandardCharsets.UTF_8));

        assertRefusedAsConflict(json(reply), orderId);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(
                inbox().resolve(".failed").resolve(orderId + "-other.json")));
        List<JsonNode> rejected = outcomesFor(orderId, "mock:error");
        assertThat(rejected).as("one REJECTED outcome per refused request").hasSize(2);
        rejected.forEach(outcome -> assertRefusedAsConflict(outcome, orderId));
        assertThat(outcomesFor(orderId, "mock:success")).as("the order's own outcome, once").hasSize(1);
        assertThat(paymentsSentFor(orderId)).hasSize(1);
    }

    @Test
    void aFailedOrderMayBeSubmittedAgainWithNewContentWhichThenOwnsTheId() {
        String orderId = newOrderId("C");
        assertThat(postOrder(order(orderId, 91204)).statusCode()).as("QFPay refuses it: FAILED").isEqualTo(502);

        HttpResponse<String> fixed = postOrder(order(orderId, 2300));
        HttpResponse<String> old = postOrder(order(orderId, 91204));
        HttpResponse<String> repeat = postOrder(order(orderId, 2300));

        assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(201);
        assertThat(old.statusCode()).as(old.body()).isEqualTo(409);
        assertThat(repeat.statusCode()).isEqualTo(201);
        assertThat(json(repeat.body()).path("out_trade_no").asText())
                .isEqualTo(json(fixed.body()).path("out_trade_no").asText());
        assertThat(paymentsSentFor(orderId)).hasSize(2);
    }

    /** REJECTED naming the conflict, with the caller's order_id and nothing of the order that holds it. */
    private static void assertRefusedAsConflict(JsonNode outcome, String orderId) {
        assertThat(outcome.path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(outcome.path("order_id").asText()).isEqualTo(orderId);
        assertThat(outcome.path("reason").asText()).startsWith("Conflict: order_id " + orderId);
        assertThat(outcome.path("errors").findValuesAsText("field")).containsExactly("order_id");
        for (String told : List.of("out_trade_no", "syssn", "pay_url", "txamt", "txcurrcd", "respcd", "txdtm")) {
            assertThat(outcome.path(told).isMissingNode() || outcome.path(told).isNull()).as(told).isTrue();
        }
    }
}

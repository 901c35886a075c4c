package dev.camelpayme.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.sandbox.QfpaySandbox;
import dev.camelpayme.sandbox.ReceivedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An attempt sent in the last seconds of a month whose record QFPay dates in the next month (its sysdtm, which the
 * query window filters on, is QFPay's own, later time). The query-first recovery must find it, or the flow would send
 * a new attempt for an order the shopper already paid. The sandbox applies QFPay's one-month rule; its clock stands
 * at 2025-02-01 00:00:01 in Hong Kong while the order's txdtm is 2025-01-31 23:59:58.
 */
class QueryAcrossMonthEndTest extends PaymeRouteTestSupport {

    private static final String APP_CODE = "MONTH-END-TEST-APP";
    private static final String KEY = "MONTH-END-TEST-CLIENT-KEY-0123456789";
    private static final String TXDTM = "2025-01-31 23:59:58";
    private static final Instant FIRST_SECOND_OF_FEBRUARY_IN_HONG_KONG = Instant.parse("2025-01-31T16:00:01Z");
    /** Sandbox trigger: the payment is recorded, but its answer is not JSON, so its result is unknown (query first). */
    private static final long ANSWER_NOT_JSON = 90200;

    // created from extraProperties(), which the test kit calls before field initialisers run
    private static QfpaySandbox sandbox;

    @Override
    protected Map<String, String> extraProperties() {
        if (sandbox == null) {
            Clock february = Clock.offset(Clock.systemUTC(),
                    Duration.between(Instant.now(), FIRST_SECOND_OF_FEBRUARY_IN_HONG_KONG));
            sandbox = QfpaySandbox.builder().appCode(APP_CODE).clientKey(KEY).clock(february).build().start();
        }
        return Map.of(
                "payme.sandbox.enabled", "false",
                "payme.base-url", sandbox.baseUrl(),
                "camel.component.payme.app-code", APP_CODE,
                "camel.component.payme.client-key", KEY,
                // time for the test to pay the order at QFPay before the recovery queries it
                "payme.recovery.delay-ms", "2000");
    }

    @AfterAll
    void stopSandbox() {
        sandbox.stop();
    }

    @Test
    void anAttemptRecordedInTheNextMonthIsFoundByTheRecoveryAndNoNewAttemptIsSent() {
        String orderId = newOrderId("M");
        template.sendBody("jms:queue:payme.orders", "{\"order_id\":\"" + orderId + "\",\"txamt\":" + ANSWER_NOT_JSON
                + ",\"goods_name\":\"Test\",\"txdtm\":\"" + TXDTM + "\"}");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> sandboxPayments(orderId).size() == 1);
        String outTradeNo = sandboxPayments(orderId).get(0).field("out_trade_no");
        assertThat(sandbox.order(outTradeNo)).hasValueSatisfying(order -> assertThat(
                LocalDate.ofInstant(order.createdAt(), ZoneId.of("Asia/Hong_Kong")))
                .as("QFPay dated the record (sysdtm) in the next month").isEqualTo(LocalDate.of(2025, 2, 1)));
        sandbox.markPaid(outTradeNo);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> !allOutcomesFor(orderId).isEmpty());

        List<JsonNode> outcomes = allOutcomesFor(orderId);
        assertThat(outcomes).hasSize(1);
        assertThat(outcomes.get(0).path("outcome").asText()).as(outcomes.get(0).toString()).isEqualTo("PAID");
        assertThat(outcomes.get(0).path("out_trade_no").asText()).isEqualTo(outTradeNo);
        assertThat(sandboxPayments(orderId)).as("no new attempt").hasSize(1);
        List<ReceivedRequest> queries = sandbox.requests("/trade/v1/query").stream()
                .filter(r -> outTradeNo.equals(r.field("out_trade_no"))).toList();
        assertThat(queries).extracting(r -> r.field("start_time") + " .. " + r.field("end_time"))
                .as("one call per month, each within its month")
                .containsExactly("2025-01-31 22:59:58 .. 2025-01-31 23:59:59",
                        "2025-02-01 00:00:00 .. 2025-02-01 23:59:58");
    }

    private static List<ReceivedRequest> sandboxPayments(String orderId) {
        return sandbox.requests("/trade/v1/payment").stream()
                .filter(r -> String.valueOf(r.field("out_trade_no")).startsWith(orderId + "-")).toList();
    }
}

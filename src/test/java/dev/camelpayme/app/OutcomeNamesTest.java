package dev.camelpayme.app;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.app.payment.PaymentOutcomes;
import dev.camelpayme.testing.LogCapture;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rejection is named after its order_id when that can be read, and {@code rejected-unreadable-<time>-<n>}
 * otherwise; every final outcome, a rejection or a payment learned from a notification, is one log line of the same
 * shape. Nothing unreadable reaches a file name or the log.
 */
class OutcomeNamesTest extends PaymeRouteTestSupport {

    private static final String PROBE = "PROBE-5e2a";
    private static final String UNREADABLE_NAME = "rejected-unreadable-\\d{8}T\\d{9}Z-\\d+\\.json";

    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Test
    void aRejectionWithAReadableOrderIdIsNamedAndLoggedAfterIt() {
        String orderId = newOrderId("R");
        try (LogCapture ignored = LogCapture.of(PaymentOutcomes.class, lines)) {
            assertThat(postOrder("{\"order_id\":\"" + orderId + "\",\"txamt\":\"25.00\"}").statusCode()).isEqualTo(400);
        }

        assertThat(rejectionFileNames()).contains("rejected-" + orderId + ".json");
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .startsWith("INFO Order " + orderId + " (not sent): REJECTED respcd=none - ")
                .contains("txamt must be a whole number of cents"));
    }

    @Test
    void aRejectionWithoutAReadableOrderIdIsNamedUnreadableAndLoggedAsAnUnreadableOrder() {
        try (LogCapture ignored = LogCapture.of(PaymentOutcomes.class, lines)) {
            assertThat(postOrder("{ not json " + PROBE).statusCode()).isEqualTo(400);
        }

        assertThat(rejectionFileNames()).anySatisfy(name -> assertThat(name).matches(UNREADABLE_NAME));
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .startsWith("INFO Unreadable order (not sent): REJECTED respcd=none - "));
        assertThat(lines).noneMatch(line -> line.contains(PROBE));
    }

    @Test
    void anOrderIdThatIsNoSafeFileNameNeverReachesTheFileNameOrTheLog() {
        try (LogCapture ignored = LogCapture.of(PaymentOutcomes.class, lines)) {
            postOrder("{\"order_id\":\"../../" + PROBE + "\",\"txamt\":2500}");
        }

        assertThat(rejectionFileNames()).noneMatch(name -> name.contains(PROBE))
                .anySatisfy(name -> assertThat(name).matches(UNREADABLE_NAME));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("INFO Unreadable order (not sent): REJECTED"));
        assertThat(lines).noneMatch(line -> line.contains(PROBE));
    }

    @Test
    void twoUnreadableRejectionsGetTwoNames() {
        postOrder("[1");
        postOrder("[2");

        assertThat(rejectionFileNames().stream().filter(name -> name.matches(UNREADABLE_NAME)).distinct()).hasSize(2);
    }

    @Test
    void aPaymentLearnedFromANotificationIsLoggedAsAnOrderLine() throws Exception {
        JsonNode created = json(postOrder(order(newOrderId("N"), 2500)).body());
        String orderId = created.path("order_id").asText();
        String body = "{\"status\": \"1\", \"pay_type\": \"805814\", \"sysdtm\": \"2026-01-01 12:00:01\", "
                + "\"paydtm\": \"2026-01-01 12:01:30\", \"goods_name\": \"\", \"txcurrcd\": \"HKD\", "
                + "\"txdtm\": \"" + created.path("txdtm").asText() + "\", \"txamt\": \"2500\", "
                + "\"out_trade_no\": \"" + created.path("out_trade_no").asText() + "\", "
                + "\"syssn\": \"" + created.path("syssn").asText() + "\", \"cancel\": \"0\", \"respcd\": \"0000\", "
                + "\"notify_type\": \"payment\"}";

        try (LogCapture ignored = LogCapture.of(PaymentOutcomes.class, lines)) {
            assertThat(notify(body, sign(body)).body()).isEqualTo("SUCCESS");
            await().atMost(Duration.ofSeconds(10)).until(() -> !outcomesFor(orderId, "mock:paid").isEmpty());
        }

        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("INFO Order " + orderId + " ("
                + created.path("out_trade_no").asText() + "): PAID respcd=0000 - A verified QFPay notification"));
    }

    private List<String> rejectionFileNames() {
        return getMockEndpoint("mock:error").getExchanges().stream()
                .map(e -> e.getMessage().getHeader(Exchange.FILE_NAME, String.class)).toList();
    }
}

package dev.camelpayme.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.app.refund.RefundFlow;
import dev.camelpayme.testing.LogCapture;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rejected refund is named like a rejected order: {@code rejected-refund-<refund_id>.json} when its refund_id can
 * be read, {@code rejected-refund-unreadable-<time>-<n>.json} otherwise, never after the exchange; and it is logged
 * in the outcome line's shape, {@code Refund R (not sent): REJECTED respcd=none - reason}, or as an "Unreadable
 * refund". Nothing unreadable reaches a file name or the log.
 */
class RefundRejectionNamesTest extends RefundRouteTestSupport {

    private static final String PROBE = "PROBE-3b9d";
    private static final String UNREADABLE_NAME = "rejected-refund-unreadable-\\d{8}T\\d{9}Z-\\d+\\.json";

    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Test
    void aRejectedRefundWithAReadableRefundIdIsNamedAndLoggedAfterIt() throws Exception {
        JsonNode order = paidOrder(2500);
        String orderId = order.path("order_id").asText();
        String refundId = orderId + "-r-cents";

        try (LogCapture ignored = LogCapture.of(RefundFlow.class, lines)) {
            JsonNode rejected = json(refund("{\"order_id\":\"" + orderId + "\",\"txamt\":\"10.00\",\"refund_id\":\""
                    + refundId + "\"}").body());
            assertThat(rejected.path("refund_id").asText()).isEqualTo(refundId);
            assertThat(rejected.path("order_id").asText()).isEqualTo(orderId);
        }

        assertThat(rejectionFileNames()).contains("rejected-refund-" + refundId + ".json");
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .startsWith("INFO Refund " + refundId + " of order " + orderId + " (not sent): REJECTED respcd=none - ")
                .contains("txamt must be a whole number of cents"));
    }

    @Test
    void aRejectedRefundWithoutAReadableRefundIdIsNamedUnreadableAndLoggedAsAnUnreadableRefund() throws Exception {
        try (LogCapture ignored = LogCapture.of(RefundFlow.class, lines)) {
            assertThat(refund("{ not json " + PROBE).statusCode()).isEqualTo(400);
            assertThat(refund("{\"order_id\":\"../" + PROBE + "\",\"refund_id\":\"../../" + PROBE + "\"}").statusCode())
                    .isEqualTo(400);
        }

        assertThat(rejectionFileNames()).noneMatch(name -> name.contains(PROBE))
                .filteredOn(name -> name.matches(UNREADABLE_NAME)).hasSize(2).doesNotHaveDuplicates();
        assertThat(lines).filteredOn(line -> line.startsWith("INFO Unreadable refund (not sent): REJECTED respcd=none"))
                .hasSize(2);
        assertThat(lines).noneMatch(line -> line.contains(PROBE));
    }

    @Test
    void aRefundThatIsMadeIsLoggedInTheSameShapeWithItsAttempt() throws Exception {
        JsonNode order = paidOrder(2600);

        JsonNode refunded;
        try (LogCapture ignored = LogCapture.of(RefundFlow.class, lines)) {
            refunded = json(refund(refundRequest(order)).body());
        }

        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("INFO Refund "
                + refunded.path("refund_id").asText() + " of order " + order.path("order_id").asText() + " ("
                + refunded.path("out_trade_no").asText() + "): REFUNDED respcd=0000 - "));
    }

    private List<String> rejectionFileNames() {
        return getMockEndpoint("mock:error").getExchanges().stream()
                .filter(e -> e.getMessage().getBody(String.class).contains("REJECTED"))
                .map(e -> e.getMessage().getHeader(Exchange.FILE_NAME, String.class)).toList();
    }
}

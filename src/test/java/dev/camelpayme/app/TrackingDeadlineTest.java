package dev.camelpayme.app;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CREATED order expires at its own expired_time plus the grace, or, when it gave none, at the default deadline
 * (1 ms here, so that one expires at the first tracking cycle while the other, 5 minutes away, does not).
 */
class TrackingDeadlineTest extends PaymeRouteTestSupport {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of(
                "payme.sandbox.notify-url", "",
                "payme.tracking.deadline-ms", "1",
                "payme.tracking.grace-ms", "300000");
    }

    @Test
    void anOrderExpiresAtItsOwnExpiredTimeOrAtTheDefaultDeadline() {
        String own = newOrderId("E");
        String fallback = newOrderId("E");
        assertThat(postOrder("{\"order_id\":\"" + own + "\",\"txamt\":4200,\"expired_time\":5}").statusCode())
                .isEqualTo(201);
        assertThat(postOrder(order(fallback, 4300)).statusCode()).isEqualTo(201);

        template.sendBody("direct:payme-track", null);

        assertThat(expired(fallback)).isEqualTo(1);
        assertThat(expired(own)).isZero();
    }

    private long expired(String orderId) {
        List<JsonNode> expired = outcomesFor(orderId, "mock:expired");
        expired.forEach(outcome -> assertThat(outcome.path("outcome").asText()).isEqualTo("EXPIRED"));
        return expired.size();
    }
}

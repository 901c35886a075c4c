package dev.camelpayme.app;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** QFPay's host refuses the connection: the order still ends as exactly one outcome, with the reason. */
class UnreachableQfpayTest extends PaymeRouteTestSupport {

    private static final int CLOSED_PORT = freePort();

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of(
                "payme.sandbox.enabled", "false",
                "payme.base-url", "http://localhost:" + CLOSED_PORT,
                "camel.component.payme.app-code", "TEST-APP-CODE",
                "camel.component.payme.client-key", "TEST-CLIENT-KEY-FOR-UNREACHABLE-HOST");
    }

    @Test
    void refusedConnectionEndsAsFailedAtTheErrorEndpoint() {
        HttpResponse<String> response = postOrder(order("U-1", 1000));

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode outcome = json(response.body());
        assertThat(outcome.path("outcome").asText()).isEqualTo("FAILED");
        assertThat(outcome.path("reason").asText()).contains("Transport failure");
        assertThat(outcome.path("out_trade_no").asText()).startsWith("U-1-");
        await().atMost(Duration.ofSeconds(5)).until(() -> getMockEndpoint("mock:error").getReceivedCounter() == 1);
        assertThat(response.body()).doesNotContain("TEST-CLIENT-KEY-FOR-UNREACHABLE-HOST");
    }
}

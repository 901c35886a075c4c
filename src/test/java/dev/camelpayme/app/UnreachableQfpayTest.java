package dev.camelpayme.app;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.testing.FreePorts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** QFPay's host refuses the connection: the order still ends as exactly one outcome, with the reason. */
class UnreachableQfpayTest extends PaymeRouteTestSupport {

    private static final int CLOSED_PORT = FreePorts.next();

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of(
                "payme.sandbox.enabled", "false",
                "payme.base-url", "http://localhost:" + CLOSED_PORT,
                "camel.component.payme.app-code", "TEST-APP-CODE",
                "camel.component.payme.client-key", "TEST-CLIENT-KEY-FOR-UNREACHABLE-HOST");
    }

    @Test
    void refusedConnectionIsRetriedWithFreshIdsThenEndsAsFailedAtTheErrorEndpoint() {
        HttpResponse<String> response = postOrder(order("U-1", 1000));

        assertThat(response.statusCode()).as("interim answer while retrying").isEqualTo(202);
        assertThat(json(response.body()).path("reason").asText()).contains("new attempt");
        await().atMost(Duration.ofSeconds(10)).until(() -> getMockEndpoint("mock:error").getReceivedCounter() == 1);
        JsonNode outcome = json(getMockEndpoint("mock:error").getExchanges().get(0).getMessage().getBody(String.class));
        assertThat(outcome.path("outcome").asText()).isEqualTo("FAILED");
        assertThat(outcome.path("reason").asText()).contains("gave up after 3 attempts").contains("ConnectException");
        assertThat(outcome.path("out_trade_no").asText()).startsWith("U-1-");
        assertThat(response.body() + outcome).doesNotContain("TEST-CLIENT-KEY-FOR-UNREACHABLE-HOST");
    }
}

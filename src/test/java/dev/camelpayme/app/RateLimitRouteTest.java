package dev.camelpayme.app;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The merchant's rate limit holds through the real routes: calls past it never reach QFPay, and the order they
 * belong to is retried later like a 429, then ends FAILED with the reason once its attempts are used up.
 */
class RateLimitRouteTest extends PaymeRouteTestSupport {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of(
                "payme.rate-limit.per-minute", "4",
                "payme.rate-limit.max-wait-ms", "0",
                "payme.attempts.max", "2");
    }

    @Test
    void callsPastTheLimitNeverReachQfpay() {
        for (int i = 1; i <= 4; i++) {
            assertThat(postOrder(order("rl-" + i, 1000 + i)).statusCode()).isEqualTo(201);
        }

        HttpResponse<String> limited = postOrder(order("rl-5", 1005));

        assertThat(limited.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> getMockEndpoint("mock:error").getReceivedCounter() == 1);
        JsonNode outcome = json(getMockEndpoint("mock:error").getExchanges().get(0).getMessage().getBody(String.class));
        assertThat(outcome.path("order_id").asText()).isEqualTo("rl-5");
        assertThat(outcome.path("outcome").asText()).isEqualTo("FAILED");
        assertThat(outcome.path("reason").asText()).contains("rate limit");
        assertThat(sandbox().requests("/trade/v1/payment")).hasSize(4);
    }
}

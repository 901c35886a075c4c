package dev.camelpayme.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.sandbox.ReceivedRequest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reconciliation's page calls share the merchant's rate limit: a page the limiter has no room for in time is
 * asked again, never sent past the limit, and the day is still read whole.
 */
class ReconciliationRateLimitTest extends PaymeRouteTestSupport {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of(
                "payme.sandbox.notify-url", "",
                "payme.route.reconciliation-uri", "mock:reconciliation",
                "payme.reconciliation.enabled", "false",
                "payme.reconciliation.call-spacing-ms", "5",
                "payme.rate-limit.per-second", "1",
                "payme.rate-limit.max-wait-ms", "200");
    }

    @Test
    void pagesTheLimiterHasNoRoomForAreAskedAgainWithinTheLimit() throws Exception {
        String prefix = newOrderId("RL");
        for (int i = 0; i < 150; i++) {
            sandbox().portalPayment(prefix + "-" + i, 1000 + i, "HKD");
        }
        int before = sandbox().requests("/trade/v1/query").size();

        HttpResponse<String> answer = postAs(ApiTestUsers.RECONCILIATION.authorization(), "/api/reconciliations",
                HttpRequest.BodyPublishers.ofString("{\"date\":\"" + LocalDate.now(ZoneId.of("Asia/Hong_Kong"))
                        + "\"}", StandardCharsets.UTF_8), Map.of(), Duration.ofSeconds(30));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode report = json(answer.body());
        assertThat(report.path("qfpay_pages").asInt()).isEqualTo(2);
        assertThat(report.path("mismatch_counts").path("PAID_UNKNOWN_HERE").asInt()).isEqualTo(150);
        List<ReceivedRequest> calls = sandbox().requests("/trade/v1/query");
        calls = calls.subList(before, calls.size());
        assertThat(calls).hasSize(2);
        assertThat(Duration.between(calls.get(0).time(), calls.get(1).time()))
                .as("one call a second at most").isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }
}

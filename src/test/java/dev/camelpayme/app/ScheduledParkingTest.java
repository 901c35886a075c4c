package dev.camelpayme.app;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.camelpayme.sandbox.ReceivedRequest;
import org.apache.camel.Endpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Parked work (a poll of a pending order, a new attempt after a retryable answer) waits on the broker for its delay,
 * scheduled by a message property on one static endpoint per queue: jittered delays, each one distinct, create no
 * endpoint or producer of their own.
 */
class ScheduledParkingTest extends PaymeRouteTestSupport {

    private static final long POLL_INTERVAL_MS = 1500;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("payme.retry.interval-ms", String.valueOf(POLL_INTERVAL_MS),
                "payme.retry.max-interval-ms", String.valueOf(POLL_INTERVAL_MS),
                "payme.retry.deadline-ms", "30000",
                "payme.attempts.backoff-ms", "200",
                "payme.attempts.max-backoff-ms", "800");
    }

    @Test
    void aPendingOrdersFirstPollWaitsItsIntervalOnTheBroker() {
        String orderId = newOrderId("PARKED");

        HttpResponse<String> pending = postOrder(order(orderId, 91143));
        assertThat(pending.statusCode()).isEqualTo(202);
        String syssn = json(pending.body()).path("syssn").asText();

        ReceivedRequest created = paymentsSentFor(orderId).get(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> !queriesFor(syssn).isEmpty());
        Duration waited = Duration.between(created.time(), queriesFor(syssn).get(0).time());
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(POLL_INTERVAL_MS - 100));
    }

    @Test
    void manyDistinctJitteredDelaysUseNoNewEndpoint() {
        // each order's first poll, then its attempts after 503s: delays drawn at random, nearly all distinct
        for (int i = 0; i < 6; i++) {
            postOrder(order(newOrderId("JITTER"), i % 2 == 0 ? 90503 : 91143));
        }
        Set<String> before = jmsEndpoints();

        for (int i = 0; i < 6; i++) {
            postOrder(order(newOrderId("JITTER"), i % 2 == 0 ? 90503 : 91143));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox().requests("/trade/v1/payment").size() >= 24);

        assertThat(jmsEndpoints()).isEqualTo(before);
    }

    private Set<String> jmsEndpoints() {
        return context.getEndpoints().stream().map(Endpoint::getEndpointUri)
                .filter(uri -> uri.startsWith("jms:")).collect(Collectors.toSet());
    }

    private List<ReceivedRequest> queriesFor(String syssn) {
        return sandbox().requests("/trade/v1/query").stream()
                .filter(r -> String.valueOf(r.field("syssn")).contains(syssn)).toList();
    }
}

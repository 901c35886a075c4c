package dev.camelpayme.app;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A refund whose processing died before its call went out (here: an exception just before the HTTP call) is taken
 * over by the sweeper after the lease, queried first (not found), and then made once.
 */
class RefundSweepTest extends RefundRouteTestSupport {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("payme.store.lease-ms", "500", "payme.store.sweep-interval-ms", "200");
    }

    @Test
    void refundLeftInFlightIsQueriedThenMadeOnce() throws Exception {
        JsonNode order = paidOrder(3000);
        String orderId = order.path("order_id").asText();
        String refundId = orderId + "-r";
        AtomicBoolean dies = new AtomicBoolean(true);
        AdviceWith.adviceWith(context, "payme-refund-attempt", route -> route
                .weaveByToString(".*trade/v1/refund.*").before().process(exchange -> {
                    if (dies.getAndSet(false)) {
                        throw new IllegalStateException("the process dies before the call goes out");
                    }
                }));

        HttpResponse<String> answer = refund("{\"order_id\":\"" + orderId + "\",\"refund_id\":\"" + refundId + "\"}");
        assertThat(answer.statusCode()).isEqualTo(500);

        await().atMost(Duration.ofSeconds(15)).until(() -> !messagesFor("mock:refunded", refundId).isEmpty());
        assertThat(sandbox().requests("/trade/v1/refund")).hasSize(1);
        assertThat(sandbox().requests("/trade/v1/query"))
                .anyMatch(q -> String.valueOf(q.field("out_trade_no")).startsWith(refundId + "-"));
    }
}

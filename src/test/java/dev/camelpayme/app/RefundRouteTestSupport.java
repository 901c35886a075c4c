package dev.camelpayme.app;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/** What the refund tests share: a paid order to refund, the refund REST call, and what QFPay and the endpoints saw. */
abstract class RefundRouteTestSupport extends PaymeRouteTestSupport {

    /** Creates an order of {@code txamt}, lets the shopper pay it, and waits until the app knows it is PAID. */
    protected JsonNode paidOrder(long txamt) {
        String orderId = "P-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode created = json(postOrder(order(orderId, txamt)).body());
        sandbox().markPaid(created.path("out_trade_no").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> getMockEndpoint("mock:paid").getExchanges().stream()
                .anyMatch(e -> e.getMessage().getBody(String.class).contains("\"order_id\":\"" + orderId + "\"")));
        return created;
    }

    protected HttpResponse<String> refund(String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + "/api/refunds"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Refund calls QFPay received for the payment of {@code order}. */
    protected long refundCallsFor(JsonNode order) {
        return sandbox().requests("/trade/v1/refund").stream()
                .filter(r -> order.path("syssn").asText().equals(r.field("syssn"))).count();
    }

    /** The messages an endpoint received about one refund. */
    protected List<JsonNode> messagesFor(String endpoint, String refundId) {
        return getMockEndpoint(endpoint).getExchanges().stream()
                .map(e -> json(e.getMessage().getBody(String.class)))
                .filter(message -> refundId.equals(message.path("refund_id").asText())).toList();
    }
}

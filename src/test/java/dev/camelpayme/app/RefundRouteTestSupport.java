package dev.camelpayme.app;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/** What the refund tests share: a paid order to refund, the refund REST call, and what QFPay and the endpoints saw. */
abstract class RefundRouteTestSupport extends PaymeRouteTestSupport {

    /** Creates an order of {@code txamt}, lets the shopper pay it, and waits until the app knows it is PAID. */
    protected JsonNode paidOrder(long txamt) {
        String orderId = newOrderId("P");
        JsonNode created = json(postOrder(order(orderId, txamt)).body());
        sandbox().markPaid(created.path("out_trade_no").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> getMockEndpoint("mock:paid").getExchanges().stream()
                .anyMatch(e -> e.getMessage().getBody(String.class).contains("\"order_id\":\"" + orderId + "\"")));
        return created;
    }

    protected HttpResponse<String> refund(String json) throws Exception {
        return post("/api/refunds", HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8), Map.of());
    }

    /** A refund request naming the order and no amount: {"order_id":...}. */
    protected static String refundRequest(JsonNode order) {
        return "{\"order_id\":\"" + order.path("order_id").asText() + "\"}";
    }

    /** A refund request naming the order and an amount: {"order_id":...,"txamt":...}. */
    protected static String refundRequest(JsonNode order, long txamt) {
        return "{\"order_id\":\"" + order.path("order_id").asText() + "\",\"txamt\":" + txamt + "}";
    }

    /** Refund calls QFPay received for the payment of {@code order}. */
    protected long refundCallsFor(JsonNode order) {
        return sandbox().requests("/trade/v1/refund").stream()
                .filter(r -> order.path("syssn").asText().equals(r.field("syssn"))).count();
    }

    /** The routes that carry a refund on: its intakes and the query of a parked refund. */
    protected static final String[] REFUND_FLOWS = { "payme-refund-intake-rest", "payme-refund-intake-jms",
            "payme-refund-query" };

    /** The sweepers that take over a refund nobody carries on, and deliver again an outcome whose delivery failed. */
    protected static final String[] REFUND_SWEEPERS = { "payme-refund-sweep", "payme-refund-redeliver" };

    /**
     * Waits until nothing could still deliver about a refund whose outcome arrived: no exchange of
     * {@link #REFUND_FLOWS} is in flight (the one that delivered it has ended), then the refund sweepers ran past
     * the lease.
     */
    protected void awaitRefundFlowsAndSweepsPast() {
        await().atMost(Duration.ofSeconds(15)).until(() -> Stream.of(REFUND_FLOWS)
                .allMatch(route -> context.getInflightRepository().size(route) == 0));
        awaitSweepsPastTheLease(REFUND_SWEEPERS);
    }

    /** The messages an endpoint received about one refund. */
    protected List<JsonNode> messagesFor(String endpoint, String refundId) {
        return messagesWhere(endpoint, "refund_id", refundId);
    }
}

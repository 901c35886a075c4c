package dev.camelpayme.app;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The status API over real HTTP: {@code GET /api/payments/{order_id}} and {@code GET /api/refunds/{refund_id}} answer
 * the outcome the store holds (the message the outcome endpoint received), PENDING while a first attempt is being
 * sent, one fixed 404 for any id that is unknown or could not be one, and 401/403 as the POSTs do, echoing nothing.
 */
class StatusApiTest extends RefundRouteTestSupport {

    /** Sent with every request: it must come back nowhere in an answer. */
    private static final String PROBE = "probe-5c2e8d";
    /** One 404 for an unknown id, an id no order could have and a path no operation serves: none tells its case. */
    private static final String NOT_FOUND = "{\"error\":\"Not Found: nothing is served at this path\",\"status\":404}";

    @Override
    protected Map<String, String> extraProperties() {
        // the 90408 trigger answers 0000 after this delay, inside the response timeout: a first attempt in flight.
        // No notifications (the sandbox's refund notification would settle a slow refund before its answer): payments
        // are learned PAID by tracking instead
        return Map.of("payme.sandbox.slow-answer-ms", "3000", "payme.http.response-timeout-ms", "10000",
                "payme.sandbox.notify-url", "", "payme.tracking.interval-ms", "300");
    }

    @Test
    void createdOrderAnswersTheOutcomeItsEndpointReceived() throws Exception {
        String orderId = newOrderId("ST");
        HttpResponse<String> created = postOrder(order(orderId, 2500));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        HttpResponse<String> status = get(ApiTestUsers.PAYMENTS, "/api/payments/" + orderId);

        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
        assertThat(json(status.body())).isEqualTo(json(created.body()));
        assertThat(json(status.body()).path("outcome").asText()).isEqualTo("CREATED");
        await().atMost(Duration.ofSeconds(5)).until(() -> !outcomesFor(orderId, "mock:success").isEmpty());
        assertThat(json(status.body())).isEqualTo(outcomesFor(orderId, "mock:success").get(0));
        assertNoEcho(status);
    }

    @Test
    void paidOrderAnswersPaid() throws Exception {
        JsonNode order = paidOrder(2500);
        String orderId = order.path("order_id").asText();

        JsonNode status = json(get(ApiTestUsers.PAYMENTS, "/api/payments/" + orderId).body());

        assertThat(status.path("outcome").asText()).isEqualTo("PAID");
        assertThat(status).isEqualTo(outcomesFor(orderId, "mock:paid").get(0));
    }

    @Test
    void orderWhoseFirstAttemptIsBeingSentAnswersPendingThenItsOutcome() throws Exception {
        String orderId = newOrderId("SLOW");
        CompletableFuture<HttpResponse<String>> posted = CompletableFuture.supplyAsync(
                () -> postOrder(order(orderId, 90408)));
        await().atMost(Duration.ofSeconds(5)).until(() -> paymentsSentFor(orderId).size() == 1);

        HttpResponse<String> sending = get(ApiTestUsers.PAYMENTS, "/api/payments/" + orderId);

        assertThat(sending.statusCode()).isEqualTo(200);
        JsonNode pending = json(sending.body());
        assertThat(pending.path("outcome").asText()).isEqualTo("PENDING");
        assertThat(pending.path("order_id").asText()).isEqualTo(orderId);
        assertThat(pending.path("out_trade_no").asText()).isEqualTo(paymentsSentFor(orderId).get(0)
                .field("out_trade_no"));
        assertThat(pending.path("reason").asText()).contains("first attempt is being sent");
        assertThat(posted.join().statusCode()).isEqualTo(201);
        assertThat(json(get(ApiTestUsers.PAYMENTS, "/api/payments/" + orderId).body()))
                .isEqualTo(json(posted.join().body()));
    }

    @Test
    void refundAnswersTheOutcomeItsEndpointReceived() throws Exception {
        JsonNode order = paidOrder(3000);
        HttpResponse<String> refunded = refund(refundRequest(order, 1200));
        assertThat(refunded.statusCode()).as(refunded.body()).isEqualTo(201);
        String refundId = json(refunded.body()).path("refund_id").asText();

        HttpResponse<String> status = get(ApiTestUsers.REFUNDS, "/api/refunds/" + refundId);

        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(json(status.body())).isEqualTo(json(refunded.body()));
        assertThat(json(status.body()).path("outcome").asText()).isEqualTo("REFUNDED");
        await().atMost(Duration.ofSeconds(5)).until(() -> !messagesFor("mock:refunded", refundId).isEmpty());
        assertThat(json(status.body())).isEqualTo(messagesFor("mock:refunded", refundId).get(0));
        assertNoEcho(status);
    }

    @Test
    void refundWhoseFirstAttemptIsBeingSentAnswersPendingThenItsOutcome() throws Exception {
        JsonNode order = paidOrder(100000);
        String refundId = order.path("order_id").asText() + "-slow";
        String request = "{\"order_id\":\"" + order.path("order_id").asText() + "\",\"txamt\":90408,\"refund_id\":\""
                + refundId + "\"}";
        CompletableFuture<HttpResponse<String>> posted = CompletableFuture.supplyAsync(() -> {
            try {
                return refund(request);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> refundCallsFor(order) == 1);

        JsonNode pending = json(get(ApiTestUsers.REFUNDS, "/api/refunds/" + refundId).body());

        assertThat(pending.path("outcome").asText()).isEqualTo("PENDING");
        assertThat(pending.path("refund_id").asText()).isEqualTo(refundId);
        assertThat(pending.path("txamt").asText()).isEqualTo("90408");
        assertThat(pending.path("orig_syssn").asText()).isEqualTo(order.path("syssn").asText());
        assertThat(pending.path("reason").asText()).contains("first attempt is being sent");
        assertThat(posted.join().statusCode()).isEqualTo(201);
        assertThat(json(get(ApiTestUsers.REFUNDS, "/api/refunds/" + refundId).body()))
                .isEqualTo(json(posted.join().body()));
    }

    @Test
    void unknownIdsAreAnsweredOneFixed404() throws Exception {
        HttpResponse<String> payment = get(ApiTestUsers.PAYMENTS, "/api/payments/" + PROBE);
        HttpResponse<String> refund = get(ApiTestUsers.REFUNDS, "/api/refunds/" + PROBE);

        for (HttpResponse<String> answer : List.of(payment, refund)) {
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(answer.body()).isEqualTo(NOT_FOUND);
            assertNoEcho(answer);
        }
    }

    @Test
    void aRejectedOrderWasNeverStoredAndIsUnknown() throws Exception {
        String orderId = newOrderId("REJ");
        assertThat(postOrder("{\"order_id\":\"" + orderId + "\",\"txamt\":-1}").statusCode()).isEqualTo(400);

        HttpResponse<String> status = get(ApiTestUsers.PAYMENTS, "/api/payments/" + orderId);

        assertThat(status.statusCode()).isEqualTo(404);
        assertThat(status.body()).isEqualTo(NOT_FOUND);
    }

    /**
     * Ids that no order could have (over 64 characters, characters outside the id rule, encoded slashes and dots that
     * try to climb out of the path, further segments that match no route), each built round a real order's id: all
     * get the same 404 as an unknown id.
     */
    @ParameterizedTest
    @ValueSource(strings = {"{id}x{pad}", "{id}%27", "{id}%20", "{id}%00", "{id}%2F..%2F..%2Frefunds",
            "..%2F{id}", "%2E%2E%2F{id}", "{id}%3Bx", "{id}%E2%80%8B", "{id}%0D%0AX-Probe:%20" + PROBE,
            "%2e%2e", "..", "{id}/x", "{id}/..%2F{id}"})
    void malformedOrOverLongIdsAreAnsweredTheSame404(String template) throws Exception {
        String orderId = newOrderId("MAL");
        assertThat(postOrder(order(orderId, 2500)).statusCode()).isEqualTo(201);
        String target = "/api/payments/" + template.replace("{id}", orderId)
                .replace("{pad}", "y".repeat(64 - orderId.length()));

        RawHttp.Answer answer = RawHttp.send(restPort, RawHttp.request("GET", target, List.of("Host: localhost",
                "Authorization: " + ApiTestUsers.OPERATOR.authorization(), "Connection: close"), new byte[0]));

        assertThat(answer.status()).as(target).isEqualTo(404);
        assertThat(answer.body()).as(target).isEqualTo(NOT_FOUND);
        assertThat(answer.headers().toString()).doesNotContain(PROBE).doesNotContain(orderId);
    }

    @Test
    void aQueryParameterCannotNameAnotherOrder() throws Exception {
        String orderId = newOrderId("QP");
        assertThat(postOrder(order(orderId, 2500)).statusCode()).isEqualTo(201);

        HttpResponse<String> answer = get(ApiTestUsers.PAYMENTS, "/api/payments/" + PROBE + "?order_id=" + orderId);

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).isEqualTo(NOT_FOUND);
    }

    @Test
    void withoutValidCredentialsTheAnswerIs401() throws Exception {
        String orderId = newOrderId("NOAUTH");
        assertThat(postOrder(order(orderId, 2500)).statusCode()).isEqualTo(201);

        for (String authorization : java.util.Arrays.asList(null,
                ApiTestUsers.basic(ApiTestUsers.PAYMENTS.name, ApiTestUsers.PAYMENTS.password + "x"),
                ApiTestUsers.basic(PROBE, PROBE))) {
            for (String path : List.of("/api/payments/" + orderId, "/api/refunds/" + orderId,
                    "/api/payments/" + PROBE)) {
                HttpResponse<String> answer = getAs(authorization, path, Map.of("X-Probe", PROBE));
                assertThat(answer.statusCode()).as(path).isEqualTo(401);
                ErrorAnswers.assertErrorBody(answer.body(), 401);
                assertNoEcho(answer);
            }
        }
    }

    @Test
    void aUserWithoutTheRoleIsAnswered403WhetherTheIdExistsOrNot() throws Exception {
        JsonNode order = paidOrder(2500);
        String orderId = order.path("order_id").asText();
        String refundId = json(refund(refundRequest(order, 100)).body()).path("refund_id").asText();

        for (String path : List.of("/api/payments/" + orderId, "/api/payments/" + PROBE)) {
            HttpResponse<String> answer = get(ApiTestUsers.REFUNDS, path);
            assertThat(answer.statusCode()).as(path).isEqualTo(403);
            ErrorAnswers.assertErrorBody(answer.body(), 403);
            assertNoEcho(answer);
        }
        for (String path : List.of("/api/refunds/" + refundId, "/api/refunds/" + PROBE)) {
            for (ApiTestUsers user : List.of(ApiTestUsers.PAYMENTS, ApiTestUsers.RECONCILIATION)) {
                HttpResponse<String> answer = get(user, path);
                assertThat(answer.statusCode()).as(path).isEqualTo(403);
                ErrorAnswers.assertErrorBody(answer.body(), 403);
                assertNoEcho(answer);
            }
        }
    }

    private HttpResponse<String> get(ApiTestUsers user, String path) throws Exception {
        return getAs(user.authorization(), path, Map.of("X-Probe", PROBE));
    }

    private static void assertNoEcho(HttpResponse<String> answer) {
        assertThat(answer.body()).doesNotContain(PROBE);
        answer.headers().map().forEach((name, values) -> {
            assertThat(name).doesNotContainIgnoringCase("probe").isNotEqualToIgnoringCase("Authorization")
                    .isNotEqualToIgnoringCase("order_id").isNotEqualToIgnoringCase("refund_id");
            assertThat(values.toString()).doesNotContain(PROBE);
        });
    }
}

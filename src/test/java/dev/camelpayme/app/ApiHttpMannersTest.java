package dev.camelpayme.app;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API listener answers every error the way HTTP says, with a short fixed JSON body saying what was wrong
 * ({@code {"error":"...","status":N}}) and never anything of the request: 405 with the methods the path takes in
 * {@code Allow}, 415 naming the media type expected, 401 with {@code WWW-Authenticate}; the refusals of an order
 * (400, 409, 502) are its outcome JSON.
 */
class ApiHttpMannersTest extends PaymeRouteTestSupport {

    private static final String PROBE = "PROBE-7c41";

    @Test
    void aGetOfThePaymentsCollectionAnswers405AllowingPost() {
        RawHttp.Answer answer = send("GET", "/api/payments?x=" + PROBE, List.of(), new byte[0]);

        assertError(answer, 405, "Method Not Allowed: the Allow header lists the methods this path takes");
        assertThat(answer.headers().get("allow")).containsExactly("POST");
    }

    @Test
    void aPostToOnePaymentAnswers405AllowingGet() {
        RawHttp.Answer answer = send("POST", "/api/payments/" + newOrderId("M"), List.of("Content-Type: application/json"),
                "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.headers().get("allow")).containsExactly("GET");
    }

    @Test
    void aGetOfOnePaymentStillAnswersItsStatus() throws Exception {
        String orderId = newOrderId("M");
        assertThat(postOrder(order(orderId, 1500)).statusCode()).isEqualTo(201);

        RawHttp.Answer answer = send("GET", "/api/payments/" + orderId, List.of(), new byte[0]);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(json(answer.body()).path("order_id").asText()).isEqualTo(orderId);
    }

    @Test
    void aPostWithoutContentTypeAnswers415NamingApplicationJson() {
        String orderId = newOrderId("M" + PROBE);

        RawHttp.Answer answer = send("POST", "/api/payments", List.of(),
                order(orderId, 1500).getBytes(StandardCharsets.UTF_8));

        assertError(answer, 415, "Unsupported Media Type: send the body as Content-Type: application/json");
        assertThat(paymentsSentFor(orderId)).isEmpty();
    }

    @Test
    void withoutCredentialsOrWithWrongOnesTheAnswerIs401AskingForBasic() {
        for (List<String> credentials : List.of(List.<String>of(),
                List.of("Authorization: " + ApiTestUsers.basic(ApiTestUsers.OPERATOR.name, PROBE)))) {
            RawHttp.Answer answer = sendAs(credentials, "POST", "/api/payments",
                    List.of("Content-Type: application/json"), order(newOrderId("U"), 1500).getBytes());

            assertError(answer, 401, "Unauthorized: send the credentials of a user of this listener (HTTP Basic)");
            assertThat(answer.headers().get("www-authenticate")).containsExactly("Basic realm=\"vertx-web\"");
        }
    }

    @Test
    void malformedCredentialsAreAnswered400() {
        RawHttp.Answer answer = sendAs(List.of("Authorization: Basic " + PROBE + "!!"), "GET", "/api/payments/x",
                List.of(), new byte[0]);

        assertError(answer, 400, "Bad Request: the request is not well-formed (a malformed header or %-escape, say)");
    }

    @Test
    void aMalformedPercentEscapeInThePathIsAnswered400() {
        RawHttp.Answer answer = send("GET", "/api/payments/%zz" + PROBE, List.of(), new byte[0]);

        assertError(answer, 400, "Bad Request: the request is not well-formed (a malformed header or %-escape, say)");
    }

    @Test
    void aUserWithoutTheRoleIsAnswered403() {
        RawHttp.Answer answer = send("POST", "/api/reconciliations", List.of("Content-Type: application/json"),
                "{\"date\":\"2026-01-01\"}".getBytes(StandardCharsets.UTF_8));

        assertError(answer, 403, "Forbidden: this user does not have the role this operation needs");
    }

    @Test
    void anUnknownPathInsideOrOutsideTheApiAndAnUnknownIdAreTheSame404() {
        List<RawHttp.Answer> answers = List.of(
                send("GET", "/api/" + PROBE, List.of(), new byte[0]),
                sendAs(List.of(), "GET", "/" + PROBE, List.of(), new byte[0]),
                send("GET", "/api/payments/" + PROBE, List.of(), new byte[0]));

        for (RawHttp.Answer answer : answers) {
            assertError(answer, 404, "Not Found: nothing is served at this path");
        }
    }

    @Test
    void anAcceptThatRulesOutJsonIsAnswered406() {
        RawHttp.Answer answer = send("GET", "/api/payments/" + newOrderId("A"), List.of("Accept: text/html"),
                new byte[0]);

        assertError(answer, 406, "Not Acceptable: the answers are application/json");
    }

    @Test
    void aBodyOverOneMebibyteIsAnswered413() {
        byte[] tooLarge = new byte[1024 * 1024 + 1];
        Arrays.fill(tooLarge, (byte) ' ');

        RawHttp.Answer answer = send("POST", "/api/payments", List.of("Content-Type: application/json"), tooLarge);

        assertError(answer, 413, "Payload Too Large: the body is larger than this listener takes");
    }

    @Test
    void theRefusalsOfAnOrderAreItsOutcomeJson() {
        String orderId = newOrderId("O");
        RawHttp.Answer invalid = send("POST", "/api/payments", List.of("Content-Type: application/json"),
                ("{\"order_id\":\"" + orderId + "\",\"txamt\":\"25.00\"}").getBytes(StandardCharsets.UTF_8));
        RawHttp.Answer created = send("POST", "/api/payments", List.of("Content-Type: application/json"),
                order(orderId + "c", 1500).getBytes(StandardCharsets.UTF_8));
        RawHttp.Answer conflict = send("POST", "/api/payments", List.of("Content-Type: application/json"),
                order(orderId + "c", 1600).getBytes(StandardCharsets.UTF_8));
        RawHttp.Answer failed = send("POST", "/api/payments", List.of("Content-Type: application/json"),
                order(orderId + "f", 91204).getBytes(StandardCharsets.UTF_8));

        assertThat(created.status()).isEqualTo(201);
        for (RawHttp.Answer answer : List.of(invalid, conflict, failed)) {
            assertThat(answer.headers().get("content-type")).containsExactly("application/json");
        }
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(json(invalid.body()).path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(json(conflict.body()).path("reason").asText()).startsWith("Conflict:");
        assertThat(failed.status()).isEqualTo(502);
        assertThat(json(failed.body()).path("outcome").asText()).isEqualTo("FAILED");
    }

    /** The status, a JSON Content-Type and exactly the fixed body; nothing of the request. */
    private static void assertError(RawHttp.Answer answer, int status, String error) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().get("content-type")).containsExactly("application/json");
        JsonNode body = json(answer.body());
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.size()).isEqualTo(2);
        assertThat(answer.body()).doesNotContain(PROBE);
    }

    /** A request written byte for byte with the operator's credentials (Java's client always adds a Content-Type). */
    private RawHttp.Answer send(String method, String target, List<String> headers, byte[] body) {
        return sendAs(List.of("Authorization: " + ApiTestUsers.OPERATOR.authorization()), method, target, headers,
                body);
    }

    private RawHttp.Answer sendAs(List<String> credentials, String method, String target, List<String> headers,
                                  byte[] body) {
        List<String> lines = new ArrayList<>(List.of("Host: localhost", "Connection: close",
                "Content-Length: " + body.length));
        lines.addAll(credentials);
        lines.addAll(headers);
        return RawHttp.send(restPort, RawHttp.request(method, target, lines, body));
    }
}

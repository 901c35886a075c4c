package dev.camelpayme.app;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API listener answers a wrong method or a missing Content-Type the way HTTP says: 405 with the methods the path
 * takes in {@code Allow}, 415 with a short fixed body naming the media type expected; neither echoes the request.
 */
class ApiHttpMannersTest extends PaymeRouteTestSupport {

    private static final String PROBE = "PROBE-7c41";

    @Test
    void aGetOfThePaymentsCollectionAnswers405AllowingPost() {
        RawHttp.Answer answer = send("GET", "/api/payments?x=" + PROBE, List.of(), new byte[0]);

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.headers().get("allow")).containsExactly("POST");
        assertThat(answer.body()).doesNotContain(PROBE);
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

        assertThat(answer.status()).isEqualTo(415);
        JsonNode body = json(answer.body());
        assertThat(body.path("error").asText()).contains("application/json");
        assertThat(answer.body()).doesNotContain(PROBE);
        assertThat(paymentsSentFor(orderId)).isEmpty();
    }

    /** A request written byte for byte with the operator's credentials (Java's client always adds a Content-Type). */
    private RawHttp.Answer send(String method, String target, List<String> headers, byte[] body) {
        List<String> lines = new ArrayList<>(List.of("Host: localhost", "Connection: close",
                "Authorization: " + ApiTestUsers.OPERATOR.authorization(), "Content-Length: " + body.length));
        lines.addAll(headers);
        return RawHttp.send(restPort, RawHttp.request(method, target, lines, body));
    }
}

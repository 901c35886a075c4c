package dev.camelpayme.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The API listener as an attacker meets it: no credentials, wrong ones, the wrong role, paths that try to slip past
 * the authentication, and a network address it should not answer on. Each refusal is checked where it matters:
 * nothing reached QFPay (the sandbox's received requests), no outcome was delivered, and nothing was echoed back.
 * The start-up refusals (a listener Camel would start open or in clear) are in {@link ApiStartupRefusalTest}.
 */
class ApiAttackTest extends RefundRouteTestSupport {

    /** Sent with every refused request: it must come back nowhere in the answer. */
    private static final String PROBE = "probe-7f3a9c";

    @Test
    void paymentWithoutCredentialsIsAnswered401AndNothingReachesQfpay() throws Exception {
        String orderId = newOrderId("NOAUTH");

        HttpResponse<String> answer = postAs(null, "/api/payments", order(orderId, 2500));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertNoDetail(answer);
        assertThat(paymentsSentFor(orderId)).isEmpty();
        assertThat(allOutcomesFor(orderId)).isEmpty();
    }

    @Test
    void refundWithoutCredentialsIsAnswered401AndNothingIsRefunded() throws Exception {
        JsonNode order = paidOrder(2500);

        HttpResponse<String> answer = postAs(null, "/api/refunds", refundRequest(order));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertNoDetail(answer);
        assertNothingRefunded(order);
    }

    @Test
    void wrongPasswordOrUnknownUserIsAnswered401() throws Exception {
        JsonNode order = paidOrder(2500);
        String orderId = newOrderId("BADPW");
        List<String> wrong = List.of(
                ApiTestUsers.basic(ApiTestUsers.REFUNDS.name, ApiTestUsers.PAYMENTS.password),
                ApiTestUsers.basic(ApiTestUsers.REFUNDS.name, ApiTestUsers.REFUNDS.password + "x"),
                ApiTestUsers.basic(ApiTestUsers.REFUNDS.name, ""),
                ApiTestUsers.basic(PROBE, PROBE),
                // the demo users are not in this deployment's users file
                ApiTestUsers.basic("demo-refunds", "demo-password"),
                "Bearer " + PROBE,
                ApiTestUsers.REFUNDS.authorization().replace("Basic", "Digest"));

        for (String authorization : wrong) {
            HttpResponse<String> refund = postAs(authorization, "/api/refunds", refundRequest(order));
            HttpResponse<String> payment = postAs(authorization, "/api/payments", order(orderId, 2500));
            assertThat(refund.statusCode()).as(authorization).isEqualTo(401);
            assertThat(payment.statusCode()).as(authorization).isEqualTo(401);
            assertNoDetail(refund);
            assertNoDetail(payment);
        }
        assertNothingRefunded(order);
        assertThat(paymentsSentFor(orderId)).isEmpty();
    }

    @Test
    void malformedCredentialsAreAnswered400WithoutDetail() throws Exception {
        JsonNode order = paidOrder(2500);

        for (String authorization : List.of("Basic " + PROBE, "Basic " + PROBE + "=", "Basic")) {
            HttpResponse<String> refund = postAs(authorization, "/api/refunds", refundRequest(order));
            assertThat(refund.statusCode()).as(authorization).isIn(400, 401);
            ErrorAnswers.assertErrorBody(refund.body(), refund.statusCode());
            assertNoEcho(refund);
        }
        assertNothingRefunded(order);
    }

    @Test
    void paymentsUserIsRefused403OnRefundsAndTheRefundsUserThenRefundsEverything() throws Exception {
        JsonNode order = paidOrder(2500);

        HttpResponse<String> refused = postAs(ApiTestUsers.PAYMENTS.authorization(), "/api/refunds",
                refundRequest(order));

        assertThat(refused.statusCode()).isEqualTo(403);
        ErrorAnswers.assertErrorBody(refused.body(), 403);
        assertNoEcho(refused);
        assertNothingRefunded(order);

        // nothing of the refused request was claimed: the whole amount is still there to refund
        HttpResponse<String> refunded = postAs(ApiTestUsers.REFUNDS.authorization(), "/api/refunds",
                refundRequest(order));
        assertThat(refunded.statusCode()).as(refunded.body()).isEqualTo(201);
        assertThat(json(refunded.body()).path("outcome").asText()).isEqualTo("REFUNDED");
        assertThat(json(refunded.body()).path("txamt").asText()).isEqualTo("2500");
        assertThat(refundCallsFor(order)).isEqualTo(1);
    }

    @Test
    void refundsUserIsRefused403OnPayments() throws Exception {
        String orderId = newOrderId("REFONLY");

        HttpResponse<String> refused = postAs(ApiTestUsers.REFUNDS.authorization(), "/api/payments",
                order(orderId, 2500));

        assertThat(refused.statusCode()).isEqualTo(403);
        ErrorAnswers.assertErrorBody(refused.body(), 403);
        assertNoEcho(refused);
        assertThat(paymentsSentFor(orderId)).isEmpty();
        assertThat(allOutcomesFor(orderId)).isEmpty();
    }

    @Test
    void paymentsUserCreatesPayments() throws Exception {
        String orderId = newOrderId("PAYUSER");

        HttpResponse<String> created = postAs(ApiTestUsers.PAYMENTS.authorization(), "/api/payments",
                order(orderId, 2500));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(paymentsSentFor(orderId)).hasSize(1);
    }

    /**
     * Spellings of the refund path that a router might treat apart from /api/refunds (each of them reaches the refund
     * route when the listener is open): none gets in without credentials.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/api/refunds", "/api/refunds/", "/api//refunds", "//api/refunds",
            "/api/payments/../refunds", "/api/./refunds", "/api/%72efunds", "/api/refunds?role=refunds",
            "/api/refunds;jsessionid=1", "/api/refunds/../refunds", "/api/x/../refunds", "/api/refunds%2F",
            "/api/refunds/."})
    void noSpellingOfTheRefundPathGetsInWithoutCredentials(String path) throws Exception {
        JsonNode order = paidOrder(2500);

        int status = rawPost(path, refundRequest(order));

        assertThat(status).as(path).isEqualTo(401);
        assertNothingRefunded(order);
    }

    /** Paths beside the API (another case, its parent, a way round) reach no route without credentials. */
    @ParameterizedTest
    @ValueSource(strings = {"/API/refunds", "/refunds", "/api", "/api/", "/apirefunds", "/payme/notify/../../api/x"})
    void pathsBesideTheApiServeNothing(String path) throws Exception {
        JsonNode order = paidOrder(2500);

        int status = rawPost(path, refundRequest(order));

        assertThat(status).as(path).isIn(401, 404, 405);
        assertNothingRefunded(order);
    }

    @Test
    void theListenerDoesNotAnswerOnANetworkAddress() throws Exception {
        Optional<InetAddress> network = networkAddress();
        assumeTrue(network.isPresent(), "this machine has no non-loopback IPv4 address to try");

        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(network.get(), restPort), 2000);
            }
        }).as("connecting to %s:%d", network.get(), restPort).isInstanceOf(ConnectException.class);
    }

    private HttpResponse<String> postAs(String authorization, String path, String json) throws Exception {
        return postAs(authorization, path, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8),
                Map.of("X-Probe", PROBE), Duration.ofSeconds(20));
    }

    /** A POST written byte for byte (an HTTP client would normalise the path), without credentials: its status. */
    private int rawPost(String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("localhost", restPort)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).as("answer to %s", path).startsWith("HTTP/1.1 ");
            return Integer.parseInt(answer.substring(9, 12));
        }
    }

    /** 401: the fixed JSON error, and nothing of the request. */
    private static void assertNoDetail(HttpResponse<String> answer) {
        ErrorAnswers.assertErrorBody(answer.body(), 401);
        assertNoEcho(answer);
    }

    private static void assertNoEcho(HttpResponse<String> answer) {
        assertThat(answer.body()).doesNotContain(PROBE);
        answer.headers().map().forEach((name, values) -> {
            assertThat(name).doesNotContainIgnoringCase("probe").isNotEqualToIgnoringCase("Authorization");
            assertThat(values.toString()).doesNotContain(PROBE);
        });
    }

    private void assertNothingRefunded(JsonNode order) {
        assertThat(refundCallsFor(order)).isZero();
        assertThat(getMockEndpoint("mock:refunded").getExchanges()).isEmpty();
        assertThat(messagesWhere("mock:error", "order_id", order.path("order_id").asText())).isEmpty();
    }

    /** An IPv4 address of this machine other than loopback, if it has one. */
    private static Optional<InetAddress> networkAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}

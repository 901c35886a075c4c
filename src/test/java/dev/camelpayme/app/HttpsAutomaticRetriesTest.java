package dev.camelpayme.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.testing.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * QFPay's hosts are https, and Camel's https scheme is a component instance of its own: the application must turn
 * Apache HttpClient's automatic retries off there too, or the client resends a POST after a 503 by itself, outside
 * the rate limiter and before the route's query-first. Driven through the real routes against a local TLS server
 * that answers 503 to every payment and "no record" to every query; the app trusts its certificate through Camel
 * Main's global SSL configuration only.
 */
class HttpsAutomaticRetriesTest extends PaymeRouteTestSupport {

    private static final String PAYMENT = "/trade/v1/payment";
    private static final String QUERY = "/trade/v1/query";

    // created from extraProperties(), which the test kit calls before field initialisers run
    private static HttpsQfpayStub qfpay;

    @Override
    protected Map<String, String> extraProperties() {
        if (qfpay == null) {
            qfpay = new HttpsQfpayStub(Path.of("target", "https-test"), FreePorts.next());
        }
        return Map.of(
                "payme.sandbox.enabled", "false",
                "payme.base-url", qfpay.baseUrl(),
                "camel.component.payme.app-code", "HTTPS-TEST-APP",
                "camel.component.payme.client-key", "HTTPS-TEST-CLIENT-KEY-0123456789",
                "camel.ssl.enabled", "true",
                "camel.ssl.trust-store", "file:" + qfpay.trustStore(),
                "camel.ssl.trust-store-password", qfpay.trustStorePassword(),
                "camel.component.https.use-global-ssl-context-parameters", "true");
    }

    @AfterAll
    void stopStub() {
        qfpay.close();
    }

    @Test
    void serviceUnavailableOverHttpsIsNeverResentByTheHttpClient() {
        String orderId = newOrderId("H");
        template.sendBody("jms:queue:payme.orders", order(orderId, 1000));

        await().atMost(Duration.ofSeconds(30)).until(() -> !allOutcomesFor(orderId).isEmpty());

        JsonNode outcome = allOutcomesFor(orderId).get(0);
        assertThat(outcome.path("outcome").asText()).as(outcome.toString()).isEqualTo("FAILED");
        assertThat(outcome.path("reason").asText()).contains("HTTP 503");
        List<HttpsQfpayStub.Received> trail = qfpay.received().stream()
                .filter(r -> r.form().getOrDefault("out_trade_no", "").startsWith(orderId + "-")).toList();
        List<String> payments = outTradeNos(trail, PAYMENT);
        assertThat(payments).as("the routes made several attempts, over TLS").hasSizeGreaterThan(1);
        assertThat(payments).as("no out_trade_no reached /trade/v1/payment twice").doesNotHaveDuplicates();
        assertThat(trail.get(0).path()).isEqualTo(PAYMENT);
        assertThat(trail.get(1).path()).as("the first attempt was sent once, then queried before anything else")
                .isEqualTo(QUERY);
        assertThat(trail.get(1).form().get("out_trade_no")).isEqualTo(payments.get(0));
    }

    private static List<String> outTradeNos(List<HttpsQfpayStub.Received> trail, String path) {
        return trail.stream().filter(r -> r.path().equals(path)).map(r -> r.form().get("out_trade_no")).toList();
    }
}

package dev.camelpayme.app;

import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.sandbox.ReceivedRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the application: an order that picks the merchant's fields itself (notify_url, a mchid, a return_url
 * elsewhere) is REJECTED naming the field and never reaches QFPay; the fields the configuration sets are sent.
 */
class MerchantFieldsIntakeTest extends PaymeRouteTestSupport {

    static final String PREFIX = "https://shop.example.com/paid/";

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("camel.component.payme.allowed-return-url-prefixes", PREFIX,
                "camel.component.payme.notify-url", "https://shop.example.com/payme/notify");
    }

    private static String orderWith(String orderId, String extra) {
        return "{\"order_id\":\"" + orderId + "\",\"txamt\":1000," + extra + "}";
    }

    /** The answer is 400 REJECTED naming the field, and QFPay received nothing for the order. */
    private void assertRejectedOverRest(String extra, String field) {
        String orderId = newOrderId("M");

        HttpResponse<String> answer = postOrder(orderWith(orderId, extra));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        JsonNode outcome = json(answer.body());
        assertThat(outcome.path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(outcome.path("errors").findValuesAsText("field")).contains(field);
        assertThat(paymentsSentFor(orderId)).isEmpty();
    }

    @Test
    void orderWithNotifyUrlIsRejectedOverRestAndNeverSent() {
        assertRejectedOverRest("\"notify_url\":\"https://evil.example/steal\"", "notify_url");
    }

    @Test
    void orderWithAForeignMchidIsRejectedOverRestAndNeverSent() {
        assertRejectedOverRest("\"mchid\":\"Other123\"", "mchid");
    }

    @Test
    void orderWithALookalikeReturnUrlIsRejectedOverRestAndNeverSent() {
        assertRejectedOverRest("\"return_url\":\"https://shop.example.com.evil.example/paid/\"", "return_url");
        assertRejectedOverRest("\"return_url\":\"https://shop.example.com@evil.example/paid/\"", "return_url");
    }

    @Test
    void orderWithNotifyUrlIsRejectedOverJmsAndNeverSent() {
        String orderId = newOrderId("M");

        String reply = template.requestBody("jms:queue:payme.orders",
                orderWith(orderId, "\"notify_url\":\"https://evil.example/steal\""), String.class);

        assertThat(json(reply).path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(json(reply).path("errors").findValuesAsText("field")).contains("notify_url");
        assertThat(paymentsSentFor(orderId)).isEmpty();
    }

    @Test
    void returnUrlUnderTheConfiguredPrefixAndTheConfiguredNotifyUrlAreSent() {
        String orderId = newOrderId("M");

        HttpResponse<String> answer = postOrder(orderWith(orderId, "\"return_url\":\"" + PREFIX + "42?x=1\""));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        ReceivedRequest sent = paymentsSentFor(orderId).get(0);
        assertThat(sent.field("return_url")).isEqualTo(PREFIX + "42?x=1");
        assertThat(sent.field("notify_url")).isEqualTo("https://shop.example.com/payme/notify");
        assertThat(sent.field("mchid")).isNull();
    }
}

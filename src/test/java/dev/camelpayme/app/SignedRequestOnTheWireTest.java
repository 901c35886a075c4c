package dev.camelpayme.app;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the payment route really puts on the wire to QFPay, captured with AdviceWith just before the HTTP call, and
 * its signature recomputed here independently of the component.
 */
class SignedRequestOnTheWireTest extends PaymeRouteTestSupport {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("camel.component.payme.allowed-return-url-prefixes", "https://shop.example.com/r");
    }

    @Test
    void requestCarriesExactlyTheSignedFieldsAndAVerifiableSignature() throws Exception {
        AdviceWith.adviceWith(context, "payme-attempt",
                route -> route.weaveByToUri(".*/trade/v1/payment.*").before().to("mock:qfpay-request"));
        MockEndpoint wire = getMockEndpoint("mock:qfpay-request");
        wire.expectedMessageCount(1);

        postOrder("{\"order_id\":\"wire-1\",\"txamt\":2500,\"goods_name\":\"咖啡\",\"pay_type\":\"805812\","
                + "\"return_url\":\"https://shop.example.com/r?a=1&b=2\",\"udid\":\"\"}");

        wire.assertIsSatisfied();
        Exchange sent = wire.getExchanges().get(0);
        String body = sent.getMessage().getBody(String.class);
        Map<String, String> fields = decodeForm(body);
        assertThat(fields).containsOnlyKeys("txamt", "txcurrcd", "pay_type", "out_trade_no", "txdtm", "goods_name",
                "return_url");
        assertThat(fields).containsEntry("goods_name", "咖啡").containsEntry("return_url", "https://shop.example.com/r?a=1&b=2");
        assertThat(fields.get("txdtm")).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        assertThat(body).doesNotContain(SANDBOX_KEY);

        String expected = sign(fields.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&")));
        assertThat(sent.getMessage().getHeader("X-QF-SIGN")).isEqualTo(expected);
        assertThat(sent.getMessage().getHeader("X-QF-APPCODE")).isEqualTo("PAYME-SANDBOX-APP");
        assertThat(sent.getMessage().getHeader("Content-Type", String.class))
                .isEqualTo("application/x-www-form-urlencoded; charset=UTF-8");
        assertThat(sent.getMessage().getHeaders().keySet()).noneMatch(h -> h.startsWith("JMS") || h.startsWith("CamelHttpUri"));
    }

    private static Map<String, String> decodeForm(String body) {
        Map<String, String> fields = new TreeMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }
}

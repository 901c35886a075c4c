package dev.camelpayme.library;

import java.util.Map;

import dev.camelpayme.component.PaymeComponent;
import dev.camelpayme.component.PaymeValidationException;
import dev.camelpayme.sandbox.QfpaySandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How a team uses payme: in its own Camel application: the component alone (no app wiring, broker or main), a YAML
 * route like the README's, and camel-http to a QFPay-compatible host (here the sandbox, over loopback), which
 * checks the signature with its own code. Covers MD5, SHA-256, Chinese text and a return_url full of ?, & and =.
 */
class LibraryUsageTest extends CamelTestSupport {

    private static final String APP_CODE = "TEAM-APP";
    private static final String KEY = "TEAM-CLIENT-KEY-0123456789";

    private final QfpaySandbox sandbox = QfpaySandbox.builder().appCode(APP_CODE).clientKey(KEY).build().start();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        PaymeComponent payme = new PaymeComponent();
        payme.getConfiguration().setAppCode(APP_CODE);
        payme.getConfiguration().setClientKey(KEY);
        // the shop's own pages are the only places the shopper's browser may be sent back to
        payme.getConfiguration().setAllowedReturnUrlPrefixes("https://shop.example.com/return");
        context.addComponent("payme", payme);
        context.getPropertiesComponent().addInitialProperty("qfpay.url", sandbox.baseUrl());
        String yaml = """
                - route:
                    id: team-checkout
                    from:
                      uri: direct:checkout
                      steps:
                        - removeHeaders: { pattern: "*", excludePattern: "signType" }
                        - toD: "payme:payment?signType=${header.signType}"
                        - to:
                            uri: "{{qfpay.url}}/trade/v1/payment"
                            parameters: { throwExceptionOnFailure: false }
                        - unmarshal: { json: {} }
                """;
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("team.yaml", yaml));
        return context;
    }

    @AfterEach
    void stopSandbox() {
        sandbox.stop();
    }

    @Test
    void md5SignedOrderIsAcceptedByTheSandbox() {
        Map<?, ?> answer = checkout("MD5", "{\"order_id\":\"team-1\",\"txamt\":300,\"goods_name\":\"Test1\"}");

        assertThat(answer.get("respcd")).isEqualTo("0000");
        assertThat((String) answer.get("pay_url")).startsWith(sandbox.baseUrl());
        assertThat(sandbox.requests("/trade/v1/payment").get(0).header("X-QF-SIGNTYPE")).isEmpty();
    }

    @Test
    void sha256SignedOrderWithChineseTextAndAComplexReturnUrlIsAccepted() {
        Map<?, ?> answer = checkout("SHA256", "{\"order_id\":\"team-2\",\"txamt\":1500,\"goods_name\":\"測試商品\","
                + "\"pay_type\":\"805812\",\"return_url\":\"https://shop.example.com/return?id=1&x=y=z\"}");

        assertThat(answer.get("respcd")).as("%s", answer).isEqualTo("0000");
        var received = sandbox.requests("/trade/v1/payment").get(0);
        assertThat(received.header("X-QF-SIGNTYPE")).hasValue("SHA256");
        assertThat(received.field("goods_name")).isEqualTo("測試商品");
        assertThat(received.field("return_url")).isEqualTo("https://shop.example.com/return?id=1&x=y=z");
    }

    @Test
    void wrongKeyIsRefusedBySandboxWith1108() {
        context.getComponent("payme", PaymeComponent.class).getConfiguration().setClientKey("ANOTHER-KEY-9876543210");
        Map<?, ?> answer = template.requestBodyAndHeader("direct:checkout", "{\"order_id\":\"team-3\",\"txamt\":300}",
                "signType", "MD5", Map.class);

        assertThat(answer.get("respcd")).isEqualTo("1108");
    }

    @Test
    void invalidOrderNeverReachesTheHost() {
        assertThatThrownBy(() -> checkout("MD5", "{\"order_id\":\"team-4\",\"txamt\":123456789012}"))
                .isInstanceOf(CamelExecutionException.class)
                .hasCauseInstanceOf(PaymeValidationException.class)
                .hasStackTraceContaining("txamt");
        assertThat(sandbox.requests()).isEmpty();
    }

    private Map<?, ?> checkout(String signType, String order) {
        return template.requestBodyAndHeader("direct:checkout", order, "signType", signType, Map.class);
    }
}

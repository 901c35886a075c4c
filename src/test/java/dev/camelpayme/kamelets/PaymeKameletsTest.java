package dev.camelpayme.kamelets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelpayme.testkit.DeliveredNotification;
import dev.camelpayme.testkit.PaymeRequest;
import dev.camelpayme.testkit.PaymeSandboxExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kamelets in src/main/resources/kamelets, run by Camel's kamelet component from the default location
 * (classpath:kamelets) against the embedded sandbox: a payment and a refund configured only by Kamelet properties,
 * and a Pipe loaded from YAML as the README shows it.
 */
class PaymeKameletsTest extends CamelTestSupport {

    // a key with the characters a URI would mangle: the Kamelet passes it RAW
    private static final String KEY = "KAMELET-KEY+with&odd=chars%2B";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final PaymeSandboxExtension qfpay = PaymeSandboxExtension.builder().appCode("KAMELET-APP").clientKey(KEY).build();

    private final int notifyPort = PaymeSandboxExtension.freePort();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getPropertiesComponent().addInitialProperty("qfpay.url", qfpay.baseUrl());
        context.getPropertiesComponent().addInitialProperty("qfpay.key", KEY);
        // a Pipe's URL and key come from properties: Camel 4.18's YAML DSL URL-encodes Pipe properties (CAMEL-23594)
        context.getPropertiesComponent().addInitialProperty("camel.kamelet.payme-payment-action.baseUrl",
                qfpay.baseUrl());
        context.getPropertiesComponent().addInitialProperty("camel.kamelet.payme-payment-action.clientKey", KEY);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                String credentials = "baseUrl={{qfpay.url}}&appCode=KAMELET-APP&clientKey=RAW({{qfpay.key}})";
                from("direct:pay").to("kamelet:payme-payment-action?" + credentials);
                from("direct:refund").to("kamelet:payme-refund-action?" + credentials);
                from("kamelet:payme-notification-source?port=" + notifyPort + "&host=localhost"
                        + "&appCode=KAMELET-APP&clientKey=RAW({{qfpay.key}})")
                        .to("mock:notifications");
            }
        };
    }

    @Test
    void aPaymentThroughTheKameletIsSignedSentAndAnswered() throws Exception {
        String answer = template.requestBodyAndHeader("direct:pay", "{\"order_id\":\"K-1\",\"txamt\":2500}",
                "X-Internal-Secret", "must-not-reach-qfpay", String.class);

        Map<?, ?> fields = JSON.readValue(answer, Map.class);
        assertThat(fields.get("respcd")).isEqualTo("0000");
        assertThat((String) fields.get("pay_url")).startsWith(qfpay.baseUrl());
        PaymeRequest sent = qfpay.requests("/trade/v1/payment").get(0);
        assertThat(sent.signatureValid()).isTrue();
        assertThat(sent.field("out_trade_no")).startsWith("K-1-");
        assertThat(sent.field("pay_type")).isEqualTo("805814");
        assertThat(qfpay.sandbox().requests().get(0).header("X-Internal-Secret")).isEmpty();
    }

    @Test
    void aRefundThroughTheKameletRefundsThePaidPayment() throws Exception {
        String payment = template.requestBody("direct:pay", "{\"order_id\":\"K-2\",\"txamt\":3000}", String.class);
        String syssn = (String) JSON.readValue(payment, Map.class).get("syssn");
        qfpay.pay(syssn);

        String answer = template.requestBody("direct:refund",
                "{\"syssn\":\"" + syssn + "\",\"txamt\":1000,\"refund_id\":\"K-2-r1\"}", String.class);

        Map<?, ?> fields = JSON.readValue(answer, Map.class);
        assertThat(fields.get("respcd")).isEqualTo("0000");
        assertThat(fields.get("orig_syssn")).isEqualTo(syssn);
        assertThat(qfpay.sandbox().refundsOf(syssn)).singleElement()
                .satisfies(r -> assertThat(r.txamt()).isEqualTo(1000));
        assertThat(qfpay.requests("/trade/v1/refund").get(0).signatureValid()).isTrue();
    }

    @Test
    void aPipeFromYamlSendsEachOrderThroughThePaymentKamelet() throws Exception {
        String pipe = """
                apiVersion: camel.apache.org/v1
                kind: Pipe
                metadata:
                  name: shop-payments
                spec:
                  source:
                    uri: direct:orders
                  steps:
                    - ref:
                        kind: Kamelet
                        apiVersion: camel.apache.org/v1
                        name: payme-payment-action
                      properties:
                        appCode: KAMELET-APP
                        payType: "805812"
                  sink:
                    uri: mock:answers
                """;
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("shop-payments.yaml", pipe));
        MockEndpoint answers = getMockEndpoint("mock:answers");
        answers.expectedMessageCount(1);

        template.sendBody("direct:orders", "{\"order_id\":\"K-3\",\"txamt\":1200}");

        answers.assertIsSatisfied();
        Map<?, ?> fields = JSON.readValue(answers.getReceivedExchanges().get(0).getMessage().getBody(String.class),
                Map.class);
        assertThat(fields.get("respcd")).isEqualTo("0000");
        assertThat(qfpay.requests("/trade/v1/payment").get(0).field("pay_type")).isEqualTo("805812");
    }

    @Test
    void aVerifiedNotificationReachesTheSinkAndQfpayIsAnsweredSuccess() throws Exception {
        MockEndpoint notifications = getMockEndpoint("mock:notifications");
        notifications.expectedMessageCount(1);
        notifications.expectedHeaderReceived("CamelPaymeNotifyType", "payment");
        qfpay.sandbox().portalPayment("K-4-x", 1500, "HKD");

        DeliveredNotification sent = qfpay.sendNotification("K-4-x", notifyUrl());

        notifications.assertIsSatisfied();
        assertThat(sent.acknowledged()).isTrue();
        Map<?, ?> fields = JSON.readValue(notifications.getReceivedExchanges().get(0).getMessage()
                .getBody(String.class), Map.class);
        assertThat(fields.get("out_trade_no")).isEqualTo("K-4-x");
        assertThat(fields.get("txamt")).isEqualTo("1500");
    }

    @Test
    void aNotificationSignedWithAnotherKeyNeverReachesTheSinkAndIsAnsweredWithoutDetail() {
        PaymeSandboxExtension otherKey = PaymeSandboxExtension.builder().clientKey("ANOTHER-KEY-0123456789").build();
        try {
            otherKey.sandbox().portalPayment("K-5-x", 1500, "HKD");

            DeliveredNotification forged = otherKey.sendNotification("K-5-x", notifyUrl());

            // the delivery waited for the listener's answer, so the Kamelet's route has already run
            assertThat(forged.acknowledged()).isFalse();
            assertThat(forged.httpStatus()).isEqualTo(500);
            assertThat(getMockEndpoint("mock:notifications").getReceivedCounter()).isZero();
        } finally {
            otherKey.sandbox().stop();
        }
    }

    @Test
    void eachKameletNamesThisArtifactAtThisProjectsVersion() throws Exception {
        Matcher version = Pattern.compile("<artifactId>camel-payme</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(version.find()).isTrue();
        for (String kamelet : new String[] {"payme-payment-action", "payme-refund-action",
                "payme-notification-source"}) {
            assertThat(Files.readString(Path.of("src/main/resources/kamelets", kamelet + ".kamelet.yaml")))
                    .contains("\"mvn:dev.camelpayme:camel-payme:" + version.group(1) + "\"");
        }
    }

    private String notifyUrl() {
        return "http://localhost:" + notifyPort + "/payme/notify";
    }
}

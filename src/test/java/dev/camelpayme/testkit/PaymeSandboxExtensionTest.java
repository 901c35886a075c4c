package dev.camelpayme.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;

import dev.camelpayme.component.PaymeComponent;
import dev.camelpayme.sandbox.SandboxCredentials;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The kit's own behaviour: the component it configures, paying by order id, the requests it reports (with a forged
 * signature told apart), automatic notifications, and the key kept out of everything it prints.
 */
class PaymeSandboxExtensionTest {

    private static final String KEY = "KIT-TEST-CLIENT-KEY-0123456789";

    private final PaymeSandboxExtension kit = PaymeSandboxExtension.builder().appCode("KIT-APP").clientKey(KEY)
            .build();
    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void stop() {
        context.stop();
        kit.sandbox().stop();
    }

    @Test
    void configureGivesTheComponentTheSandboxCredentialsAndTheBaseUrlProperty() throws Exception {
        kit.configure(context);
        startWithCheckoutRoute();

        PaymeComponent payme = context.getComponent("payme", PaymeComponent.class);
        assertThat(payme.getConfiguration().getAppCode()).isEqualTo("KIT-APP");
        assertThat(context.resolvePropertyPlaceholders("{{payme.testkit.base-url}}")).isEqualTo(kit.baseUrl());
        assertThat(kit.paymentUrl()).isEqualTo(kit.baseUrl() + "/trade/v1/payment");
    }

    @Test
    void payByOrderIdPaysTheLatestPaymentMadeForThatId() throws Exception {
        kit.configure(context);
        ProducerTemplate template = startWithCheckoutRoute();
        template.requestBody("direct:checkout", "{\"order_id\":\"A-1\",\"txamt\":300}", String.class);
        template.requestBody("direct:checkout", "{\"order_id\":\"A-1\",\"txamt\":400}", String.class);
        template.requestBody("direct:checkout", "{\"order_id\":\"A-10\",\"txamt\":500}", String.class);

        PaidOrder paid = kit.pay("A-1");

        assertThat(paid.txamt()).isEqualTo(400);
        assertThat(paid.outTradeNo()).startsWith("A-1-");
        assertThat(kit.sandbox().order(paid.syssn()).orElseThrow().isPaid()).isTrue();
        assertThatThrownBy(() -> kit.pay("A-2")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void requestsTellAValidSignatureFromAForgedOne() throws Exception {
        kit.configure(context);
        startWithCheckoutRoute().requestBody("direct:checkout", "{\"order_id\":\"B-1\",\"txamt\":300}", String.class);
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(kit.queryUrl()))
                .header("X-QF-APPCODE", "KIT-APP").header("X-QF-SIGN", "0123456789ABCDEF0123456789ABCDEF")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("syssn=1")).build(), HttpResponse.BodyHandlers.ofString());

        List<PaymeRequest> requests = kit.requests();

        assertThat(requests).extracting(PaymeRequest::path).containsExactly("/trade/v1/payment", "/trade/v1/query");
        assertThat(requests.get(0).signatureValid()).isTrue();
        assertThat(requests.get(0).field("txamt")).isEqualTo("300");
        assertThat(requests.get(1).signatureValid()).isFalse();
        assertThat(requests.get(1).respcd()).isEqualTo("1108");
    }

    @Test
    void withANotifyUrlAPaymentIsNotifiedOnceWhenPaid() throws Exception {
        int port = PaymeSandboxExtension.freePort();
        PaymeSandboxExtension notifying = PaymeSandboxExtension.builder()
                .notifyUrl("http://localhost:" + port + "/notify").build();
        try {
            notifying.sandbox().portalPayment("C-1-x", 700, "HKD");

            await().atMost(Duration.ofSeconds(10)).until(() -> notifying.notifications().size() == 1);
            DeliveredNotification n = notifying.notifications().get(0);
            assertThat(n.outTradeNo()).isEqualTo("C-1-x");
            assertThat(n.httpStatus()).isEqualTo(-1); // nobody listens on that port
            assertThat(n.signature()).matches("[0-9A-F]{32}");
        } finally {
            notifying.sandbox().stop();
        }
    }

    @Test
    void onAnInstanceFieldTheSandboxStopsAfterTheTest() {
        kit.afterEach(null);

        assertThat(kit.sandbox().isRunning()).isFalse();
    }

    @Test
    void onAStaticFieldTheSandboxForgetsAfterEachTestAndStopsAfterTheClass() {
        kit.beforeAll(null);
        kit.sandbox().portalPayment("E-1-x", 100, "HKD");

        kit.afterEach(null);

        assertThat(kit.sandbox().isRunning()).isTrue();
        assertThat(kit.sandbox().orders()).isEmpty();
        kit.afterAll(null);
        assertThat(kit.sandbox().isRunning()).isFalse();
    }

    @Test
    void theClientKeyIsInNothingTheKitPrintsOrReports() throws Exception {
        kit.configure(context);
        startWithCheckoutRoute().requestBody("direct:checkout", "{\"order_id\":\"D-1\",\"txamt\":300}", String.class);

        assertThat(kit.toString()).doesNotContain(KEY).contains("KIT-APP");
        assertThat(kit.requests().toString()).doesNotContain(KEY);
        assertThat(PaymeSandboxExtension.create()).satisfies(demo -> {
            assertThat(demo.appCode()).isEqualTo(SandboxCredentials.APP_CODE);
            demo.sandbox().stop();
        });
    }

    private ProducerTemplate startWithCheckoutRoute() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:checkout").to("payme:payment")
                        .to("{{payme.testkit.base-url}}/trade/v1/payment?throwExceptionOnFailure=false")
                        .convertBodyTo(String.class);
            }
        });
        context.start();
        return context.createProducerTemplate();
    }
}

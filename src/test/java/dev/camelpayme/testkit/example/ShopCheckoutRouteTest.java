package dev.camelpayme.testkit.example;

import java.util.List;
import java.util.Map;

import dev.camelpayme.testkit.DeliveredNotification;
import dev.camelpayme.testkit.PaidOrder;
import dev.camelpayme.testkit.PaymeRequest;
import dev.camelpayme.testkit.PaymeSandboxExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's own checkout route tested the way the README shows, against nothing but what the published test kit
 * offers (this package imports only dev.camelpayme.testkit, Camel and JUnit): an order from direct: through
 * payme:payment to the sandbox, its answer on a mock, then the shopper pays and the shop's notification receiver
 * gets QFPay's signed notification.
 */
class ShopCheckoutRouteTest extends CamelTestSupport {

    @RegisterExtension
    final PaymeSandboxExtension qfpay = PaymeSandboxExtension.create();

    private final int receiverPort = PaymeSandboxExtension.freePort();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        qfpay.configure(context);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:checkout")
                        .to("payme:payment")
                        .to("{{payme.testkit.base-url}}/trade/v1/payment?throwExceptionOnFailure=false")
                        .unmarshal().json()
                        .to("mock:created");

                from("netty-http:http://localhost:" + receiverPort + "/shop/qfpay-notify")
                        .to("payme:notification")
                        .to("mock:paid")
                        .setBody(constant("SUCCESS"));
            }
        };
    }

    @Test
    void anOrderIsSignedSentAndAnsweredWithAPayUrl() throws Exception {
        MockEndpoint created = getMockEndpoint("mock:created");
        created.expectedMessageCount(1);

        template.sendBody("direct:checkout", "{\"order_id\":\"shop-1\",\"txamt\":2500,\"goods_name\":\"Tea\"}");

        created.assertIsSatisfied();
        Map<?, ?> answer = created.getReceivedExchanges().get(0).getMessage().getBody(Map.class);
        assertEquals("0000", answer.get("respcd"));
        assertTrue(((String) answer.get("pay_url")).startsWith(qfpay.baseUrl()));
        List<PaymeRequest> sent = qfpay.requests("/trade/v1/payment");
        assertEquals(1, sent.size());
        assertTrue(sent.get(0).signatureValid());
        assertEquals("2500", sent.get(0).field("txamt"));
        assertTrue(sent.get(0).field("out_trade_no").startsWith("shop-1-"));
    }

    @Test
    void aPaidOrderIsNotifiedToTheShopsReceiver() throws Exception {
        template.sendBody("direct:checkout", "{\"order_id\":\"shop-2\",\"txamt\":1800}");
        MockEndpoint paid = getMockEndpoint("mock:paid");
        paid.expectedMessageCount(1);
        paid.expectedHeaderReceived("CamelPaymeNotifyType", "payment");

        PaidOrder order = qfpay.pay("shop-2");
        DeliveredNotification notification = qfpay.sendNotification("shop-2",
                "http://localhost:" + receiverPort + "/shop/qfpay-notify");

        paid.assertIsSatisfied();
        assertTrue(notification.acknowledged());
        assertTrue(qfpay.requests("/trade/v1/payment").get(0).signatureValid());
        Map<?, ?> fields = paid.getReceivedExchanges().get(0).getMessage().getBody(Map.class);
        assertEquals(order.outTradeNo(), fields.get("out_trade_no"));
        assertEquals("1800", fields.get("txamt"));
    }

    @Test
    void aNotificationSignedWithAnotherKeyIsRefusedByTheReceiver() {
        PaymeSandboxExtension otherKey = PaymeSandboxExtension.builder().clientKey("NOT-THE-SHOPS-KEY-0123456789")
                .build();
        try {
            otherKey.sandbox().portalPayment("shop-3-forged", 900, "HKD");

            DeliveredNotification forged = otherKey.sendNotification("shop-3-forged",
                    "http://localhost:" + receiverPort + "/shop/qfpay-notify");

            // the delivery waited for the receiver's answer, so its route has already run
            assertFalse(forged.acknowledged());
            assertEquals(500, forged.httpStatus());
            assertEquals(0, getMockEndpoint("mock:paid").getReceivedCounter());
        } finally {
            otherKey.sandbox().stop();
        }
    }
}

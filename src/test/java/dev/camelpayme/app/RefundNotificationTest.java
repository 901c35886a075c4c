package dev.camelpayme.app;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.app.refund.RefundFlow;
import dev.camelpayme.sandbox.SentNotification;
import dev.camelpayme.testing.LogCapture;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * QFPay's refund notifications next to the refund's own flow: a refund is reported once, by whichever learns of it
 * first; a refund given up as FAILED and then notified is reported late; a refund not requested here is reported as
 * QFPay tells it; one that does not match its refund goes to the error endpoint.
 */
class RefundNotificationTest extends RefundRouteTestSupport {

    @Test
    void refundIsReportedOnceThoughQfpayAlsoNotifiesIt() throws Exception {
        JsonNode order = paidOrder(3000);
        NotifyBuilder routed = new NotifyBuilder(context).fromRoute("payme-notify-routing").whenDone(1).create();

        JsonNode refund = json(refund(refundRequest(order)).body());

        String outTradeNo = refund.path("out_trade_no").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox().notifications(outTradeNo).stream()
                .anyMatch(SentNotification::acknowledged));
        assertThat(routed.matches(10, java.util.concurrent.TimeUnit.SECONDS)).as("notification routed").isTrue();
        assertThat(messagesAbout(outTradeNo)).as("messages on the refunded endpoint").hasSize(1);
        assertThat(messagesAbout(outTradeNo).get(0).path("refund_id").asText()).isEqualTo(refund.path("refund_id").asText());
    }

    @Test
    void refundWhoseAnswerIsLostIsReportedOnceByWhicheverLearnsFirst() throws Exception {
        JsonNode order = paidOrder(100000);
        NotifyBuilder routed = new NotifyBuilder(context).fromRoute("payme-notify-routing").whenCompleted(1).create();
        NotifyBuilder resumed = new NotifyBuilder(context).fromRoute("payme-refund-query").whenCompleted(1).create();

        HttpResponse<String> answer = refund(refundRequest(order, 90408));

        JsonNode refund = json(answer.body());
        String outTradeNo = refund.path("out_trade_no").asText();
        await().atMost(Duration.ofSeconds(15)).until(() -> !messagesAbout(outTradeNo).isEmpty());
        // both ways of learning it have had their turn: QFPay's notification was routed, and a refund answered
        // pending (not settled by the notification before its call timed out) was parked, and resumed from there
        assertThat(routed.matches(10, TimeUnit.SECONDS)).as("notification routed").isTrue();
        if (answer.statusCode() == 202) {
            assertThat(resumed.matches(15, TimeUnit.SECONDS)).as("the parked refund resumed").isTrue();
        }
        assertThat(messagesAbout(outTradeNo)).hasSize(1);
        assertThat(messagesAbout(outTradeNo).get(0).path("outcome").asText()).isEqualTo("REFUNDED");
        assertThat(refundCallsFor(order)).as("refund calls").isEqualTo(1);
    }

    @Test
    void refundReportedFailedThenNotifiedIsReportedLateAndCountsAsRefunded() throws Exception {
        JsonNode order = paidOrder(100000);
        JsonNode failed = json(refund(refundRequest(order, 91269)).body());
        assertThat(failed.path("outcome").asText()).isEqualTo("FAILED");

        String body = refundNotification(failed.path("out_trade_no").asText(), "91269", order.path("syssn").asText());
        String refundId = failed.path("refund_id").asText();
        List<String> lines = new CopyOnWriteArrayList<>();
        try (LogCapture ignored = LogCapture.of(RefundFlow.class, lines)) {
            assertThat(notify(body, sign(body)).body()).isEqualTo("SUCCESS");
            await().atMost(Duration.ofSeconds(10)).until(() -> !messagesFor("mock:refunded", refundId).isEmpty());
        }

        assertThat(lines).as("one outcome line, in the shape of every other").containsExactly("INFO Refund " + refundId
                + " of order " + order.path("order_id").asText() + " (" + failed.path("out_trade_no").asText()
                + "): REFUNDED respcd=0000 - " + messagesFor("mock:refunded", refundId).get(0).path("reason").asText());
        JsonNode late = messagesFor("mock:refunded", refundId).get(0);
        assertThat(late.path("outcome").asText()).isEqualTo("REFUNDED");
        assertThat(late.path("late").asBoolean()).isTrue();
        assertThat(late.path("reason").asText()).contains("reported FAILED");
        HttpResponse<String> more = refund(refundRequest(order, 100000 - 91269 + 1));
        assertThat(more.statusCode()).as("the late refund counts against what is left").isEqualTo(400);
    }

    @Test
    void refundNotRequestedHereIsReportedAsQfpayTellsIt() throws Exception {
        String syssn = "20261126" + String.valueOf(System.nanoTime()).substring(0, 12);
        String body = refundNotification("PORTAL-" + UUID.randomUUID(), "500", "20260101000300020000000001", syssn);

        assertThat(notify(body, sign(body)).body()).isEqualTo("SUCCESS");

        await().atMost(Duration.ofSeconds(10)).until(() -> !messagesWithSyssn(syssn).isEmpty());
        JsonNode message = messagesWithSyssn(syssn).get(0);
        assertThat(message.path("outcome").asText()).isEqualTo("REFUNDED");
        assertThat(message.path("reason").asText()).contains("not requested here");
    }

    @Test
    void notificationThatDoesNotMatchItsRefundGoesToTheErrorEndpoint() throws Exception {
        JsonNode order = paidOrder(100000);
        JsonNode failed = json(refund(refundRequest(order, 91269)).body());
        String syssn = "20261126" + String.valueOf(System.nanoTime()).substring(0, 12);
        String body = refundNotification(failed.path("out_trade_no").asText(), "1", order.path("syssn").asText(), syssn);

        assertThat(notify(body, sign(body)).body()).isEqualTo("SUCCESS");

        await().atMost(Duration.ofSeconds(10)).until(() -> getMockEndpoint("mock:error").getExchanges().stream()
                .anyMatch(e -> e.getMessage().getBody(String.class).contains(syssn)));
        assertThat(messagesFor("mock:refunded", failed.path("refund_id").asText())).isEmpty();
    }

    private List<JsonNode> messagesAbout(String outTradeNo) {
        return messagesWhere("mock:refunded", "out_trade_no", outTradeNo);
    }

    private List<JsonNode> messagesWithSyssn(String syssn) {
        return messagesWhere("mock:refunded", "syssn", syssn);
    }

    private static String refundNotification(String outTradeNo, String txamt, String origssn) {
        return refundNotification(outTradeNo, txamt, origssn, "20261126" + String.valueOf(System.nanoTime()).substring(0, 12));
    }

    /** A refund notification as QFPay serialises it (Python-style separators), naming the refund's own ids. */
    private static String refundNotification(String outTradeNo, String txamt, String origssn, String syssn) {
        return "{\"status\": \"1\", \"pay_type\": \"805814\", \"sysdtm\": \"2026-11-26 12:00:01\", "
                + "\"paydtm\": \"2026-11-26 12:00:01\", \"goods_name\": \"\", \"txcurrcd\": \"HKD\", "
                + "\"txdtm\": \"2026-11-26 12:00:00\", \"txamt\": \"" + txamt + "\", \"out_trade_no\": \"" + outTradeNo
                + "\", \"syssn\": \"" + syssn + "\", \"origssn\": \"" + origssn + "\", \"cancel\": \"0\", "
                + "\"respcd\": \"0000\", \"notify_type\": \"refund\"}";
    }
}

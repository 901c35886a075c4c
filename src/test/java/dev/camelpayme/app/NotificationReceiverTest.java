package dev.camelpayme.app;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * POST /payme/notify as QFPay calls it: signed over the raw body (Python-style JSON, as in QFPay's samples), with
 * signatures computed here independently. Valid, forged, replayed, mismatched, late, and seen-first-by-query
 * notifications.
 */
class NotificationReceiverTest extends PaymeRouteTestSupport {

    @Test
    void validNotificationIsAnsweredSuccessAndRoutedAsPaid() throws Exception {
        JsonNode created = json(postOrder(order(newOrderId("N"), 2500)).body());
        String body = notification(created, "2500", "HKD");

        HttpResponse<String> answer = notify(body, sign(body));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("SUCCESS");
        JsonNode paid = awaitDelivered("mock:paid", created.path("order_id").asText());
        assertThat(paid.path("outcome").asText()).isEqualTo("PAID");
        assertThat(paid.path("syssn").asText()).isEqualTo(created.path("syssn").asText());
        assertThat(paid.has("late")).isFalse();
    }

    @Test
    void shopperPaysAndTheSandboxNotificationIsAcknowledgedAndRoutedAsPaid() {
        JsonNode created = json(postOrder(order(newOrderId("N"), 3100)).body());

        sandbox().markPaid(created.path("out_trade_no").asText());

        JsonNode paid = awaitDelivered("mock:paid", created.path("order_id").asText());
        assertThat(paid.path("outcome").asText()).isEqualTo("PAID");
        await().atMost(Duration.ofSeconds(5)).until(() -> sandbox().notifications(created.path("syssn").asText())
                .stream().anyMatch(n -> n.acknowledged()));
    }

    @Test
    void lowerCaseSignatureIsAccepted() throws Exception {
        JsonNode created = json(postOrder(order(newOrderId("N"), 2600)).body());
        String body = notification(created, "2600", "HKD");

        assertThat(notify(body, sign(body).toLowerCase()).body()).isEqualTo("SUCCESS");
        awaitDelivered("mock:paid", created.path("order_id").asText());
    }

    @Test
    void forgedOrReserialisedNotificationIsRefusedAndRoutedNowhere() throws Exception {
        JsonNode created = json(postOrder(order(newOrderId("N"), 2700)).body());
        String body = notification(created, "2700", "HKD");
        String compact = body.replace("\", \"", "\",\"").replace("\": \"", "\":\"");

        assertThat(notify(body, sign(body.replace("2700", "270"))).statusCode()).isEqualTo(401);
        assertThat(notify(compact, sign(body)).statusCode()).as("re-serialised body").isEqualTo(401);
        assertThat(notify(body, null).statusCode()).as("no signature").isEqualTo(401);

        awaitEarlierNotificationsRouted();
        assertThat(outcomesFor(created.path("order_id").asText(), "mock:paid")).isEmpty();
    }

    @Test
    void replayedNotificationIsAnsweredSuccessAndRoutedOnce() throws Exception {
        JsonNode created = json(postOrder(order(newOrderId("N"), 2800)).body());
        String body = notification(created, "2800", "HKD");

        assertThat(notify(body, sign(body)).body()).isEqualTo("SUCCESS");
        assertThat(notify(body, sign(body)).body()).isEqualTo("SUCCESS");
        assertThat(notify(body, sign(body)).body()).isEqualTo("SUCCESS");

        awaitDelivered("mock:paid", created.path("order_id").asText());
        awaitEarlierNotificationsRouted();
        assertThat(outcomesFor(created.path("order_id").asText(), "mock:paid")).hasSize(1);
    }

    @Test
    void amountThatDoesNotMatchTheOrderGoesToTheErrorEndpoint() throws Exception {
        JsonNode created = json(postOrder(order(newOrderId("N"), 2900)).body());
        String body = notification(created, "1", "HKD");

        assertThat(notify(body, sign(body)).body()).isEqualTo("SUCCESS");

        await().atMost(Duration.ofSeconds(5)).until(() -> getMockEndpoint("mock:error").getExchanges().stream()
                .anyMatch(e -> e.getMessage().getBody(String.class).contains(created.path("syssn").asText())));
        assertThat(outcomesFor(created.path("order_id").asText(), "mock:paid")).isEmpty();
    }

    @Test
    void paymentSeenFirstByQueryIsNotRoutedAgainByItsNotification() throws Exception {
        String orderId = newOrderId("N");
        postOrder(order(orderId, 91143));
        JsonNode paidByQuery = awaitDelivered("mock:paid", orderId);
        assertThat(paidByQuery.path("outcome").asText()).isEqualTo("PAID");
        String body = notification(paidByQuery, "91143", "HKD");

        assertThat(notify(body, sign(body)).body()).isEqualTo("SUCCESS");

        // QFPay notified too when its record turned paid: that notification is answered before the check below
        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox().notifications(paidByQuery.path("syssn").asText())
                .stream().anyMatch(n -> n.acknowledged()));
        awaitEarlierNotificationsRouted();
        assertThat(outcomesFor(orderId, "mock:paid")).as("the query's PAID only").hasSize(1);
    }

    @Test
    void paymentAfterTheOrderExpiredIsRoutedAsPaidFlaggedLate() throws Exception {
        String orderId = newOrderId("N");
        postOrder(order(orderId, 90001));
        JsonNode expired = awaitDelivered("mock:expired", orderId);
        assertThat(expired.path("outcome").asText()).isEqualTo("EXPIRED");
        String body = notification(expired, "90001", "HKD");

        assertThat(notify(body, sign(body)).body()).isEqualTo("SUCCESS");

        JsonNode late = awaitDelivered("mock:paid", orderId);
        assertThat(late.path("outcome").asText()).isEqualTo("PAID");
        assertThat(late.path("late").asBoolean()).isTrue();
        assertThat(late.path("reason").asText()).contains("refund");
        JsonNode repeat = json(postOrder(order(orderId, 90001)).body());
        assertThat(repeat.path("outcome").asText()).as("the stored outcome").isEqualTo("PAID");
        assertThat(repeat.path("late").asBoolean()).as("stored as late").isTrue();
    }

    /** A payment notification as QFPay serialises it: one line, Python's ", " and ": " separators. */
    private static String notification(JsonNode order, String txamt, String txcurrcd) {
        return "{\"status\": \"1\", \"pay_type\": \"805814\", \"sysdtm\": \"2026-01-01 12:00:01\", "
                + "\"paydtm\": \"2026-01-01 12:01:30\", \"goods_name\": \"\", \"txcurrcd\": \"" + txcurrcd + "\", "
                + "\"txdtm\": \"" + order.path("txdtm").asText() + "\", \"txamt\": \"" + txamt + "\", "
                + "\"out_trade_no\": \"" + order.path("out_trade_no").asText() + "\", "
                + "\"syssn\": \"" + order.path("syssn").asText() + "\", \"cancel\": \"0\", \"respcd\": \"0000\", "
                + "\"notify_type\": \"payment\", \"some_new_field\": \"tolerated\"}";
    }

    /**
     * Routes a valid notification of a fresh order and waits for its PAID, and until routing has nothing in flight:
     * notifications are routed from one queue, in order, by one consumer, so whatever the notifications answered
     * before this one put there has been routed too.
     */
    private void awaitEarlierNotificationsRouted() throws Exception {
        JsonNode later = json(postOrder(order(newOrderId("N"), 2400)).body());
        String body = notification(later, "2400", "HKD");
        assertThat(notify(body, sign(body)).body()).isEqualTo("SUCCESS");
        awaitDelivered("mock:paid", later.path("order_id").asText());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> context.getInflightRepository().size("payme-notify-routing") == 0);
    }

    private JsonNode awaitDelivered(String endpoint, String orderId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !outcomesFor(orderId, endpoint).isEmpty());
        return outcomesFor(orderId, endpoint).get(0);
    }
}

package dev.camelpayme.app;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stored notification is the outbox: when handing it on to the routing queue fails after it was kept, it is not
 * lost. QFPay's resend hands it on (it is answered SUCCESS only then), or the notification sweeper does after the
 * lease; either way it is routed once.
 */
class NotificationOutboxTest extends PaymeRouteTestSupport {

    private final AtomicBoolean brokerRefusesNext = new AtomicBoolean();
    private boolean woven;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("payme.sandbox.notify-url", "", "payme.store.lease-ms", "2000",
                "payme.store.sweep-interval-ms", "200");
    }

    @BeforeEach
    void breakTheHandOverOnDemand() throws Exception {
        if (!woven) {
            woven = true;
            AdviceWith.adviceWith(context, "payme-notification-hand-on", a -> a.weaveByToUri("jms:*")
                    .before().process(e -> {
                        if (brokerRefusesNext.getAndSet(false)) {
                            throw new IllegalStateException("the broker refused the message");
                        }
                    }));
        }
    }

    @Test
    void aNotificationWhoseHandOverFailedIsRoutedByQfpaysResend() throws Exception {
        JsonNode created = json(postOrder(order(newOrderId("O"), 2500)).body());
        String body = notification(created);
        brokerRefusesNext.set(true);

        assertThat(notify(body, sign(body)).statusCode()).as("QFPay hears no SUCCESS, so it sends again").isNotEqualTo(200);
        assertThat(notify(body, sign(body)).body()).isEqualTo("SUCCESS");

        JsonNode paid = awaitPaid(created);
        assertThat(paid.path("outcome").asText()).isEqualTo("PAID");
        assertRoutedOnceAfterMoreSweeps(created, body);
    }

    @Test
    void aNotificationWhoseHandOverFailedIsRoutedByTheSweeper() throws Exception {
        JsonNode created = json(postOrder(order(newOrderId("O"), 2600)).body());
        String body = notification(created);
        brokerRefusesNext.set(true);

        assertThat(notify(body, sign(body)).statusCode()).isNotEqualTo(200);

        awaitPaid(created);
        assertRoutedOnceAfterMoreSweeps(created, body);
    }

    private JsonNode awaitPaid(JsonNode created) {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> !outcomesFor(created.path("order_id").asText(), "mock:paid").isEmpty());
        return outcomesFor(created.path("order_id").asText(), "mock:paid").get(0);
    }

    /** A further resend is answered SUCCESS and, like the sweeps that follow, routes nothing more. */
    private void assertRoutedOnceAfterMoreSweeps(JsonNode created, String body) throws Exception {
        NotifyBuilder sweeps = new NotifyBuilder(context).fromRoute("payme-notification-sweep").whenCompleted(15).create();
        assertThat(notify(body, sign(body)).body()).isEqualTo("SUCCESS");
        assertThat(sweeps.matches(20, TimeUnit.SECONDS)).as("the sweeper ran past the lease").isTrue();
        assertThat(outcomesFor(created.path("order_id").asText(), "mock:paid")).hasSize(1);
    }

    private static String notification(JsonNode order) {
        return "{\"status\": \"1\", \"pay_type\": \"805814\", \"sysdtm\": \"2026-01-01 12:00:01\", "
                + "\"paydtm\": \"2026-01-01 12:01:30\", \"txcurrcd\": \"HKD\", \"txdtm\": \"" + order.path("txdtm").asText()
                + "\", \"txamt\": \"" + order.path("txamt").asText() + "\", \"out_trade_no\": \""
                + order.path("out_trade_no").asText() + "\", \"syssn\": \"" + order.path("syssn").asText()
                + "\", \"cancel\": \"0\", \"respcd\": \"0000\", \"notify_type\": \"payment\"}";
    }
}

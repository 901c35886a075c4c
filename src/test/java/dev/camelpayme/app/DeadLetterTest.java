package dev.camelpayme.app;

import java.io.IOException;

import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JMS order whose outcome cannot be delivered (the success endpoint keeps failing) is retried a bounded number
 * of times, then parked on the dead-letter queue as it was received, with the reason; QFPay saw one attempt only.
 */
class DeadLetterTest extends PaymeRouteTestSupport {

    @Test
    void poisonMessageEndsOnTheDeadLetterQueueWithTheOriginalBodyAndTheReason() throws Exception {
        AdviceWith.adviceWith(context, "payme-outcome-endpoint", route -> route
                .weaveByToString(".*created-uri.*").replace().throwException(new IOException("disk full")));
        String order = order("dlq-1", 1700);

        template.sendBody("jms:queue:payme.orders", order);

        Exchange dead = consumer.receive("jms:queue:payme.orders.DLQ", 15_000);
        assertThat(dead).as("a message on the dead-letter queue").isNotNull();
        assertThat(dead.getMessage().getBody(String.class)).isEqualTo(order);
        assertThat(dead.getMessage().getHeader("PaymeFailureReason", String.class)).contains("disk full");
        assertThat(paymentsSentFor("dlq-1")).hasSize(1);
    }
}

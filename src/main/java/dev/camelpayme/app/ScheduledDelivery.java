package dev.camelpayme.app;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Parks a message on the broker until a time: Artemis holds a message whose {@code _AMQ_SCHED_DELIVERY} property is
 * a time (epoch milliseconds) until then, persistently. One static JMS endpoint serves every delay this way; a
 * {@code toD} with the delay as the endpoint's {@code deliveryDelay} would create an endpoint and a producer for
 * every distinct (jittered) delay.
 */
public final class ScheduledDelivery {

    /** Artemis's scheduled-delivery property, as its JMS client reads it from a message property. */
    public static final String HEADER = "_AMQ_SCHED_DELIVERY";

    private ScheduledDelivery() {
    }

    /** Schedules the message for now plus the milliseconds in {@code delayHeader} (none or negative: at once). */
    public static void fromDelayIn(Exchange exchange, String delayHeader) {
        Message message = exchange.getMessage();
        long delay = Math.max(0L, message.getHeader(delayHeader, 0L, Long.class));
        message.setHeader(HEADER, System.currentTimeMillis() + delay);
    }
}

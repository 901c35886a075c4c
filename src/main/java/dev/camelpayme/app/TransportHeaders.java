package dev.camelpayme.app;

import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Removes the headers a message picked up on its way (HTTP, JMS, file, QFPay's answer) so they never travel on to
 * QFPay, an outcome endpoint or a reply. Camel's own redelivery state stays: without it a failing message would be
 * retried forever instead of reaching the dead-letter queue.
 */
public final class TransportHeaders {

    private static final Set<String> KEPT = Set.of(Exchange.REDELIVERED, Exchange.REDELIVERY_COUNTER,
            Exchange.REDELIVERY_MAX_COUNTER);

    private TransportHeaders() {
    }

    public static void clear(Message message) {
        message.getHeaders().keySet().removeIf(name -> !KEPT.contains(name));
    }
}

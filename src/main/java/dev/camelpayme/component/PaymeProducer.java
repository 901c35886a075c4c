package dev.camelpayme.component;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/** Runs the endpoint's operation. Synchronous and without I/O: it only validates, signs or verifies. */
public class PaymeProducer extends DefaultProducer {

    private final OperationHandler handler;

    PaymeProducer(PaymeEndpoint endpoint, OperationHandler handler) {
        super(endpoint);
        this.handler = handler;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        handler.handle(exchange);
    }
}

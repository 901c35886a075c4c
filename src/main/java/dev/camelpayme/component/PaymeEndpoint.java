package dev.camelpayme.component;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Prepares, validates and signs QFPay open API requests for PayMe online payments (web 805814, WAP 805812), and
 * verifies QFPay's asynchronous notifications. No network I/O: send the result with an HTTP endpoint.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "payme", title = "PayMe (QFPay)", syntax = "payme:operation",
             producerOnly = true, remote = false, category = { Category.FINANCE },
             headersClass = PaymeConstants.class)
public class PaymeEndpoint extends DefaultEndpoint {

    @UriPath(description = "The operation: payment, query or refund (validate and sign a request), sign (sign "
                           + "arbitrary flat form fields) or notification (verify a notification).",
             enums = "payment,query,refund,sign,notification")
    @Metadata(required = true)
    private final PaymeOperation operation;

    @UriParam
    private final PaymeConfiguration configuration;

    public PaymeEndpoint(String uri, PaymeComponent component, PaymeOperation operation,
                         PaymeConfiguration configuration) {
        super(uri, component);
        this.operation = operation;
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() throws Exception {
        configuration.validate(true);
        return new PaymeProducer(this, handlerFor(operation));
    }

    // one small class per operation; the endpoint only picks it
    private OperationHandler handlerFor(PaymeOperation op) {
        return switch (op) {
            case payment -> new PaymentHandler(configuration);
            case query -> new QueryHandler(configuration);
            case refund -> new RefundHandler(configuration);
            case sign -> new SignHandler(configuration);
            case notification -> new NotificationHandler(configuration);
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        throw new UnsupportedOperationException("The payme component has no consumer: it only prepares requests");
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        configuration.validate(true);
    }

    public PaymeOperation getOperation() {
        return operation;
    }

    public PaymeConfiguration getConfiguration() {
        return configuration;
    }
}

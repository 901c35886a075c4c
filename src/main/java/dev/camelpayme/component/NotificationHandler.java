package dev.camelpayme.component;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code payme:notification}: verifies an asynchronous notification against the raw body bytes (reference §6.2), then
 * replaces the body with the parsed fields. Unknown fields are kept: QFPay may add fields at any time.
 */
final class NotificationHandler implements OperationHandler {

    private final NotificationVerifier verifier;
    private final String clientKey;

    NotificationHandler(PaymeConfiguration configuration) {
        this.clientKey = configuration.effectiveClientKey();
        this.verifier = new NotificationVerifier(clientKey);
    }

    @Override
    public void handle(Exchange exchange) {
        Message message = exchange.getMessage();
        String signature = message.getHeader(PaymeConstants.SIGN, String.class);
        if (signature == null || signature.isBlank()) {
            throw new PaymeSignatureException(PaymeSignatureException.MISSING);
        }
        RequestChecks checks = new RequestChecks("notification", clientKey);
        byte[] raw = RequestInput.bytes(message, checks);
        checks.throwIfAny();
        if (!verifier.verify(raw, signature)) {
            throw new PaymeSignatureException(PaymeSignatureException.MISMATCH);
        }
        String text = RequestInput.decode(raw, checks);
        Map<String, Object> fields = text == null ? null : RequestInput.parseObject(text, checks);
        checks.throwIfAny();

        // parseObject returns a fresh LinkedHashMap: it becomes the body as it is
        message.setBody(fields);
        setIfPresent(message, PaymeConstants.NOTIFY_TYPE, fields.get("notify_type"));
        setIfPresent(message, PaymeConstants.SYSSN, fields.get("syssn"));
        setIfPresent(message, PaymeConstants.OUT_TRADE_NO, fields.get("out_trade_no"));
    }

    private static void setIfPresent(Message message, String header, Object value) {
        if (value != null) {
            message.setHeader(header, String.valueOf(value));
        } else {
            // a stale value from earlier in the route must not pass for this notification's
            message.removeHeader(header);
        }
    }
}

package dev.camelpayme.component;

import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;

/**
 * A flat JSON request of an application's own, read exactly as {@code payme:} reads its orders: at most 1 MiB, strict
 * UTF-8, duplicate field names and trailing text refused, bounded nesting and number length, unknown field names
 * listed printably and briefly. The application adds its own rules with {@link #check}; every violation goes into
 * one list, capped like payme:'s own (at most 20 listed, the rest counted), and {@link #throwIfAny()} throws them
 * together as a {@link PaymeValidationException}.
 */
public final class JsonRequest {

    static final String SCALAR_RULE = "must be text or a number";

    private final Map<String, Object> fields;
    private final RequestChecks checks;

    private JsonRequest(Map<String, Object> fields, RequestChecks checks) {
        this.fields = fields;
        this.checks = checks;
    }

    /**
     * Reads the message body (JSON text, bytes, a stream, a Map...) as a JSON object.
     *
     * @param subject     what the request is called in the message, e.g. {@code refund request}
     * @param kind        what its fields are called for an unknown one, e.g. {@code refund}: "is not a known refund
     *                    field"
     * @param knownFields the field names it may have
     * @throws PaymeValidationException at once if the body is not a JSON object within the limits
     */
    public static JsonRequest read(Exchange exchange, String subject, String kind, Set<String> knownFields) {
        RequestChecks checks = new RequestChecks(subject, null);
        Map<String, Object> fields = RequestInput.fields(exchange, checks);
        checks.throwIfAny();
        checks.rejectUnknown(fields, knownFields, kind);
        return new JsonRequest(fields, checks);
    }

    /**
     * The field as text: a string as it is, a number in its decimal form; null if absent or JSON null. Anything else
     * (true, an object, a list) is a violation, and null.
     */
    public String scalar(String field) {
        Object value = fields.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof CharSequence || value instanceof Number) {
            return value.toString();
        }
        checks.add(field, SCALAR_RULE);
        return null;
    }

    /** Records a violation of the field unless the rule holds. */
    public void check(boolean holds, String field, String rule) {
        if (!holds) {
            checks.add(field, rule);
        }
    }

    /** Throws every violation so far, the list capped, if there is any. */
    public void throwIfAny() {
        checks.throwIfAny();
    }
}

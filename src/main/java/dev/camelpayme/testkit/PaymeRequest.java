package dev.camelpayme.testkit;

import java.util.Map;

/**
 * One request the sandbox received from the route under test, for assertions.
 *
 * @param method         HTTP method, e.g. {@code POST}
 * @param path           e.g. {@code /trade/v1/payment}
 * @param fields         the decoded form fields, in the order sent (a value equal to the client key is stored as
 *                       {@code ***})
 * @param signatureValid whether {@code X-QF-SIGN} was the right signature of these fields under the configured key
 * @param httpStatus     the HTTP status the sandbox answered
 * @param respcd         the {@code respcd} it answered, or {@code null} when the answer had none
 */
public record PaymeRequest(String method, String path, Map<String, String> fields, boolean signatureValid,
        int httpStatus, String respcd) {

    public PaymeRequest {
        fields = Map.copyOf(fields);
    }

    /** A form field, or {@code null} when the request did not carry it. */
    public String field(String name) {
        return fields.get(name);
    }
}

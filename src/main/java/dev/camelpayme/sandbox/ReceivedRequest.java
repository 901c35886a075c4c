package dev.camelpayme.sandbox;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request the sandbox received, as recorded for tests and people ({@link QfpaySandbox#requests()}).
 *
 * @param method     HTTP method, e.g. {@code POST}
 * @param path       request path without query string, e.g. {@code /trade/v1/payment}
 * @param headers    every header received; {@code X-QF-APPCODE}, {@code X-QF-SIGN}, {@code X-QF-SIGNTYPE} and
 *                   {@code Content-Type} under those canonical names, the others as the JDK server names them
 * @param form       decoded form fields in body order (empty for non-form requests). A field named {@code key} or
 *                   {@code client_key}, or any value equal to the client key, is stored as {@value #REDACTED}.
 * @param httpStatus the HTTP status the sandbox answered (or is about to answer, for a slow answer)
 * @param respcd     the top-level {@code respcd} answered, or {@code null} when the answer carried none (HTTP errors,
 *                   non-JSON bodies, sandbox pages)
 * @param time       when the request was received, from the sandbox clock
 */
public record ReceivedRequest(String method, String path, Map<String, String> headers, Map<String, String> form,
        int httpStatus, String respcd, Instant time) {

    /** Replacement stored for values that must never be kept (the client key). */
    public static final String REDACTED = "***";

    public ReceivedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        form = Collections.unmodifiableMap(new LinkedHashMap<>(form));
        Objects.requireNonNull(time, "time");
    }

    /** A recorded header, looked up case-insensitively. */
    public Optional<String> header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.ofNullable(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** A decoded form field, or {@code null} when absent. */
    public String field(String name) {
        return form.get(name);
    }
}

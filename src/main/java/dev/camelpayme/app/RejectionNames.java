package dev.camelpayme.app;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.StreamCache;

/**
 * How a rejected order or refund is named, in its outcome file and its log line: after its id when that id can be
 * read and is a plain one (1 to 64 of {@code A-Za-z0-9._-}), and {@code unreadable-<UTC time>-<n>} otherwise, so that
 * nothing of an unreadable input ever reaches a file name or the log.
 */
public final class RejectionNames {

    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_PEEK_BYTES = 64 * 1024;
    /** With milliseconds, a restart does not reuse a name. */
    private static final DateTimeFormatter UNREADABLE_TIME
            = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final AtomicLong UNREADABLE_COUNT = new AtomicLong();

    private RejectionNames() {
    }

    public static boolean isPlain(String id) {
        return id != null && PLAIN_ID.matcher(id).matches();
    }

    /** {@code prefix<id>}, or {@code prefix}unreadable-<UTC time>-<n> when the id is missing or not plain. */
    public static String of(String prefix, String id) {
        return isPlain(id) ? prefix + id : prefix + "unreadable-" + UNREADABLE_TIME.format(Instant.now()) + "-"
                + UNREADABLE_COUNT.incrementAndGet();
    }

    /** Best effort: a top-level text field of the rejected request in the body, if it is a plain id; else null. */
    public static String peek(Exchange exchange, String field) {
        Object body = exchange.getMessage().getBody();
        Object value = null;
        if (body instanceof Map<?, ?> map) {
            value = map.get(field);
        } else if (body != null) {
            byte[] bytes = exchange.getContext().getTypeConverter().tryConvertTo(byte[].class, exchange, body);
            if (body instanceof StreamCache cache) {
                // read to its end by the conversion: the next reader (a second peek, the outcome) starts over
                cache.reset();
            }
            value = bytes == null || bytes.length > MAX_PEEK_BYTES ? null
                    : textField(new String(bytes, StandardCharsets.UTF_8), field);
        }
        return value instanceof String text && isPlain(text) ? text : null;
    }

    private static String textField(String json, String field) {
        try {
            JsonNode node = PaymeJson.MAPPER.readTree(json).path(field);
            return node.isTextual() ? node.asText() : null;
        } catch (java.io.IOException | RuntimeException notJson) {
            return null;
        }
    }
}

package dev.camelpayme.component;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.StreamCache;

/**
 * Turns a message body into the fields of a request: a {@link PaymentOrder}, a {@link Map}, JSON text, UTF-8 bytes or
 * a stream of them; anything else goes through the exchange's type converter to String. Problems are recorded as
 * violations of the field {@code body}.
 */
final class RequestInput {

    static final String BODY = "body";
    /** Requests and notifications are small; this bounds the memory one bad message can take. */
    static final int MAX_BYTES = 1024 * 1024;

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private RequestInput() {
    }

    /** The fields of the request, or null with a violation recorded. */
    static Map<String, Object> fields(Exchange exchange, RequestChecks checks) {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        if (body instanceof PaymentOrder order) {
            return MAPPER.convertValue(order, MAPPER.getTypeFactory().constructMapType(LinkedHashMap.class,
                    String.class, Object.class));
        }
        if (body instanceof Map<?, ?> map) {
            return copyOf(map, checks);
        }
        if (body == null || body instanceof String || body instanceof byte[] || body instanceof InputStream) {
            byte[] bytes = body instanceof String ? null : bytes(message, checks);
            if (checks.hasViolations()) {
                return null;
            }
            String text = body instanceof String s ? s : decode(bytes, checks);
            return text == null ? null : parseObject(text, checks);
        }
        String text = exchange.getContext().getTypeConverter().convertTo(String.class, exchange, body);
        if (text == null) {
            checks.add(BODY, "must be a JSON object, a Map or a PaymentOrder");
            return null;
        }
        return parseObject(text, checks);
    }

    /**
     * The body's raw bytes: a byte[] as is, a String as UTF-8, a stream read fully (and kept as byte[] so it can be
     * read again). Null with a violation if empty or too large.
     */
    static byte[] bytes(Message message, RequestChecks checks) {
        Object body = message.getBody();
        byte[] bytes;
        if (body == null) {
            bytes = new byte[0];
        } else if (body instanceof byte[] b) {
            bytes = b;
        } else if (body instanceof String s) {
            bytes = s.getBytes(StandardCharsets.UTF_8);
        } else if (body instanceof InputStream stream) {
            bytes = readAll(stream, checks);
            if (bytes == null) {
                return null;
            }
            if (stream instanceof StreamCache cache) {
                cache.reset();
            } else {
                message.setBody(bytes);
            }
        } else {
            bytes = message.getBody(byte[].class);
            if (bytes == null) {
                checks.add(BODY, "must be bytes, text or a stream");
                return null;
            }
        }
        if (bytes.length == 0) {
            checks.add(BODY, "must not be empty");
            return null;
        }
        if (bytes.length > MAX_BYTES) {
            checks.add(BODY, "must not be larger than " + MAX_BYTES + " bytes");
            return null;
        }
        return bytes;
    }

    private static byte[] readAll(InputStream stream, RequestChecks checks) {
        try {
            return stream.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            checks.add(BODY, "could not be read (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    /** Strict UTF-8: malformed bytes are a violation, never silently replaced. */
    static String decode(byte[] bytes, RequestChecks checks) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            checks.add(BODY, "must be valid UTF-8");
            return null;
        }
    }

    /** A JSON object as an ordered map, or null with a violation. */
    static Map<String, Object> parseObject(String text, RequestChecks checks) {
        String json = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (json.isBlank()) {
            checks.add(BODY, "must not be empty");
            return null;
        }
        Object parsed;
        try {
            parsed = MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            // position only: the parser's own message may quote the input
            JsonLocation at = e.getLocation();
            checks.add(BODY, "must be well-formed JSON without repeated field names"
                             + (at == null ? "" : " (problem at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
            return null;
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            checks.add(BODY, "must be a JSON object");
            return null;
        }
        return copyOf(map, checks);
    }

    private static Map<String, Object> copyOf(Map<?, ?> map, RequestChecks checks) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String name)) {
                checks.add(BODY, "must use text field names");
                return null;
            }
            copy.put(name, entry.getValue());
        }
        return copy;
    }
}

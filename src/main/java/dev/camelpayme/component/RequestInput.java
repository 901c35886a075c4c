package dev.camelpayme.component;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.StreamCache;
import org.apache.camel.WrappedFile;

/**
 * Turns a message body into the fields of a request: a {@link PaymentOrder}, a {@link Map}, JSON text, UTF-8 bytes or
 * a stream of them (also a {@link Reader}, a file); anything else goes through the exchange's type converter to
 * String. Problems are recorded as violations of the field {@code body}.
 * <p>
 * Limits: a body is at most {@value #MAX_BYTES} bytes, and streams, readers and files are read no further than that;
 * JSON nests at most {@value #MAX_DEPTH} levels and holds numbers of at most {@value #MAX_NUMBER_LENGTH} characters;
 * a field name appears once.
 */
final class RequestInput {

    static final String BODY = "body";
    /** Requests and notifications are small; this bounds the memory one bad message can take. */
    static final int MAX_BYTES = 1024 * 1024;
    /** Requests and notifications are flat objects; this keeps a hostile body from exhausting the stack. */
    static final int MAX_DEPTH = 64;
    static final int MAX_NUMBER_LENGTH = 1000;

    static final String TOO_LARGE_RULE = "must not be larger than " + MAX_BYTES + " bytes";
    static final String EMPTY_RULE = "must not be empty";
    static final String DEPTH_RULE = "must not nest arrays or objects more than " + MAX_DEPTH + " levels deep";
    static final String DUPLICATE_RULE = "must not appear more than once";

    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    // Jackson's wording for a repeated name (stable since 2.3): the only part of its messages that is used
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.*)'", Pattern.DOTALL);

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
        String text;
        if (body instanceof CharSequence chars) {
            text = withinLimit(chars, checks) ? chars.toString() : null;
        } else if (body == null || body instanceof byte[] || isStreamLike(body)) {
            byte[] bytes = bytes(message, checks);
            text = bytes == null ? null : decode(bytes, checks);
        } else {
            text = convert(exchange, String.class, body);
            if (text == null) {
                checks.add(BODY, "must be a JSON object, a Map or a PaymentOrder");
                return null;
            }
            if (!withinLimit(text, checks)) {
                return null;
            }
        }
        return text == null ? null : parseObject(text, checks);
    }

    /**
     * The body's raw bytes: a byte[] as is, text as UTF-8, a stream, reader or file read up to the limit (a stream is
     * kept as byte[] so it can be read again). Null with a violation if empty, too large or unreadable.
     */
    static byte[] bytes(Message message, RequestChecks checks) {
        Object body = message.getBody();
        byte[] bytes;
        if (body == null) {
            bytes = new byte[0];
        } else if (body instanceof byte[] b) {
            bytes = b;
        } else if (body instanceof CharSequence chars) {
            if (!withinLimit(chars, checks)) {
                return null;
            }
            bytes = chars.toString().getBytes(StandardCharsets.UTF_8);
        } else if (body instanceof InputStream stream) {
            try {
                bytes = readAll(stream, checks);
            } finally {
                if (stream instanceof StreamCache cache) {
                    cache.reset();
                }
            }
            if (bytes == null) {
                return null;
            }
            if (!(stream instanceof StreamCache)) {
                message.setBody(bytes);
            }
        } else if (body instanceof Reader reader) {
            String text = readAll(reader, checks);
            if (text == null) {
                return null;
            }
            message.setBody(text);
            bytes = text.getBytes(StandardCharsets.UTF_8);
        } else if (body instanceof File || body instanceof Path || body instanceof WrappedFile<?>) {
            bytes = readFile(message.getExchange(), body, checks);
            if (bytes == null) {
                return null;
            }
        } else {
            bytes = convert(message.getExchange(), byte[].class, body);
            if (bytes == null) {
                checks.add(BODY, "must be bytes, text or a stream");
                return null;
            }
        }
        if (bytes.length == 0) {
            checks.add(BODY, EMPTY_RULE);
            return null;
        }
        if (bytes.length > MAX_BYTES) {
            checks.add(BODY, TOO_LARGE_RULE);
            return null;
        }
        return bytes;
    }

    private static boolean isStreamLike(Object body) {
        return body instanceof InputStream || body instanceof Reader || body instanceof File || body instanceof Path
               || body instanceof WrappedFile<?>;
    }

    /** Whether the text's UTF-8 form fits the limit, counted without encoding it; a violation if not. */
    private static boolean withinLimit(CharSequence text, RequestChecks checks) {
        int length = text.length();
        // every char is at least one byte, and at most three (a surrogate pair, two chars, is four)
        if (length > MAX_BYTES || (length > MAX_BYTES / 3 && utf8Length(text) > MAX_BYTES)) {
            checks.add(BODY, TOO_LARGE_RULE);
            return false;
        }
        return true;
    }

    /** The length of the text's UTF-8 form, counted without encoding it. */
    static long utf8Length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    private static byte[] readAll(InputStream stream, RequestChecks checks) {
        try {
            byte[] bytes = stream.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                checks.add(BODY, TOO_LARGE_RULE);
                return null;
            }
            return bytes;
        } catch (IOException | RuntimeException e) {
            // the exception's message may quote the input: its type only
            checks.add(BODY, "could not be read (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    private static String readAll(Reader reader, RequestChecks checks) {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        try {
            for (int n; (n = reader.read(buffer)) != -1;) {
                text.append(buffer, 0, n);
                if (text.length() > MAX_BYTES) {
                    checks.add(BODY, TOO_LARGE_RULE);
                    return null;
                }
            }
        } catch (IOException | RuntimeException e) {
            checks.add(BODY, "could not be read (" + e.getClass().getSimpleName() + ")");
            return null;
        }
        return withinLimit(text, checks) ? text.toString() : null;
    }

    /** A file (java.io.File, Path, or Camel's file message) read no further than the limit. */
    private static byte[] readFile(Exchange exchange, Object body, RequestChecks checks) {
        Object file = body instanceof WrappedFile<?> wrapped ? wrapped.getFile() : body;
        Path path = file instanceof File f ? f.toPath() : file instanceof Path p ? p : null;
        try (InputStream in = path != null ? Files.newInputStream(path) : convert(exchange, InputStream.class, body)) {
            if (in == null) {
                checks.add(BODY, "must be bytes, text or a stream");
                return null;
            }
            return readAll(in, checks);
        } catch (IOException | RuntimeException e) {
            checks.add(BODY, "could not be read (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    /** The type converter's answer, or null when it has none or fails (its messages may quote the body). */
    private static <T> T convert(Exchange exchange, Class<T> type, Object body) {
        try {
            return exchange.getContext().getTypeConverter().tryConvertTo(type, exchange, body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Strict UTF-8: malformed bytes are a violation, never silently replaced. */
    static String decode(byte[] bytes, RequestChecks checks) {
        try {
            return decodeStrictUtf8(bytes);
        } catch (CharacterCodingException e) {
            checks.add(BODY, "must be valid UTF-8");
            return null;
        }
    }

    /**
     * The bytes as UTF-8 text, never silently replacing anything.
     *
     * @throws CharacterCodingException if the bytes are not valid UTF-8
     */
    static String decodeStrictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    /** The text without a leading byte order mark, if it has one. */
    static String withoutBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** A JSON object as an ordered map, or null with a violation. */
    static Map<String, Object> parseObject(String text, RequestChecks checks) {
        String json = withoutBom(text);
        if (json.isBlank()) {
            checks.add(BODY, EMPTY_RULE);
            return null;
        }
        Object parsed;
        try {
            parsed = MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            StreamConstraintsException limit = constraintOf(e);
            if (limit != null) {
                checks.add(BODY, limitRule(limit));
                return null;
            }
            Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
            if (duplicate.find()) {
                checks.addNamed(duplicate.group(1), DUPLICATE_RULE);
            }
            // position only: the parser's own message may quote the input
            JsonLocation at = e.getLocation();
            checks.add(BODY, "must be well-formed JSON without repeated field names"
                             + (at == null ? "" : " (problem at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
            return null;
        } catch (RuntimeException e) {
            // e.g. a number Java cannot represent (1E-2147483648): still a problem of the body, never a crash
            checks.add(BODY, "must be well-formed JSON with numbers Java can represent");
            return null;
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            checks.add(BODY, "must be a JSON object");
            return null;
        }
        return copyOf(map, checks);
    }

    private static StreamConstraintsException constraintOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException limit) {
                return limit;
            }
        }
        return null;
    }

    // Jackson names the limit only in its message; the wording is ours, the input never quoted
    private static String limitRule(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("nesting depth")) {
            return DEPTH_RULE;
        }
        if (message.startsWith("Number")) {
            return "must not hold numbers longer than " + MAX_NUMBER_LENGTH + " characters";
        }
        return "must stay within the JSON parser's limits";
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

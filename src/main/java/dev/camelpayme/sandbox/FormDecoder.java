package dev.camelpayme.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Decodes an {@code application/x-www-form-urlencoded} UTF-8 body: split on {@code &}, then on the first {@code =}. */
final class FormDecoder {

    /** The body is not a well-formed form. */
    static final class MalformedFormException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedFormException(String message) {
            super(message, null, false, false);
        }
    }

    private FormDecoder() {
    }

    /**
     * Decoded fields in body order. Empty segments ({@code a=1&&b=2}, a trailing {@code &}) are skipped; a segment
     * without {@code =} is a field with an empty value.
     *
     * @throws MalformedFormException on a bad percent escape, an empty name or a repeated name
     */
    static Map<String, String> decode(String body) throws MalformedFormException {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return fields;
        }
        for (String segment : body.split("&", -1)) {
            if (segment.isEmpty()) {
                continue;
            }
            int eq = segment.indexOf('=');
            String name = decodePart(eq < 0 ? segment : segment.substring(0, eq));
            String value = eq < 0 ? "" : decodePart(segment.substring(eq + 1));
            if (name.isEmpty()) {
                throw new MalformedFormException("form field with an empty name");
            }
            if (fields.putIfAbsent(name, value) != null) {
                throw new MalformedFormException("form field '" + name + "' is repeated");
            }
        }
        return fields;
    }

    private static String decodePart(String part) throws MalformedFormException {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MalformedFormException("bad percent-encoding in the form body");
        }
    }
}

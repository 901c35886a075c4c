package dev.camelpayme.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The bytes of a notification and their signature, written from the QFPay reference (§6.2, vector N1) and
 * deliberately not shared with the application's verifier.
 * <p>
 * The body is JSON as Python's {@code json.dumps(d)} writes it with its defaults: one line, {@code ", "} between
 * members and {@code ": "} between name and value, non-ASCII characters escaped as {@code \}{@code uXXXX} (lower-case
 * hex, surrogate pairs above U+FFFF), {@code /} not escaped. That is deliberately not Jackson's compact style, so a
 * receiver that parses and re-serialises the JSON before checking the signature fails, as it would against QFPay.
 * <p>
 * The signature is the upper-case hex MD5 of the exact body bytes followed by the UTF-8 bytes of the client key. The
 * key is fed to the digest separately and never becomes part of a string that could be logged.
 */
final class NotificationBody {

    private NotificationBody() {
    }

    /** A flat object of string values, in the map's iteration order, serialised as Python's {@code json.dumps}. */
    static String pythonJson(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder(512).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            string(sb, e.getKey());
            sb.append(": ");
            string(sb, e.getValue());
        }
        return sb.append('}').toString();
    }

    /** Upper-case hex MD5 of {@code body} followed by the key's UTF-8 bytes (reference §6.2). */
    static String sign(byte[] body, String clientKey) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(body);
            md.update(clientKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks MD5", e);
        }
    }

    /** Python's {@code ensure_ascii} string encoding. */
    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                case '\b':
                    sb.append("\\b");
                    break;
                case '\f':
                    sb.append("\\f");
                    break;
                default:
                    if (c >= 0x20 && c <= 0x7e) {
                        sb.append(c);
                    } else {
                        // a Java char is a UTF-16 unit, so characters above U+FFFF come out as surrogate pairs
                        sb.append(String.format("\\u%04x", (int) c));
                    }
            }
        }
        sb.append('"');
    }
}

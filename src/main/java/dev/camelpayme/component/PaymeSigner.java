package dev.camelpayme.component;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Signs QFPay open API requests (reference §2). Plain Java, usable without Camel, thread-safe.
 * <ol>
 * <li>null and empty values are dropped: neither sent nor signed;</li>
 * <li>names are sorted by ordinal order ({@link String#compareTo});</li>
 * <li>{@code name=value} pairs are joined with {@code &}, values raw (not URL-encoded);</li>
 * <li>the client key is appended directly, with no separator;</li>
 * <li>the UTF-8 bytes are hashed with MD5 or SHA-256 and written as upper-case hex.</li>
 * </ol>
 * Fields named {@code key} or {@code client_key}, and values that contain the client key, are rejected: the key must
 * never travel in a request body (reference §9.7).
 */
public final class PaymeSigner {

    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final int MAX_SCALE = 100;

    private final String clientKey;
    private final byte[] clientKeyBytes;
    private final SignType signType;

    /**
     * @throws IllegalArgumentException if the key is null or blank, or the sign type is null
     */
    public PaymeSigner(String clientKey, SignType signType) {
        if (clientKey == null || clientKey.isBlank()) {
            throw new IllegalArgumentException("PayMe client key must not be empty");
        }
        this.clientKey = clientKey;
        this.clientKeyBytes = clientKey.getBytes(StandardCharsets.UTF_8);
        this.signType = Objects.requireNonNull(signType, "signType");
    }

    public SignType signType() {
        return signType;
    }

    /** Returns the signature (upper-case hex) of the given form fields. */
    public String sign(Map<String, ?> fields) {
        return signRequest(fields).signature();
    }

    /**
     * Signs the form fields and returns what to send.
     *
     * @throws PaymeValidationException if a name is not a plain field name, a value is nested, contains control
     *                                  characters or the client key, or a field is named {@code key}/{@code client_key}
     */
    public SignedRequest signRequest(Map<String, ?> fields) {
        return signRequest(fields, "request");
    }

    SignedRequest signRequest(Map<String, ?> fields, String subject) {
        Objects.requireNonNull(fields, "fields");
        SortedMap<String, String> sorted = new TreeMap<>();
        RequestChecks checks = new RequestChecks(subject, clientKey);
        for (Map.Entry<String, ?> entry : fields.entrySet()) {
            String name = entry.getKey();
            if (name == null || RequestChecks.label(name, clientKey).isBlank()) {
                checks.addNamed(name, RequestChecks.BLANK_NAME_RULE);
            } else if (name.contains(clientKey)) {
                checks.addNamed(name, RequestChecks.KEY_RULE);
            } else if (!FIELD_NAME.matcher(name).matches()) {
                checks.addNamed(name, "is not a valid field name (1 to 64 letters, digits or '_')");
            } else if (isKeyName(name)) {
                checks.add(name, "must not be sent: the client key never goes into a request");
            } else {
                String value = valueOf(name, entry.getValue(), checks);
                if (value != null && !value.isEmpty()) {
                    sorted.put(name, value);
                }
            }
        }
        checks.throwIfAny();
        Map<String, String> signed = Collections.unmodifiableSortedMap(sorted);
        return new SignedRequest(signed, digest(canonical(signed)), signType);
    }

    static String canonical(Map<String, String> sortedFields) {
        StringJoiner joined = new StringJoiner("&");
        sortedFields.forEach((name, value) -> joined.add(name + "=" + value));
        return joined.toString();
    }

    private String digest(String canonical) {
        MessageDigest md = messageDigest(signType.algorithm());
        md.update(canonical.getBytes(StandardCharsets.UTF_8));
        md.update(clientKeyBytes);
        return HEX.formatHex(md.digest());
    }

    private String valueOf(String name, Object value, RequestChecks checks) {
        String text;
        if (value == null) {
            return null;
        } else if (value instanceof CharSequence || value instanceof Character || value instanceof Boolean
                || value instanceof Enum<?>) {
            text = value.toString();
        } else if (value instanceof BigDecimal decimal) {
            // 1e999999999 is a short input but a billion digits written out
            if (Math.abs((long) decimal.scale()) > MAX_SCALE) {
                checks.add(name, "must be a number of at most " + MAX_SCALE
                                 + " digits before or after the decimal point");
                return null;
            }
            text = decimal.toPlainString();
        } else if ((value instanceof Double d && !Double.isFinite(d)) || (value instanceof Float f && !Float.isFinite(f))) {
            checks.add(name, "must be a finite number");
            return null;
        } else if (value instanceof Number) {
            text = value.toString();
        } else if (value instanceof Map<?, ?> || value instanceof Iterable<?> || value.getClass().isArray()) {
            checks.add(name, "must be a single value, not a nested object or list");
            return null;
        } else {
            checks.add(name, "must be text, a number or a boolean");
            return null;
        }
        if (hasControlCharacter(text)) {
            checks.add(name, RequestChecks.CONTROL_RULE);
            return null;
        }
        if (hasUnpairedSurrogate(text)) {
            // it would be sent and signed as '?', which is not what the caller gave
            checks.add(name, RequestChecks.UNICODE_RULE);
            return null;
        }
        if (!text.isEmpty() && text.contains(clientKey)) {
            checks.add(name, RequestChecks.KEY_RULE);
            return null;
        }
        return text;
    }

    static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    static boolean isKeyName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("key") || lower.equals("client_key");
    }

    static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    static MessageDigest messageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            // MD5 and SHA-256 are mandatory in every Java platform
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    @Override
    public String toString() {
        return "PaymeSigner[signType=" + signType + "]";
    }
}

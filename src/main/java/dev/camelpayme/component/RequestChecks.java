package dev.camelpayme.component;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.camelpayme.component.PaymeValidationException.Violation;

/**
 * Collects every rule a request breaks, so the caller learns all problems at once. Field values never go into a
 * violation, only field names and rules.
 */
final class RequestChecks {

    static final DateTimeFormatter DATE_TIME
            = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    static final String DATE_TIME_RULE = "must be a real date and time in the format yyyy-MM-dd HH:mm:ss";
    static final String AMOUNT_RULE = "must be a positive whole number of at most 11 digits";
    static final String CONTROL_RULE = "must not contain control characters";

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private final String subject;
    private final List<Violation> violations = new ArrayList<>();

    RequestChecks(String subject) {
        this.subject = subject;
    }

    void add(String field, String rule) {
        violations.add(new Violation(field, rule));
    }

    boolean hasViolations() {
        return !violations.isEmpty();
    }

    void throwIfAny() {
        if (!violations.isEmpty()) {
            throw new PaymeValidationException(subject, violations);
        }
    }

    void rejectUnknown(Map<String, Object> input, Set<String> known, String what) {
        for (String name : input.keySet()) {
            if (!known.contains(name)) {
                add(name, "is not a known " + what + " field");
            }
        }
    }

    /** Text value, or null if absent or empty. Non-text values and control characters are violations. */
    String text(Map<String, Object> input, String field) {
        Object value = input.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof CharSequence)) {
            add(field, "must be text");
            return null;
        }
        String text = value.toString();
        if (text.isEmpty()) {
            return null;
        }
        if (PaymeSigner.hasControlCharacter(text)) {
            add(field, CONTROL_RULE);
            return null;
        }
        return text;
    }

    /** Like {@link #matching}, but an absent or empty value is a violation too. */
    String requiredMatching(Map<String, Object> input, String field, Pattern pattern, String rule) {
        if (isAbsent(input, field)) {
            add(field, "is required");
            return null;
        }
        return matching(input, field, pattern, rule);
    }

    /** Text matching the pattern, or null (absent, or a violation recorded). */
    String matching(Map<String, Object> input, String field, Pattern pattern, String rule) {
        String text = text(input, field);
        if (text != null && !pattern.matcher(text).matches()) {
            add(field, rule);
            return null;
        }
        return text;
    }

    /**
     * A whole number given as a JSON integer or a string of digits, returned as its canonical decimal string, or null
     * if absent. Decimals, booleans, signs and letters are violations.
     */
    String wholeNumber(Map<String, Object> input, String field, long min, long max, int maxDigits, String rule) {
        Object value = input.get(field);
        if (value == null || (value instanceof CharSequence cs && cs.isEmpty())) {
            return null;
        }
        String digits;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            digits = value.toString();
        } else if (value instanceof CharSequence cs) {
            digits = cs.toString();
        } else {
            add(field, rule);
            return null;
        }
        if (!DIGITS.matcher(digits).matches() || digits.length() > maxDigits) {
            add(field, rule);
            return null;
        }
        BigInteger number = new BigInteger(digits);
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            add(field, rule);
            return null;
        }
        return number.toString();
    }

    /** txamt: required, 1 to 99999999999 minor units. */
    String amount(Map<String, Object> input, String field) {
        if (isAbsent(input, field)) {
            add(field, "is required");
            return null;
        }
        return wholeNumber(input, field, 1, 99_999_999_999L, 11, AMOUNT_RULE);
    }

    /** A yyyy-MM-dd HH:mm:ss date-time, or null if absent or invalid. */
    LocalDateTime dateTime(Map<String, Object> input, String field) {
        String text = text(input, field);
        return text == null ? null : parseDateTime(field, text);
    }

    LocalDateTime parseDateTime(String field, String text) {
        try {
            return LocalDateTime.parse(text, DATE_TIME);
        } catch (DateTimeParseException e) {
            add(field, DATE_TIME_RULE);
            return null;
        }
    }

    /** An absolute http(s) URL of at most maxLength characters, or null. */
    String url(Map<String, Object> input, String field, int maxLength) {
        String text = text(input, field);
        if (text == null) {
            return null;
        }
        String rule = "must be an absolute http or https URL of at most " + maxLength + " characters";
        if (text.length() > maxLength) {
            add(field, rule);
            return null;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getHost().isEmpty()) {
                add(field, rule);
                return null;
            }
        } catch (URISyntaxException e) {
            add(field, rule);
            return null;
        }
        return text;
    }

    static boolean isAbsent(Map<String, Object> input, String field) {
        Object value = input.get(field);
        return value == null || (value instanceof CharSequence cs && cs.isEmpty());
    }

    static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}

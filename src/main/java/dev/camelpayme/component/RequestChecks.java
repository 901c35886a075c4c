package dev.camelpayme.component;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
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
    /** Names the unit, because "25.00" for HK$25.00 is the mistake a newcomer makes. */
    static final String AMOUNT_RULE = "must be a whole number of cents, for example 2500 for HK$25.00 (at most 11 digits)";
    static final String CONTROL_RULE = "must not contain control characters";
    static final String UNICODE_RULE = "must be valid Unicode text (no unpaired surrogates)";
    static final String BLANK_NAME_RULE = "must not have a field with a blank name";
    static final String KEY_RULE = "must not contain the client key";
    static final String UDID_RULE = "must be at most 40 printable characters";
    /** How many violations are listed; the rest are counted in one last violation, so one message stays short. */
    static final int MAX_VIOLATIONS = 20;
    /** What stands for the client key where an input field name contained it. */
    static final String REDACTED = "xxxxxx";

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private final String subject;
    private final String secret;
    private final List<Violation> violations = new ArrayList<>();
    private int notListed;

    /**
     * @param secret the client key: where a field name taken from the input contains it, the violation shows
     *               {@value #REDACTED} instead
     */
    RequestChecks(String subject, String secret) {
        this.subject = subject;
        this.secret = secret == null || secret.isEmpty() ? null : secret;
    }

    void add(String field, String rule) {
        if (violations.size() < MAX_VIOLATIONS) {
            violations.add(new Violation(field, rule));
        } else {
            notListed++;
        }
    }

    /**
     * Adds a violation of a field whose name comes from the input: the name is shown without the client key, escaped
     * and shortened as in {@link PaymeValidationException#printable}; a name that shows blank is reported as a body
     * problem.
     */
    void addNamed(String name, String rule) {
        String label = name == null ? "" : label(name, secret);
        if (label.isBlank()) {
            add(RequestInput.BODY, BLANK_NAME_RULE);
        } else {
            add(label, rule);
        }
    }

    /** The name as a violation shows it: the secret replaced, control characters escaped, at most 64 characters. */
    static String label(String name, String secret) {
        String shown = secret == null || secret.isEmpty() ? name : name.replace(secret, REDACTED);
        return PaymeValidationException.printable(shown);
    }

    void throwIfAny() {
        if (!violations.isEmpty()) {
            List<Violation> all = new ArrayList<>(violations);
            if (notListed > 0) {
                all.add(new Violation(RequestInput.BODY, "has " + notListed + " more problems that are not listed"));
            }
            throw new PaymeValidationException(subject, all);
        }
    }

    void rejectUnknown(Map<String, Object> input, Set<String> known, String what) {
        for (String name : input.keySet()) {
            if (!known.contains(name)) {
                addNamed(name, "is not a known " + what + " field");
            }
        }
    }

    /** Whether the value contains the client key (which must never be sent or echoed). */
    boolean containsSecret(String value) {
        return secret != null && value != null && value.contains(secret);
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
        if (PaymeSigner.hasUnpairedSurrogate(text)) {
            add(field, UNICODE_RULE);
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
            if (PaymeSigner.hasControlCharacter(digits)) {
                add(field, CONTROL_RULE);
                return null;
            }
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

    /** udid as given, or null if absent; a violation if longer than 40 characters or not printable. */
    String udid(Map<String, Object> input) {
        String udid = text(input, "udid");
        if (udid != null && (udid.codePointCount(0, udid.length()) > 40 || !isPrintable(udid))) {
            add("udid", UDID_RULE);
        }
        return udid;
    }

    /** An absolute http(s) URL of at most maxLength characters, or null. */
    String url(Map<String, Object> input, String field, int maxLength) {
        String text = text(input, field);
        if (text == null) {
            return null;
        }
        String rule = "must be an absolute http or https URL of at most " + maxLength + " characters";
        // invisible characters (zero-width, bidirectional overrides...) have no business in a URL
        if (text.length() > maxLength || !isPrintable(text)) {
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

    /** No control, format, surrogate, private-use, unassigned or line/paragraph separator code points. */
    static boolean isPrintable(String text) {
        return text.codePoints().allMatch(cp -> switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        });
    }
}

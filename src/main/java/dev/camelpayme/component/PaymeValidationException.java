package dev.camelpayme.component;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A PayMe request or notification broke one or more rules. Every rule broken is listed, each as a field name and the
 * rule it breaks; the message names them all and never contains field values (so never the client key). Nothing is
 * signed or sent when this is thrown.
 * <p>
 * Field names that come from the input (an unknown or repeated field) are shown escaped (control characters as
 * <code>&#92;uXXXX</code>), cut to 64 characters and with the client key replaced by {@code xxxxxx}; a blank one is reported
 * as a problem of {@code body}. Problems of the whole input are reported as the field {@code body}. At most 20
 * violations are listed; a last one of {@code body} counts the rest.
 */
public class PaymeValidationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** One broken rule: the field (or {@code body}) and the rule text, e.g. {@code must be one of 805814, 805812}. */
    public record Violation(String field, String rule) implements Serializable {

        @Override
        public String toString() {
            return printable(field) + " " + rule;
        }
    }

    private final String subject;
    private final List<Violation> violations;

    /**
     * @param subject    what was checked, e.g. {@code payment request} or {@code notification}
     * @param violations at least one violation
     */
    public PaymeValidationException(String subject, List<Violation> violations) {
        super(message(subject, violations));
        this.subject = subject;
        this.violations = List.copyOf(violations);
    }

    public String getSubject() {
        return subject;
    }

    public List<Violation> getViolations() {
        return violations;
    }

    private static String message(String subject, List<Violation> violations) {
        return "Invalid PayMe " + subject + ": "
               + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }

    // Field names can come from untrusted input: keep log lines single-line and short.
    static String printable(String name) {
        if (name == null) {
            return "(null)";
        }
        String head = name.length() > 64 ? name.substring(0, 64) : name;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            boolean unpaired = Character.isHighSurrogate(c)
                    ? i + 1 >= head.length() || !Character.isLowSurrogate(head.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(head.charAt(i - 1)));
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || unpaired) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (head.length() < name.length()) {
            sb.append("...");
        }
        return sb.toString();
    }
}

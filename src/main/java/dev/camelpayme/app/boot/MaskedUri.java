package dev.camelpayme.app.boot;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.util.URISupport;

/**
 * An endpoint URI or JDBC URL fit for the log: the password of its user info and the value of every option whose name
 * looks secret (pass, secret, token, key, sign, auth, credential) become {@code xxxxxx}, in {@code ?a=b&c=d} and in
 * H2's {@code ;a=b} form alike.
 */
final class MaskedUri {

    static final String MASK = "xxxxxx";
    private static final Pattern OPTION = Pattern.compile("([?&;])([^=?&;]+)=(RAW\\([^)]*\\)|RAW\\{[^}]*}|[^&;]*)");
    private static final Pattern SECRET_NAME
            = Pattern.compile("(?i).*(pass|pwd|secret|token|key|sign|auth|credential).*");

    private MaskedUri() {
    }

    static String of(String uri) {
        if (uri == null) {
            return "";
        }
        // Camel's own masking first: user info and the options Camel knows are secret
        Matcher option = OPTION.matcher(URISupport.sanitizeUri(uri));
        StringBuilder masked = new StringBuilder();
        while (option.find()) {
            String replacement = SECRET_NAME.matcher(option.group(2)).matches()
                    ? option.group(1) + option.group(2) + "=" + MASK : option.group();
            option.appendReplacement(masked, Matcher.quoteReplacement(replacement));
        }
        return option.appendTail(masked).toString();
    }
}

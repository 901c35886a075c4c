package dev.camelpayme.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sandbox's own request-signature check, written from the QFPay reference (§2) and deliberately not shared with
 * the client's signer, so that a bug in either is caught by the other.
 * <p>
 * Rule: take the decoded form fields, sort them by name in ascending byte order, join {@code name=value} pairs with
 * {@code &} using the raw (decoded) values, append the client key with no separator, hash the UTF-8 bytes with MD5
 * (or SHA-256 when {@code X-QF-SIGNTYPE: SHA256}) and compare the hex digest with {@code X-QF-SIGN},
 * case-insensitively.
 * <p>
 * The key is fed to the digest separately and never becomes part of a string that could be logged.
 */
final class SignatureCheck {

    enum Algorithm {
        MD5("MD5"), SHA256("SHA-256");

        private final String jcaName;

        Algorithm(String jcaName) {
            this.jcaName = jcaName;
        }

        /**
         * The algorithm named by an {@code X-QF-SIGNTYPE} header: absent or empty means MD5 (as documented),
         * {@code MD5} and {@code SHA256} are accepted, anything else is {@code null} (unsupported).
         */
        static Algorithm fromHeader(String signType) {
            if (signType == null || signType.isBlank() || signType.trim().equals("MD5")) {
                return MD5;
            }
            if (signType.trim().equals("SHA256")) {
                return SHA256;
            }
            return null;
        }
    }

    private SignatureCheck() {
    }

    /** The signed string without the key: fields sorted by the UTF-8 bytes of their names, joined raw. */
    static String canonical(Map<String, String> fields) {
        List<String> names = new ArrayList<>(fields.keySet());
        names.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                b.getBytes(StandardCharsets.UTF_8)));
        StringBuilder sb = new StringBuilder();
        for (String name : names) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(name).append('=').append(fields.get(name));
        }
        return sb.toString();
    }

    /** Upper-case hex digest of {@code canonical + key}. */
    static String digest(String canonical, String key, Algorithm algorithm) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm.jcaName);
            md.update(canonical.getBytes(StandardCharsets.UTF_8));
            md.update(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + algorithm.jcaName, e);
        }
    }

    /** Whether {@code provided} (any hex case) is the signature of {@code fields} under {@code key}. */
    static boolean matches(Map<String, String> fields, String key, Algorithm algorithm, String provided) {
        if (provided == null) {
            return false;
        }
        byte[] expected = digest(canonical(fields), key, algorithm).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = provided.trim().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }
}

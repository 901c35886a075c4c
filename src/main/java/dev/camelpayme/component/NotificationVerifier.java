package dev.camelpayme.component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Verifies QFPay asynchronous notifications (reference §6.2): {@code X-QF-SIGN} = MD5 over the raw request body bytes
 * immediately followed by the client key's UTF-8 bytes. Verify the bytes exactly as received, before any parsing:
 * re-serialised JSON does not verify. Plain Java, usable without Camel, thread-safe.
 */
public final class NotificationVerifier {

    private final byte[] clientKey;

    /**
     * @throws IllegalArgumentException if the key is null or blank
     */
    public NotificationVerifier(String clientKey) {
        if (clientKey == null || clientKey.isBlank()) {
            throw new IllegalArgumentException("PayMe client key must not be empty");
        }
        this.clientKey = clientKey.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param  rawBody the notification body exactly as received
     * @param  xQfSign the {@code X-QF-SIGN} header value; hex in either case
     * @return         true if the signature matches; false if it does not, or if the body or header is missing
     */
    public boolean verify(byte[] rawBody, String xQfSign) {
        if (rawBody == null || xQfSign == null || xQfSign.isBlank()) {
            return false;
        }
        MessageDigest md5 = PaymeSigner.messageDigest(SignType.MD5.algorithm());
        md5.update(rawBody);
        md5.update(clientKey);
        byte[] expected = HexFormat.of().withUpperCase().formatHex(md5.digest()).getBytes(StandardCharsets.US_ASCII);
        byte[] given = xQfSign.trim().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        // constant time, so the comparison leaks nothing about how much of a forged signature was right
        return MessageDigest.isEqual(expected, given);
    }

    @Override
    public String toString() {
        return "NotificationVerifier[MD5]";
    }
}

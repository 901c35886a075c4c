package dev.camelpayme.app.checkout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.camelpayme.app.boot.OwnerOnlyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token of an order's checkout link: HMAC-SHA256 of its order_id under a secret only this application knows, so
 * that links cannot be made for other order ids and no table of tokens is needed.
 */
public final class CheckoutTokens {

    private static final Logger LOG = LoggerFactory.getLogger(CheckoutTokens.class);
    private static final String ALGORITHM = "HmacSHA256";
    private static final int SECRET_BYTES = 32;
    private static final int MIN_SECRET_CHARS = 32;

    private final SecretKeySpec key;

    public CheckoutTokens(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** The secret kept in {@code file}: generated there (owner-only) on the first start, read on every later one. */
    public static CheckoutTokens fromFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] bytes = new byte[SECRET_BYTES];
            new SecureRandom().nextBytes(bytes);
            OwnerOnlyFiles.writeSecret(file, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "\n");
            LOG.info("Generated the secret of the checkout links, kept in {}", file);
        }
        String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (secret.length() < MIN_SECRET_CHARS) {
            throw new IllegalStateException("The checkout secret in " + file + " is shorter than " + MIN_SECRET_CHARS
                    + " characters: delete it to have one generated, or write a longer random one");
        }
        return new CheckoutTokens(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The token of {@code orderId}'s link: 43 URL-safe characters. */
    public String tokenOf(String orderId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(orderId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Whether {@code token} is {@code orderId}'s, compared in constant time. */
    public boolean matches(String orderId, String token) {
        return token != null && MessageDigest.isEqual(tokenOf(orderId).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }
}

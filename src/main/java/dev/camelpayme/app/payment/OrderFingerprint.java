package dev.camelpayme.app.payment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.camelpayme.app.PaymeJson;

/**
 * What makes two submissions of one {@code order_id} the same order: a SHA-256 over the order's content as validated
 * and signed for QFPay (so {@code 2500} and {@code "2500"} are one amount, and an omitted {@code txcurrcd},
 * {@code pay_type} or {@code mchid} is the configured default it stands for), plus the {@code order_id}. It covers
 * {@code txamt}, {@code txcurrcd}, {@code pay_type}, {@code goods_name}, {@code expired_time}, {@code udid},
 * {@code return_url}, {@code mchid} and any signed field added later; it leaves out only {@link #NOT_CONTENT}.
 */
public final class OrderFingerprint {

    /**
     * Signed fields that are not the order's content: {@code out_trade_no} and {@code txdtm} are made afresh for every
     * attempt ({@code txdtm} is also the caller's send time, which a retry may stamp anew: that must not make it
     * another order), and {@code notify_url} is where QFPay reports, the merchant's plumbing rather than what is sold.
     */
    public static final Set<String> NOT_CONTENT = Set.of("out_trade_no", "txdtm", "notify_url");

    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() { };

    private OrderFingerprint() {
    }

    /** The fingerprint of an order submitted with these signed fields (the header CamelPaymeRequestFields). */
    public static String of(String orderId, Map<String, ?> signedFields) {
        Map<String, String> content = new TreeMap<>();
        signedFields.forEach((field, value) -> {
            if (value != null && !NOT_CONTENT.contains(field)) {
                content.put(field, String.valueOf(value));
            }
        });
        content.put("order_id", orderId);
        return sha256(PaymeJson.write(content));
    }

    /** The fingerprint of an attempt as the store recorded it (its signed fields as JSON); empty if unreadable. */
    public static Optional<String> ofRecorded(String orderId, String requestJson) {
        try {
            return Optional.ofNullable(PaymeJson.read(requestJson, FIELDS)).map(fields -> of(orderId, fields));
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}

package dev.camelpayme.component;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.camelpayme.component.PaymeValidationException.Violation;

/**
 * Makes {@code out_trade_no} values for payment attempts and refunds.
 * <p>
 * Scheme: {@code <id>-<suffix>}, where {@code id} is the merchant's order id (or refund id) and {@code suffix} is the
 * clock's epoch milliseconds in base 36 followed by 4 random base-36 characters from {@link SecureRandom}, e.g.
 * {@code ORDER-42-mwx3mzlz7q0k}.
 * <ul>
 * <li>Fresh per attempt: QFPay requires {@code out_trade_no} to be unique across every payment and refund of the
 * merchant, and an id must never be reused after a failure or timeout (reference §9.1), so every call returns a new
 * value.</li>
 * <li>Unique across restarts and instances: no counter or state is kept; the time part orders the ids and the random
 * part separates ids made in the same millisecond by different threads, JVMs or hosts.</li>
 * <li>The id is recoverable: the suffix contains no dash, so {@link #idOf(String)} cuts at the last dash.</li>
 * <li>At most 64 + 1 + 10 + 4 = 79 characters of {@code [A-Za-z0-9._-]} (the time part has 8 characters today and
 * 10 in the year 9999), within QFPay's limit of 128.</li>
 * </ul>
 */
public final class OutTradeNos {

    /** What an order id (or refund id) may look like: 1 to 64 characters of {@code [A-Za-z0-9._-]}. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** What an {@code out_trade_no} may look like: 1 to 128 characters of {@code [A-Za-z0-9._-]}. */
    public static final Pattern OUT_TRADE_NO = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    static final String ID_RULE = "must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'";
    static final String OUT_TRADE_NO_RULE = "must be 1 to 128 characters of A-Z, a-z, 0-9, '.', '_' or '-'";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int RANDOM_CHARS = 4;

    private OutTradeNos() {
    }

    /**
     * Returns a new {@code out_trade_no} for the given order id.
     *
     * @throws PaymeValidationException if the id does not match {@link #ID}
     */
    public static String next(String orderId, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        if (orderId == null || !ID.matcher(orderId).matches()) {
            throw new PaymeValidationException("order id", List.of(new Violation("order_id", ID_RULE)));
        }
        StringBuilder sb = new StringBuilder(orderId.length() + 14).append(orderId).append('-')
                .append(Long.toString(clock.millis(), 36));
        for (int i = 0; i < RANDOM_CHARS; i++) {
            sb.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return sb.toString();
    }

    /** Returns the order (or refund) id an {@code out_trade_no} made by {@link #next} was made for. */
    public static String idOf(String outTradeNo) {
        int dash = outTradeNo.lastIndexOf('-');
        if (dash <= 0) {
            throw new IllegalArgumentException("Not an out_trade_no made by OutTradeNos.next: no '-' separator");
        }
        return outTradeNo.substring(0, dash);
    }
}

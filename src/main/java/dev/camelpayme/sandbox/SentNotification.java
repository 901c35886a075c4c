package dev.camelpayme.sandbox;

import java.time.Instant;
import java.util.Objects;

/**
 * One delivery attempt of an asynchronous notification, as recorded by the sandbox
 * ({@link QfpaySandbox#notifications()}).
 *
 * @param notifyType   {@code payment} or {@code refund}
 * @param syssn        the notified transaction's {@code syssn} (for refunds the refund's own)
 * @param outTradeNo   the notified transaction's {@code out_trade_no} (for refunds the refund's own)
 * @param body         the exact body sent, one line of JSON in Python's style; the same for every attempt of one
 *                     notification (it is ASCII only, so its UTF-8 bytes are its characters)
 * @param signature    the {@code X-QF-SIGN} header sent: upper-case hex MD5 of the body bytes followed by the key
 * @param attempt      1 for the first delivery of this notification, counting up with every retry and every
 *                     {@linkplain QfpaySandbox#sendNotificationAgain(String) replay}
 * @param httpStatus   the receiver's HTTP status, or {@value #IO_ERROR} when no answer arrived (connection refused or
 *                     reset, timeout)
 * @param acknowledged whether the receiver answered HTTP 200 with the body {@code SUCCESS} (trimmed), which ends the
 *                     deliveries of this notification
 * @param time         when the attempt was sent, from the sandbox clock
 */
public record SentNotification(String notifyType, String syssn, String outTradeNo, String body, String signature,
        int attempt, int httpStatus, boolean acknowledged, Instant time) {

    /** {@link #httpStatus()} of an attempt that got no HTTP answer. */
    public static final int IO_ERROR = -1;

    public SentNotification {
        Objects.requireNonNull(notifyType, "notifyType");
        Objects.requireNonNull(syssn, "syssn");
        Objects.requireNonNull(outTradeNo, "outTradeNo");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(time, "time");
    }

    /** {@code true} for a payment notification. */
    public boolean isPayment() {
        return "payment".equals(notifyType);
    }

    /** {@code true} for a refund notification. */
    public boolean isRefund() {
        return "refund".equals(notifyType);
    }
}

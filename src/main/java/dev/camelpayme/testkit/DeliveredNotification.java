package dev.camelpayme.testkit;

/**
 * One notification the sandbox delivered, signed as QFPay signs it.
 *
 * @param notifyType   {@code payment} or {@code refund}
 * @param outTradeNo   the notified transaction's {@code out_trade_no}
 * @param syssn        the notified transaction's {@code syssn}
 * @param body         the exact JSON body sent
 * @param signature    the {@code X-QF-SIGN} header sent
 * @param httpStatus   the receiver's HTTP status, or -1 when no answer arrived
 * @param acknowledged whether the receiver answered HTTP 200 with the body {@code SUCCESS}
 */
public record DeliveredNotification(String notifyType, String outTradeNo, String syssn, String body,
        String signature, int httpStatus, boolean acknowledged) {
}

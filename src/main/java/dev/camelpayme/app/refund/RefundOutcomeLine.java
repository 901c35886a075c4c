package dev.camelpayme.app.refund;

import dev.camelpayme.app.RejectionNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per refund outcome, in the shape of the orders' lines however it was learned (the answer, a query, a
 * notification): {@code Refund A-1-r1 of order A-1 (A-1-r1-x7): REFUNDED respcd=0000 - reason}. A refund whose
 * refund_id could not be read is an "Unreadable refund", an order id that could not be read is left out, and a
 * refund never sent has "not sent" for its attempt.
 */
public final class RefundOutcomeLine {

    private static final Logger LOG = LoggerFactory.getLogger(RefundFlow.class);

    private RefundOutcomeLine() {
    }

    public static void log(RefundOutcome refund) {
        String refundId = refund.getRefundId();
        String orderId = refund.getOrderId();
        LOG.info("{}{} ({}): {} respcd={} - {}",
                RejectionNames.isPlain(refundId) ? "Refund " + refundId : "Unreadable refund",
                RejectionNames.isPlain(orderId) ? " of order " + orderId : "",
                refund.getOutTradeNo() == null ? "not sent" : refund.getOutTradeNo(), refund.getOutcome(),
                refund.getRespcd() == null ? "none" : refund.getRespcd(), refund.getReason());
    }
}

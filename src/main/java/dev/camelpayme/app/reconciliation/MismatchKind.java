package dev.camelpayme.app.reconciliation;

/** What can disagree between QFPay's records of a day and this store, and what to do about each. */
public enum MismatchKind {
    PAID_UNKNOWN_HERE("Find the order this payment belongs to, or refund it in QFPay's portal"),
    PAID_NOT_PAID_HERE("Ship the order: it was moved to PAID and its outcome delivered (late if it had ended unpaid)"),
    PAID_BEING_RECOVERED("Nothing yet: its recovery is querying QFPay now; check it is PAID tomorrow"),
    PAID_TWICE("Refund one of the two payments: the order was paid by two attempts"),
    AMOUNT_MISMATCH("Check the payment or refund with QFPay by hand: amount or currency differ; nothing was changed"),
    PAID_HERE_NOT_AT_QFPAY("Hold the order and check with QFPay: QFPay has no successful payment for it that day"),
    REFUND_MADE_ELSEWHERE("Tell the shop: refunded in QFPay's portal, now recorded here as REFUNDED and delivered"),
    REFUND_NOT_REFUNDED_HERE("Tell the shop: QFPay made this refund; it was moved to REFUNDED (late) and delivered"),
    REFUND_OF_UNKNOWN_PAYMENT("Check with QFPay by hand: a refund of a payment not known here"),
    REFUNDED_HERE_NOT_AT_QFPAY("Check with QFPay before refunding again: QFPay has no successful refund for it that day");

    private final String action;

    MismatchKind(String action) {
        this.action = action;
    }

    /** What an operator does about it. */
    public String action() {
        return action;
    }
}

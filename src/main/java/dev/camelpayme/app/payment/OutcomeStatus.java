package dev.camelpayme.app.payment;

/**
 * Where an order stands. Every order ends in exactly one final status; {@link #PENDING} is only the interim answer
 * given while the retry-query path is still polling.
 */
public enum OutcomeStatus {
    /** QFPay created the order and issued its pay_url; the shopper has not paid yet. */
    CREATED,
    /** A query record says the shopper paid. */
    PAID,
    /** The order failed validation and was never sent to QFPay. */
    REJECTED,
    /** A final QFPay code, or a transport failure. */
    FAILED,
    /** Still pending when polling reached its deadline. */
    EXPIRED,
    /** Interim: QFPay's answer is not final yet; the final outcome follows on the outcome endpoints. */
    PENDING
}

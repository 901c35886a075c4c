package dev.camelpayme.app.payment;

/**
 * Where a business order stands in the store. The interim states are shown to callers as {@link OutcomeStatus#PENDING};
 * the final ones as themselves. {@link PaymentEvent} is the table of every allowed move between them.
 */
public enum PaymentState {
    /** An attempt is being sent, or was being sent when its process died (then its lease runs out). */
    IN_FLIGHT(OutcomeStatus.PENDING),
    /** Parked for a later attempt or a query-first recovery. */
    WAITING(OutcomeStatus.PENDING),
    /** QFPay answered pending: polled with /trade/v1/query. */
    PENDING(OutcomeStatus.PENDING),
    /** QFPay created the order and its pay_url was handed out; nobody has paid yet. */
    CREATED(OutcomeStatus.CREATED),
    /** Terminal: a query record or a verified notification says the shopper paid. */
    PAID(OutcomeStatus.PAID),
    /** Ended unpaid: a final code, or no attempt could be made. Only a late payment or a new submission leaves it. */
    FAILED(OutcomeStatus.FAILED),
    /** Ended unpaid: the QR expired, or polling reached its deadline. Only a late payment or a new submission leaves it. */
    EXPIRED(OutcomeStatus.EXPIRED);

    private final OutcomeStatus status;

    PaymentState(OutcomeStatus status) {
        this.status = status;
    }

    /** How the outcome message names this state. */
    public OutcomeStatus status() {
        return status;
    }

    /** A QFPay order exists or may exist for it: a repeat must not create another. */
    public boolean isLive() {
        return this == WAITING || this == PENDING || this == CREATED || this == PAID;
    }

    /** Its outcome is delivered to the endpoint of its status (see {@link OutcomeStatus}). */
    public boolean isDelivered() {
        return status != OutcomeStatus.PENDING;
    }
}

package dev.camelpayme.app.refund;

/**
 * Where a refund stands in the store. {@link RefundEvent} is the table of every allowed move between these states;
 * an outcome message names REFUNDED as itself, FAILED and UNKNOWN as FAILED, and the others as PENDING.
 */
public enum RefundState {
    /** An attempt is being sent (or its process died; then the sweeper takes it over after the lease). */
    SENDING,
    /** Parked until its current attempt is queried. */
    WAITING,
    REFUNDED,
    /** QFPay refused it, or it was never made: it does not count against what is left to refund. */
    FAILED,
    /** Given up while its result was still unknown: it counts against what is left, until a person settles it. */
    UNKNOWN;

    /** Its outcome is final, stored, and delivered once. */
    public boolean isSettled() {
        return this == REFUNDED || this == FAILED || this == UNKNOWN;
    }
}

package dev.camelpayme.app.refund;

import java.util.EnumSet;
import java.util.Set;

import dev.camelpayme.app.store.LifecycleEvent;

import static dev.camelpayme.app.refund.RefundState.FAILED;
import static dev.camelpayme.app.refund.RefundState.REFUNDED;
import static dev.camelpayme.app.refund.RefundState.SENDING;
import static dev.camelpayme.app.refund.RefundState.UNKNOWN;
import static dev.camelpayme.app.refund.RefundState.WAITING;

/**
 * The life cycle of a refund: every event, the states it may happen in, and where it leads. Nothing changes a
 * refund's state except applying one of these through the store's compare-and-set; REFUNDED is never left, and
 * FAILED and UNKNOWN are left only when QFPay's notification shows the refund was made after all. The README's
 * "life of a refund" shows this table.
 */
public enum RefundEvent implements LifecycleEvent<RefundState> {
    //                from                              to
    /** Claimed once per refund_id, within what is left to refund: its first attempt is sent. */
    CLAIMED(none(), SENDING),
    /** A query showed the attempt did not happen: a further attempt with a fresh out_trade_no. */
    NEXT_ATTEMPT(of(SENDING), SENDING),
    /** QFPay's answer is pending or unknown: parked until its attempt is queried. */
    PARKED(of(SENDING), WAITING),
    /** Nobody carries it on (its process died mid-call, or its parked message was lost): parked for a query. */
    TAKEN_OVER(of(SENDING, WAITING), WAITING),
    /** The parked message that holds the refund's current version picks it up to query its attempt. */
    RESUMED(of(WAITING), SENDING),
    /** QFPay's answer, or the query of the attempt, says the refund was made. */
    REFUNDED_AT_QFPAY(of(SENDING), REFUNDED),
    /** A verified QFPay refund notification says it was made, while it was being sent or queried. */
    NOTIFIED_REFUNDED(of(SENDING, WAITING), REFUNDED),
    /** The one way out of a failed end: a verified notification says it was made anyway (delivered as late). */
    REFUNDED_LATE(of(FAILED, UNKNOWN), REFUNDED),
    /** QFPay refused it with a final code, or no attempt could be made. */
    FAILED_AT_QFPAY(of(SENDING), FAILED),
    /** Its result stayed unknown through every query: it still counts against what is left to refund. */
    GAVE_UP(of(SENDING), UNKNOWN);

    private final Set<RefundState> from;
    private final RefundState to;

    RefundEvent(Set<RefundState> from, RefundState to) {
        this.from = from;
        this.to = to;
    }

    @Override
    public Set<RefundState> from() {
        return from;
    }

    @Override
    public RefundState to() {
        return to;
    }

    private static Set<RefundState> of(RefundState first, RefundState... rest) {
        return Set.copyOf(EnumSet.of(first, rest));
    }

    private static Set<RefundState> none() {
        return Set.of();
    }
}

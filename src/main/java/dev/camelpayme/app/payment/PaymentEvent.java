package dev.camelpayme.app.payment;

import java.util.EnumSet;
import java.util.Set;

import dev.camelpayme.app.store.LifecycleEvent;

import static dev.camelpayme.app.payment.PaymentState.CREATED;
import static dev.camelpayme.app.payment.PaymentState.EXPIRED;
import static dev.camelpayme.app.payment.PaymentState.FAILED;
import static dev.camelpayme.app.payment.PaymentState.IN_FLIGHT;
import static dev.camelpayme.app.payment.PaymentState.PAID;
import static dev.camelpayme.app.payment.PaymentState.PENDING;
import static dev.camelpayme.app.payment.PaymentState.WAITING;

/**
 * The life cycle of a payment: every event, the states it may happen in, and where it leads. Nothing changes an
 * order's state except applying one of these through the store's compare-and-set; PAID is never left, and FAILED and
 * EXPIRED are left only by a late payment or a new submission. The README's "life of a payment" shows this table.
 */
public enum PaymentEvent implements LifecycleEvent<PaymentState> {
    //                from                                          to
    /** A first submission of the order: its first attempt is sent. */
    CLAIMED(none(), IN_FLIGHT),
    /** A new submission of an order that ended unpaid, its outcome delivered: a new attempt is sent. */
    RESUBMITTED(of(FAILED, EXPIRED), IN_FLIGHT),
    /** A further attempt with a fresh out_trade_no, by the flow holding the order. */
    NEXT_ATTEMPT(of(IN_FLIGHT), IN_FLIGHT),
    /** QFPay could not take the attempt now, or its result is unknown: parked for a retry or a query first. */
    PARKED(of(IN_FLIGHT), WAITING),
    /** Nobody carries the order on (its process died mid-call, or its parked message was lost): parked for a query first. */
    TAKEN_OVER(of(IN_FLIGHT, WAITING), WAITING),
    /** The parked message that holds the order's current version picks it up again. */
    RESUMED(of(WAITING), IN_FLIGHT),
    /** QFPay answered pending (or a lost poll is replaced): polled until the result is final. */
    POLL_PARKED(of(IN_FLIGHT, PENDING), PENDING),
    /** The poll message that holds the order's current version takes its turn. */
    POLLED(of(PENDING), PENDING),
    /** QFPay created the order: its pay_url is handed out. */
    CREATED_AT_QFPAY(of(IN_FLIGHT), CREATED),
    /** A query record (poll, recovery or tracking) says the shopper paid. */
    QUERIED_PAID(of(IN_FLIGHT, PENDING, CREATED), PAID),
    /** A verified QFPay notification says the shopper paid. */
    NOTIFIED_PAID(of(IN_FLIGHT, WAITING, PENDING, CREATED), PAID),
    /** The one way out of an unpaid end: a verified notification says the shopper paid anyway (stored as late). */
    PAID_LATE(of(FAILED, EXPIRED), PAID),
    /** A final code, a final unpaid record, attempts used up, or a result that stayed unknown. */
    FAILED_AT_QFPAY(of(IN_FLIGHT, PENDING), FAILED),
    /** The QR expired unpaid (final unpaid record), or the order's deadline passed. */
    EXPIRED_UNPAID(of(PENDING, CREATED), EXPIRED);

    private final Set<PaymentState> from;
    private final PaymentState to;

    PaymentEvent(Set<PaymentState> from, PaymentState to) {
        this.from = from;
        this.to = to;
    }

    @Override
    public Set<PaymentState> from() {
        return from;
    }

    @Override
    public PaymentState to() {
        return to;
    }

    /** The event that ends the flow with this final state, for the paths that learn it from QFPay's answers. */
    public static PaymentEvent reaching(OutcomeStatus status) {
        return switch (status) {
            case CREATED -> CREATED_AT_QFPAY;
            case PAID -> QUERIED_PAID;
            case EXPIRED -> EXPIRED_UNPAID;
            case FAILED -> FAILED_AT_QFPAY;
            default -> throw new IllegalArgumentException(status + " is not a final outcome");
        };
    }

    private static Set<PaymentState> of(PaymentState first, PaymentState... rest) {
        return Set.copyOf(EnumSet.of(first, rest));
    }

    private static Set<PaymentState> none() {
        return Set.of();
    }
}

package dev.camelpayme.app;

import dev.camelpayme.app.payment.PaymentOutcome;
import dev.camelpayme.app.qfpay.QfpayAnswers;
import dev.camelpayme.app.refund.RefundOutcome;
import dev.camelpayme.app.store.PaymentStore;

/**
 * The exchange variables the routes branch on, all of them. Variables, unlike headers, never travel with a message
 * to QFPay, to a JMS reply or to an HTTP response, which is why the flow's state lives here. The routes branch on the
 * store's answer (did the transition happen?) and on QFPay's answer, nothing else.
 */
public final class FlowVariables {

    /** The outcome being built on the payment routes: a {@link PaymentOutcome}. */
    public static final String OUTCOME = "paymeOutcome";
    /** The outcome being built on the refund routes: a {@link RefundOutcome}. */
    public static final String REFUND = "paymeRefund";
    /** What was paid for the order being refunded, for the refund's claim to check against. */
    public static final String PAID_AMOUNT = "paymeRefundPaid";
    /** The outcome's status name (CREATED, PAID, ..., PENDING while not final), set when its JSON is written. */
    public static final String OUTCOME_STATUS = "paymeOutcomeStatus";
    /** A file-name-safe name for the outcome message. */
    public static final String OUTCOME_NAME = "paymeOutcomeName";
    /**
     * The life-cycle event the store applied for this exchange, or {@link #REFUSED} when the table did not allow it
     * (the order moved on meanwhile: a notification paid it, another message owns it): the flow then stops.
     */
    public static final String TRANSITION = "paymeTransition";
    public static final String REFUSED = "REFUSED";
    /** The version of the order (or refund) this exchange holds: the one its outcome is delivered at. */
    public static final String VERSION = "paymeVersion";
    /** How a claim goes on: see {@link PaymentStore.Claim.Kind}, plus REDELIVER for a stored outcome to deliver again. */
    public static final String CLAIM = "paymeClaim";
    /** respcd of QFPay's answer to the call itself. */
    public static final String RESPCD = "paymeRespcd";
    /** respcd of the query record of the order being polled (its transaction status), when one was found. */
    public static final String RECORD_RESPCD = "paymeRecordRespcd";
    /** Why the call's result is unknown: timeout, refused connection, HTTP error status, a body that is not JSON. */
    public static final String TRANSPORT_ERROR = "paymeTransportError";
    /**
     * QFPay's answer to the attempt just made ({@link PaymentStore.AttemptAnswer}), recorded by the flow's next
     * transition in the same commit, then removed.
     */
    public static final String ATTEMPT_ANSWER = "paymeAttemptAnswer";
    /** RETRYABLE (the call never reached QFPay) or QUERY_FIRST (it may have): see {@link QfpayAnswers}. */
    public static final String TRANSPORT_CLASS = "paymeTransportClass";
    /** Poll state of the retry-query path. */
    public static final String POLL_ATTEMPT = "paymePollAttempt";
    public static final String POLL_DEADLINE = "paymePollDeadline";
    /** Queries made so far by a query-first recovery (of a payment or a refund). */
    public static final String QUERIES = "paymeRecoveryQueries";
    /** True when the message comes again after a failed try (JMS redelivery, the dead-letter channel's retry). */
    public static final String REDELIVERED = "paymeRedelivered";

    /** Where a kept notification goes: PAID, REFUND, MISMATCH, or DUPLICATE (nowhere). */
    public static final String NOTIFICATION_ROUTE = "paymeNotificationRoute";
    /** True when a verified notification must be handed on to routing (new, or kept but never handed on). */
    public static final String HAND_ON = "paymeHandOn";

    /** The JMS order as received, restored before each redelivery (the failed try may have changed the body). */
    public static final String RECEIVED = "paymeReceived";
    /** The raw bytes of a notification, exactly as QFPay signed them. */
    public static final String RAW_NOTIFICATION = "paymeRawNotification";
    /** Where the file intake moves a file once its order's outcome is written: the done or the failed folder. */
    public static final String ARCHIVE_DIR = "paymeArchiveDir";
    /** True when a query's window crosses into the adjacent month: that month is asked in a second call. */
    public static final String QUERY_SECOND_CALL = "paymeQuerySecondCall";
    /** The first month's answer of such a query, kept while the second month is asked. */
    public static final String QUERY_FIRST_ANSWER = "paymeQueryFirstAnswer";

    /** The daily reconciliation in progress (a ReconciliationRun): its day and QFPay's records read so far. */
    public static final String RECONCILIATION = "paymeReconciliation";
    /** True while the reconciliation has another page of QFPay's records to read. */
    public static final String RECONCILIATION_MORE = "paymeReconciliationMore";
    /** The payment outcomes a reconciliation settled PAID, to deliver (maps of outcome and version). */
    public static final String RECONCILED_PAYMENTS = "paymeReconciledPayments";
    /** The refund outcomes a reconciliation booked REFUNDED, to deliver (JSON). */
    public static final String RECONCILED_REFUNDS = "paymeReconciledRefunds";
    /** The reconciliation report as JSON, the answer of the run once its outcomes are delivered. */
    public static final String RECONCILIATION_REPORT = "paymeReconciliationReport";
    /** The reconciliation report as CSV, one line per mismatch. */
    public static final String RECONCILIATION_CSV = "paymeReconciliationCsv";

    private FlowVariables() {
    }
}

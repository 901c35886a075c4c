package dev.camelpayme.app;

/**
 * Exchange variables the routes share. Variables, unlike headers, never travel with a message to QFPay, to a JMS
 * reply or to an HTTP response, which is why the flow's state lives here.
 */
public final class FlowVariables {

    /** The {@link PaymentOutcome} being built for the current order. */
    public static final String OUTCOME = "paymeOutcome";
    /** The final (or interim) {@link OutcomeStatus} name, set when the outcome JSON is written. */
    public static final String OUTCOME_STATUS = "paymeOutcomeStatus";
    /** A file-name-safe name for the outcome message. */
    public static final String OUTCOME_NAME = "paymeOutcomeName";
    /** respcd of QFPay's answer to the call itself. */
    public static final String RESPCD = "paymeRespcd";
    /** respcd of the query record of the order being polled (its transaction status), when one was found. */
    public static final String RECORD_RESPCD = "paymeRecordRespcd";
    /** Why the call's result is unknown: timeout, refused connection, HTTP error status, a body that is not JSON. */
    public static final String TRANSPORT_ERROR = "paymeTransportError";
    /** RETRYABLE (the call never reached QFPay) or QUERY_FIRST (it may have): see {@link QfpayAnswers}. */
    public static final String TRANSPORT_CLASS = "paymeTransportClass";
    /** Poll state of the retry-query path. */
    public static final String POLL_ATTEMPT = "paymePollAttempt";
    public static final String POLL_DEADLINE = "paymePollDeadline";
    /** True when the order was settled by someone else (a notification) before it could be parked: nothing is sent. */
    public static final String SETTLED_ELSEWHERE = "paymeSettledElsewhere";

    private FlowVariables() {
    }
}

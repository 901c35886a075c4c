package dev.camelpayme.app.refund;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.app.FlowVariables;
import dev.camelpayme.app.PaymeJson;
import dev.camelpayme.app.RejectionNames;
import dev.camelpayme.app.TransportHeaders;
import dev.camelpayme.app.metrics.PaymeMetrics;
import dev.camelpayme.app.payment.PaymentFlow;
import dev.camelpayme.app.payment.PaymentOutcome;
import dev.camelpayme.app.payment.PaymentState;
import dev.camelpayme.app.qfpay.QfpayAnswers;
import dev.camelpayme.app.store.PaymentStore;
import dev.camelpayme.app.store.RefundStore.Claim;
import dev.camelpayme.app.store.RefundStore.Row;
import dev.camelpayme.app.store.RefundStore;
import dev.camelpayme.component.JsonRequest;
import dev.camelpayme.component.PaymeConstants;
import dev.camelpayme.component.PaymeValidationException.Violation;
import dev.camelpayme.component.PaymeValidationException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the refund routes ask: check a refund request against the paid order (never more than was paid), claim it
 * once per refund_id, read QFPay's answers, park it for a query whenever its result is unknown, and write its
 * outcome. A refund is never sent again before a query has shown that the previous attempt did not happen.
 */
public class RefundFlow {

    /** The refund's outcome under construction (a {@link RefundOutcome}); the others are {@link FlowVariables}. */
    static final String REFUND = FlowVariables.REFUND;
    static final String STATUS = FlowVariables.OUTCOME_STATUS;

    /** JMS properties of a parked refund. */
    public static final String REFUND_HEADER = "PaymeRefundId";
    public static final String QUERIES_HEADER = "PaymeRefundQueries";
    public static final String PARK_SEQ_HEADER = PaymentFlow.VERSION_HEADER;
    public static final String DELAY_HEADER = PaymentFlow.DELAY_HEADER;

    private static final int MAX_PARK_DOUBLINGS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(RefundFlow.class);
    private static final Set<String> FIELDS = Set.of("order_id", "syssn", "txamt", "refund_id");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern AMOUNT = Pattern.compile("[1-9][0-9]{0,10}");
    private static final String CONFLICT_RULE = "is already used by a refund of another order or amount: a repeat"
            + " must send the refund exactly as before, a new refund needs a refund_id of its own";

    /** What people can do about a refund QFPay refused (reference section 5.2 and 7.3). */
    private static final Map<String, String> ADVICE = Map.of(
            "1265", "refunds are refused between 23:30 and 00:30 (Hong Kong) and for promotion payments: try again "
                    + "after 00:30",
            "1269", "today's unsettled takings are smaller than the refund: try again when enough has been taken",
            "1270", "this currency does not support partial refunds: refund the full amount instead",
            "1271", "this payment does not support partial refunds: refund the full amount instead",
            "1272", "the refund exceeds what is left to refund of the payment: reconcile with QFPay",
            "1125", "the payment was already refunded: reconcile with QFPay",
            "1262", "the payment was already refunded: reconcile with QFPay",
            "1261", "the payment was not paid, so it cannot be refunded");

    private final PaymentStore orders;
    private final RefundStore refunds;
    private final int maxAttempts;
    private final int maxQueries;
    private final long delayMillis;
    private final long leaseMillis;

    public RefundFlow(PaymentStore orders, RefundStore refunds, int maxAttempts, int maxQueries, long delayMillis,
                      long leaseMillis) {
        this.leaseMillis = leaseMillis;
        this.orders = orders;
        this.refunds = refunds;
        this.maxAttempts = maxAttempts;
        this.maxQueries = maxQueries;
        this.delayMillis = delayMillis;
    }

    /** Checks a refund request against the paid order; the body becomes the fields of payme:refund. */
    public void prepare(Exchange exchange) throws SQLException {
        Message message = exchange.getMessage();
        // read as strictly as payme: reads orders: bounded, no repeated names or trailing text, violations capped
        JsonRequest request = JsonRequest.read(exchange, "refund request", "refund", FIELDS);
        String orderId = request.scalar("order_id");
        String syssn = request.scalar("syssn");
        String amount = request.scalar("txamt");
        String refundId = request.scalar("refund_id");
        request.check(orderId == null || ID.matcher(orderId).matches(), "order_id", "must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
        request.check(syssn == null || ID.matcher(syssn).matches(), "syssn", "must be the syssn of the payment");
        request.check(orderId != null || syssn != null, "order_id", "or syssn is required: the paid payment to refund");
        request.check(amount == null || AMOUNT.matcher(amount).matches(), "txamt", "must be a whole number of cents, for example 2500 for HK$25.00 (at most 11 digits)");
        request.check(refundId == null || ID.matcher(refundId).matches(), "refund_id", "must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
        request.throwIfAny();
        List<Violation> violations = new ArrayList<>();
        if (orderId == null) {
            orderId = orders.paidOrderWithSyssn(syssn).orElse(null);
            check(orderId != null, "syssn", "is not the syssn of a payment made and paid here", violations);
        }
        PaymentStore.Row order = orderId == null ? null : orders.find(orderId).orElse(null);
        PaymentOutcome paid = order == null || order.state() != PaymentState.PAID ? null
                : PaymeJson.read(order.outcome(), PaymentOutcome.class);
        check(violations.size() > 0 || paid != null, "order_id", "is not a paid order: only paid payments can be refunded", violations);
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        long paidAmount = Long.parseLong(paid.getTxamt());
        // a first look only: the claim checks again, atomically, so a concurrent refund can only make this REJECTED
        long txamt = amount != null ? Long.parseLong(amount) : defaultAmount(exchange, orderId, refundId, paidAmount);
        check(txamt > 0, "txamt", "is not given and nothing is left to refund of order " + orderId + ": all of its "
                + paidAmount + " is refunded or being refunded", violations);
        if (refundId == null) {
            // one refund of this amount per order, unless the caller names further ones with refund_id
            refundId = orderId + "-r" + txamt;
            check(refundId.length() <= 64, "refund_id", "is required when order_id is longer than 50 characters", violations);
        }
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        RefundOutcome refund = new RefundOutcome();
        refund.setRefundId(refundId);
        refund.setOrderId(orderId);
        refund.setOrigSyssn(paid.getSyssn());
        refund.setTxamt(String.valueOf(txamt));
        refund.setTxcurrcd(paid.getTxcurrcd());
        exchange.setVariable(REFUND, refund);
        exchange.setVariable(FlowVariables.PAID_AMOUNT, paidAmount);
        TransportHeaders.clear(message);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("syssn", paid.getSyssn());
        fields.put("txamt", String.valueOf(txamt));
        fields.put("refund_id", refundId);
        message.setBody(fields);
    }

    /**
     * Without txamt: what is still refundable. A repeat keeps its first amount, so that it meets its refund again: a
     * refund named by refund_id, or for a redelivered message the order's latest refund under a default refund_id.
     */
    private long defaultAmount(Exchange exchange, String orderId, String refundId, long paidAmount)
            throws SQLException {
        Optional<Row> repeat = Optional.empty();
        if (refundId != null) {
            repeat = refunds.find(refundId).filter(row -> row.orderId().equals(orderId));
        } else if (exchange.getVariable(FlowVariables.REDELIVERED, false, Boolean.class)) {
            repeat = refunds.findByOrder(orderId).stream()
                    .filter(row -> row.refundId().equals(orderId + "-r" + row.txamt()))
                    .reduce((earlier, later) -> later);
        }
        return repeat.isPresent() ? repeat.get().txamt() : paidAmount - refunds.refundedOf(orderId);
    }

    /** Claims the refund that payme:refund just signed; the variable paymeClaim says how to go on. */
    public void claim(Exchange exchange) throws SQLException {
        RefundOutcome refund = refundOf(exchange);
        Message message = exchange.getMessage();
        refund.setOutTradeNo(message.getHeader(PaymeConstants.OUT_TRADE_NO, String.class));
        refund.setTxdtm(message.getHeader(PaymeConstants.TXDTM, String.class));
        Claim claim = refunds.claim(refund.getRefundId(), refund.getOrderId(), refund.getOrigSyssn(),
                Long.parseLong(refund.getTxamt()), exchange.getVariable(FlowVariables.PAID_AMOUNT, Long.class),
                refund.getOutTradeNo(), refund.getTxdtm());
        switch (claim.kind()) {
            case OVER -> throw invalid(List.of(new Violation("txamt", "exceeds what is left to refund of order "
                    + refund.getOrderId() + " (" + claim.remaining() + ")")));
            case OVER_MAX_AMOUNT -> throw invalid(List.of(new Violation("txamt", "exceeds the largest single refund"
                    + " allowed, payme.refunds.max-amount (" + refunds.limits().maxAmount() + ")")));
            case OVER_MAX_PER_DAY -> throw invalid(List.of(new Violation("txamt", "would take today's refunds"
                    + " (Hong Kong time) past the daily limit, payme.refunds.max-per-day ("
                    + refunds.limits().maxPerDay() + ")")));
            case CONFLICT -> {
                conflict(exchange, refund);
                return;
            }
        }
        exchange.setVariable(FlowVariables.CLAIM, claim.kind().name());
        // a new refund row starts at version 0; every step this flow applies is fenced by the version it holds
        exchange.setVariable(FlowVariables.VERSION, 0);
        if (claim.kind() == Claim.Kind.EXISTING && claim.existing().outcome() != null) {
            answerWithStored(exchange, claim.existing());
            if (refunds.deliveryFailed(claim.existing(),
                    exchange.getVariable(FlowVariables.REDELIVERED, false, Boolean.class), leaseMillis)) {
                exchange.setVariable(FlowVariables.CLAIM, "REDELIVER");
            }
        } else if (claim.kind() != Claim.Kind.NEW) {
            finish(exchange, "PENDING", "The refund is being sent by another delivery of it; its outcome follows");
        }
    }

    /**
     * The refund_id is held by a refund of another order or amount: REJECTED with what this request gave, so that
     * nothing of that refund (its order, amount, state, syssn) is told, and nothing is sent.
     */
    private void conflict(Exchange exchange, RefundOutcome request) {
        RefundOutcome refused = new RefundOutcome();
        refused.setRefundId(request.getRefundId());
        refused.setOrderId(request.getOrderId());
        refused.setTxamt(request.getTxamt());
        refused.setErrors(List.of(Map.of("field", "refund_id", "rule", CONFLICT_RULE)));
        exchange.setVariable(REFUND, refused);
        exchange.setVariable(FlowVariables.CLAIM, Claim.Kind.CONFLICT.name());
        TransportHeaders.clear(exchange.getMessage());
        finish(exchange, "REJECTED", "Conflict: refund_id " + request.getRefundId() + " " + CONFLICT_RULE);
    }

    /** The body becomes the refund's stored outcome, with its status. */
    private static void answerWithStored(Exchange exchange, Row row) {
        RefundOutcome stored = PaymeJson.read(row.outcome(), RefundOutcome.class);
        exchange.setVariable(REFUND, stored);
        exchange.setVariable(STATUS, stored.getOutcome());
        exchange.setVariable(FlowVariables.OUTCOME_NAME, "refund-" + row.refundId());
        TransportHeaders.clear(exchange.getMessage());
        exchange.getMessage().setBody(row.outcome());
    }

    /**
     * The refund moved on while this flow held it (QFPay's notification settled it, or the sweeper took it over
     * after the lease): this flow sends and delivers nothing, and answers with the refund as it stands.
     */
    private void settledElsewhere(Exchange exchange) throws SQLException {
        RefundOutcome refund = refundOf(exchange);
        exchange.setVariable(FlowVariables.TRANSITION, FlowVariables.REFUSED);
        Row row = refunds.find(refund.getRefundId()).orElseThrow();
        LOG.info("Refund {} moved to {} meanwhile (settled by a notification, or taken over after the lease);"
                + " this delivery stops", row.refundId(), row.state());
        if (row.outcome() != null && row.state() != RefundState.SENDING) {
            answerWithStored(exchange, row);
        } else {
            finish(exchange, "PENDING", "The refund is being sent by another delivery of it; its outcome follows");
        }
    }

    /** Reads QFPay's answer to /trade/v1/refund (or why there is none). */
    public void readAnswer(Exchange exchange) {
        RefundOutcome refund = refundOf(exchange);
        JsonNode answer = QfpayAnswers.readAnswer(exchange);
        if (answer != null) {
            refund.setRespcd(answer.path("respcd").asText(""));
            refund.setResperr(answer.path("resperr").asText(null));
            refund.setSyssn(answer.path("syssn").asText(null));
            exchange.setVariable(FlowVariables.RESPCD, refund.getRespcd());
        }
    }

    /** Reads the answer of the query of the current attempt: the refund record's status, when there is one. */
    public void readQuery(Exchange exchange) {
        RefundOutcome refund = refundOf(exchange);
        JsonNode answer = QfpayAnswers.readAnswer(exchange);
        if (answer == null) {
            return;
        }
        if (!"0000".equals(answer.path("respcd").asText())) {
            exchange.setVariable(FlowVariables.TRANSPORT_ERROR, "the query answered respcd " + answer.path("respcd").asText());
            return;
        }
        for (JsonNode record : answer.path("data")) {
            if (refund.getOutTradeNo().equals(record.path("out_trade_no").asText())) {
                refund.setRespcd(record.path("respcd").asText());
                refund.setResperr(record.path("errmsg").asText(null));
                refund.setSyssn(record.path("syssn").asText(null));
                exchange.setVariable(FlowVariables.RECORD_RESPCD, refund.getRespcd());
            }
        }
    }

    public void transportFailure(Exchange exchange) {
        exchange.setVariable(FlowVariables.TRANSPORT_ERROR,
                QfpayAnswers.describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)));
        TransportHeaders.clear(exchange.getMessage());
    }

    public void refunded(Exchange exchange) throws SQLException {
        finish(exchange, "REFUNDED", "QFPay refunded " + refundOf(exchange).getTxamt() + " of order "
                + refundOf(exchange).getOrderId());
        settle(exchange, RefundEvent.REFUNDED_AT_QFPAY);
    }

    /** Its result stayed unknown through every query: FAILED for the caller, but it still counts as refunded. */
    public void unknown(Exchange exchange) throws SQLException {
        finish(exchange, "FAILED", "The refund's result stayed unknown after " + exchange.getVariable(FlowVariables.QUERIES, 0, Integer.class)
                + " queries (" + exchange.getVariable(FlowVariables.TRANSPORT_ERROR, String.class) + "): check it with"
                + " QFPay by hand; until then its amount counts as refunded");
        settle(exchange, RefundEvent.GAVE_UP);
    }

    /** Settles the refund this flow holds, at the version it holds; stops if it moved on meanwhile. */
    private void settle(Exchange exchange, RefundEvent event) throws SQLException {
        if (!refunds.settle(refundOf(exchange).getRefundId(), event, held(exchange),
                exchange.getMessage().getBody(String.class))) {
            settledElsewhere(exchange);
        }
    }

    /** The version of the refund this exchange holds (each step it applies moves it one on). */
    private static int held(Exchange exchange) {
        return exchange.getVariable(FlowVariables.VERSION, -1, Integer.class);
    }

    /** The refund's outcome reached its endpoint (a rejected request was never claimed: it is only counted). */
    public void delivered(Exchange exchange) throws SQLException {
        RefundOutcome refund = exchange.getVariable(REFUND, RefundOutcome.class);
        if (refund != null && "REJECTED".equals(refund.getOutcome())) {
            // never stored: its delivery is where it ends
            PaymeMetrics.of(exchange.getContext()).refund("REJECTED", "REJECTED");
        } else if (refund != null && refund.getRefundId() != null) {
            refunds.delivered(refund.getRefundId());
        }
    }

    /** Settled refunds whose delivery failed long enough ago: their stored outcomes, to deliver again. */
    public List<String> undeliveredOutcomes() throws SQLException {
        return refunds.takeUndelivered(leaseMillis);
    }

    /** Prepares a stored outcome (the body) for delivery again. */
    public void resumeOutcome(Exchange exchange) {
        RefundOutcome refund = PaymeJson.read(exchange.getMessage().getBody(String.class), RefundOutcome.class);
        TransportHeaders.clear(exchange.getMessage());
        exchange.setVariable(REFUND, refund);
        exchange.setVariable(STATUS, refund.getOutcome());
        exchange.setVariable(FlowVariables.OUTCOME_NAME, "refund-" + refund.getRefundId());
    }

    public void failed(Exchange exchange) throws SQLException {
        RefundOutcome refund = refundOf(exchange);
        finish(exchange, "FAILED", "QFPay refused the refund with respcd " + refund.getRespcd() + " ("
                + refund.getResperr() + ")" + (ADVICE.containsKey(refund.getRespcd()) ? ": "
                + ADVICE.get(refund.getRespcd()) : ""));
        settle(exchange, RefundEvent.FAILED_AT_QFPAY);
    }

    /** The attempts are used up: no refund was made. */
    public void gaveUp(Exchange exchange) throws SQLException {
        Row row = refunds.find(refundOf(exchange).getRefundId()).orElseThrow();
        finish(exchange, "FAILED", "No refund was made after " + row.attempts() + " attempts");
        settle(exchange, RefundEvent.FAILED_AT_QFPAY);
    }

    public boolean attemptsLeft(Exchange exchange) throws SQLException {
        return refunds.find(refundOf(exchange).getRefundId()).orElseThrow().attempts() < maxAttempts;
    }

    /** The request failed validation or a limit: nothing was claimed or sent. */
    public void rejected(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        RefundOutcome refund = exchange.getVariable(REFUND, RefundOutcome.class);
        if (refund == null) {
            // refused before it was read whole: its ids as far as they can be read, for the outcome and its name
            RefundOutcome unread = new RefundOutcome();
            unread.setRefundId(RejectionNames.peek(exchange, "refund_id"));
            unread.setOrderId(RejectionNames.peek(exchange, "order_id"));
            exchange.setVariable(REFUND, unread);
        }
        if (cause instanceof PaymeValidationException invalid) {
            refundOf(exchange).setErrors(invalid.getViolations().stream()
                    .map(v -> Map.of("field", v.field(), "rule", v.rule())).toList());
        }
        TransportHeaders.clear(exchange.getMessage());
        finish(exchange, "REJECTED", cause == null ? "Invalid refund" : cause.getMessage());
    }

    /** Parks the refund until its current attempt is queried (its result is pending or unknown). */
    public void park(Exchange exchange) throws SQLException {
        RefundOutcome refund = refundOf(exchange);
        int queries = exchange.getVariable(FlowVariables.QUERIES, 0, Integer.class);
        finish(exchange, "PENDING", "The result of the refund is not known yet; QFPay is queried before anything "
                + "is sent again");
        int seq = refunds.park(refund.getRefundId(), exchange.getMessage().getBody(String.class), held(exchange));
        if (seq < 0) {
            settledElsewhere(exchange);
            return;
        }
        Message message = exchange.getMessage();
        message.setHeader(REFUND_HEADER, refund.getRefundId());
        message.setHeader(QUERIES_HEADER, queries);
        message.setHeader(PARK_SEQ_HEADER, seq);
        message.setHeader(DELAY_HEADER, parkDelay(queries));
    }

    /** Resumes a parked refund: the body becomes the query of its current attempt. */
    public void resume(Exchange exchange) throws SQLException {
        Message message = exchange.getMessage();
        String refundId = message.getHeader(REFUND_HEADER, String.class);
        int seq = message.getHeader(PARK_SEQ_HEADER, -1, Integer.class);
        exchange.setVariable(FlowVariables.QUERIES, message.getHeader(QUERIES_HEADER, 0, Integer.class) + 1);
        TransportHeaders.clear(message);
        Optional<Row> resumed = refunds.resume(refundId, seq);
        resumed.ifPresent(row -> exchange.setVariable(FlowVariables.VERSION, row.parkSeq()));
        if (resumed.isEmpty()) {
            exchange.setVariable(FlowVariables.TRANSITION, FlowVariables.REFUSED);
            return;
        }
        Row row = resumed.get();
        RefundOutcome refund = row.outcome() != null ? PaymeJson.read(row.outcome(), RefundOutcome.class)
                : outcomeOf(row); // taken over from a process that died before storing any outcome
        refund.setOutTradeNo(row.outTradeNo());
        refund.setTxdtm(row.txdtm());
        exchange.setVariable(REFUND, refund);
        message.setHeader(PaymeConstants.TXDTM, row.txdtm());
        message.setBody(Map.of("out_trade_no", row.outTradeNo()));
    }

    /**
     * Refunds nobody carries on (their process died mid-call, or their parked message was lost), taken over and
     * parked for a query: each a map of refundId and seq.
     */
    public List<Map<String, Object>> takeOverStale() throws SQLException {
        List<Map<String, Object>> taken = new ArrayList<>();
        refunds.takeOverStale(leaseMillis, leaseMillis + parkDelay(MAX_PARK_DOUBLINGS))
                .forEach((refundId, seq) -> taken.add(Map.of("refundId", refundId, "seq", seq)));
        return taken;
    }

    /** How long a refund parked after {@code queries} queries waits for its next one: doubling, then capped. */
    private long parkDelay(int queries) {
        return delayMillis * (1L << Math.min(queries, MAX_PARK_DOUBLINGS));
    }

    public boolean queriesLeft(Exchange exchange) {
        return exchange.getVariable(FlowVariables.QUERIES, 0, Integer.class) < maxQueries;
    }

    /** The query showed the attempt did not happen: a new attempt with a fresh out_trade_no, unless used up. */
    public void newAttempt(Exchange exchange) throws SQLException {
        RefundOutcome refund = refundOf(exchange);
        Row row = refunds.find(refund.getRefundId()).orElseThrow();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("syssn", row.origSyssn());
        fields.put("txamt", String.valueOf(row.txamt()));
        fields.put("refund_id", row.refundId());
        TransportHeaders.clear(exchange.getMessage());
        exchange.getMessage().setBody(fields);
    }

    /** Records the new attempt that payme:refund just signed. */
    public void recordAttempt(Exchange exchange) throws SQLException {
        RefundOutcome refund = refundOf(exchange);
        refund.setOutTradeNo(exchange.getMessage().getHeader(PaymeConstants.OUT_TRADE_NO, String.class));
        refund.setTxdtm(exchange.getMessage().getHeader(PaymeConstants.TXDTM, String.class));
        refund.setRespcd(null);
        exchange.removeVariable(FlowVariables.RESPCD);
        exchange.removeVariable(FlowVariables.RECORD_RESPCD);
        exchange.removeVariable(FlowVariables.TRANSPORT_ERROR);
        if (refunds.nextAttempt(refund.getRefundId(), refund.getOutTradeNo(), refund.getTxdtm(), held(exchange))) {
            exchange.setVariable(FlowVariables.VERSION, held(exchange) + 1);
        } else {
            settledElsewhere(exchange);
        }
    }

    private void finish(Exchange exchange, String status, String reason) {
        RefundOutcome refund = refundOf(exchange);
        refund.setOutcome(status);
        refund.setReason(reason);
        exchange.getMessage().setBody(PaymeJson.write(refund));
        exchange.setVariable(STATUS, status);
        // a rejected request must never overwrite the outcome file of the refund whose refund_id it gave
        String refundId = refund.getRefundId();
        exchange.setVariable(FlowVariables.OUTCOME_NAME, "REJECTED".equals(status)
                ? RejectionNames.of("rejected-refund-", refundId)
                : "refund-" + (RejectionNames.isPlain(refundId) ? refundId : exchange.getExchangeId()));
        RefundOutcomeLine.log(refund);
    }

    private static RefundOutcome outcomeOf(Row row) {
        RefundOutcome refund = new RefundOutcome();
        refund.setRefundId(row.refundId());
        refund.setOrderId(row.orderId());
        refund.setOrigSyssn(row.origSyssn());
        refund.setTxamt(String.valueOf(row.txamt()));
        return refund;
    }

    private static RefundOutcome refundOf(Exchange exchange) {
        return exchange.getVariable(REFUND, RefundOutcome.class);
    }

    private static void check(boolean ok, String field, String rule, List<Violation> violations) {
        if (!ok) {
            violations.add(new Violation(field, rule));
        }
    }

    private static PaymeValidationException invalid(List<Violation> violations) {
        return new PaymeValidationException("refund request", violations);
    }
}

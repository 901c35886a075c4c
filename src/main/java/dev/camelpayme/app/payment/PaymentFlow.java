package dev.camelpayme.app.payment;

import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.camelpayme.app.FlowVariables;
import dev.camelpayme.app.PaymeJson;
import dev.camelpayme.app.TransportHeaders;
import dev.camelpayme.app.metrics.PaymeMetrics;
import dev.camelpayme.app.qfpay.QfpayAnswers;
import dev.camelpayme.app.store.PaymentStore.AttemptAnswer;
import dev.camelpayme.app.store.PaymentStore.Claim;
import dev.camelpayme.app.store.PaymentStore.Row;
import dev.camelpayme.app.store.PaymentStore;
import dev.camelpayme.app.store.Transitions.Write;
import dev.camelpayme.component.OutTradeNos;
import dev.camelpayme.component.PaymeConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the payment routes ask of the {@link PaymentStore}: claim an order, record attempts and answers, apply the
 * life-cycle events their answers mean, and park an order for a later attempt, a query-first recovery or a poll.
 * An exchange holds its order at a version ({@link FlowVariables#VERSION}): every event it applies is fenced by that
 * version, so once anything else moved the order (a notification paid it, a sweeper took it over) the exchange's
 * next event is refused and the flow stops. Every decision that could create a second QFPay order for one business
 * order goes through here.
 */
public class PaymentFlow {

    /** JMS properties of parked work (plain identifiers). */
    public static final String WORK_HEADER = "PaymeWork";
    public static final String ORDER_HEADER = "PaymeOrderId";
    public static final String QUERIES_HEADER = "PaymeRecoveryQueries";
    public static final String DELAY_HEADER = "PaymeWorkDelay";
    /** The order's version a parked message carries: only that version may resume the order. */
    public static final String VERSION_HEADER = "PaymeParkSeq";

    /** Kinds of parked work. */
    public enum Work { ATTEMPT, RECOVER, POLL }

    private static final long AWAIT_STEP_MILLIS = 50;
    private static final Logger LOG = LoggerFactory.getLogger(PaymentFlow.class);
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() { };
    private static final DateTimeFormatter TXDTM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId HONG_KONG = ZoneId.of("Asia/Hong_Kong");

    private final PaymentStore store;
    private final Clock clock;
    private final int maxAttempts;
    private final long backoffMillis;
    private final long maxBackoffMillis;
    private final long recoveryDelayMillis;
    private final int maxRecoveryQueries;

    public PaymentFlow(PaymentStore store, Clock clock, int maxAttempts, long backoffMillis, long maxBackoffMillis,
                       long recoveryDelayMillis, int maxRecoveryQueries) {
        if (maxAttempts < 1 || backoffMillis <= 0 || maxBackoffMillis < backoffMillis || maxRecoveryQueries < 1) {
            throw new IllegalArgumentException("payme.attempts.max and payme.recovery.max-queries must be at least 1,"
                    + " payme.attempts.backoff-ms positive and at most payme.attempts.max-backoff-ms");
        }
        this.store = store;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.backoffMillis = backoffMillis;
        this.maxBackoffMillis = maxBackoffMillis;
        this.recoveryDelayMillis = recoveryDelayMillis;
        this.maxRecoveryQueries = maxRecoveryQueries;
    }

    // --- claim ------------------------------------------------------------------------------------------------

    /**
     * Claims the order that payme:payment just signed; the variable paymeClaim says how to go on. A repeat of its
     * order_id with other content (CONFLICT) is REJECTED and learns nothing of the order that holds the id.
     */
    public void claim(Exchange exchange) throws SQLException {
        Message in = exchange.getMessage();
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        boolean redelivered = exchange.getVariable(FlowVariables.REDELIVERED, false, Boolean.class);
        Map<String, ?> fields = in.getHeader(PaymeConstants.REQUEST_FIELDS, Map.class);
        Claim claim = store.claim(outcome.getOrderId(), outcome.getOutTradeNo(), PaymeJson.write(fields),
                OrderFingerprint.of(outcome.getOrderId(), fields), redelivered,
                row -> PaymeJson.write(interim(row, "Its attempt " + row.outTradeNo() + " was in flight when its"
                        + " process stopped; QFPay is queried before anything else is sent")));
        if (claim.kind() == Claim.Kind.TAKEOVER) {
            LOG.info("Order {}: taken over by a repeat: its attempt was in flight when its process stopped",
                    outcome.getOrderId());
        }
        if (claim.kind() == Claim.Kind.CONFLICT) {
            exchange.setVariable(FlowVariables.CLAIM, claim.kind().name());
            PaymentOutcomes.conflict(exchange);
            return;
        }
        Row row = claim.existing();
        exchange.setVariable(FlowVariables.VERSION, row.version());
        switch (claim.kind()) {
            case EXISTING -> {
                answerWith(exchange, row);
                exchange.setVariable(FlowVariables.CLAIM, store.deliveryFailed(row, redelivered) ? "REDELIVER" : "EXISTING");
            }
            case TAKEOVER -> {
                exchange.setVariable(FlowVariables.CLAIM, claim.kind().name());
                answerWith(exchange, row);
                parkedWork(exchange.getMessage(), row, Work.RECOVER, 0, 0);
            }
            default -> exchange.setVariable(FlowVariables.CLAIM, claim.kind().name());
        }
    }

    /**
     * A repeat found another delivery of its order still sending it (claim BUSY): waits until that delivery has
     * delivered the order's outcome (or parked the order durably), at most for the lease, after which the sweeper
     * takes the order over. The file intake calls it so that a repeated file is moved to done only once the order's
     * outcome is written.
     */
    public void awaitOtherDelivery(Exchange exchange) throws SQLException, InterruptedException {
        String orderId = QfpayAnswers.outcomeOf(exchange).getOrderId();
        long deadline = clock.millis() + store.leaseMillis();
        while (!store.find(orderId).map(PaymentFlow::outcomeWritten).orElse(true) && clock.millis() < deadline) {
            Thread.sleep(AWAIT_STEP_MILLIS);
        }
    }

    private static boolean outcomeWritten(Row row) {
        return row.state() == PaymentState.WAITING || row.state() == PaymentState.PENDING
                || row.state().isDelivered() && row.delivered();
    }

    /** Remembers, before the headers go, whether this message comes again after a failed try. */
    public void noteRedelivery(Exchange exchange) {
        Message in = exchange.getMessage();
        boolean again = "true".equals(String.valueOf(exchange.getVariable(FlowVariables.REDELIVERED)))
                || in.getHeader(Exchange.REDELIVERED, false, Boolean.class)
                || in.getHeader("JMSRedelivered", false, Boolean.class);
        exchange.setVariable(FlowVariables.REDELIVERED, again);
    }

    /**
     * Notes what QFPay answered to the attempt just made (or that its outcome is unknown): every way on from an
     * answer applies an event, which records it in the same commit.
     */
    public void noteAnswer(Exchange exchange) {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        exchange.setVariable(FlowVariables.ATTEMPT_ANSWER, new AttemptAnswer(outcome.getOutTradeNo(),
                exchange.getVariable(FlowVariables.RESPCD, String.class),
                exchange.getVariable(FlowVariables.TRANSPORT_ERROR, String.class)));
    }

    // --- final outcomes -----------------------------------------------------------------------------------------

    /**
     * Stores the final outcome the exchange carries (the body) by applying the event that reaches it. When the order
     * moved on meanwhile (a notification paid it, say) nothing changes: the answer becomes the order's stored
     * outcome, and nothing is delivered (paymeTransition is REFUSED).
     */
    public void settle(Exchange exchange) throws SQLException {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        apply(exchange, PaymentEvent.reaching(outcome.getOutcome()), stored(outcome));
    }

    /** The outcome stored at the version this exchange holds reached its endpoint. */
    public void delivered(Exchange exchange) throws SQLException {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        Integer version = exchange.getVariable(FlowVariables.VERSION, Integer.class);
        if (outcome.getOutcome() == OutcomeStatus.REJECTED) {
            // never stored: its delivery is where it ends
            PaymeMetrics.of(exchange.getContext()).order(OutcomeStatus.REJECTED.name(), OutcomeStatus.REJECTED.name());
            return;
        }
        if (outcome.getOrderId() == null || version == null) {
            return;
        }
        if (outcome.getOutcome() == OutcomeStatus.FAILED || outcome.getOutcome() == OutcomeStatus.EXPIRED) {
            // its caller may submit the order again the moment it hears this outcome, which a resubmission may do only
            // once the outcome is marked delivered: so the mark is written before the answer goes out, not soon after
            store.delivered(outcome.getOrderId(), version);
        } else {
            store.markDelivered(outcome.getOrderId(), version);
        }
    }

    /** Outcomes whose delivery failed and that no redelivery has brought back: delivered again by the sweeper. */
    public List<Map<String, Object>> undeliveredOutcomes() throws SQLException {
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (Row row : store.takeUndelivered(100)) {
            outcomes.add(Map.of("outcome", row.outcome(), "version", row.version()));
        }
        return outcomes;
    }

    /** Prepares a stored outcome (the body's map of outcome and version) for delivery to its endpoint. */
    public void resumeOutcome(Exchange exchange) {
        Map<?, ?> stored = exchange.getMessage().getBody(Map.class);
        String json = String.valueOf(stored.get("outcome"));
        TransportHeaders.clear(exchange.getMessage());
        exchange.getMessage().setBody(json);
        exchange.setVariable(FlowVariables.VERSION, ((Number) stored.get("version")).intValue());
        showOutcome(exchange, PaymeJson.read(json, PaymentOutcome.class));
    }

    // --- parking ----------------------------------------------------------------------------------------------

    /** Parks the order for a new attempt after an exponential, jittered backoff (RETRYABLE answers). */
    public void parkAttempt(Exchange exchange) throws SQLException {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        int attempts = store.find(outcome.getOrderId()).map(Row::attempts).orElse(1);
        park(exchange, Work.ATTEMPT, jittered(attempts), 0, "QFPay could not take the order now ("
                + describe(exchange) + "); a new attempt follows");
    }

    /** Parks the order for a query-first recovery of its last attempt (outcome unknown). */
    public void parkRecovery(Exchange exchange) throws SQLException {
        int queries = exchange.getVariable(FlowVariables.QUERIES, 0, Integer.class);
        park(exchange, Work.RECOVER, queries == 0 ? recoveryDelayMillis : jittered(queries), queries,
                "The result of the call is unknown (" + describe(exchange) + "); QFPay is queried before anything"
                        + " else is sent");
    }

    private void park(Exchange exchange, Work work, long delay, int queries, String reason) throws SQLException {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        outcome.setOutcome(OutcomeStatus.PENDING);
        outcome.setReason(reason);
        String json = PaymeJson.write(outcome);
        Optional<Row> parked = apply(exchange, PaymentEvent.PARKED, stored(outcome));
        TransportHeaders.clear(exchange.getMessage());
        if (parked.isPresent()) {
            exchange.getMessage().setBody(json);
            parkedWork(exchange.getMessage(), parked.get(), work, delay, queries);
            showOutcome(exchange, outcome);
        }
    }

    private static void parkedWork(Message message, Row row, Work work, long delay, int queries) {
        message.setHeader(VERSION_HEADER, row.version());
        message.setHeader(WORK_HEADER, work.name());
        message.setHeader(ORDER_HEADER, row.orderId());
        message.setHeader(QUERIES_HEADER, queries);
        message.setHeader(DELAY_HEADER, delay);
    }

    /** Unpacks parked work: the order's state comes from the store, not from the message. */
    public void resumeWork(Exchange exchange) throws SQLException {
        Message message = exchange.getMessage();
        String orderId = message.getHeader(ORDER_HEADER, String.class);
        int version = message.getHeader(VERSION_HEADER, -1, Integer.class);
        exchange.setVariable(FlowVariables.QUERIES, message.getHeader(QUERIES_HEADER, 0, Integer.class));
        String work = message.getHeader(WORK_HEADER, String.class);
        TransportHeaders.clear(message);
        PaymentOutcome unknown = new PaymentOutcome();
        unknown.setOrderId(orderId);
        exchange.setVariable(FlowVariables.OUTCOME, unknown);
        exchange.setVariable(FlowVariables.VERSION, version);
        Optional<Row> resumed = apply(exchange, PaymentEvent.RESUMED, Write.of());
        if (resumed.isPresent()) {
            exchange.setVariable(FlowVariables.OUTCOME, outcomeOfAttempt(orderId, resumed.get().outTradeNo()));
            // the routes go on by the kind of work: a new attempt, or a recovery that queries first
            message.setHeader(WORK_HEADER, work);
        }
    }

    /** Stores a pending order before its first poll is parked; the poll message carries the order's version. */
    public void parkPoll(Exchange exchange) throws SQLException {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        apply(exchange, PaymentEvent.POLL_PARKED, stored(outcome))
                .ifPresent(row -> exchange.getMessage().setHeader(VERSION_HEADER, row.version()));
    }

    /** A poll resumes its order only if it is the order's current poll; a stale one is refused and stops. */
    public void resumePoll(Exchange exchange) throws SQLException {
        apply(exchange, PaymentEvent.POLLED, Write.of());
    }

    /** The next poll message carries the order's current version. */
    public void carryVersion(Exchange exchange) {
        exchange.getMessage().setHeader(VERSION_HEADER, exchange.getVariable(FlowVariables.VERSION, -1, Integer.class));
    }

    /**
     * Orders nobody carries on, taken over by this process: an attempt whose process died mid-call, or a parked
     * order whose message was lost. Each is returned as a map of the order, its new version, the work to send (POLL
     * for a pending payment, RECOVER for the others, which queries QFPay before anything else is sent) and its
     * stored outcome. Of several sweepers, one takes each (the takeover is fenced by the version it read).
     */
    public List<Map<String, Object>> takeOverStale() throws SQLException {
        List<Map<String, Object>> taken = new ArrayList<>();
        for (Row row : store.stale(100)) {
            boolean poll = row.state() == PaymentState.PENDING;
            PaymentOutcome interim = interim(row, poll ? "Its poll was lost; polled again"
                    : "Nobody carried it on (its process stopped, or its parked message was lost); QFPay is queried"
                            + " before anything else is sent");
            Optional<Row> took = store.apply(row.orderId(), poll ? PaymentEvent.POLL_PARKED : PaymentEvent.TAKEN_OVER,
                    stored(interim).ifVersion(row.version()));
            if (took.isPresent()) {
                LOG.info("Order {}: taken over in state {}: {}", row.orderId(), row.state(), interim.getReason());
                taken.add(Map.of("orderId", row.orderId(), "version", took.get().version(),
                        "work", (poll ? Work.POLL : Work.RECOVER).name(), "outcome", took.get().outcome()));
            }
        }
        return taken;
    }

    /** Prepares an order a sweeper took over (the body's map) to be parked again: the body becomes its outcome. */
    public void prepareTakenOver(Exchange exchange) {
        Map<?, ?> taken = exchange.getMessage().getBody(Map.class);
        Message message = exchange.getMessage();
        TransportHeaders.clear(message);
        PaymentOutcome outcome = PaymeJson.read(String.valueOf(taken.get("outcome")), PaymentOutcome.class);
        exchange.setVariable(FlowVariables.OUTCOME, outcome);
        exchange.setVariable(FlowVariables.VERSION, ((Number) taken.get("version")).intValue());
        message.setBody(PaymeJson.write(outcome));
        message.setHeader(VERSION_HEADER, taken.get("version"));
        message.setHeader(WORK_HEADER, taken.get("work"));
        message.setHeader(ORDER_HEADER, taken.get("orderId"));
        message.setHeader(QUERIES_HEADER, 0);
        message.setHeader(DELAY_HEADER, 0L);
    }

    // --- attempts and recovery ----------------------------------------------------------------------------------

    public boolean attemptsLeft(Exchange exchange) throws SQLException {
        String orderId = QfpayAnswers.outcomeOf(exchange).getOrderId();
        return store.find(orderId).map(Row::attempts).orElse(maxAttempts) < maxAttempts;
    }

    /** The attempts are used up: FAILED, saying why. */
    public void gaveUp(Exchange exchange) throws SQLException {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        int attempts = store.find(outcome.getOrderId()).map(Row::attempts).orElse(maxAttempts);
        PaymentOutcomes.finish(exchange, OutcomeStatus.FAILED, "No QFPay order could be created: gave up after "
                + attempts + " attempts; the last: " + store.resultOf(outcome.getOutTradeNo()).orElse(describe(exchange)));
    }

    /** Makes the next attempt (fresh out_trade_no and txdtm); refused when the order moved on meanwhile. */
    public void newAttempt(Exchange exchange) throws SQLException {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        Map<String, String> fields = new LinkedHashMap<>(requestOf(outcome.getOutTradeNo()));
        String outTradeNo = OutTradeNos.next(outcome.getOrderId(), clock);
        fields.put("out_trade_no", outTradeNo);
        fields.put("txdtm", LocalDateTime.now(clock.withZone(HONG_KONG)).format(TXDTM));
        Optional<Row> next = store.nextAttempt(outcome.getOrderId(), outTradeNo, PaymeJson.write(fields),
                exchange.getVariable(FlowVariables.VERSION, -1, Integer.class));
        if (next.isEmpty()) {
            refused(exchange);
            return;
        }
        exchange.setVariable(FlowVariables.TRANSITION, PaymentEvent.NEXT_ATTEMPT.name());
        exchange.setVariable(FlowVariables.VERSION, next.get().version());
        outcome.setOutTradeNo(outTradeNo);
        outcome.setTxdtm(fields.get("txdtm"));
        outcome.setRespcd(null);
        outcome.setResperr(null);
        outcome.setSyssn(null);
        outcome.setPayUrl(null);
        exchange.removeVariable(FlowVariables.TRANSPORT_ERROR);
        exchange.removeVariable(FlowVariables.TRANSPORT_CLASS);
        exchange.removeVariable(FlowVariables.RESPCD);
        TransportHeaders.clear(exchange.getMessage());
        exchange.getMessage().setBody(fields);
    }

    /** The query of a recovery: the last attempt, by out_trade_no, in a window around its own txdtm. */
    public void recoveryQuery(Exchange exchange) {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        exchange.setVariable(FlowVariables.QUERIES, exchange.getVariable(FlowVariables.QUERIES, 0, Integer.class) + 1);
        Message message = exchange.getMessage();
        TransportHeaders.clear(message);
        message.setHeader(PaymeConstants.TXDTM, outcome.getTxdtm());
        message.setBody(Map.of("out_trade_no", outcome.getOutTradeNo()));
    }

    public boolean recoveryQueriesLeft(Exchange exchange) {
        return exchange.getVariable(FlowVariables.QUERIES, 0, Integer.class) < maxRecoveryQueries;
    }

    /** The query found the attempt unpaid: it exists at QFPay, but its pay_url was never delivered to anyone. */
    public void orphaned(Exchange exchange) throws SQLException {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        store.noteAttempt(outcome.getOutTradeNo(), outcome.getRespcd(),
                "orphaned: exists at QFPay, its pay_url was never handed out; it expires unpaid");
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /**
     * Applies {@code event} fenced by the version the exchange holds, and records the answer: the event's name and
     * the new version, or REFUSED with the order's stored outcome as the answer.
     */
    private Optional<Row> apply(Exchange exchange, PaymentEvent event, Write write) throws SQLException {
        String orderId = QfpayAnswers.outcomeOf(exchange).getOrderId();
        Integer held = exchange.getVariable(FlowVariables.VERSION, Integer.class);
        AttemptAnswer answer = exchange.getVariable(FlowVariables.ATTEMPT_ANSWER, AttemptAnswer.class);
        exchange.removeVariable(FlowVariables.ATTEMPT_ANSWER);
        Optional<Row> moved = store.apply(orderId, event, held == null ? write : write.ifVersion(held), answer);
        if (moved.isPresent()) {
            exchange.setVariable(FlowVariables.TRANSITION, event.name());
            exchange.setVariable(FlowVariables.VERSION, moved.get().version());
        } else {
            refused(exchange);
        }
        return moved;
    }

    /** The order moved on without this exchange: it stops, and answers with the order as it now stands. */
    private void refused(Exchange exchange) throws SQLException {
        exchange.setVariable(FlowVariables.TRANSITION, FlowVariables.REFUSED);
        String orderId = QfpayAnswers.outcomeOf(exchange).getOrderId();
        Optional<Row> now = store.find(orderId);
        if (now.isPresent() && now.get().outcome() != null) {
            answerWith(exchange, now.get());
        } else {
            PaymentOutcomes.finish(exchange, OutcomeStatus.PENDING, "The order is being carried on by another"
                    + " delivery of it; its outcome follows on the outcome endpoints");
        }
    }

    /** The answer becomes the order's stored outcome. */
    private static void answerWith(Exchange exchange, Row row) {
        PaymentOutcome stored = PaymeJson.read(row.outcome(), PaymentOutcome.class);
        TransportHeaders.clear(exchange.getMessage());
        exchange.getMessage().setBody(row.outcome());
        showOutcome(exchange, stored);
    }

    private static void showOutcome(Exchange exchange, PaymentOutcome outcome) {
        exchange.setVariable(FlowVariables.OUTCOME, outcome);
        exchange.setVariable(FlowVariables.OUTCOME_STATUS, outcome.getOutcome().name());
        exchange.setVariable(FlowVariables.OUTCOME_NAME, PaymentOutcomes.nameOf(outcome, exchange));
    }

    /** What a transition stores of an outcome: its JSON, and its syssn in a column of its own once known. */
    public static Write stored(PaymentOutcome outcome) {
        Write write = Write.outcome(PaymeJson.write(outcome));
        return outcome.getSyssn() == null ? write : write.set("syssn", outcome.getSyssn());
    }

    /** The interim (PENDING) outcome of an order taken over: its stored outcome, or one made from its last attempt. */
    private PaymentOutcome interim(Row row, String reason) {
        PaymentOutcome outcome;
        try {
            outcome = row.outcome() != null ? PaymeJson.read(row.outcome(), PaymentOutcome.class)
                    : outcomeOfAttempt(row.orderId(), row.outTradeNo());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read attempt " + row.outTradeNo(), e);
        }
        outcome.setOutcome(OutcomeStatus.PENDING);
        outcome.setReason(reason);
        return outcome;
    }

    /** The outcome of an attempt as it was sent, read from its recorded request. */
    private PaymentOutcome outcomeOfAttempt(String orderId, String outTradeNo) throws SQLException {
        Map<String, String> fields = requestOf(outTradeNo);
        PaymentOutcome outcome = new PaymentOutcome();
        outcome.setOrderId(orderId);
        outcome.setOutTradeNo(outTradeNo);
        outcome.setOutcome(OutcomeStatus.PENDING);
        outcome.setTxamt(fields.get("txamt"));
        outcome.setTxcurrcd(fields.get("txcurrcd"));
        outcome.setPayType(fields.get("pay_type"));
        outcome.setTxdtm(fields.get("txdtm"));
        return outcome;
    }

    private Map<String, String> requestOf(String outTradeNo) throws SQLException {
        return PaymeJson.read(store.requestOf(outTradeNo)
                .orElseThrow(() -> new IllegalStateException("no recorded attempt " + outTradeNo)), FIELDS);
    }

    /** Exponential backoff with "equal jitter": half fixed, half random, so retries of many orders spread out. */
    long jittered(int previousTries) {
        long ceiling = (long) Math.min(maxBackoffMillis, backoffMillis * Math.pow(2, Math.max(0, previousTries - 1)));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    private static String describe(Exchange exchange) {
        String transport = exchange.getVariable(FlowVariables.TRANSPORT_ERROR, String.class);
        if (transport != null) {
            return transport;
        }
        return "respcd " + QfpayAnswers.outcomeOf(exchange).getRespcd();
    }
}

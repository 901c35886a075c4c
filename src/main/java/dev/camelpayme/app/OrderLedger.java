package dev.camelpayme.app;

import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.camelpayme.app.OrderStore.Claim;
import dev.camelpayme.app.OrderStore.State;
import dev.camelpayme.component.OutTradeNos;
import dev.camelpayme.component.PaymeConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the routes ask of the {@link OrderStore}: claim an order, record attempts and answers, settle outcomes, and
 * park an order for a later attempt or a query-first recovery. Every decision that could create a second QFPay
 * order for one business order goes through here.
 */
public class OrderLedger {

    /** JMS properties of parked work (plain identifiers). */
    public static final String WORK_HEADER = "PaymeWork";
    public static final String ORDER_HEADER = "PaymeOrderId";
    public static final String QUERIES_HEADER = "PaymeRecoveryQueries";
    public static final String DELAY_HEADER = "PaymeWorkDelay";
    /** The park number a parked message must carry to resume its order (see {@link OrderStore#park}). */
    public static final String PARK_SEQ_HEADER = "PaymeParkSeq";

    /** Kinds of parked work. */
    public enum Work { ATTEMPT, RECOVER }

    static final String CLAIM = "paymeClaim";
    static final String DELIVER = "paymeDeliver";
    static final String GIVE_UP = "paymeGiveUp";
    static final String QUERIES = "paymeRecoveryQueries";
    static final String REDELIVERED = "paymeRedelivered";
    private static final long AWAIT_STEP_MILLIS = 50;
    private static final Logger LOG = LoggerFactory.getLogger(OrderLedger.class);
    static final String PARK_SEQ = "paymeParkSeq";
    /** Set when a parked message is stale: another message owns the order now, this one does nothing. */
    static final String STALE = "paymeStale";

    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() { };
    private static final DateTimeFormatter TXDTM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId HONG_KONG = ZoneId.of("Asia/Hong_Kong");

    private final OrderStore store;
    private final Clock clock;
    private final int maxAttempts;
    private final long backoffMillis;
    private final long maxBackoffMillis;
    private final long recoveryDelayMillis;
    private final int maxRecoveryQueries;

    public OrderLedger(OrderStore store, Clock clock, int maxAttempts, long backoffMillis, long maxBackoffMillis,
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

    /** Claims the order that payme:payment just signed; the variable paymeClaim says how to go on. */
    public void claim(Exchange exchange) throws SQLException {
        Message in = exchange.getMessage();
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        Claim claim = store.claim(outcome.getOrderId(), outcome.getOutTradeNo(),
                PaymeJson.write(in.getHeader(PaymeConstants.REQUEST_FIELDS, Map.class)),
                exchange.getVariable(REDELIVERED, false, Boolean.class));
        exchange.setVariable(CLAIM, claim.kind().name());
        switch (claim.kind()) {
            case EXISTING -> {
                PaymentOutcome stored = PaymeJson.read(claim.storedOutcome(), PaymentOutcome.class);
                exchange.setVariable(FlowVariables.OUTCOME, stored);
                exchange.setVariable(DELIVER, claim.redeliver());
                TransportHeaders.clear(in);
                in.setBody(claim.storedOutcome());
                exchange.setVariable(FlowVariables.OUTCOME_STATUS, stored.getOutcome().name());
                exchange.setVariable(FlowVariables.OUTCOME_NAME, PaymentOutcomes.nameOf(stored, exchange));
            }
            case TAKEOVER -> resumeFrom(exchange, outcome.getOrderId(), claim.previousOutTradeNo());
            default -> {
                // NEW goes on to send; BUSY is answered with the interim state
            }
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
        while (!store.find(orderId).map(OrderLedger::outcomeWritten).orElse(true) && clock.millis() < deadline) {
            Thread.sleep(AWAIT_STEP_MILLIS);
        }
    }

    private static boolean outcomeWritten(OrderStore.Row row) {
        return row.state() == State.WAITING || row.state() == State.PENDING
                || row.state() != State.IN_FLIGHT && row.delivered();
    }

    /** Remembers, before the headers go, whether this message comes again after a failed try. */
    public void noteRedelivery(Exchange exchange) {
        Message in = exchange.getMessage();
        boolean again = "true".equals(String.valueOf(exchange.getVariable(REDELIVERED)))
                || in.getHeader(Exchange.REDELIVERED, false, Boolean.class)
                || in.getHeader("JMSRedelivered", false, Boolean.class);
        exchange.setVariable(REDELIVERED, again);
    }

    /** Records what QFPay answered to the attempt just made (or that its outcome is unknown). */
    public void noteAnswer(Exchange exchange) throws SQLException {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        store.noteAttempt(outcome.getOutTradeNo(), exchange.getVariable(FlowVariables.RESPCD, String.class),
                exchange.getVariable(FlowVariables.TRANSPORT_ERROR, String.class));
    }

    /** Stores the outcome the exchange carries (the body) before it is delivered. */
    public void settle(Exchange exchange) throws SQLException {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        if (outcome.getOutcome() == OutcomeStatus.REJECTED || outcome.getOrderId() == null) {
            return; // never claimed: nothing was sent, a corrected order may come again
        }
        store.settle(outcome.getOrderId(), stateOf(outcome.getOutcome()), exchange.getMessage().getBody(String.class));
    }

    public void delivered(Exchange exchange) throws SQLException {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        if (outcome.getOutcome() != OutcomeStatus.REJECTED && outcome.getOrderId() != null) {
            store.delivered(outcome.getOrderId());
        }
    }

    /** Parks the order for a new attempt after an exponential, jittered backoff (RETRYABLE answers). */
    public void parkAttempt(Exchange exchange) throws SQLException {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        int attempts = store.find(outcome.getOrderId()).map(OrderStore.Row::attempts).orElse(1);
        park(exchange, Work.ATTEMPT, jittered(attempts), 0);
    }

    /** Parks the order for a query-first recovery of its last attempt (outcome unknown). */
    public void parkRecovery(Exchange exchange) throws SQLException {
        int queries = exchange.getVariable(QUERIES, 0, Integer.class);
        park(exchange, Work.RECOVER, queries == 0 ? recoveryDelayMillis : jittered(queries), queries);
    }

    private void park(Exchange exchange, Work work, long delay, int queries) throws SQLException {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        outcome.setOutcome(OutcomeStatus.PENDING);
        String reason = work == Work.ATTEMPT
                ? "QFPay could not take the order now (" + describe(exchange) + "); a new attempt follows"
                : "The result of the call is unknown (" + describe(exchange) + "); QFPay is queried before "
                        + "anything else is sent";
        outcome.setReason(reason);
        String json = PaymeJson.write(outcome);
        int seq = store.park(outcome.getOrderId(), State.WAITING, json);
        settledElsewhereIf(seq < 0, exchange);
        Message message = exchange.getMessage();
        TransportHeaders.clear(message);
        message.setBody(json);
        message.setHeader(PARK_SEQ_HEADER, seq);
        message.setHeader(WORK_HEADER, work.name());
        message.setHeader(ORDER_HEADER, outcome.getOrderId());
        message.setHeader(QUERIES_HEADER, queries);
        message.setHeader(DELAY_HEADER, delay);
        exchange.setVariable(FlowVariables.OUTCOME_STATUS, OutcomeStatus.PENDING.name());
        exchange.setVariable(FlowVariables.OUTCOME_NAME, PaymentOutcomes.nameOf(outcome, exchange));
    }

    /** Unpacks parked work: the order's state comes from the store, not from the message. */
    public void resumeWork(Exchange exchange) throws SQLException {
        Message message = exchange.getMessage();
        String orderId = message.getHeader(ORDER_HEADER, String.class);
        int seq = message.getHeader(PARK_SEQ_HEADER, -1, Integer.class);
        exchange.setVariable("paymeWork", message.getHeader(WORK_HEADER, String.class));
        exchange.setVariable(QUERIES, message.getHeader(QUERIES_HEADER, 0, Integer.class));
        TransportHeaders.clear(message);
        Optional<OrderStore.Row> resumed = store.resumeParked(orderId, State.WAITING, seq, State.IN_FLIGHT);
        if (resumed.isEmpty()) {
            exchange.setVariable(STALE, true);
            return;
        }
        resumeFrom(exchange, orderId, resumed.get().outTradeNo());
    }

    /** Outcomes whose delivery failed and that no redelivery has brought back: delivered again by the sweeper. */
    public List<String> undeliveredOutcomes() throws SQLException {
        return store.staleUndeliveredOutcomes(100);
    }

    /** Prepares a stored outcome (the body) for delivery to its endpoint. */
    public void resumeOutcome(Exchange exchange) {
        String json = exchange.getMessage().getBody(String.class);
        PaymentOutcome outcome = PaymeJson.read(json, PaymentOutcome.class);
        TransportHeaders.clear(exchange.getMessage());
        exchange.setVariable(FlowVariables.OUTCOME, outcome);
        exchange.setVariable(FlowVariables.OUTCOME_STATUS, outcome.getOutcome().name());
        exchange.setVariable(FlowVariables.OUTCOME_NAME, PaymentOutcomes.nameOf(outcome, exchange));
    }

    /** Stores a pending order before its first poll is parked; the poll message carries the park number. */
    public void parkPoll(Exchange exchange) throws SQLException {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        int seq = store.park(outcome.getOrderId(), State.PENDING, PaymeJson.write(outcome));
        settledElsewhereIf(seq < 0, exchange);
        exchange.getMessage().setHeader(PARK_SEQ_HEADER, seq);
    }

    /** The order was settled (paid, by a notification) before it could be parked: no parked message is sent. */
    private static void settledElsewhereIf(boolean settled, Exchange exchange) {
        if (settled) {
            exchange.setVariable(FlowVariables.SETTLED_ELSEWHERE, true);
            LOG.info("Order {} was settled meanwhile; it is not parked again",
                    QfpayAnswers.outcomeOf(exchange).getOrderId());
        }
    }

    /** A poll resumes its order only if it is the order's current poll; a stale one is dropped. */
    public void resumePoll(Exchange exchange) throws SQLException {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        int seq = exchange.getVariable(PARK_SEQ, -1, Integer.class);
        store.resumeParked(outcome.getOrderId(), State.PENDING, seq, State.PENDING).map(OrderStore.Row::parkSeq)
                .ifPresentOrElse(next -> exchange.setVariable(PARK_SEQ, next), () -> exchange.setVariable(STALE, true));
    }

    /** The next poll message carries the order's current park number. */
    public void carryParkSeq(Exchange exchange) {
        exchange.getMessage().setHeader(PARK_SEQ_HEADER, exchange.getVariable(PARK_SEQ, -1, Integer.class));
    }

    /**
     * Parked orders whose message was lost, taken over by this process: each as its stored outcome (JSON) with the
     * header PaymeWork saying how to bring it back: POLL for a pending payment, RECOVER for an order waiting for a
     * retry or recovery (which queries QFPay before anything else is sent).
     */
    public List<Map<String, Object>> takeOverStaleParked() throws SQLException {
        List<Map<String, Object>> parked = new java.util.ArrayList<>();
        for (OrderStore.Row row : store.takeOverStaleParked(100)) {
            PaymentOutcome outcome = PaymeJson.read(row.outcome(), PaymentOutcome.class);
            parked.add(Map.of("orderId", outcome.getOrderId(), "work", row.state() == State.PENDING ? "POLL" : "RECOVER",
                    "outcome", row.outcome(), "seq", row.parkSeq()));
        }
        return parked;
    }

    /** Orders whose attempt died with its process, now taken over by this one for recovery. */
    public List<Map<String, Object>> takeOverStale() throws SQLException {
        List<Map<String, Object>> taken = new java.util.ArrayList<>();
        for (String orderId : store.staleInFlight(100)) {
            store.takeOver(orderId).ifPresent(seq -> taken.add(Map.of("orderId", orderId, "seq", seq)));
        }
        return taken;
    }

    /** Makes the next attempt (fresh out_trade_no and txdtm) unless the attempts are used up. */
    public void newAttempt(Exchange exchange) throws SQLException {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        int attempts = store.find(outcome.getOrderId()).map(OrderStore.Row::attempts).orElse(maxAttempts);
        if (attempts >= maxAttempts) {
            exchange.setVariable(GIVE_UP, "gave up after " + attempts + " attempts; the last: "
                    + store.resultOf(outcome.getOutTradeNo()).orElse(describe(exchange)));
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>(requestOf(outcome.getOutTradeNo()));
        String outTradeNo = OutTradeNos.next(outcome.getOrderId(), clock);
        fields.put("out_trade_no", outTradeNo);
        fields.put("txdtm", LocalDateTime.now(clock.withZone(HONG_KONG)).format(TXDTM));
        store.nextAttempt(outcome.getOrderId(), outTradeNo, PaymeJson.write(fields));
        outcome.setOutTradeNo(outTradeNo);
        outcome.setTxdtm(fields.get("txdtm"));
        outcome.setRespcd(null);
        outcome.setResperr(null);
        outcome.setSyssn(null);
        outcome.setPayUrl(null);
        exchange.removeVariable(FlowVariables.TRANSPORT_ERROR);
        exchange.removeVariable(FlowVariables.RESPCD);
        TransportHeaders.clear(exchange.getMessage());
        exchange.getMessage().setBody(fields);
    }

    /** The query of a recovery: the last attempt, by out_trade_no, in a window around its own txdtm. */
    public void recoveryQuery(Exchange exchange) {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        exchange.setVariable(QUERIES, exchange.getVariable(QUERIES, 0, Integer.class) + 1);
        Message message = exchange.getMessage();
        TransportHeaders.clear(message);
        message.setHeader(PaymeConstants.TXDTM, outcome.getTxdtm());
        message.setBody(Map.of("out_trade_no", outcome.getOutTradeNo()));
    }

    public boolean recoveryQueriesLeft(Exchange exchange) {
        return exchange.getVariable(QUERIES, 0, Integer.class) < maxRecoveryQueries;
    }

    /** The query found the attempt unpaid: it exists at QFPay, but its pay_url was never delivered to anyone. */
    public void orphaned(Exchange exchange) throws SQLException {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        store.noteAttempt(outcome.getOutTradeNo(), outcome.getRespcd(),
                "orphaned: exists at QFPay, its pay_url was never handed out; it expires unpaid");
    }

    private void resumeFrom(Exchange exchange, String orderId, String outTradeNo) throws SQLException {
        Map<String, String> fields = requestOf(outTradeNo);
        PaymentOutcome outcome = new PaymentOutcome();
        outcome.setOrderId(orderId);
        outcome.setOutTradeNo(outTradeNo);
        outcome.setTxamt(fields.get("txamt"));
        outcome.setTxcurrcd(fields.get("txcurrcd"));
        outcome.setPayType(fields.get("pay_type"));
        outcome.setTxdtm(fields.get("txdtm"));
        exchange.setVariable(FlowVariables.OUTCOME, outcome);
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

    private static State stateOf(OutcomeStatus status) {
        return switch (status) {
            case CREATED -> State.CREATED;
            case PAID -> State.PAID;
            case EXPIRED -> State.EXPIRED;
            case PENDING -> State.PENDING;
            default -> State.FAILED;
        };
    }
}

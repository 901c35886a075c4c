package dev.camelpayme.app.payment;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.app.PaymeJson;
import dev.camelpayme.app.TransportHeaders;
import dev.camelpayme.app.qfpay.QfpayAnswers;
import dev.camelpayme.app.store.PaymentStore.Row;
import dev.camelpayme.app.store.PaymentStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries every CREATED order (its pay_url handed out) to PAID or EXPIRED. QFPay only notifies successes, so the
 * tracker asks: many syssn per /trade/v1/query call (QFPay's page size, 100), which keeps a thousand pending payments
 * at ten calls a cycle, inside the merchant's rate limit. An order is EXPIRED when its record says so (final unpaid
 * codes) or when its deadline passes; each order reaches PAID or EXPIRED once (a compare-and-set fenced by the
 * version the cycle read, so an order a notification paid meanwhile is left alone).
 */
public class PaymentTracker {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentTracker.class);
    private static final DateTimeFormatter TXDTM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId HONG_KONG = ZoneId.of("Asia/Hong_Kong");

    /** QFPay's largest page (reference section 4.1). */
    static final int BATCH = 100;
    /** Exchange property: the CREATED orders of the current tracking cycle, by syssn. */
    static final String TRACKED = "paymeTracked";

    private final PaymentStore store;
    private final Clock clock;
    private final long deadlineMillis;
    private final long graceMillis;
    private final Set<String> expiredCodes;
    private final Set<String> paidCodes;
    private final AtomicLong failedQueries = new AtomicLong();
    /**
     * The deadlines worked out so far, by order and version: an order's deadline is read (its attempt's request, two
     * JSON documents) once, not at every cycle of the half hour it may stay CREATED. The least recently used go
     * first past two cycles' worth.
     */
    private final Map<String, Long> knownDeadlines;
    /** How many CREATED orders one cycle asks about and checks the deadline of. */
    private final int perCycle;
    /** The last order of the previous cycle: the next cycle goes on after it. Null: from the oldest. */
    private Row cursor;
    /** The CREATED orders of the current cycle, as {@link #queries} read them, for {@link #overdue} to check. */
    private List<Row> cycle;

    /**
     * @param deadlineMillis how long after its request time an order without {@code expired_time} may stay unpaid
     * @param graceMillis    added to an order's own {@code expired_time}: QFPay may take a moment to close the QR
     */
    public PaymentTracker(PaymentStore store, Clock clock, long deadlineMillis, long graceMillis, String paidCodes,
                          String expiredCodes) {
        this(store, clock, deadlineMillis, graceMillis, paidCodes, expiredCodes, 100 * BATCH);
    }

    /** @param perCycle how many CREATED orders a cycle takes (100 query calls' worth in production) */
    PaymentTracker(PaymentStore store, Clock clock, long deadlineMillis, long graceMillis, String paidCodes,
                   String expiredCodes, int perCycle) {
        this.store = store;
        this.clock = clock;
        this.deadlineMillis = deadlineMillis;
        this.graceMillis = graceMillis;
        this.paidCodes = Set.of(paidCodes.split("\\s*,\\s*"));
        this.expiredCodes = Set.of(expiredCodes.split("\\s*,\\s*"));
        this.perCycle = perCycle;
        this.knownDeadlines = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > 2 * perCycle;
            }
        };
    }

    /**
     * The queries of one tracking cycle: each a map of query fields for payme:query, by up to 100 syssn. The
     * tracked orders are read once per cycle and kept on the exchange (the property paymeTracked, by syssn) for
     * {@link #settle} to read each batch's answer against.
     */
    public synchronized List<Map<String, Object>> queries(Exchange exchange) throws SQLException {
        Map<String, Row> bySyssn = new LinkedHashMap<>();
        for (Row order : nextCycle()) {
            String syssn = order.syssn() != null ? order.syssn()
                    : PaymeJson.read(order.outcome(), PaymentOutcome.class).getSyssn();
            if (syssn != null) {
                bySyssn.put(syssn, order);
            }
        }
        exchange.setProperty(TRACKED, bySyssn);
        List<String> syssns = new ArrayList<>(bySyssn.keySet());
        List<Map<String, Object>> queries = new ArrayList<>();
        for (int from = 0; from < syssns.size(); from += BATCH) {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("syssn", String.join(",", syssns.subList(from, Math.min(syssns.size(), from + BATCH))));
            query.put("page_size", String.valueOf(BATCH));
            queries.add(query);
        }
        return queries;
    }

    /**
     * Reads one batch answer (the body, QFPay's JSON) and returns the outcomes it settles, each a map with
     * {@code status} (PAID or EXPIRED), {@code orderId}, {@code version}, {@code name} and {@code outcome} (JSON).
     * A failed batch is logged with its code, counted, and asked again next cycle.
     */
    public List<Map<String, Object>> settle(Exchange exchange) throws SQLException {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = exchange.getMessage().getBody(String.class);
        TransportHeaders.clear(exchange.getMessage());
        List<Map<String, Object>> settled = new ArrayList<>();
        JsonNode answer;
        try {
            answer = status != null && status == 200 ? PaymeJson.MAPPER.readTree(body) : null;
        } catch (java.io.IOException notJson) {
            answer = null;
        }
        if (answer == null || !"0000".equals(answer.path("respcd").asText())) {
            countFailure(status == null || status != 200 ? "HTTP " + status
                    : answer == null ? "a body that is not JSON" : "respcd " + answer.path("respcd").asText());
            return settled;
        }
        @SuppressWarnings("unchecked")
        Map<String, Row> bySyssn = Objects.requireNonNull(exchange.getProperty(TRACKED, Map.class),
                "the cycle's queries(exchange) keeps the tracked orders first");
        for (JsonNode record : answer.path("data")) {
            Row order = bySyssn.get(record.path("syssn").asText());
            String respcd = record.path("respcd").asText();
            if (order == null || !"payment".equals(record.path("order_type").asText("payment"))) {
                continue;
            }
            if (paidCodes.contains(respcd)) {
                move(order, PaymentEvent.QUERIED_PAID, respcd, record.path("errmsg").asText(null),
                        "A query record says the shopper paid", settled);
            } else if (expiredCodes.contains(respcd)) {
                move(order, PaymentEvent.EXPIRED_UNPAID, respcd, record.path("errmsg").asText(null),
                        "The query record has the final unpaid code " + respcd + ": the QR expired or was closed",
                        settled);
            }
        }
        return settled;
    }

    /** A tracking query that failed (a transport failure, or its answer): logged with why, counted. */
    private void countFailure(String why) {
        long failures = failedQueries.incrementAndGet();
        LOG.warn("Tracking query failed ({}); its orders are asked again next cycle ({} failed tracking queries so far)",
                why, failures);
    }

    /** A tracking query that failed with an exception (it never got an answer). */
    public void queryFailed(Exchange exchange) {
        countFailure(QfpayAnswers.describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)));
    }

    /** How many tracking queries failed since start. */
    public long failedQueries() {
        return failedQueries.get();
    }

    /** CREATED orders past their deadline: EXPIRED now (a later payment is still accepted, flagged late). */
    public synchronized List<Map<String, Object>> overdue() throws SQLException {
        List<Map<String, Object>> settled = new ArrayList<>();
        long now = clock.millis();
        // the orders this cycle asked about; called on its own, the deadline pass takes the next cycle's
        List<Row> orders = cycle != null ? cycle : nextCycle();
        cycle = null;
        for (Row order : orders) {
            String key = order.orderId() + "@" + order.version();
            Long known = knownDeadlines.get(key);
            long deadline = known != null ? known : deadlineOf(order);
            knownDeadlines.put(key, deadline);
            if (deadline <= now) {
                move(order, PaymentEvent.EXPIRED_UNPAID, null, null,
                        "Not paid by its deadline (" + Instant.ofEpochMilli(deadline) + ")", settled);
            }
        }
        return settled;
    }

    /**
     * This cycle's CREATED orders: the next {@code perCycle} after the previous cycle's, on from the oldest once past
     * the newest. However many orders are CREATED, each is asked about in turn, none starved by older ones.
     */
    private List<Row> nextCycle() throws SQLException {
        List<Row> rows = new ArrayList<>(cursor == null ? store.created(perCycle)
                : store.createdAfter(cursor, perCycle));
        if (rows.size() < perCycle && cursor != null) {
            Set<String> taken = new HashSet<>();
            rows.forEach(row -> taken.add(row.orderId()));
            for (Row oldest : store.created(perCycle - rows.size())) {
                if (taken.add(oldest.orderId())) {
                    rows.add(oldest);
                }
            }
        }
        cursor = rows.size() < perCycle ? null : rows.get(rows.size() - 1);
        cycle = rows;
        return rows;
    }

    /** The request time of the created attempt plus its own expired_time and the grace, or the default deadline. */
    private long deadlineOf(Row order) throws SQLException {
        PaymentOutcome outcome = PaymeJson.read(order.outcome(), PaymentOutcome.class);
        long start = outcome.getTxdtm() == null ? order.updatedAt()
                : LocalDateTime.parse(outcome.getTxdtm(), TXDTM).atZone(HONG_KONG).toInstant().toEpochMilli();
        Object minutes = store.requestOf(outcome.getOutTradeNo())
                .map(json -> PaymeJson.read(json, Map.class).get("expired_time")).orElse(null);
        return minutes == null ? start + deadlineMillis
                : start + Long.parseLong(String.valueOf(minutes)) * 60_000 + graceMillis;
    }

    private void move(Row order, PaymentEvent event, String respcd, String resperr, String reason,
                      List<Map<String, Object>> settled) throws SQLException {
        PaymentOutcome outcome = PaymeJson.read(order.outcome(), PaymentOutcome.class);
        outcome.setOutcome(event.to().status());
        if (respcd != null) {
            outcome.setRespcd(respcd);
            outcome.setResperr(resperr);
        }
        outcome.setReason(reason);
        store.apply(order.orderId(), event, PaymentFlow.stored(outcome).ifVersion(order.version()))
                .ifPresent(moved -> {
                    PaymentOutcomes.log(outcome);
                    settled.add(Map.of("status", outcome.getOutcome().name(), "orderId", moved.orderId(),
                            "version", moved.version(), "name", outcome.getOutTradeNo(), "outcome", moved.outcome()));
                });
    }
}

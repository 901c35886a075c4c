package dev.camelpayme.bench.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

import dev.camelpayme.app.PaymeJson;
import dev.camelpayme.app.payment.OrderFingerprint;
import dev.camelpayme.app.payment.OutcomeStatus;
import dev.camelpayme.app.payment.PaymentOutcome;
import dev.camelpayme.app.payment.PaymentState;
import dev.camelpayme.app.store.PaymentStore;
import dev.camelpayme.app.store.RefundStore;

/**
 * Fills the order store before the application starts, as months of trading would: orders in final states, each with
 * its attempt, its stored outcome JSON and its fingerprint, plus some CREATED orders still tracked. The schema is the
 * application's own ({@code createSchema} of its stores); the rows are written in JDBC batches.
 * <p>
 * The columns written here follow {@link PaymentStore}: a change of its schema must be made here too.
 */
final class StoreSeeder {

    static final String ID_PREFIX = "seed-";
    private static final int BATCH = 5_000;
    private static final ZoneId HONG_KONG = ZoneId.of("Asia/Hong_Kong");
    private static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private final int orders;
    private final int created;

    /** {@code orders} in all; 1% of them (at most 1,000) still CREATED, the others PAID, EXPIRED or FAILED. */
    StoreSeeder(int orders) {
        this(orders, Math.min(1_000, orders / 100));
    }

    private StoreSeeder(int orders, int created) {
        this.orders = orders;
        this.created = created;
    }

    /** {@code orders} in all, every one CREATED just now (its pay_url handed out): what the tracking check tracks. */
    static StoreSeeder allCreated(int orders) {
        return new StoreSeeder(orders, orders);
    }

    /** The i-th seeded order's order_id, out_trade_no and syssn (i from 0). */
    static String orderId(int i) {
        return ID_PREFIX + i;
    }

    static String outTradeNo(int i) {
        return orderId(i) + "-s" + Integer.toString(i, 36);
    }

    static String syssn(int i) {
        return "20000101" + String.format("%018d", i);
    }

    Duration seed(DataSource store) throws SQLException {
        long begin = System.nanoTime();
        new PaymentStore(store, Clock.systemUTC(), 30_000).createSchema();
        new RefundStore(store, Clock.systemUTC()).createSchema();
        long now = System.currentTimeMillis();
        try (Connection c = store.getConnection();
             PreparedStatement order = c.prepareStatement("INSERT INTO payme_order (order_id, state, attempts,"
                     + " out_trade_no, outcome, delivered, park_seq, created_at, updated_at, syssn, fingerprint)"
                     + " VALUES (?, ?, 1, ?, ?, 1, ?, ?, ?, ?, ?)");
             PreparedStatement attempt = c.prepareStatement("INSERT INTO payme_attempt (out_trade_no, order_id,"
                     + " attempt_no, respcd, note, request, created_at) VALUES (?, ?, 1, ?, NULL, ?, ?)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < orders; i++) {
                add(i, now, order, attempt);
                if ((i + 1) % BATCH == 0 || i + 1 == orders) {
                    order.executeBatch();
                    attempt.executeBatch();
                    c.commit();
                }
                if ((i + 1) % 100_000 == 0) {
                    System.out.printf("  seeded %,d orders (%.0f s)%n", i + 1, (System.nanoTime() - begin) / 1e9);
                }
            }
            c.setAutoCommit(true);
            settle(c);
        }
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    /**
     * Leaves the store as a long-lived one would be: H2 compacted (its copy-on-write file is several times larger
     * right after a bulk load; the running application compacts in the background), PostgreSQL vacuumed and analysed.
     */
    private static void settle(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            if ("H2".equals(c.getMetaData().getDatabaseProductName())) {
                s.execute("SHUTDOWN COMPACT");
            } else {
                s.execute("VACUUM ANALYZE payme_order");
                s.execute("VACUUM ANALYZE payme_attempt");
            }
        }
    }

    /** A PAID order of the seed, at random: posted again with the intake's usual content, it is a repeat. */
    String anyPaidOrderId() {
        while (true) {
            int i = created + ThreadLocalRandom.current().nextInt(orders - created);
            if (stateOf(i) == PaymentState.PAID) {
                return orderId(i);
            }
        }
    }

    boolean hasPaidOrders() {
        return orders - created >= 20;
    }

    private PaymentState stateOf(int i) {
        if (i < created) {
            return PaymentState.CREATED;
        }
        int bucket = i % 20;
        return bucket < 12 ? PaymentState.PAID : bucket < 17 ? PaymentState.EXPIRED : PaymentState.FAILED;
    }

    private void add(int i, long now, PreparedStatement order, PreparedStatement attempt) throws SQLException {
        PaymentState state = stateOf(i);
        // CREATED orders are recent (still tracked); final ones spread over the last 60 days
        long at = state == PaymentState.CREATED ? now : now - (i % 60) * DAY_MILLIS - (i % 86_400) * 1000L;
        String orderId = orderId(i);
        String outTradeNo = outTradeNo(i);
        String syssn = syssn(i);
        // the fields the component signs for {"order_id":..,"txamt":2500,"goods_name":"Coffee"}, as they are recorded
        Map<String, String> fields = new TreeMap<>();
        fields.put("goods_name", "Coffee");
        fields.put("out_trade_no", outTradeNo);
        fields.put("pay_type", "805814");
        fields.put("txamt", "2500");
        fields.put("txcurrcd", "HKD");
        fields.put("txdtm", DTM.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(at), HONG_KONG)));

        order.setString(1, orderId);
        order.setString(2, state.name());
        order.setString(3, outTradeNo);
        order.setString(4, PaymeJson.write(outcome(state, orderId, syssn, fields)));
        order.setInt(5, state == PaymentState.CREATED ? 2 : 3);
        order.setLong(6, at);
        order.setLong(7, at);
        order.setString(8, syssn);
        order.setString(9, OrderFingerprint.of(orderId, fields));
        order.addBatch();

        attempt.setString(1, outTradeNo);
        attempt.setString(2, orderId);
        attempt.setString(3, state == PaymentState.FAILED ? "1204" : "0000");
        attempt.setString(4, PaymeJson.write(fields));
        attempt.setLong(5, at);
        attempt.addBatch();
    }

    private static PaymentOutcome outcome(PaymentState state, String orderId, String syssn, Map<String, String> fields) {
        PaymentOutcome outcome = new PaymentOutcome();
        outcome.setOrderId(orderId);
        outcome.setOutTradeNo(fields.get("out_trade_no"));
        outcome.setSyssn(syssn);
        outcome.setTxamt(fields.get("txamt"));
        outcome.setTxcurrcd(fields.get("txcurrcd"));
        outcome.setPayType(fields.get("pay_type"));
        outcome.setTxdtm(fields.get("txdtm"));
        switch (state) {
            case CREATED, PAID -> {
                outcome.setOutcome(state == PaymentState.CREATED ? OutcomeStatus.CREATED : OutcomeStatus.PAID);
                outcome.setRespcd("0000");
                outcome.setResperr("Request successful");
                outcome.setPayUrl("https://openapi-hk.qfapi.com/pay/" + syssn);
                outcome.setReason(state == PaymentState.CREATED
                        ? "QFPay created the order and issued its pay_url; the shopper has not paid yet"
                        : "A query record says the shopper paid");
            }
            case EXPIRED -> {
                outcome.setOutcome(OutcomeStatus.EXPIRED);
                outcome.setRespcd("1181");
                outcome.setReason("The query record has the final unpaid code 1181: the QR expired or was closed");
            }
            default -> {
                outcome.setOutcome(OutcomeStatus.FAILED);
                outcome.setRespcd("1204");
                outcome.setReason("QFPay refused the order with a final code");
            }
        }
        return outcome;
    }
}

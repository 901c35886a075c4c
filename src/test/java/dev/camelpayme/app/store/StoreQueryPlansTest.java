package dev.camelpayme.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;

import dev.camelpayme.app.metrics.StoreGauges;
import dev.camelpayme.app.payment.PaymentState;
import dev.camelpayme.testing.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queries that run on a timer (tracking, the sweepers) or for every order and refund are each served by an index,
 * as H2's own plan says: their cost stays flat however many orders the store holds, never a scan of the table or of
 * stored JSON. (The benchmark measures the same with a million orders seeded: README "Benchmarks".)
 */
class StoreQueryPlansTest {

    private static final String ORDERS = "SELECT order_id FROM payme_order ";

    record Query(String name, String sql, String index, Object... parameters) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Query> queries() {
        return List.of(
                new Query("an order by its id", ORDERS + "WHERE order_id = ?", "PRIMARY_KEY", "o-1"),
                new Query("tracking: CREATED orders, oldest first", ORDERS + PaymentStore.CREATED_OLDEST_FIRST,
                        "PAYME_ORDER_STATE", PaymentState.CREATED.name()),
                new Query("tracking: the next CREATED orders after a cycle's last", ORDERS + PaymentStore.CREATED_AFTER,
                        "PAYME_ORDER_STATE", PaymentState.CREATED.name(), 1L, 1L, "o-1"),
                new Query("a notification's paid order", ORDERS + PaymentStore.PAID_WITH_SYSSN, "PAYME_ORDER_SYSSN",
                        "s-1", PaymentState.PAID.name()),
                new Query("stale-order sweep", ORDERS + PaymentStore.IN_STATE_SINCE, "PAYME_ORDER_STATE",
                        PaymentState.IN_FLIGHT.name(), 1L),
                new Query("undelivered-outcome sweep", ORDERS + PaymentStore.UNDELIVERED, "PAYME_ORDER_UNDELIVERED",
                        1L, "CREATED", "PAID", "FAILED", "EXPIRED"),
                new Query("unrouted-notification sweep", PaymentStore.UNROUTED_NOTIFICATIONS,
                        "PAYME_NOTIFICATION_UNROUTED", 1L),
                new Query("an order's attempts", "SELECT out_trade_no FROM payme_attempt WHERE order_id = ?",
                        "PAYME_ATTEMPT_ORDER", "o-1"),
                new Query("stale-refund sweep", "SELECT refund_id FROM payme_refund " + RefundStore.IN_STATE_SINCE,
                        "PAYME_REFUND_STATE", "SENDING", 1L),
                new Query("undelivered-refund sweep", RefundStore.UNDELIVERED, "PAYME_REFUND_UNDELIVERED",
                        1L, "REFUNDED", "FAILED", "UNKNOWN"),
                new Query("refunds of the day, for the daily limit", RefundStore.DAY_TOTAL, "PAYME_REFUND_CREATED",
                        1L, 2L, "FAILED"),
                new Query("reconciliation: the attempts sent that day", PaymentStore.ATTEMPTS_SENT_BETWEEN,
                        "PAYME_ATTEMPT_CREATED", 1L, 2L),
                new Query("reconciliation: the refunds claimed that day", "SELECT refund_id FROM payme_refund "
                        + RefundStore.CLAIMED_BETWEEN, "PAYME_REFUND_CREATED", 1L, 2L),
                new Query("gauge: orders in a state", StoreGauges.ORDERS_IN_STATE, "PAYME_ORDER_STATE", "CREATED"),
                new Query("gauge: undelivered order outcomes", StoreGauges.ORDERS_UNDELIVERED,
                        "PAYME_ORDER_UNDELIVERED", "PAID"),
                new Query("gauge: undelivered refund outcomes", StoreGauges.REFUNDS_UNDELIVERED,
                        "PAYME_REFUND_UNDELIVERED", "REFUNDED"));
    }

    private DataSource database;

    @BeforeEach
    void storeWithOrdersInEveryState() throws Exception {
        database = TestDatabases.freshH2();
        new PaymentStore(database, Clock.systemUTC(), 30_000).createSchema();
        new RefundStore(database, Clock.systemUTC(), RefundStore.Limits.of(null, null)).createSchema();
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            PaymentState[] states = PaymentState.values();
            for (int i = 0; i < 5_000; i++) {
                s.addBatch("INSERT INTO payme_order (order_id, state, attempts, out_trade_no, outcome, delivered,"
                        + " created_at, updated_at, syssn) VALUES ('o-" + i + "', '" + states[i % states.length]
                        + "', 1, 'o-" + i + "-a', '{}', 1, " + i + ", " + i + ", 's-" + i + "')");
                s.addBatch("INSERT INTO payme_attempt (out_trade_no, order_id, attempt_no, request, created_at)"
                        + " VALUES ('o-" + i + "-a', 'o-" + i + "', 1, '{}', " + i + ")");
                s.addBatch("INSERT INTO payme_refund (refund_id, order_id, orig_syssn, txamt, state, attempts,"
                        + " out_trade_no, txdtm, outcome, delivered, created_at, updated_at) VALUES ('r-" + i
                        + "', 'o-" + i + "', 's-" + i + "', 100, 'REFUNDED', 1, 'r-" + i + "-a', '2026-12-01 10:00:00',"
                        + " '{}', 1, " + i + ", " + i + ")");
            }
            s.executeBatch();
            s.execute("ANALYZE");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void isServedByAnIndex(Query query) throws SQLException {
        String plan = planOf(query);

        assertThat(plan).as(plan).doesNotContainIgnoringCase("tableScan").containsIgnoringCase(query.index());
    }

    private String planOf(Query query) throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement explain = c.prepareStatement("EXPLAIN " + query.sql())) {
            for (int i = 0; i < query.parameters().length; i++) {
                explain.setObject(i + 1, query.parameters()[i]);
            }
            try (ResultSet plan = explain.executeQuery()) {
                plan.next();
                return plan.getString(1);
            }
        }
    }
}

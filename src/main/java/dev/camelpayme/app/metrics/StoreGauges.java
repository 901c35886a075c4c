package dev.camelpayme.app.metrics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of what the store holds now: orders PENDING (in flight, parked or polled) and CREATED, and final outcomes
 * waiting for delivery. Each is a COUNT over an index (StoreQueryPlansTest), never a read of stored JSON, and all of
 * them are counted at most once per {@code cacheMillis}, however often they are scraped, in the background: a scrape
 * shows the last counts and never waits for the store.
 */
public class StoreGauges {

    private static final Logger LOG = LoggerFactory.getLogger(StoreGauges.class);

    /** Orders in one state: served by the index payme_order_state (state, updated_at). */
    public static final String ORDERS_IN_STATE = "SELECT COUNT(*) FROM payme_order WHERE state = ?";
    /** Stored outcomes of one final state not delivered yet: served by payme_order_undelivered. */
    public static final String ORDERS_UNDELIVERED =
            "SELECT COUNT(*) FROM payme_order WHERE delivered = 0 AND state = ?";
    /** The same for refunds: served by payme_refund_undelivered. */
    public static final String REFUNDS_UNDELIVERED =
            "SELECT COUNT(*) FROM payme_refund WHERE delivered = 0 AND state = ?";

    private static final List<String> PENDING_STATES = List.of("IN_FLIGHT", "WAITING", "PENDING");
    private static final List<String> FINAL_ORDER_STATES = List.of("CREATED", "PAID", "FAILED", "EXPIRED");
    private static final List<String> FINAL_REFUND_STATES = List.of("REFUNDED", "FAILED", "UNKNOWN");

    private record Counts(double pending, double created, double undeliveredOrders, double undeliveredRefunds) {
        static final Counts UNKNOWN = new Counts(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    private final DataSource dataSource;
    private final RefreshedInBackground<Counts> counts;

    public StoreGauges(DataSource dataSource, Clock clock, long cacheMillis) {
        this.dataSource = dataSource;
        this.counts = new RefreshedInBackground<>("store", this::count, Counts.UNKNOWN, clock, cacheMillis);
    }

    public void bindTo(MeterRegistry registry) {
        Gauge.builder("payme.orders.now", this, g -> g.counts().pending()).tag("status", "PENDING")
                .description("Orders not final yet: in flight, parked for a retry or recovery, or polled")
                .strongReference(true).register(registry);
        Gauge.builder("payme.orders.now", this, g -> g.counts().created()).tag("status", "CREATED")
                .description("Orders CREATED at QFPay and not paid yet").strongReference(true).register(registry);
        Gauge.builder("payme.outcomes.undelivered", this, g -> g.counts().undeliveredOrders()).tag("kind", "payment")
                .description("Final outcomes stored but not delivered to their endpoint yet")
                .strongReference(true).register(registry);
        Gauge.builder("payme.outcomes.undelivered", this, g -> g.counts().undeliveredRefunds()).tag("kind", "refund")
                .description("Final outcomes stored but not delivered to their endpoint yet")
                .strongReference(true).register(registry);
    }

    private Counts counts() {
        return counts.get();
    }

    private Counts count() {
        try (Connection c = dataSource.getConnection()) {
            return new Counts(sum(c, ORDERS_IN_STATE, PENDING_STATES), sum(c, ORDERS_IN_STATE, List.of("CREATED")),
                    sum(c, ORDERS_UNDELIVERED, FINAL_ORDER_STATES), sum(c, REFUNDS_UNDELIVERED, FINAL_REFUND_STATES));
        } catch (SQLException | RuntimeException e) {
            // the store's health check says it is lost; the gauges show no number rather than a stale one
            LOG.debug("Store gauges not counted: {}", e.getClass().getSimpleName());
            return Counts.UNKNOWN;
        }
    }

    /** One indexed COUNT per state (an IN list could make the database scan instead). */
    private static double sum(Connection c, String sql, List<String> states) throws SQLException {
        long total = 0;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (String state : states) {
                s.setString(1, state);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    total += rs.getLong(1);
                }
            }
        }
        return total;
    }
}

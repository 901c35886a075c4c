package dev.camelpayme.bench.e2e;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.camelpayme.app.payment.PaymentTracker;
import dev.camelpayme.app.store.PaymentStore;

/**
 * The store's periodic queries, timed on the store the run left behind (the application stopped): what each sweeper
 * and each tracking cycle reads, with the batch sizes the application uses, and one lookup by order_id. Run on an
 * empty and on a seeded store, they show whether these costs grow with the number of orders kept.
 */
final class StoreQueries {

    private static final int RUNS = 5;

    private StoreQueries() {
    }

    /** The median milliseconds of each, over five runs, through a connection pool as the application has. */
    static Map<String, Double> time(DataSource store, String anOrderId) throws SQLException {
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(store);
        pool.setMaximumPoolSize(2);
        try (HikariDataSource pooled = new HikariDataSource(pool)) {
            return time(new PaymentStore(pooled, Clock.systemUTC(), 30_000, 90_000), anOrderId);
        }
    }

    /**
     * The tracker's deadline pass of one cycle, {@link PaymentTracker#overdue()}, on the store left behind: its
     * CREATED orders (none due yet, so nothing is written). Median milliseconds of three.
     */
    static double trackerOverdue(DataSource store, ShippedTracking shipped) throws SQLException {
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(store);
        pool.setMaximumPoolSize(2);
        try (HikariDataSource pooled = new HikariDataSource(pool)) {
            // overdue() reads no respcd: the codes given here are the shipped ones, for completeness
            PaymentTracker tracker = new PaymentTracker(new PaymentStore(pooled, Clock.systemUTC(), 30_000, 90_000),
                    Clock.systemUTC(), shipped.deadlineMillis(), shipped.graceMillis(), "0000", "1181,1142,1263,1264");
            return median(3, tracker::overdue);
        }
    }

    private static Map<String, Double> time(PaymentStore orders, String anOrderId) throws SQLException {
        Map<String, Double> millis = new LinkedHashMap<>();
        millis.put("recovery sweep: stale(100)", median(() -> orders.stale(100)));
        millis.put("redelivery sweep: takeUndelivered(100)", median(() -> orders.takeUndelivered(100)));
        millis.put("notification sweep: takeUnroutedNotifications(100)",
                median(() -> orders.takeUnroutedNotifications(100)));
        millis.put("tracking cycle: created(10000)", median(() -> orders.created(10_000)));
        millis.put("lookup: find(order_id)", median(() -> orders.find(anOrderId)));
        return millis;
    }

    private interface Query {
        Object run() throws SQLException;
    }

    private static double median(Query query) throws SQLException {
        return median(RUNS, query);
    }

    private static double median(int times, Query query) throws SQLException {
        double[] runs = new double[times];
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            query.run();
            runs[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(runs);
        return Math.round(runs[times / 2] * 1000) / 1000.0;
    }
}

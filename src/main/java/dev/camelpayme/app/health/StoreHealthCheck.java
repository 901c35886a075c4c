package dev.camelpayme.app.health;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Readiness: the order store answers. One primary-key lookup on the orders table, so a database that is up but has
 * lost the application's tables (a fresh in-memory database after a restart) counts as lost too.
 */
public class StoreHealthCheck extends ProbedReadinessCheck {

    private static final String PROBE = "SELECT COUNT(*) FROM payme_order WHERE order_id = ''";
    public StoreHealthCheck(DataSource dataSource, Duration timeout) {
        super("payme-store", "The order store");
        probeWith(new BoundedProbe("store", () -> {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement s = c.prepareStatement(PROBE)) {
                    s.setQueryTimeout(Math.max(1, (int) timeout.toSeconds()));
                    s.executeQuery().close();
                } catch (SQLException broken) {
                    evict(dataSource, c);
                    throw broken;
                }
            }
        }, timeout));
    }

    /**
     * A pooled connection the database dropped may look alive to the pool (it checks only connections idle for a
     * while, and not every driver's error marks one broken): evicted, so the pool connects afresh once the database
     * is back.
     */
    private static void evict(DataSource dataSource, Connection connection) throws SQLException {
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
        }
    }
}

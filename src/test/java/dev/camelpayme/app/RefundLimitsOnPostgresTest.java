package dev.camelpayme.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The refund limits through the real routes with the store on PostgreSQL, in a database of its own (the day's total
 * must hold only this class's refunds). Runs when PAYME_TEST_POSTGRES_URL is set (.ci/run starts a throwaway
 * PostgreSQL server).
 */
@EnabledIfEnvironmentVariable(named = "PAYME_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class RefundLimitsOnPostgresTest extends RefundLimitsTest {

    // no initialiser: the test kit asks for the properties from its constructor, before initialisers run
    private String database;

    @Override
    protected Map<String, String> extraProperties() {
        if (database == null) {
            database = createDatabase();
        }
        Map<String, String> properties = new HashMap<>(super.extraProperties());
        properties.put("payme.store.url", database);
        properties.put("payme.store.username", "postgres");
        return properties;
    }

    /** A new, empty database on the test server; its JDBC URL. */
    private static String createDatabase() {
        String url = System.getenv("PAYME_TEST_POSTGRES_URL");
        String name = "payme_limits_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a database on " + url, e);
        }
        return url.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
    }
}

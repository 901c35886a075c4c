package dev.camelpayme.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Empty databases for the store tests: a fresh in-memory H2 each time, or the throwaway PostgreSQL server that
 * .ci/run starts (PAYME_TEST_POSTGRES_URL), its payme tables dropped first.
 */
public final class TestDatabases {

    /** The environment variable naming a PostgreSQL database the tests may wipe. */
    public static final String POSTGRES_URL = "PAYME_TEST_POSTGRES_URL";
    private static final String[] TABLES = { "payme_order", "payme_attempt", "payme_notification", "payme_refund",
            "payme_refund_limit", "payme_reconciliation", "payme_rate_limit" };

    private TestDatabases() {
    }

    public static DataSource freshH2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    public static DataSource emptiedPostgres() throws SQLException {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(System.getenv(POSTGRES_URL));
        try (Connection c = postgres.getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        }
        return postgres;
    }
}

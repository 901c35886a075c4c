package dev.camelpayme.app.store;

import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * refund_id ownership and the refund limits on PostgreSQL, the shared database for several instances. Runs when
 * PAYME_TEST_POSTGRES_URL names a database the tests may wipe (.ci/run starts a throwaway PostgreSQL server).
 */
@EnabledIfEnvironmentVariable(named = "PAYME_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class RefundStoreLimitsPostgresTest extends RefundStoreLimitsTest {

    @Override
    protected DataSource freshDatabase() throws Exception {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(System.getenv("PAYME_TEST_POSTGRES_URL"));
        try (Connection c = postgres.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS payme_refund");
            s.execute("DROP TABLE IF EXISTS payme_refund_limit");
            s.execute("DROP TABLE IF EXISTS payme_order");
            s.execute("DROP TABLE IF EXISTS payme_attempt");
        }
        return postgres;
    }
}

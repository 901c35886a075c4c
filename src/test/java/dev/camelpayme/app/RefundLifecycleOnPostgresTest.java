package dev.camelpayme.app;

import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.postgresql.ds.PGSimpleDataSource;

/** The refund life cycle on PostgreSQL. Runs when PAYME_TEST_POSTGRES_URL is set (.ci/run sets it). */
@EnabledIfEnvironmentVariable(named = "PAYME_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class RefundLifecycleOnPostgresTest extends RefundLifecycleTest {

    @Override
    protected DataSource freshDatabase() throws Exception {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(System.getenv("PAYME_TEST_POSTGRES_URL"));
        try (Connection c = postgres.getConnection(); Statement s = c.createStatement()) {
            for (String table : new String[] { "payme_order", "payme_attempt", "payme_notification", "payme_refund" }) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        }
        return postgres;
    }
}

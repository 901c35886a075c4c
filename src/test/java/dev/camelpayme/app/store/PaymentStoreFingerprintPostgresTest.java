package dev.camelpayme.app.store;

import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The order_id and content rules of the order store on PostgreSQL, the shared database for several instances. Runs
 * when PAYME_TEST_POSTGRES_URL names a database the tests may wipe (.ci/run starts a throwaway PostgreSQL server).
 */
@EnabledIfEnvironmentVariable(named = "PAYME_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class PaymentStoreFingerprintPostgresTest extends PaymentStoreFingerprintTest {

    @Override
    protected DataSource freshDatabase() throws Exception {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(System.getenv("PAYME_TEST_POSTGRES_URL"));
        try (Connection c = postgres.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS payme_order");
            s.execute("DROP TABLE IF EXISTS payme_attempt");
            s.execute("DROP TABLE IF EXISTS payme_notification");
        }
        return postgres;
    }
}

package dev.camelpayme.app;

import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The reconciliation's promises with the order store on PostgreSQL, as several instances would share it. Runs when
 * PAYME_TEST_POSTGRES_URL is set (.ci/run starts a throwaway PostgreSQL server).
 */
@EnabledIfEnvironmentVariable(named = "PAYME_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class ReconciliationOnPostgresTest extends ReconciliationTest {

    @Override
    protected Map<String, String> storeProperties() {
        return Map.of("payme.store.url", System.getenv("PAYME_TEST_POSTGRES_URL"), "payme.store.username", "postgres");
    }

    @Override
    protected DataSource storeDataSource() {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(System.getenv("PAYME_TEST_POSTGRES_URL"));
        return postgres;
    }
}

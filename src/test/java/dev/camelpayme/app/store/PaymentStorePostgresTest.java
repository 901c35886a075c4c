package dev.camelpayme.app.store;

import javax.sql.DataSource;

import dev.camelpayme.testing.TestDatabases;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The order store on PostgreSQL, the shared database for several instances. Runs when PAYME_TEST_POSTGRES_URL names
 * a database the tests may wipe (.ci/run starts a throwaway PostgreSQL server and sets it).
 */
@EnabledIfEnvironmentVariable(named = "PAYME_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class PaymentStorePostgresTest extends PaymentStoreTest {

    @Override
    protected DataSource freshDatabase() throws Exception {
        return TestDatabases.emptiedPostgres();
    }
}

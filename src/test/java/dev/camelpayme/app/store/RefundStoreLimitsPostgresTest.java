package dev.camelpayme.app.store;

import javax.sql.DataSource;

import dev.camelpayme.testing.TestDatabases;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * refund_id ownership and the refund limits on PostgreSQL, the shared database for several instances. Runs when
 * PAYME_TEST_POSTGRES_URL names a database the tests may wipe (.ci/run starts a throwaway PostgreSQL server).
 */
@EnabledIfEnvironmentVariable(named = "PAYME_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class RefundStoreLimitsPostgresTest extends RefundStoreLimitsTest {

    @Override
    protected DataSource freshDatabase() throws Exception {
        return TestDatabases.emptiedPostgres();
    }
}

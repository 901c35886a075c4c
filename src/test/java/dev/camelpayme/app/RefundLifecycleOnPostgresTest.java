package dev.camelpayme.app;

import javax.sql.DataSource;

import dev.camelpayme.testing.TestDatabases;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The refund life cycle on PostgreSQL. Runs when PAYME_TEST_POSTGRES_URL is set (.ci/run sets it). */
@EnabledIfEnvironmentVariable(named = "PAYME_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class RefundLifecycleOnPostgresTest extends RefundLifecycleTest {

    @Override
    protected DataSource freshDatabase() throws Exception {
        return TestDatabases.emptiedPostgres();
    }
}

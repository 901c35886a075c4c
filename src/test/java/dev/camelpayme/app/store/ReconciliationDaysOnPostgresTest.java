package dev.camelpayme.app.store;

import dev.camelpayme.testing.TestDatabases;
import javax.sql.DataSource;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The reconciliation's claims and bookings on PostgreSQL, the database several instances share. */
@EnabledIfEnvironmentVariable(named = "PAYME_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class ReconciliationDaysOnPostgresTest extends ReconciliationDaysTest {

    @Override
    protected DataSource freshDatabase() throws Exception {
        return TestDatabases.emptiedPostgres();
    }
}

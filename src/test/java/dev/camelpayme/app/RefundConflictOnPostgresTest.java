package dev.camelpayme.app;

import java.util.Map;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * refund_id ownership through the real routes with the store on PostgreSQL. Runs when PAYME_TEST_POSTGRES_URL is set
 * (.ci/run starts a throwaway PostgreSQL server).
 */
@EnabledIfEnvironmentVariable(named = "PAYME_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class RefundConflictOnPostgresTest extends RefundConflictTest {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("payme.store.url", System.getenv("PAYME_TEST_POSTGRES_URL"), "payme.store.username", "postgres");
    }
}

package dev.camelpayme.app;

import java.util.Map;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The order_id and content rules with the order store on PostgreSQL, as several instances would share it. Runs when
 * PAYME_TEST_POSTGRES_URL is set (.ci/run starts a throwaway PostgreSQL server).
 */
@EnabledIfEnvironmentVariable(named = "PAYME_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class IdempotencyConflictOnPostgresTest extends IdempotencyConflictTest {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("payme.store.url", System.getenv("PAYME_TEST_POSTGRES_URL"), "payme.store.username", "postgres");
    }
}

package dev.camelpayme.app.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.camelpayme.app.store.ReconciliationDays;
import dev.camelpayme.testing.TestDatabases;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When the daily run is due: the previous Hong Kong day, once the configured Hong Kong time has passed, once. */
class ReconciliationScheduleTest {

    private DataSource database;

    @BeforeEach
    void createStore() throws Exception {
        database = TestDatabases.freshH2();
        new ReconciliationDays(database, Clock.systemUTC(), 60_000, 60_000).createSchema();
    }

    /** A schedule at 02:30 Hong Kong time whose clock reads {@code utc}, whatever the JVM's zone. */
    private ReconciliationSchedule at(String utc) {
        Clock clock = Clock.fixed(Instant.parse(utc), ZoneOffset.UTC);
        return new ReconciliationSchedule(new ReconciliationDays(database, clock, 60_000, 60_000), clock, "02:30");
    }

    private static Exchange exchange() {
        return new DefaultExchange(new DefaultCamelContext());
    }

    @Test
    void nothingIsDueBeforeTheTimeInHongKong() throws Exception {
        // 02:29 in Hong Kong on 2 December is 18:29 UTC on 1 December
        assertThat(at("2026-12-01T18:29:00Z").claimDueDay()).isNull();
    }

    @Test
    void fromTheTimeOnThePreviousHongKongDayIsClaimedOnce() throws Exception {
        assertThat(at("2026-12-01T18:30:00Z").claimDueDay()).isEqualTo("2026-12-01");
        assertThat(at("2026-12-01T18:31:00Z").claimDueDay()).as("another instance, while it runs").isNull();
        Exchange ended = exchange();
        ended.setVariable(ReconciliationSchedule.DAY, "2026-12-01");
        at("2026-12-01T18:40:00Z").finished(ended);

        assertThat(at("2026-12-01T23:00:00Z").claimDueDay()).as("any instance, after a restart").isNull();
        assertThat(at("2026-12-02T18:31:00Z").claimDueDay()).isEqualTo("2026-12-02");
    }

    @Test
    void aTimeThatIsNotATimeOfDayIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new ReconciliationSchedule(null, Clock.systemUTC(), "2:30am"))
                .hasMessageContaining("payme.reconciliation.time");
    }
}

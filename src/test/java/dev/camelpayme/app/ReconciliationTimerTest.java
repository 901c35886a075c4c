package dev.camelpayme.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelpayme.app.store.ReconciliationDays;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The daily timer: once its Hong Kong time has passed, the previous day is reconciled once and its report written,
 * however often the timer ticks; the day's claim in the store keeps any other instance from running it too.
 */
class ReconciliationTimerTest extends PaymeRouteTestSupport {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of(
                "payme.sandbox.notify-url", "",
                "payme.route.reconciliation-uri", "mock:reconciliation",
                "payme.reconciliation.enabled", "true",
                "payme.reconciliation.time", "00:00",
                "payme.reconciliation.check-interval-ms", "200",
                "payme.reconciliation.call-spacing-ms", "5");
    }

    @Test
    void thePreviousDayIsReconciledOnceHoweverOftenTheTimerTicks() throws Exception {
        String yesterday = LocalDate.now(ZoneId.of("Asia/Hong_Kong")).minusDays(1).toString();
        NotifyBuilder ticks = new NotifyBuilder(context).fromRoute("payme-reconciliation-timer").whenCompleted(10)
                .create();

        await().atMost(Duration.ofSeconds(15)).until(() -> getMockEndpoint("mock:reconciliation").getExchanges()
                .size() == 2);
        assertThat(ticks.matches(15, TimeUnit.SECONDS)).isTrue();

        assertThat(getMockEndpoint("mock:reconciliation").getExchanges())
                .extracting(e -> e.getMessage().getHeader("CamelFileName", String.class))
                .allSatisfy(name -> assertThat(name).startsWith("reconciliation-" + yesterday + "-"));
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(context.resolvePropertyPlaceholders("{{payme.store.url}}"));
        h2.setUser("sa");
        ReconciliationDays days = new ReconciliationDays(h2, Clock.systemUTC(), 3_600_000, 600_000);
        LocalDate day = LocalDate.parse(yesterday);
        assertThat(days.stateOf(day)).contains(ReconciliationDays.State.DONE);
        assertThat(days.runsOf(day)).isEqualTo(1);
        assertThat(days.claim(day)).as("another instance finds the day done").isFalse();
        assertThat(getMockEndpoint("mock:reconciliation").getExchanges()).hasSize(2);
    }
}

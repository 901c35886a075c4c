package dev.camelpayme.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelpayme.app.store.ReconciliationDays;
import dev.camelpayme.testing.FreePorts;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * QFPay's host refuses the connection: a reconciliation concludes nothing and writes no report; the API answers 502
 * saying so, and the timer's day is left FAILED, to be claimed again after the retry delay, not at every tick.
 */
class ReconciliationFailureTest extends PaymeRouteTestSupport {

    private static final int CLOSED_PORT = FreePorts.next();
    private static final String KEY = "TEST-CLIENT-KEY-FOR-A-RECONCILIATION-THAT-FAILS";

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of(
                "payme.sandbox.enabled", "false",
                "payme.base-url", "http://localhost:" + CLOSED_PORT,
                "camel.component.payme.app-code", "TEST-APP-CODE",
                "camel.component.payme.client-key", KEY,
                "payme.route.reconciliation-uri", "mock:reconciliation",
                "payme.reconciliation.enabled", "true",
                "payme.reconciliation.time", "00:00",
                "payme.reconciliation.check-interval-ms", "200",
                "payme.reconciliation.retry-ms", "3600000");
    }

    @Test
    void aDayWhoseRecordsCannotBeReadIsNotReconciledAndIsTriedAgainOnlyAfterTheRetryDelay() throws Exception {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Hong_Kong"));
        NotifyBuilder ticks = new NotifyBuilder(context).fromRoute("payme-reconciliation-timer").whenCompleted(8)
                .create();
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(context.resolvePropertyPlaceholders("{{payme.store.url}}"));
        h2.setUser("sa");
        ReconciliationDays days = new ReconciliationDays(h2, Clock.systemUTC(), 3_600_000, 3_600_000);

        HttpResponse<String> answer = postAs(ApiTestUsers.RECONCILIATION.authorization(), "/api/reconciliations",
                HttpRequest.BodyPublishers.ofString("{\"date\":\"" + today + "\"}", StandardCharsets.UTF_8), Map.of(),
                Duration.ofSeconds(30));

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(json(answer.body()).path("outcome").asText()).isEqualTo("FAILED");
        assertThat(answer.body()).contains("could not be read").doesNotContain(KEY);
        await().atMost(Duration.ofSeconds(15)).until(() -> days.stateOf(today.minusDays(1))
                .filter(ReconciliationDays.State.FAILED::equals).isPresent());
        assertThat(ticks.matches(15, TimeUnit.SECONDS)).isTrue();
        assertThat(days.runsOf(today.minusDays(1))).isEqualTo(1);
        assertThat(getMockEndpoint("mock:reconciliation").getExchanges()).isEmpty();
    }
}

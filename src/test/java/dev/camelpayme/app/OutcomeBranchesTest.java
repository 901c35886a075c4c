package dev.camelpayme.app;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every intake reaches every outcome branch: an order enters through REST, JMS (text and bytes) or a file, goes
 * through the real YAML routes, is signed, sent over loopback HTTP to the embedded sandbox (which checks the
 * signature with its own code), and ends as exactly one outcome on the success or error endpoint.
 */
class OutcomeBranchesTest extends PaymeRouteTestSupport {

    enum Intake { REST, JMS_TEXT, JMS_BYTES, FILE }

    /** A sandbox trigger (by amount), the outcome it must produce, and the REST status answered at once. */
    record Scenario(String name, long txamt, String endpoint, String outcome, String respcd, int restStatus) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("created", 1000, "mock:success", "CREATED", "0000", 201),
            new Scenario("pending then paid", 91143, "mock:paid", "PAID", "0000", 202),
            new Scenario("final failure code", 91204, "mock:error", "FAILED", "1204", 502),
            new Scenario("HTTP 500 on every attempt", 90500, "mock:error", "FAILED", null, 202),
            new Scenario("invalid order", -5, "mock:error", "REJECTED", null, 400),
            new Scenario("pending until the deadline", 90001, "mock:expired", "EXPIRED", "1143", 202),
            new Scenario("pending then a final unpaid record", 90003, "mock:error", "FAILED", "1181", 202));

    static Stream<Arguments> intakesAndScenarios() {
        List<Arguments> all = new ArrayList<>();
        for (Intake intake : Intake.values()) {
            for (Scenario scenario : SCENARIOS) {
                all.add(Arguments.of(intake, scenario));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("intakesAndScenarios")
    void everyIntakeReachesEveryOutcomeBranch(Intake intake, Scenario scenario) {
        String orderId = newOrderId("T");
        String order = order(orderId, scenario.txamt());
        NotifyBuilder notificationRouted = notificationRouted();

        switch (intake) {
            case REST -> {
                HttpResponse<String> response = postOrder(order);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(scenario.restStatus());
                assertThat(json(response.body()).path("order_id").asText()).isEqualTo(orderId);
            }
            case JMS_TEXT -> template.sendBody("jms:queue:payme.orders", order);
            case JMS_BYTES -> template.sendBody("jms:queue:payme.orders", order.getBytes(StandardCharsets.UTF_8));
            case FILE -> dropFile(orderId + ".json", order.getBytes(StandardCharsets.UTF_8));
        }

        JsonNode outcome = awaitOutcome(scenario.endpoint(), orderId);
        assertThat(outcome.path("outcome").asText()).isEqualTo(scenario.outcome());
        assertThat(outcome.path("reason").asText()).isNotBlank();
        if (scenario.respcd() != null) {
            assertThat(outcome.path("respcd").asText()).isEqualTo(scenario.respcd());
        }
        if (scenario.outcome().equals("REJECTED")) {
            assertThat(outcome.path("errors").findValuesAsText("field")).contains("txamt");
            assertThat(sandbox().requests()).noneMatch(r -> String.valueOf(r.field("out_trade_no")).startsWith(orderId));
        } else {
            assertThat(outcome.path("out_trade_no").asText()).startsWith(orderId + "-");
            assertThat(outcome.path("txamt").asText()).isEqualTo(String.valueOf(scenario.txamt()));
            assertThat(outcome.path("txcurrcd").asText()).isEqualTo("HKD");
        }
        if (scenario.outcome().equals("CREATED")) {
            assertThat(outcome.path("pay_url").asText()).startsWith(sandbox().baseUrl() + "/sandbox/pay/");
            assertThat(outcome.path("syssn").asText()).isNotBlank();
        }
        assertExactlyOneOutcome(orderId, notificationRouted);
    }

    private JsonNode awaitOutcome(String endpoint, String orderId) {
        await().atMost(Duration.ofSeconds(15)).until(() -> outcomesFor(orderId, endpoint).size() == 1);
        return outcomesFor(orderId, endpoint).get(0);
    }

    /** No second outcome follows, on any endpoint, once every flow that could still deliver one has ended. */
    private void assertExactlyOneOutcome(String orderId, NotifyBuilder notificationRouted) {
        awaitPaymentFlowsEnded(orderId, notificationRouted);
        int total = allOutcomesFor(orderId).size();
        assertThat(total).as("outcomes for %s", orderId).isEqualTo(1);
    }
}

package dev.camelpayme.app;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's refund limits through the real routes: a refund larger than payme.refunds.max-amount, or one that
 * would take the day's refunds past payme.refunds.max-per-day, is REJECTED naming the limit before QFPay is called,
 * also when refunds of several orders race at the limit. On the embedded default (H2);
 * {@link RefundLimitsOnPostgresTest} runs the same on PostgreSQL. Its store holds only this class's refunds, so the
 * day's total is known (a run across midnight in Hong Kong would start a new day).
 */
class RefundLimitsTest extends RefundRouteTestSupport {

    private static final int CALLERS = 16;
    private static final long MAX_AMOUNT = 3000;
    private static final long MAX_PER_DAY = 5000;

    private final ExecutorService callers = Executors.newFixedThreadPool(CALLERS);

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("payme.refunds.max-amount", String.valueOf(MAX_AMOUNT),
                "payme.refunds.max-per-day", String.valueOf(MAX_PER_DAY));
    }

    @AfterAll
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void aRefundLargerThanTheMaxAmountIsRejectedBeforeCallingQfpay() throws Exception {
        JsonNode order = paidOrder(5000);

        HttpResponse<String> answer = refund(refundRequest(order, MAX_AMOUNT + 1));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        JsonNode rejected = json(answer.body());
        assertThat(rejected.path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(rejected.path("errors").findValuesAsText("field")).containsExactly("txamt");
        assertThat(rejected.path("reason").asText()).contains("payme.refunds.max-amount (" + MAX_AMOUNT + ")");
        assertThat(refundCallsFor(order)).isZero();
    }

    @Test
    void concurrentRefundsOfSeveralOrdersNeverPassTheDailyLimit() throws Exception {
        List<JsonNode> orders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            orders.add(paidOrder(5000));
        }

        List<JsonNode> answers = refundTogether(orders);

        assertThat(answers.stream().collect(Collectors.groupingBy(a -> a.path("outcome").asText(), Collectors.counting())))
                .as(answers.toString()).isEqualTo(Map.of("REFUNDED", 5L, "REJECTED", (long) CALLERS - 5));
        assertThat(answers).filteredOn(a -> "REJECTED".equals(a.path("outcome").asText()))
                .allMatch(a -> a.path("reason").asText().contains("payme.refunds.max-per-day (" + MAX_PER_DAY + ")"));
        long sent = sandbox().requests("/trade/v1/refund").stream().mapToLong(r -> Long.parseLong(r.field("txamt"))).sum();
        assertThat(sent).as("what QFPay was asked to refund today").isEqualTo(MAX_PER_DAY);
    }

    /** Four refunds of 1000 of each order (distinct refund_ids) through REST, released at once by a barrier. */
    private List<JsonNode> refundTogether(List<JsonNode> orders) throws Exception {
        CyclicBarrier start = new CyclicBarrier(CALLERS);
        List<Future<JsonNode>> pending = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            String orderId = orders.get(i % orders.size()).path("order_id").asText();
            String request = "{\"order_id\":\"" + orderId + "\",\"txamt\":1000,\"refund_id\":\"" + orderId + "-d" + i
                    + "\"}";
            pending.add(callers.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                HttpResponse<String> answer = refund(request);
                JsonNode refund = json(answer.body());
                assertThat(answer.statusCode()).as(answer.body())
                        .isEqualTo("REFUNDED".equals(refund.path("outcome").asText()) ? 201 : 400);
                return refund;
            }));
        }
        List<JsonNode> answers = new ArrayList<>();
        for (Future<JsonNode> answer : pending) {
            answers.add(answer.get(60, TimeUnit.SECONDS));
        }
        return answers;
    }
}

package dev.camelpayme.app;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.sandbox.ReceivedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sixteen refunds of 1000 each (distinct refund_ids), sent at once against a payment of 5000, through the real
 * routes: exactly five are REFUNDED and eleven REJECTED, and QFPay is asked for exactly 5000. On the embedded default
 * (H2); {@link RefundConcurrencyOnPostgresTest} runs the same on PostgreSQL.
 */
class RefundConcurrencyTest extends RefundRouteTestSupport {

    private static final int CALLERS = 16;
    private static final long PAID = 5000;
    private static final long EACH = 1000;

    private final ExecutorService callers = Executors.newFixedThreadPool(CALLERS);

    @AfterAll
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void concurrentRestRefundsNeverAddUpToMoreThanWasPaid() throws Exception {
        JsonNode order = paidOrder(PAID);

        List<Answer> answers = refundTogether(order, i -> true);

        assertRefundedExactlyWhatWasPaid(order, answers);
    }

    @Test
    void concurrentRefundsThroughRestAndJmsNeverAddUpToMoreThanWasPaid() throws Exception {
        JsonNode order = paidOrder(PAID);

        List<Answer> answers = refundTogether(order, i -> i % 2 == 0);

        assertRefundedExactlyWhatWasPaid(order, answers);
    }

    /** What a caller got back: the REST status (0 through JMS) and the refund outcome. */
    private record Answer(int status, JsonNode refund) {
        String outcome() {
            return refund.path("outcome").asText();
        }
    }

    /**
     * Sends {@value #CALLERS} refunds of {@value #EACH} of {@code order}, released at once by a barrier: through REST
     * where {@code viaRest} holds for the caller's number, else as JMS request-reply on payme.refunds.
     */
    private List<Answer> refundTogether(JsonNode order, Function<Integer, Boolean> viaRest) throws Exception {
        String orderId = order.path("order_id").asText();
        CyclicBarrier start = new CyclicBarrier(CALLERS);
        List<Future<Answer>> pending = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            String request = "{\"order_id\":\"" + orderId + "\",\"txamt\":" + EACH + ",\"refund_id\":\"" + orderId
                    + "-c" + i + "\"}";
            boolean rest = viaRest.apply(i);
            Callable<Answer> caller = () -> {
                start.await(10, TimeUnit.SECONDS);
                if (rest) {
                    HttpResponse<String> answer = refund(request);
                    return new Answer(answer.statusCode(), json(answer.body()));
                }
                return new Answer(0, json(template.requestBody("jms:queue:payme.refunds", request, String.class)));
            };
            pending.add(callers.submit(caller));
        }
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> answer : pending) {
            answers.add(answer.get(60, TimeUnit.SECONDS));
        }
        return answers;
    }

    private void assertRefundedExactlyWhatWasPaid(JsonNode order, List<Answer> answers) {
        String orderId = order.path("order_id").asText();
        assertThat(answers.stream().collect(Collectors.groupingBy(Answer::outcome, Collectors.counting())))
                .as(answers.toString())
                .isEqualTo(Map.of("REFUNDED", PAID / EACH, "REJECTED", CALLERS - PAID / EACH));
        assertThat(answers).filteredOn(a -> a.status() != 0)
                .allMatch(a -> a.status() == ("REFUNDED".equals(a.outcome()) ? 201 : 400), "201 or 400 by outcome");
        assertThat(answers).filteredOn(a -> "REJECTED".equals(a.outcome()))
                .allMatch(a -> a.refund().path("reason").asText().contains("exceeds what is left to refund"));
        List<ReceivedRequest> calls = sandbox().requests("/trade/v1/refund").stream()
                .filter(r -> order.path("syssn").asText().equals(r.field("syssn"))).toList();
        assertThat(calls).as("refund calls QFPay received").hasSize((int) (PAID / EACH))
                .allMatch(call -> "0000".equals(call.respcd()), "answered 0000");
        assertThat(calls.stream().mapToLong(call -> Long.parseLong(call.field("txamt"))).sum()).isEqualTo(PAID);
        // each outcome is delivered before its caller is answered
        assertThat(outcomesFor(orderId, "mock:refunded")).hasSize((int) (PAID / EACH));
        assertThat(outcomesFor(orderId, "mock:error")).hasSize((int) (CALLERS - PAID / EACH))
                .allMatch(outcome -> "REJECTED".equals(outcome.path("outcome").asText()), "REJECTED");
    }
}

package dev.camelpayme.app;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The same business order, submitted again through any intake, never creates a second QFPay order while live. */
class IdempotencyTest extends PaymeRouteTestSupport {

    private long outcomesDeliveredFor(String orderId) {
        return allOutcomesFor(orderId).size();
    }

    @Test
    void retriedRestCallGetsTheSamePayUrl() {
        String orderId = newOrderId("D");
        JsonNode first = json(postOrder(order(orderId, 2000)).body());
        HttpResponse<String> retry = postOrder(order(orderId, 2000));

        assertThat(retry.statusCode()).isEqualTo(201);
        JsonNode second = json(retry.body());
        assertThat(second.path("pay_url").asText()).isEqualTo(first.path("pay_url").asText()).isNotBlank();
        assertThat(second.path("out_trade_no").asText()).isEqualTo(first.path("out_trade_no").asText());
        assertThat(paymentsSentFor(orderId).size()).isEqualTo(1);
        assertThat(outcomesDeliveredFor(orderId)).as("the repeat is answered, not delivered again").isEqualTo(1);
    }

    @Test
    void redeliveredJmsMessageAndDuplicateFileCreateNothingMore() {
        String orderId = newOrderId("D");
        String order = order(orderId, 2100);
        String first = template.requestBody("jms:queue:payme.orders", order, String.class);
        template.sendBody("jms:queue:payme.orders", order.getBytes(StandardCharsets.UTF_8));
        dropFile(orderId + "-again.json", order.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> viaRest = postOrder(order);

        await().atMost(Duration.ofSeconds(10)).until(() -> java.nio.file.Files.exists(
                inbox().resolve(".done").resolve(orderId + "-again.json")));
        assertThat(json(viaRest.body()).path("pay_url").asText()).isEqualTo(json(first).path("pay_url").asText());
        assertThat(paymentsSentFor(orderId).size()).isEqualTo(1);
        assertThat(outcomesDeliveredFor(orderId)).isEqualTo(1);
    }

    @Test
    void concurrentSubmissionsCreateOneQfpayOrder() throws Exception {
        String orderId = newOrderId("D");
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(() -> postOrder(order(orderId, 2200)));
            }
            List<String> outTradeNos = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : callers.invokeAll(calls)) {
                HttpResponse<String> response = answer.get();
                assertThat(response.statusCode()).isIn(201, 202);
                JsonNode outcome = json(response.body());
                if (response.statusCode() == 201) {
                    outTradeNos.add(outcome.path("out_trade_no").asText());
                }
            }
            assertThat(outTradeNos).isNotEmpty().allMatch(outTradeNos.get(0)::equals);
        } finally {
            callers.shutdownNow();
        }
        assertThat(paymentsSentFor(orderId).size()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> outcomesDeliveredFor(orderId) == 1);
    }

    @Test
    void failedOrderMayBeSubmittedAgainAndGetsAFreshOutTradeNo() {
        String orderId = newOrderId("D");
        HttpResponse<String> failed = postOrder(order(orderId, 91204));
        assertThat(failed.statusCode()).isEqualTo(502);

        HttpResponse<String> again = postOrder(order(orderId, 2300));

        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(json(again.body()).path("out_trade_no").asText())
                .isNotEqualTo(json(failed.body()).path("out_trade_no").asText());
        assertThat(paymentsSentFor(orderId).size()).isEqualTo(2);
    }

    @Test
    void repeatWhileThePaymentIsPendingGetsThePendingState() {
        String orderId = newOrderId("D");
        HttpResponse<String> first = postOrder(order(orderId, 90001));
        HttpResponse<String> repeat = postOrder(order(orderId, 90001));

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(repeat.statusCode()).isEqualTo(202);
        assertThat(json(repeat.body()).path("out_trade_no").asText())
                .isEqualTo(json(first.body()).path("out_trade_no").asText());
        assertThat(paymentsSentFor(orderId).size()).isEqualTo(1);
    }

    @Test
    void everyAttemptUsesAFreshOutTradeNo() {
        String orderId = newOrderId("D");
        postOrder(order(orderId, 90429));

        await().atMost(Duration.ofSeconds(10)).until(() -> outcomesDeliveredFor(orderId) == 1);
        List<String> sent = paymentsSentFor(orderId).stream().map(r -> r.field("out_trade_no")).toList();
        assertThat(sent).hasSize(3).doesNotHaveDuplicates();
        Exchange outcome = getMockEndpoint("mock:error").getExchanges().stream()
                .filter(e -> e.getMessage().getBody(String.class).contains(orderId)).findFirst().orElseThrow();
        assertThat(outcome.getMessage().getBody(String.class)).contains("HTTP 429");
    }
}

package dev.camelpayme.app;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A file repeats an order that another delivery is sending to QFPay at that moment: the file is moved to done only
 * once that delivery's outcome is written, and the order is still sent once.
 */
class RepeatWhileSendingTest extends PaymeRouteTestSupport {

    @Override
    protected Map<String, String> extraProperties() {
        // the 90408 trigger answers 0000 after this delay, well inside the response timeout
        return Map.of("payme.sandbox.slow-answer-ms", "1500", "payme.http.response-timeout-ms", "10000");
    }

    @Test
    void repeatedFileIsDoneOnlyAfterTheOutcomeOfTheDeliveryStillSendingIt() {
        String orderId = "W-1";
        String order = order(orderId, 90408);
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> postOrder(order));
        await().atMost(Duration.ofSeconds(5)).until(() -> paymentsSentFor(orderId).size() == 1);

        dropFile(orderId + ".json", order.getBytes(StandardCharsets.UTF_8));
        Path done = inbox().resolve(".done").resolve(orderId + ".json");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> Files.exists(done));

        assertThat(outcomesFor(orderId, "mock:success").size()).as("outcome written when the repeated file is done")
                .isEqualTo(1);
        assertThat(first.join().statusCode()).isEqualTo(201);
        assertThat(paymentsSentFor(orderId).size()).isEqualTo(1);
        assertThat(outcomesFor(orderId, "mock:success").size()).isEqualTo(1);
    }
}

package dev.camelpayme.app;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.sandbox.ReceivedRequest;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What each intake does besides carrying the order: replies, archives, status codes, headers and failures. */
class IntakeBehaviourTest extends PaymeRouteTestSupport {

    @Test
    void jmsRequestReplyCallerGetsTheOutcomeAsReply() {
        String orderId = newOrderId("I");
        String reply = template.requestBody("jms:queue:payme.orders", order(orderId, 2500), String.class);

        JsonNode outcome = json(reply);
        assertThat(outcome.path("order_id").asText()).isEqualTo(orderId);
        assertThat(outcome.path("outcome").asText()).isEqualTo("CREATED");
        assertThat(outcome.path("pay_url").asText()).isNotBlank();
    }

    @Test
    void jmsRequestReplyCallerGetsTheRejectionAsReply() {
        String reply = template.requestBody("jms:queue:payme.orders", "{\"order_id\":\"x1\",\"txamt\":0}", String.class);

        JsonNode outcome = json(reply);
        assertThat(outcome.path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(outcome.path("reason").asText()).contains("txamt");
    }

    @Test
    void processedFileMovesToDoneAndRejectedFileToFailedNeverDeleted() {
        String good = newOrderId("I");
        String bad = newOrderId("I");
        NotifyBuilder twoFiles = new NotifyBuilder(context).fromRoute("payme-intake-file").whenDone(2).create();

        dropFile(good + ".json", order(good, 3000).getBytes(StandardCharsets.UTF_8));
        dropFile(bad + ".json", "{ this is not json".getBytes(StandardCharsets.UTF_8));

        assertThat(twoFiles.matches(15, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(inbox().resolve(".done").resolve(good + ".json")).exists();
            assertThat(inbox().resolve(".failed").resolve(bad + ".json")).exists();
        });
        assertThat(inbox().resolve(good + ".json")).doesNotExist();
        assertThat(getMockEndpoint("mock:error").getExchanges())
                .anyMatch(e -> e.getMessage().getBody(String.class).contains("\"outcome\":\"REJECTED\""));
    }

    @Test
    void fileThatIsNotAnOrderYetIsLeftAlone() throws Exception {
        Path partial = inbox().resolve("still-writing.json.tmp");
        Files.createDirectories(inbox());
        Files.writeString(partial, "{\"order_id\":");

        // two orders dropped after it are each listed with it, the second only once the first one's poll has ended
        dropOrderAndAwaitDone();
        dropOrderAndAwaitDone();
        assertThat(partial).exists();
    }

    /** Drops a complete order file and waits until the file intake has processed it and moved it to the done folder. */
    private void dropOrderAndAwaitDone() {
        String orderId = newOrderId("I");
        dropFile(orderId + ".json", order(orderId, 1100).getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> Files.exists(inbox().resolve(".done").resolve(orderId + ".json")));
    }

    @Test
    void restAnswersRejectionWith400AndTheFieldErrors() {
        HttpResponse<String> response = postOrder("{\"order_id\":\"r-1\",\"txamt\":\"12.5\",\"txcurrcd\":\"hkd\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/json"));
        JsonNode outcome = json(response.body());
        assertThat(outcome.path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(outcome.path("errors").findValuesAsText("field")).contains("txamt", "txcurrcd");
    }

    @Test
    void tenMegabyteBodyIsRefusedWith413AndTheApplicationKeepsServing() {
        String huge = "{\"order_id\":\"big-1\",\"goods_name\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";

        HttpResponse<String> refused = postOrder(huge);

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(sandbox().requests()).noneMatch(r -> String.valueOf(r.field("out_trade_no")).startsWith("big-1"));
        assertThat(postOrder(order(newOrderId("I"), 1250)).statusCode()).isEqualTo(201);
    }

    @Test
    void invalidUtf8IsRejectedOnEveryIntake() throws Exception {
        byte[] bad = "{\"order_id\":\"utf-1\",\"txamt\":1000,\"goods_name\":\"AB\"}".getBytes(StandardCharsets.UTF_8);
        bad[bad.length - 3] = (byte) 0xFF;

        HttpResponse<String> response = post("/api/payments", HttpRequest.BodyPublishers.ofByteArray(bad), Map.of());
        String jmsReply = template.requestBody("jms:queue:payme.orders", bad, String.class);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("UTF-8");
        assertThat(json(jmsReply).path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(jmsReply).contains("UTF-8");
        assertThat(sandbox().requests()).noneMatch(r -> String.valueOf(r.field("out_trade_no")).startsWith("utf-1"));
    }

    @Test
    void restAnswersMalformedJsonWith400NamingTheBody() {
        HttpResponse<String> response = postOrder("{\"order_id\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).path("errors").findValuesAsText("field")).contains("body");
    }

    @Test
    void restResponseCarriesNoSigningOrTransportHeaders() {
        HttpResponse<String> response = postOrder(order(newOrderId("I"), 1200));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().map().keySet())
                .noneMatch(h -> h.toLowerCase().startsWith("x-qf") || h.toLowerCase().startsWith("camel"));
    }

    @Test
    void inboundHeadersNeverReachQfpay() {
        String orderId = newOrderId("I");
        HttpResponse<String> response = postOrder(order(orderId, 1300),
                Map.of("X-Caller-Secret", "do-not-forward", "X-QF-SIGN", "FORGED", "Authorization", "Bearer abc"));

        assertThat(response.statusCode()).isEqualTo(201);
        ReceivedRequest sent = sandbox().requests().stream()
                .filter(r -> String.valueOf(r.field("out_trade_no")).startsWith(orderId))
                .findFirst().orElseThrow();
        assertThat(sent.header("X-QF-APPCODE")).hasValue("PAYME-SANDBOX-APP");
        assertThat(sent.headers().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-Caller-Secret")
                || h.equalsIgnoreCase("Authorization"));
        assertThat(sent.headers().get("X-QF-SIGN")).isNotEqualTo("FORGED");
        assertThat(sent.form()).doesNotContainKey("order_id");
    }

    @Test
    void pendingAnswerIs202ThenTheFinalOutcomeArrivesOnThePaidEndpoint() {
        String orderId = newOrderId("I");
        HttpResponse<String> response = postOrder(order(orderId, 91145));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response.body()).path("outcome").asText()).isEqualTo("PENDING");
        await().atMost(Duration.ofSeconds(10)).until(() -> getMockEndpoint("mock:paid").getExchanges().stream()
                .map(e -> e.getMessage().getBody(String.class))
                .anyMatch(b -> b.contains(orderId) && b.contains("\"outcome\":\"PAID\"")));
        // every poll stays inside the one calendar month window the reference demands, or uses syssn
        assertThat(sandbox().requests("/trade/v1/query")).allSatisfy(q -> assertThat(q.respcd()).isEqualTo("0000"));
    }

    @Test
    void outcomeMessageCarriesEveryDocumentedField() {
        String orderId = newOrderId("I");
        postOrder(order(orderId, 1400));
        Exchange delivered = getMockEndpoint("mock:success").getExchanges().stream()
                .filter(e -> e.getMessage().getBody(String.class).contains(orderId)).findFirst().orElseThrow();

        JsonNode outcome = json(delivered.getMessage().getBody(String.class));
        assertThat(outcome.fieldNames()).toIterable().contains("order_id", "out_trade_no", "outcome", "respcd",
                "resperr", "syssn", "pay_url", "txamt", "txcurrcd", "reason");
        assertThat(delivered.getMessage().getHeader(Exchange.FILE_NAME, String.class))
                .isEqualTo(outcome.path("out_trade_no").asText() + ".json");
    }
}

package dev.camelpayme.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelpayme.testing.FreePorts;
import org.apache.camel.util.FileUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application on its embedded sandbox, as a newcomer runs it, stopped with SIGTERM and started again on the same
 * folder: the pay_url handed out before the stop still opens and paying it ends the order PAID; an order pending at
 * QFPay at the stop settles after the start; and repeating the order answers the same pay_url, which opens.
 */
class EmbeddedSandboxRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Pending for the sandbox's N (2) queries, then paid. */
    private static final long PENDING_THEN_PAID = 91143;

    private final Path dir = Path.of("target", "embedded-sandbox-restart");
    private final int restPort = FreePorts.next();
    private final int notifyPort = FreePorts.next();
    private final int sandboxPort = FreePorts.next();
    private final int brokerPort = FreePorts.next();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ChildApp> apps = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (ChildApp app : apps) {
            app.close();
        }
    }

    @Test
    @Timeout(value = 240, unit = java.util.concurrent.TimeUnit.SECONDS)
    void payUrlsAndPendingOrdersOfTheEmbeddedSandboxOutliveASigtermAndRestart() throws Exception {
        FileUtil.removeDir(dir.toFile());
        ChildApp first = launch("first.log");
        String order = "{\"order_id\":\"esr-1\",\"txamt\":2500}";
        HttpResponse<String> created = postOrder(order);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode createdOutcome = JSON.readTree(created.body());
        String payUrl = createdOutcome.path("pay_url").asText();
        assertThat(payUrl).startsWith("http://localhost:" + sandboxPort + "/sandbox/pay/");
        HttpResponse<String> pending = postOrder("{\"order_id\":\"esr-2\",\"txamt\":" + PENDING_THEN_PAID + "}");
        assertThat(pending.statusCode()).as(pending.body()).isEqualTo(202);
        String pendingOutTradeNo = JSON.readTree(pending.body()).path("out_trade_no").asText();
        assertThat(sandboxStatus(pendingOutTradeNo)).as("still pending at QFPay when the app stops")
                .isEqualTo("UNPAID");
        assertThat(first.terminate(Duration.ofSeconds(60))).as("stopped by SIGTERM").isTrue();

        launch("second.log");

        assertThat(get(payUrl).statusCode()).as("the pay_url handed out before the restart").isEqualTo(200);
        HttpResponse<String> repeated = postOrder(order);
        assertThat(repeated.statusCode()).as(repeated.body()).isEqualTo(201);
        assertThat(JSON.readTree(repeated.body()).path("pay_url").asText()).as("the repeat's pay_url")
                .isEqualTo(payUrl);
        HttpResponse<String> paid = http.send(HttpRequest.newBuilder(URI.create(payUrl))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
        assertThat(paid.body()).contains("\"result\":\"PAID\"");
        Path paidFile = dir.resolve("paid").resolve(createdOutcome.path("out_trade_no").asText() + ".json");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> Files.exists(paidFile));
        assertThat(Files.readString(paidFile)).contains("\"outcome\":\"PAID\"").contains("\"order_id\":\"esr-1\"");
        Path pendingPaidFile = dir.resolve("paid").resolve(pendingOutTradeNo + ".json");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(pendingPaidFile));
        assertThat(Files.readString(pendingPaidFile)).contains("\"outcome\":\"PAID\"").contains("\"order_id\":\"esr-2\"");
    }

    /** The status the sandbox's own listing gives the payment with this out_trade_no. */
    private String sandboxStatus(String outTradeNo) throws Exception {
        JsonNode orders = JSON.readTree(get("http://localhost:" + sandboxPort + "/sandbox/orders").body());
        for (JsonNode o : orders) {
            if (o.path("out_trade_no").asText().equals(outTradeNo)) {
                return o.path("status").asText();
            }
        }
        return "none";
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postOrder(String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + "/api/payments"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                        .header("Authorization", ApiTestUsers.PAYMENTS.authorization())
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The shipped configuration with the embedded sandbox, its folders under {@code dir}, quick polls and sweeps. */
    private ChildApp launch(String log) {
        ChildApp app = new ChildApp(dir.resolve(log))
                .jvmOption("-Xmx256m")
                .property("camel.server.port", restPort)
                .property("payme.notify.port", notifyPort)
                .property("payme.sandbox.port", sandboxPort)
                .property("payme.sandbox.data-dir", dir.resolve("sandbox"))
                .property("payme.broker.port", brokerPort)
                .property("payme.broker.vm-id", 57)
                .property("payme.broker.data-dir", dir.resolve("broker"))
                .property("payme.store.url", "jdbc:h2:file:./" + dir.resolve("store").resolve("payme")
                        + ";WRITE_DELAY=0")
                .property("payme.checkout.secret-file", dir.resolve("checkout.secret"))
                .property("payme.inbox", dir.resolve("inbox"))
                .property("payme.route.success-uri", "file:" + dir.resolve("success"))
                .property("payme.route.error-uri", "file:" + dir.resolve("error"))
                .property("payme.route.paid-uri", "file:" + dir.resolve("paid"))
                .property("payme.route.expired-uri", "file:" + dir.resolve("expired"))
                .property("payme.route.refunded-uri", "file:" + dir.resolve("refunded"))
                .property("payme.route.reconciliation-uri", "file:" + dir.resolve("reconciliation"))
                .property("payme.tracking.interval-ms", 500)
                .property("payme.store.sweep-interval-ms", 500)
                .property("payme.retry.interval-ms", 3000)
                .property("payme.retry.max-interval-ms", 3000)
                .start(restPort);
        apps.add(app);
        return app;
    }
}

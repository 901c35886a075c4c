package dev.camelpayme.app;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.testing.FreePorts;
import org.apache.camel.util.FileUtil;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health and metrics over HTTP on the management server, with the real routes, the embedded broker and sandbox, and
 * the order store in an H2 server of the test's own, so that the store can be lost and found again: the business
 * series after a payment, a forged notification, a rejected order and a refund; readiness UP, DOWN while the store
 * is gone, UP again; liveness UP throughout; QFPay unreachable shown in detail and metrics, readiness still UP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringTest extends RefundRouteTestSupport {

    private static final Path STORE_DIR = Path.of("target", "route-tests", "MonitoringTest-store");
    private int managementPort;
    private int storePort;
    private Server storeServer;

    @Override
    protected Map<String, String> extraProperties() {
        managementPort = FreePorts.next();
        FileUtil.removeDir(STORE_DIR.toFile());
        storePort = FreePorts.next();
        startStoreServer();
        return Map.of(
                "camel.management.port", String.valueOf(managementPort),
                "payme.store.url", "jdbc:h2:tcp://127.0.0.1:" + storePort + "/payme",
                "payme.metrics.gauge-cache-ms", "200",
                "payme.health.probe-timeout-ms", "1000");
    }

    private void startStoreServer() {
        try {
            storeServer = Server.createTcpServer("-tcpPort", String.valueOf(storePort), "-ifNotExists",
                    "-baseDir", STORE_DIR.toAbsolutePath().toString())
                    .start();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stopStoreServer() {
        storeServer.stop();
    }

    @Test
    @Order(1)
    void readinessAndLivenessAreUpOnceStarted() throws Exception {
        // the JMS consumers report UP once connected, shortly after the context started
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/observe/health/ready").statusCode() == 200);
        HttpResponse<String> ready = get("/observe/health/ready");
        HttpResponse<String> live = get("/observe/health/live");

        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(json(ready.body()).path("status").asText()).isEqualTo("UP");
        assertThat(ready.body()).contains("payme-store", "payme-broker");
        assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
        // the series the README's alerts watch are there from the start, so that their first count is seen
        String metrics = metrics();
        assertThat(value(metrics, "payme_notifications_total{result=\"forged\"}")).isZero();
        assertThat(value(metrics, "payme_orders_check_by_hand_total")).isZero();
        assertThat(value(metrics, "payme_refunds_total{event=\"GAVE_UP\",outcome=\"UNKNOWN\"}")).isZero();
        assertThat(value(metrics, "payme_tracking_errors_total")).isZero();
    }

    @Test
    @Order(2)
    void theBusinessSeriesShowAfterAFlow() throws Exception {
        JsonNode paid = paidOrder(3000);
        JsonNode created = json(postOrder(order(newOrderId("C"), 1500)).body());
        HttpResponse<String> rejected = postOrder("{\"order_id\":\"" + newOrderId("R") + "\",\"txamt\":-1}");
        String forged = "{\"notify_type\":\"payment\",\"syssn\":\"" + paid.path("syssn").asText() + "\"}";
        HttpResponse<String> refused = notify(forged, sign(forged + "tampered"));
        JsonNode refunded = json(refund(refundRequest(paid, 1000)).body());

        assertThat(created.path("outcome").asText()).isEqualTo("CREATED");
        assertThat(rejected.body()).contains("REJECTED");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refunded.path("outcome").asText()).isEqualTo("REFUNDED");
        // QFPay's notifications of the payment and of the refund are both verified and kept
        awaitMetric("payme_notifications_total{result=\"verified\"}", 2);
        String metrics = metrics();
        assertThat(value(metrics, "payme_orders_total{event=\"CREATED_AT_QFPAY\",outcome=\"CREATED\"}")).isEqualTo(2);
        assertThat(value(metrics, "payme_orders_total{event=\"NOTIFIED_PAID\",outcome=\"PAID\"}")).isEqualTo(1);
        assertThat(value(metrics, "payme_orders_total{event=\"REJECTED\",outcome=\"REJECTED\"}")).isEqualTo(1);
        // the refund's answer or QFPay's notification of it, whichever is stored first, settles it
        assertThat(sum(metrics, "payme_refunds_total", "outcome=\"REFUNDED\"")).isEqualTo(1);
        assertThat(metrics).containsPattern("payme_refunds_total\\{event=\"(REFUNDED_AT_QFPAY|NOTIFIED_REFUNDED)\","
                + "outcome=\"REFUNDED\"} 1.0");
        assertThat(value(metrics, "payme_notifications_total{result=\"forged\"}")).isEqualTo(1);
        assertThat(value(metrics, "payme_qfpay_calls_seconds_count{api=\"payment\",respcd=\"0000\"}")).isEqualTo(2);
        assertThat(value(metrics, "payme_qfpay_calls_seconds_count{api=\"refund\",respcd=\"0000\"}")).isEqualTo(1);
        assertThat(metrics).containsPattern("payme_qfpay_calls_seconds_bucket\\{api=\"payment\",respcd=\"0000\",le=");
        assertThat(value(metrics, "payme_qfpay_reachable")).isEqualTo(1);
        assertThat(value(metrics, "payme_tracking_errors_total")).isZero();
        // the gauges are refreshed in the background, and delivered marks are written a moment after the delivery
        awaitMetric("payme_dead_letter_messages{queue=\"payme.orders.DLQ\"}", 0);
        awaitMetric("payme_dead_letter_messages{queue=\"DLQ\"}", 0);
        awaitMetric("payme_orders_now{status=\"CREATED\"}", 1);
        awaitMetric("payme_orders_now{status=\"PENDING\"}", 0);
        awaitMetric("payme_outcomes_undelivered{kind=\"payment\"}", 0);
        awaitMetric("payme_outcomes_undelivered{kind=\"refund\"}", 0);
        // Camel's own metrics are on the same page
        assertThat(metrics).contains("camel_exchanges_total");
        assertThat(metrics).doesNotContain(SANDBOX_KEY);
    }

    @Test
    @Order(3)
    void aMessageOnTheDeadLetterQueueShowsInItsGauge() {
        template.sendBody("jms:queue:payme.orders.DLQ", "{\"order_id\":\"parked\"}");

        awaitMetric("payme_dead_letter_messages{queue=\"payme.orders.DLQ\"}", 1);
        consumer.receive("jms:queue:payme.orders.DLQ", 5_000);
        awaitMetric("payme_dead_letter_messages{queue=\"payme.orders.DLQ\"}", 0);
    }

    @Test
    @Order(4)
    void readinessGoesDownWhileTheStoreIsLostAndUpWhenItIsBack() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/observe/health/ready").statusCode() == 200);

        storeServer.stop();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> get("/observe/health/ready").statusCode() == 503);
            HttpResponse<String> ready = get("/observe/health/ready");
            assertThat(json(ready.body()).path("status").asText()).isEqualTo("DOWN");
            assertThat(ready.body()).contains("payme-store");
            assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);
        } finally {
            startStoreServer();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/observe/health/ready").statusCode() == 200);
        assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);
    }

    /** Runs last: a stopped sandbox cannot start again. */
    @Test
    @Order(5)
    void qfpayUnreachableShowsInDetailAndMetricsAndReadinessStaysUp() throws Exception {
        sandbox().stop();
        postOrder(order(newOrderId("U"), 1200));

        awaitMetric("payme_qfpay_reachable", 0);
        HttpResponse<String> ready = get("/observe/health/ready");
        HttpResponse<String> health = get("/observe/health?data=true");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(json(ready.body()).path("status").asText()).isEqualTo("UP");
        assertThat(health.body()).contains("\"qfpay.reachable\":false").contains("payment: transport_error")
                .doesNotContain(SANDBOX_KEY);
        assertThat(metrics()).contains("payme_qfpay_calls_seconds_count{api=\"payment\",respcd=\"transport_error\"}");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private String metrics() throws Exception {
        HttpResponse<String> answer = get("/observe/metrics");
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    private void awaitMetric(String series, double expected) {
        await().atMost(Duration.ofSeconds(20)).until(() -> value(metrics(), series) == expected);
    }

    /** The sum of a metric's series whose labels include {@code label}. */
    private static double sum(String metrics, String name, String label) {
        return Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*" + Pattern.quote(label) + "[^}]*} (\\S+)$")
                .matcher(metrics).results().mapToDouble(line -> Double.parseDouble(line.group(1))).sum();
    }

    /** The value of one series (name and labels exactly as Prometheus text writes them); NaN when absent. */
    private static double value(String metrics, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return line.find() ? Double.parseDouble(line.group(1)) : Double.NaN;
    }
}

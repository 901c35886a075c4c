package dev.camelpayme.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelpayme.app.boot.PaymeApplication;
import dev.camelpayme.app.boot.SandboxService;
import dev.camelpayme.sandbox.QfpaySandbox;
import dev.camelpayme.sandbox.ReceivedRequest;
import dev.camelpayme.sandbox.SandboxOrder;
import dev.camelpayme.testing.FreePorts;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.apache.camel.util.FileUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Boots the application as Camel Main does (application.properties, the real YAML routes from routes/, the app's
 * own wiring with the embedded broker and sandbox) with test overrides: free ports, a data folder of the test's
 * own, short polling, and mock outcome endpoints (redirecting an outcome is a properties change only).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PaymeRouteTestSupport extends CamelMainTestSupport {

    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger BROKER_IDS = new AtomicInteger(100);
    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    // no initialisers: CamelTestSupport reads the overrides from its constructor, before field initialisers run
    protected int restPort;
    protected int notifyPort;
    protected Path dataDir;

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:application.properties";
    }

    @Override
    protected Class<?> getMainClass() {
        return PaymeApplication.class;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        if (dataDir == null) {
            dataDir = Path.of("target", "route-tests", getClass().getSimpleName());
            FileUtil.removeDir(dataDir.toFile());
            restPort = FreePorts.next();
            notifyPort = FreePorts.next();
        }
        Properties p = new Properties();
        p.put("camel.server.port", String.valueOf(restPort));
        p.put("camel.management.port", String.valueOf(FreePorts.next()));
        p.put("camel.server.basic-properties-file", ApiTestUsers.file().toString());
        p.put("payme.notify.port", String.valueOf(notifyPort));
        p.put("payme.sandbox.port", String.valueOf(FreePorts.next()));
        // in memory, as before its data dir existed: each test class starts with an empty sandbox
        p.put("payme.sandbox.data-dir", "");
        p.put("payme.broker.port", String.valueOf(FreePorts.next()));
        p.put("payme.broker.persistent", "false");
        p.put("payme.broker.vm-id", String.valueOf(BROKER_IDS.incrementAndGet()));
        p.put("payme.broker.data-dir", dataDir.resolve("broker").toString());
        p.put("payme.inbox", inbox().toString());
        p.put("payme.checkout.secret-file", dataDir.resolve("checkout.secret").toString());
        p.put("payme.inbox.poll-delay-ms", "100");
        p.put("payme.inbox.read-lock-check-ms", "100");
        p.put("payme.route.success-uri", "mock:success");
        p.put("payme.route.error-uri", "mock:error");
        p.put("payme.route.paid-uri", "mock:paid");
        p.put("payme.route.refunded-uri", "mock:refunded");
        p.put("payme.route.expired-uri", "mock:expired");
        p.put("payme.tracking.interval-ms", "3600000");
        p.put("payme.retry.interval-ms", "100");
        p.put("payme.retry.max-interval-ms", "300");
        p.put("payme.retry.deadline-ms", "2000");
        p.put("payme.http.response-timeout-ms", "1500");
        p.put("payme.sandbox.slow-answer-ms", "3000");
        p.put("payme.store.url", "jdbc:h2:mem:" + getClass().getSimpleName() + BROKER_IDS.get() + ";DB_CLOSE_DELAY=-1");
        p.put("payme.attempts.backoff-ms", "100");
        p.put("payme.attempts.max-backoff-ms", "400");
        p.put("payme.recovery.delay-ms", "100");
        p.put("payme.orders.redelivery-delay-ms", "100");
        p.putAll(extraProperties());
        return p;
    }

    /** Further overrides of a test class. */
    protected Map<String, String> extraProperties() {
        return Map.of();
    }

    /** With one context per class, the test kit keeps it until the JVM ends: stop it, and its broker, here. */
    @AfterAll
    void stopContext() {
        context.stop();
    }

    @BeforeEach
    void resetMocks() {
        MockEndpoint.resetMocks(context);
    }

    protected QfpaySandbox sandbox() {
        return context.getRegistry().lookupByNameAndType("paymeSandbox", SandboxService.class).sandbox();
    }

    protected Path inbox() {
        return dataDir.resolve("inbox");
    }

    protected static String order(String orderId, long txamt) {
        return "{\"order_id\":\"" + orderId + "\",\"txamt\":" + txamt + ",\"goods_name\":\"Test\"}";
    }

    protected HttpResponse<String> postOrder(String json) {
        return postOrder(json, Map.of());
    }

    protected HttpResponse<String> postOrder(String json, Map<String, String> headers) {
        try {
            return post("/api/payments", HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8), headers,
                    Duration.ofSeconds(20));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POSTs {@code body} as application/json to the app's REST {@code path}, with further headers, and no timeout. */
    protected HttpResponse<String> post(String path, HttpRequest.BodyPublisher body, Map<String, String> headers)
            throws IOException, InterruptedException {
        return post(path, body, headers, null);
    }

    /**
     * As {@link #post(String, HttpRequest.BodyPublisher, Map)}, with a request timeout unless it is null, as the
     * test user allowed everything ({@link ApiTestUsers#OPERATOR}).
     */
    protected HttpResponse<String> post(String path, HttpRequest.BodyPublisher body, Map<String, String> headers,
            Duration timeout) throws IOException, InterruptedException {
        return postAs(ApiTestUsers.OPERATOR.authorization(), path, body, headers, timeout);
    }

    /** As {@link #post(String, HttpRequest.BodyPublisher, Map, Duration)} with this Authorization (null: none). */
    protected HttpResponse<String> postAs(String authorization, String path, HttpRequest.BodyPublisher body,
            Map<String, String> headers, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + path))
                .header("Content-Type", "application/json")
                .POST(body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (timeout != null) {
            request.timeout(timeout);
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GETs the app's REST {@code path} with this Authorization (null: none) and further headers. */
    protected HttpResponse<String> getAs(String authorization, String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + path))
                .timeout(Duration.ofSeconds(20)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Drops an order the way a well-behaved writer does: written under a temporary name, then renamed. */
    protected Path dropFile(String name, byte[] content) {
        try {
            Files.createDirectories(inbox());
            Path tmp = inbox().resolve(name + ".tmp");
            Files.write(tmp, content);
            return Files.move(tmp, inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sandbox's demo key, which signs notifications here as QFPay's key does in production. */
    protected static final String SANDBOX_KEY = "PAYME-SANDBOX-DEMO-KEY-NOT-A-SECRET";

    /**
     * QFPay's signature, computed independently: MD5 of the signed text (a notification's raw body, a request's
     * sorted name=value pairs) followed by the key, upper-case.
     */
    protected static String sign(String body) throws Exception {
        return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("MD5")
                .digest((body + SANDBOX_KEY).getBytes(StandardCharsets.UTF_8)));
    }

    /** Posts a notification to the notification listener as QFPay does; a null signature sends no X-QF-SIGN. */
    protected HttpResponse<String> notify(String body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + notifyPort + "/payme/notify"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signature != null) {
            request.header("X-QF-SIGN", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh business order id: {@code prefix}, a dash, and eight random characters. */
    protected static String newOrderId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The routes that carry a payment order on: its intakes, its parked work, its polls, notification routing. */
    protected static final String[] PAYMENT_FLOWS = { "payme-intake-rest", "payme-intake-jms", "payme-intake-file",
            "payme-work", "payme-retry-query", "payme-notify-routing" };

    /** Completes once notification routing has routed one more notification; create it before the order is sent. */
    protected NotifyBuilder notificationRouted() {
        return new NotifyBuilder(context).fromRoute("payme-notify-routing").whenCompleted(1).create();
    }

    /**
     * Waits until whatever could still act on a payment order has had its chance: QFPay's notification of a payment
     * it saw paid was routed ({@code notificationRouted}, made by {@link #notificationRouted()} before the order was
     * sent), and no exchange of {@link #PAYMENT_FLOWS} is in flight, so the one that delivered its outcome has ended.
     */
    protected void awaitPaymentFlowsEnded(String orderId, NotifyBuilder notificationRouted) {
        boolean paidAtQfpay = sandbox().orders().stream().anyMatch(o -> o.outTradeNo().startsWith(orderId + "-")
                && o.status() == SandboxOrder.Status.PAID);
        if (paidAtQfpay) {
            assertThat(notificationRouted.matches(15, TimeUnit.SECONDS)).as("QFPay's notification of %s was routed",
                    orderId).isTrue();
        }
        notificationRouted.destroy();
        await().atMost(Duration.ofSeconds(15)).until(() -> Stream.of(PAYMENT_FLOWS)
                .allMatch(route -> context.getInflightRepository().size(route) == 0));
    }

    /**
     * Waits until each of the sweeper routes {@code sweepers} has run on past the store's lease from now: whatever
     * it would take over or deliver again, it has. Three runs more than the lease holds: the first counted run may
     * have started before now, and a row is due only once its lease has fully passed.
     */
    protected void awaitSweepsPastTheLease(String... sweepers) {
        long lease = Long.parseLong(context.resolvePropertyPlaceholders("{{payme.store.lease-ms}}"));
        long interval = Long.parseLong(context.resolvePropertyPlaceholders("{{payme.store.sweep-interval-ms}}"));
        int runs = (int) (lease / interval) + 3;
        List<NotifyBuilder> sweeps = Stream.of(sweepers)
                .map(route -> new NotifyBuilder(context).fromRoute(route).whenCompleted(runs).create()).toList();
        for (int i = 0; i < sweepers.length; i++) {
            assertThat(sweeps.get(i).matches(runs * interval + 10_000, TimeUnit.MILLISECONDS))
                    .as("%s ran %d times past the lease", sweepers[i], runs).isTrue();
            sweeps.get(i).destroy();
        }
    }

    /** The messages mock endpoint {@code endpoint} received whose JSON field {@code field} is {@code value}. */
    protected List<JsonNode> messagesWhere(String endpoint, String field, String value) {
        return getMockEndpoint(endpoint).getExchanges().stream()
                .map(e -> json(e.getMessage().getBody(String.class)))
                .filter(message -> value.equals(message.path(field).asText())).toList();
    }

    /** Every outcome endpoint of the application, as the tests redirect them. */
    protected static final String[] OUTCOME_ENDPOINTS = { "mock:success", "mock:error", "mock:paid", "mock:expired" };

    /** The outcomes about one business order that any outcome endpoint received. */
    protected List<JsonNode> allOutcomesFor(String orderId) {
        return outcomesFor(orderId, OUTCOME_ENDPOINTS);
    }

    /** The outcomes about one business order that the given mock endpoints received, endpoint by endpoint. */
    protected List<JsonNode> outcomesFor(String orderId, String... endpoints) {
        List<JsonNode> found = new ArrayList<>();
        for (String endpoint : endpoints) {
            found.addAll(messagesWhere(endpoint, "order_id", orderId));
        }
        return found;
    }

    /** The payment calls QFPay received for one business order: their out_trade_no is the order id, a dash, more. */
    protected List<ReceivedRequest> paymentsSentFor(String orderId) {
        return sandbox().requests("/trade/v1/payment").stream()
                .filter(r -> String.valueOf(r.field("out_trade_no")).startsWith(orderId + "-")).toList();
    }
}

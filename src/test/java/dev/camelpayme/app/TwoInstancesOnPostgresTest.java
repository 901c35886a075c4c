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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.sandbox.QfpaySandbox;
import dev.camelpayme.sandbox.ReceivedRequest;
import dev.camelpayme.sandbox.SandboxOrder;
import dev.camelpayme.sandbox.SentNotification;
import dev.camelpayme.testing.FreePorts;
import dev.camelpayme.testing.TestDatabases;
import jakarta.jms.JMSContext;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.util.FileUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application JVMs on one PostgreSQL and one standalone Artemis broker (a JVM of its own), against one QFPay
 * sandbox in this JVM, as N instances run in production. Orders, refunds and notifications go through both; the
 * leader (the only one tracking) is killed with kill -9 while calls are at QFPay. Then: each order and refund ends
 * at one outcome delivered once, QFPay never saw an out_trade_no twice, the tracking cycles are one instance's (the
 * survivor's after the kill), and the calls QFPay received stay within the merchant's limits across both.
 * Runs when PAYME_TEST_POSTGRES_URL is set (.ci/run sets it).
 */
@EnabledIfEnvironmentVariable(named = "PAYME_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class TwoInstancesOnPostgresTest {

    private static final String APP_CODE = "TWO-INSTANCES-APP";
    private static final String KEY = "TWO-INSTANCES-CLIENT-KEY-0123456789";
    private static final String APP_USER = "payme-app";
    private static final String APP_PASSWORD = "payme-app-broker-password";
    private static final String SHOP = "two-instances-shop";
    private static final String SHOP_PASSWORD = "two-instances-shop-password";
    /** Amounts the sandbox answers only after its slow-answer delay, and pending (1143) before it is done. */
    private static final long SLOW_ANSWER = 90408;
    private static final long PENDING = 91143;
    /** Lowered limits, so that the test's load reaches them: shared, they hold across both instances. */
    private static final int PER_SECOND = 10;
    private static final int PER_MINUTE = 240;
    private static final long TRACKING_INTERVAL_MS = 2000;

    private final Path dir = Path.of("target", "two-instances");
    private final OutcomeFolders written = new OutcomeFolders(dir);
    private final int brokerPort = FreePorts.next();
    private final int notifyPortA = FreePorts.next();
    private final int notifyPortB = FreePorts.next();
    private final QfpaySandbox sandbox = QfpaySandbox.builder().appCode(APP_CODE).clientKey(KEY)
            .slowAnswer(Duration.ofMillis(1500)).pendingQueriesBeforePaid(2)
            // QFPay notifies one URL: instance A's listener; the test hands each notification to B as well
            .notifyUrl("http://127.0.0.1:" + notifyPortA + "/payme/notify")
            .notifyRetryDelays(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2)))
            .build().start();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ChildApp> apps = new ArrayList<>();
    private Process broker;

    @BeforeEach
    void startSharedServices() throws Exception {
        FileUtil.removeDir(dir.toFile());
        Files.createDirectories(dir);
        TestDatabases.emptiedPostgres();
        broker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), StandaloneBroker.class.getName(),
                String.valueOf(brokerPort), dir.resolve("broker").toString(), APP_USER, APP_PASSWORD, SHOP,
                SHOP_PASSWORD)
                .redirectErrorStream(true).redirectOutput(dir.resolve("broker.log").toFile()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(dir.resolve("broker.log"))
                .contains(StandaloneBroker.READY));
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        for (ChildApp app : apps) {
            app.close();
        }
        sandbox.stop();
        if (broker != null) {
            broker.destroy();
            if (!broker.waitFor(20, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void twoInstancesBehaveAsOneAndTheSurvivorTakesOverAfterKillNine() throws Exception {
        int restA = FreePorts.next();
        int restB = FreePorts.next();
        // B starts first and leads; A follows
        ChildApp b = launch("b.log", restB, notifyPortB);
        await().atMost(Duration.ofSeconds(20)).until(() -> b.output().contains("Leadership of payme taken"));
        ChildApp a = launch("a.log", restA, notifyPortA);
        // one order through each first: a fresh JVM's first calls wait for its HTTP client, and would reach QFPay
        // bunched, later than the limiter granted them
        for (int restPort : List.of(restA, restB)) {
            assertThat(postOrder(restPort, order("warm-up-" + restPort, 1000)).get(60, TimeUnit.SECONDS).statusCode())
                    .isEqualTo(201);
        }
        Instant warm = Instant.now();

        // orders through both REST APIs at once: created at QFPay, each once
        List<String> restOrders = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String viaA = "ra-" + i;
            String viaB = "rb-" + i;
            restOrders.add(viaA);
            restOrders.add(viaB);
            answers.add(postOrder(restA, order(viaA, 200000)));
            answers.add(postOrder(restB, order(viaB, 200000)));
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            assertThat(answer.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        }

        // the CREATED orders are tracked by the leader alone: one batched query per cycle, not one per instance (a
        // cycle's query may wait in the rate limiter, so one more than the interval allows is no second tracker)
        long queriesBefore = trackingQueries();
        Instant measuredFrom = Instant.now();
        await().atMost(Duration.ofSeconds(30)).until(() -> trackingQueries() >= queriesBefore + 5);
        long measuredMillis = Duration.between(measuredFrom, Instant.now()).toMillis();
        assertThat(trackingQueries() - queriesBefore).as("tracking queries in %s ms, both alive", measuredMillis)
                .isLessThanOrEqualTo(measuredMillis / TRACKING_INTERVAL_MS + 2);
        assertThat(a.output()).doesNotContain("Leadership of payme taken");

        // paid: QFPay notifies A, and the same notification reaches B too (a load balancer may send it to either)
        List<String> paid = restOrders.subList(0, 8);
        for (String orderId : paid) {
            sandbox.markPaid(written.outcomesOf(orderId).get(0).path("out_trade_no").asText());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> paid.stream().allMatch(id -> written.outcomesOf(id).size() == 2));
        sandbox.notifications().stream().filter(SentNotification::isPayment).forEach(n -> notify(notifyPortB, n));

        // more orders and refunds through the shared broker, which both instances consume: slow, pending and quick
        List<String> jmsOrders = new ArrayList<>();
        List<String> refundIds = new ArrayList<>();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://localhost:" + brokerPort, SHOP,
                SHOP_PASSWORD);
             JMSContext jms = factory.createContext()) {
            for (int i = 0; i < paid.size(); i++) {
                refundIds.add(paid.get(i) + "-r" + amount(i));
                jms.createProducer().send(jms.createQueue("payme.refunds"),
                        "{\"order_id\":\"" + paid.get(i) + "\",\"txamt\":" + amount(i) + "}");
            }
            for (int i = 0; i < 12; i++) {
                jmsOrders.add("jm-" + i);
                jms.createProducer().send(jms.createQueue("payme.orders"), order("jm-" + i, amount(i)));
            }
        }
        // B, the leader, dies while slow calls are at QFPay, unanswered
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> !unansweredSlowCalls(Instant.now()).isEmpty());
        b.kill();
        Instant killed = Instant.now();
        List<String> unansweredAtKill = unansweredSlowCalls(killed);
        Map<String, List<JsonNode>> writtenAtKill = new HashMap<>();
        Stream.concat(restOrders.stream(), jmsOrders.stream()).forEach(id -> writtenAtKill.put(id, written.outcomesOf(id)));
        refundIds.forEach(id -> writtenAtKill.put(id, written.refundOutcomesOf(id)));

        // A leads within a few tries of the lock, and tracks from then on
        await().atMost(Duration.ofSeconds(10)).until(() -> a.output().contains("Leadership of payme taken"));
        List<String> allOrders = new ArrayList<>(restOrders);
        allOrders.addAll(jmsOrders);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> allOrders.stream().allMatch(id -> !written.outcomesOf(id).isEmpty())
                        && refundIds.stream().allMatch(id -> written.refundOutcomes(id) >= 1));
        // the refund notifications reach A (QFPay's URL); handed to A again, they change nothing
        sandbox.notifications().stream().filter(n -> !n.isPayment()).forEach(n -> notify(notifyPortA, n));
        // several more cycles of the survivor (beyond the lease): a second delivery would have happened by now
        long queriesAfterKill = trackingQueries();
        await().atMost(Duration.ofSeconds(30)).until(() -> trackingQueries() >= queriesAfterKill + 3);

        assertThat(unansweredAtKill).as("calls QFPay had not answered when B died").isNotEmpty();
        for (String orderId : allOrders) {
            List<JsonNode> outcomes = OutcomeFolders.lessRedeliveryAcrossCrash(written.outcomesOf(orderId),
                    writtenAtKill.get(orderId));
            assertThat(outcomes.stream().map(o -> o.path("outcome").asText()))
                    .as("outcomes of %s, each status delivered once (the files are appended to)", orderId)
                    .doesNotHaveDuplicates().isNotEmpty();
            assertThat(outcomes.get(0).path("outcome").asText()).as(orderId).isIn("CREATED", "PAID");
            List<SandboxOrder> paidAtQfpay = sandbox.orders().stream()
                    .filter(o -> o.outTradeNo().startsWith(orderId + "-") && o.status() == SandboxOrder.Status.PAID)
                    .toList();
            assertThat(paidAtQfpay).as("paid QFPay orders of %s", orderId)
                    .allMatch(o -> o.outTradeNo().equals(outcomes.get(0).path("out_trade_no").asText()));
        }
        for (int i = 0; i < refundIds.size(); i++) {
            String refundId = refundIds.get(i);
            assertThat(OutcomeFolders.lessRedeliveryAcrossCrash(written.refundOutcomesOf(refundId),
                    writtenAtKill.get(refundId))).as("outcomes of %s", refundId).hasSize(1);
            String paymentSyssn = written.outcomesOf(paid.get(i)).get(0).path("syssn").asText();
            assertThat(sandbox.refundsOf(paymentSyssn)).as("refunds QFPay made of %s", paid.get(i)).hasSize(1);
        }
        for (String path : List.of("/trade/v1/payment", "/trade/v1/refund")) {
            assertThat(sandbox.requests(path).stream().map(r -> r.field("out_trade_no")).toList())
                    .as("out_trade_nos QFPay received at %s", path).doesNotHaveDuplicates();
        }

        // every call QFPay received from both warm instances, within the merchant's limits. The limiter grants at
        // most 9 calls in any 700 ms (a burst of 5, then one every 200 ms); a call may reach QFPay a little after its
        // grant on a busy machine: the windows checked are that much shorter than a second and a minute
        List<ReceivedRequest> calls = sandbox.requests().stream().filter(r -> r.path().startsWith("/trade/v1/"))
                .filter(r -> r.time().isAfter(warm)).sorted(Comparator.comparing(ReceivedRequest::time)).toList();
        List<ReceivedRequest> busiestSecond = busiestWindow(calls, Duration.ofMillis(700));
        assertThat(busiestSecond).as(() -> "calls in the busiest 700 ms: " + describe(busiestSecond))
                .hasSizeLessThanOrEqualTo(PER_SECOND);
        assertThat(busiestWindow(calls, Duration.ofSeconds(59))).as("calls in the busiest minute")
                .hasSizeLessThanOrEqualTo(PER_MINUTE);
    }

    private ChildApp launch(String log, int restPort, int notifyPort) {
        ChildApp app = new ChildApp(dir.resolve(log))
                .againstSandboxUnder(dir, sandbox, APP_CODE, KEY, restPort, FreePorts.next(), 0)
                .property("payme.notify.port", notifyPort)
                .property("payme.broker.embedded", false)
                .property("payme.broker.url", "tcp://localhost:" + brokerPort)
                .property("payme.broker.username", APP_USER)
                .property("payme.broker.password", APP_PASSWORD)
                .property("payme.store.url", System.getenv(TestDatabases.POSTGRES_URL))
                .property("payme.store.username", "postgres")
                .property("payme.cluster.retry-ms", 500)
                .property("payme.rate-limit.per-second", PER_SECOND)
                .property("payme.rate-limit.per-minute", PER_MINUTE)
                .property("payme.rate-limit.max-wait-ms", 5000)
                .property("payme.tracking.interval-ms", TRACKING_INTERVAL_MS)
                .quickTimers()
                .start(restPort);
        apps.add(app);
        return app;
    }

    /** A third of the amounts answer slowly, a third are pending (then paid), a third at once. */
    private static long amount(int i) {
        return switch (i % 3) {
            case 0 -> SLOW_ANSWER;
            case 1 -> PENDING;
            default -> 1000 + i;
        };
    }

    private static String order(String orderId, long txamt) {
        return "{\"order_id\":\"" + orderId + "\",\"txamt\":" + txamt + "}";
    }

    private CompletableFuture<HttpResponse<String>> postOrder(int restPort, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + "/api/payments"))
                .header("Content-Type", "application/json")
                .header("Authorization", ApiTestUsers.OPERATOR.authorization())
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Hands QFPay's notification, body and signature as sent, to an instance's notification listener. */
    private void notify(int notifyPort, SentNotification notification) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + notifyPort + "/payme/notify"))
                .header("Content-Type", "application/json").header("X-QF-SIGN", notification.signature())
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(notification.body(), StandardCharsets.UTF_8)).build();
        try {
            assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).body().trim()).isEqualTo("SUCCESS");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The batched queries of the tracking cycles QFPay received so far (page size 100; the polls ask one order). */
    private long trackingQueries() {
        return sandbox.requests("/trade/v1/query").stream().filter(r -> "100".equals(r.field("page_size"))).count();
    }

    /** Payment and refund calls QFPay had received by {@code instant} but not answered then: a slow answer due. */
    private List<String> unansweredSlowCalls(Instant instant) {
        return Stream.of("/trade/v1/payment", "/trade/v1/refund").flatMap(path -> sandbox.requests(path).stream())
                .filter(r -> String.valueOf(SLOW_ANSWER).equals(r.field("txamt")))
                .filter(r -> r.time().plus(sandbox.slowAnswer()).isAfter(instant))
                .map(r -> r.field("out_trade_no")).toList();
    }

    /** The calls in the fullest window [t, t + window) over the calls sorted by arrival. */
    private static List<ReceivedRequest> busiestWindow(List<ReceivedRequest> calls, Duration window) {
        int busiestFirst = 0;
        int busiestLast = -1;
        int first = 0;
        for (int last = 0; last < calls.size(); last++) {
            while (!calls.get(first).time().plus(window).isAfter(calls.get(last).time())) {
                first++;
            }
            if (last - first > busiestLast - busiestFirst) {
                busiestFirst = first;
                busiestLast = last;
            }
        }
        return calls.subList(busiestFirst, busiestLast + 1);
    }

    private static String describe(List<ReceivedRequest> calls) {
        return calls.stream().map(r -> r.time() + " " + r.path() + " " + r.field("out_trade_no")).toList().toString();
    }
}

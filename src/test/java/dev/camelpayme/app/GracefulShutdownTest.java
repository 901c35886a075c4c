package dev.camelpayme.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.camelpayme.app.boot.PaymeAppConfiguration;
import dev.camelpayme.sandbox.QfpaySandbox;
import dev.camelpayme.sandbox.ReceivedRequest;
import dev.camelpayme.testing.FreePorts;
import jakarta.jms.JMSContext;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.util.FileUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM while orders are in flight through REST, JMS and files, and while JMS orders keep arriving: the application
 * stops taking orders, lets the calls in flight finish or park durably, closes the order store and the broker only
 * after its routes, and exits by itself within a bound with a clean log. A restart on the same data folder then ends
 * every order at exactly one outcome without sending any out_trade_no twice. QFPay is a sandbox in this JVM, so its
 * record spans both runs.
 */
class GracefulShutdownTest {

    private static final String APP_CODE = "SHUTDOWN-TEST-APP";
    private static final String KEY = "SHUTDOWN-TEST-CLIENT-KEY-0123456789";
    /** Slow answers come after the client has given up: the calls in flight at the signal end unknown. */
    private static final Duration SLOW_ANSWER = Duration.ofSeconds(7);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration EXIT_BOUND = Duration.ofSeconds(60);
    private static final int REST_ORDERS = 3;
    private static final int MAX_JMS_ORDERS = 300;
    /** The shop's broker account for orders (payme.broker.clients.orders-*). */
    private static final String SHOP = "shutdown-test-shop";
    private static final String SHOP_PASSWORD = "shutdown-test-shop-password";
    /** Sandbox triggers: a slow answer (past the client timeout), pending then paid, a reset after sending. */
    private static final long SLOW = 90408;
    private static final long PENDING_THEN_PAID = 91143;
    private static final long RESET = 90104;
    private static final Pattern ORDER_ID = Pattern.compile("\"order_id\":\"([^\"]+)\"");
    private static final Pattern OUTCOME = Pattern.compile("\"outcome\":\"([A-Z]+)\"");

    private final Path dir = Path.of("target", "shutdown-test");
    private final QfpaySandbox sandbox = QfpaySandbox.builder().appCode(APP_CODE).clientKey(KEY)
            .slowAnswer(SLOW_ANSWER).pendingQueriesBeforePaid(2).build().start();
    private final int restPort = FreePorts.next();
    private final int brokerPort = FreePorts.next();
    private final List<ChildApp> apps = new ArrayList<>();
    private final Map<String, Long> orders = new ConcurrentHashMap<>();

    @BeforeEach
    void clean() {
        FileUtil.removeDir(dir.toFile());
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (ChildApp app : apps) {
            app.close();
        }
        sandbox.stop();
    }

    @Test
    void sigtermFinishesOrParksTheWorkInFlightClosesTheStoreLastAndARestartEndsEveryOrderOnce() throws Exception {
        ChildApp first = launch("first.log");
        AtomicBoolean arriving = new AtomicBoolean(true);
        Thread jmsOrders = new Thread(() -> sendJmsOrdersWhile(arriving), "jms-orders");
        jmsOrders.start();
        // the store is busy with JMS orders before the slow calls start, and stays busy until the signal
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.requests("/trade/v1/payment").size() >= 20);
        sendJms("sj-slow", SLOW);
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> restAnswers = new ArrayList<>();
        for (int i = 0; i < REST_ORDERS; i++) {
            restAnswers.add(post(http, "sr-" + i, SLOW));
        }
        // a file repeating a REST order in flight waits for that order's outcome, reading the store meanwhile
        await().atMost(Duration.ofSeconds(30)).until(() -> !slowCallsInFlightAt("sr-0", Instant.now()).isEmpty());
        drop("repeat-sr-0", "sr-0", SLOW);
        Path repeatInProcess = dir.resolve("inbox").resolve("repeat-sr-0.json.camelLock");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> Files.exists(repeatInProcess));
        drop("sf-0", "sf-0", SLOW);
        drop("sf-1", "sf-1", PENDING_THEN_PAID);
        drop("sf-2", "sf-2", RESET);

        // the signal comes while REST and JMS calls wait for their answers and a file waits for an outcome
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> !slowCallsInFlightAt("sr-0", Instant.now()).isEmpty()
                        && !slowCallsInFlightAt("sj-", Instant.now()).isEmpty());
        arriving.set(false);
        jmsOrders.join();
        boolean fileInProcessAtSignal = Files.exists(repeatInProcess);
        Instant signal = Instant.now();
        assertThat(first.terminate(EXIT_BOUND)).as("the application exits by itself after SIGTERM").isTrue();

        assertThat(fileInProcessAtSignal).as("the repeated file in process at the signal").isTrue();
        List<String> inFlight = new ArrayList<>();
        for (String intake : List.of("sr-", "sj-")) {
            inFlight.addAll(slowCallsInFlightAt(intake, signal));
            assertThat(slowCallsInFlightAt(intake, signal)).as("calls of %s in flight at the signal", intake)
                    .isNotEmpty();
        }
        assertThat(inFlight).contains("sr-0");
        assertCleanShutdownLog(first.output());
        // the calls in flight timed out while the routes drained: each order was parked for a query-first recovery
        for (CompletableFuture<HttpResponse<String>> answer : restAnswers) {
            HttpResponse<String> response = answer.get(5, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as("answer to a REST order in flight: %s", response.body())
                    .isEqualTo(202);
        }
        assertThat(dir.resolve("inbox").resolve(".done").resolve("repeat-sr-0.json"))
                .as("the repeated file, done once the outcome it waited for was written").exists();
        Map<String, String> states = storedStates();
        assertThat(states).as("no attempt left in flight in the store").doesNotContainValue("IN_FLIGHT");
        for (String orderId : inFlight) {
            assertThat(states.get(orderId)).as("the order of %s, parked durably", orderId).isEqualTo("WAITING");
        }

        launch("second.log");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> outcomes().keySet().containsAll(orders.keySet()));
        Map<String, List<String>> outcomes = outcomes();
        orders.forEach((orderId, amount) -> assertThat(outcomes.get(orderId)).as("outcomes of %s", orderId)
                .containsExactly(expectedOutcome(amount)));
        List<String> sent = sandbox.requests("/trade/v1/payment").stream().map(r -> r.field("out_trade_no")).toList();
        assertThat(sent).as("out_trade_nos sent to /trade/v1/payment").doesNotHaveDuplicates();
        try (Stream<Path> left = Files.list(dir.resolve("inbox"))) {
            assertThat(left.filter(Files::isRegularFile)).as("no file left in the inbox").isEmpty();
        }
    }

    @Test
    void anH2StoreIsClosedOnlyByTheApplicationUnlessItsUrlSaysOtherwise() {
        assertThat(PaymeAppConfiguration.closedOnlyByTheApplication("jdbc:h2:file:./data/store/payme;WRITE_DELAY=0"))
                .isEqualTo("jdbc:h2:file:./data/store/payme;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(PaymeAppConfiguration.closedOnlyByTheApplication("jdbc:h2:mem:x;db_close_on_exit=true"))
                .isEqualTo("jdbc:h2:mem:x;db_close_on_exit=true");
        assertThat(PaymeAppConfiguration.closedOnlyByTheApplication("jdbc:postgresql://db:5432/payme"))
                .isEqualTo("jdbc:postgresql://db:5432/payme");
    }

    /**
     * Quick and pending orders, as fast as they are processed, until told to stop. None is parked for a query-first
     * recovery before the signal, so the first such park happens while the routes drain.
     */
    private void sendJmsOrdersWhile(AtomicBoolean arriving) {
        try (ActiveMQConnectionFactory broker = new ActiveMQConnectionFactory("tcp://localhost:" + brokerPort, SHOP,
                SHOP_PASSWORD);
             JMSContext jms = broker.createContext(JMSContext.SESSION_TRANSACTED)) {
            for (int i = 0; arriving.get() && i < MAX_JMS_ORDERS; i++) {
                long amount = i % 10 == 3 ? PENDING_THEN_PAID : 1000 + i;
                jms.createProducer().send(jms.createQueue("payme.orders"), order("sj-" + i, amount));
                // in batches of five, each once the intake has caught up: busy, but no backlog to delay a later order
                if (i % 5 == 4) {
                    jms.commit();
                    while (arriving.get() && i + 1 - jmsOrdersSeenByQfpay() >= 5) {
                        Thread.sleep(10);
                    }
                }
            }
            jms.commit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long jmsOrdersSeenByQfpay() {
        return sandbox.requests("/trade/v1/payment").stream().map(GracefulShutdownTest::orderIdOf)
                .filter(id -> id.startsWith("sj-")).distinct().count();
    }

    private void sendJms(String orderId, long txamt) {
        try (ActiveMQConnectionFactory broker = new ActiveMQConnectionFactory("tcp://localhost:" + brokerPort, SHOP,
                SHOP_PASSWORD);
             JMSContext jms = broker.createContext()) {
            jms.createProducer().send(jms.createQueue("payme.orders"), order(orderId, txamt));
        }
    }

    /** The orders of one intake whose slow QFPay call had been received, and not yet given up, at that instant. */
    private List<String> slowCallsInFlightAt(String intake, Instant instant) {
        return sandbox.requests("/trade/v1/payment").stream()
                .filter(r -> String.valueOf(SLOW).equals(r.field("txamt")))
                .filter(r -> r.field("out_trade_no").startsWith(intake))
                .filter(r -> r.time().isBefore(instant) && r.time().plus(CLIENT_TIMEOUT).isAfter(instant))
                .map(GracefulShutdownTest::orderIdOf).toList();
    }

    private static String orderIdOf(ReceivedRequest request) {
        String outTradeNo = request.field("out_trade_no");
        return outTradeNo.substring(0, outTradeNo.lastIndexOf('-'));
    }

    /** The stopping process logged its graceful shutdown to the end, without errors, and closed the store last. */
    private static void assertCleanShutdownLog(String log) {
        assertThat(log).doesNotContain("Database is already closed");
        assertThat(log.lines().filter(line -> line.contains(" ERROR ") || line.startsWith("\tat ")
                || line.startsWith("Caused by:"))).as("ERROR lines and stack traces").isEmpty();
        int routesStopped = log.indexOf("Routes stopped (total:");
        assertThat(routesStopped).as("Camel's summary of the stopped routes").isPositive();
        assertThat(log.indexOf("Order store closed")).as("store closed after the routes")
                .isGreaterThan(routesStopped);
        assertThat(log.indexOf("Embedded JMS broker stopped")).as("broker stopped after the routes")
                .isGreaterThan(routesStopped);
    }

    /** Each order's state in the stopped application's store, read directly from its H2 file. */
    private Map<String, String> storedStates() throws SQLException, IOException {
        Map<String, String> states = new HashMap<>();
        // the password the application generated beside its store on its first start
        String password = Files.readString(dir.resolve("store").resolve("payme.password")).trim();
        try (Connection db = DriverManager.getConnection(storeUrl(), "sa", password);
             Statement query = db.createStatement();
             ResultSet rows = query.executeQuery("SELECT order_id, state FROM payme_order")) {
            while (rows.next()) {
                states.put(rows.getString(1), rows.getString(2));
            }
        }
        return states;
    }

    /** The shipped default store URL with its options, moved into this test's folder. */
    private String storeUrl() {
        Properties shipped = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("application.properties"))) {
            shipped.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = shipped.getProperty("payme.store.url");
        assertThat(url).contains("./data/store/payme");
        return url.replace("./data/store/payme", "./" + dir.resolve("store").resolve("payme"));
    }

    /** Slow and reset attempts never hand out a pay_url: those orders fail once their attempts are used up. */
    private static String expectedOutcome(long amount) {
        if (amount == PENDING_THEN_PAID) {
            return "PAID";
        }
        return amount == RESET || amount == SLOW ? "FAILED" : "CREATED";
    }

    private ChildApp launch(String log) {
        ChildApp app = new ChildApp(dir.resolve(log))
                .againstSandboxUnder(dir, sandbox, APP_CODE, KEY, restPort, brokerPort, 56)
                .property("payme.broker.clients.orders-username", SHOP)
                .property("payme.broker.clients.orders-password", SHOP_PASSWORD)
                .property("payme.store.url", storeUrl())
                .property("payme.http.response-timeout-ms", CLIENT_TIMEOUT.toMillis())
                .property("payme.store.lease-ms", 12000)
                .property("payme.store.sweep-interval-ms", 500)
                .property("payme.retry.interval-ms", 2000)
                .property("payme.retry.max-interval-ms", 2000)
                .property("payme.retry.deadline-ms", 60000)
                .property("payme.attempts.backoff-ms", 200)
                .property("payme.attempts.max-backoff-ms", 500)
                .property("payme.recovery.delay-ms", 200)
                .start(restPort);
        apps.add(app);
        return app;
    }

    private String order(String orderId, long txamt) {
        orders.put(orderId, txamt);
        return "{\"order_id\":\"" + orderId + "\",\"txamt\":" + txamt + "}";
    }

    private void drop(String fileName, String orderId, long txamt) throws IOException {
        Files.createDirectories(dir.resolve("inbox"));
        Path tmp = dir.resolve("inbox").resolve(fileName + ".tmp");
        Files.writeString(tmp, order(orderId, txamt), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve("inbox").resolve(fileName + ".json"), StandardCopyOption.ATOMIC_MOVE);
    }

    private CompletableFuture<HttpResponse<String>> post(HttpClient http, String orderId, long txamt) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + "/api/payments"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                        .header("Authorization", ApiTestUsers.PAYMENTS.authorization())
                        .POST(HttpRequest.BodyPublishers.ofString(order(orderId, txamt))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Every outcome written to the outcome folders (appended), by order id. */
    private Map<String, List<String>> outcomes() throws IOException {
        Map<String, List<String>> found = new HashMap<>();
        for (Path folder : List.of(dir.resolve("success"), dir.resolve("error"), dir.resolve("paid"),
                dir.resolve("expired"))) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                    String content = Files.readString(file);
                    Matcher orderId = ORDER_ID.matcher(content);
                    Matcher outcome = OUTCOME.matcher(content);
                    while (orderId.find() && outcome.find()) {
                        found.computeIfAbsent(orderId.group(1), id -> new ArrayList<>()).add(outcome.group(1));
                    }
                }
            }
        }
        return found;
    }
}

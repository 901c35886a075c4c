package dev.camelpayme.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.sandbox.QfpaySandbox;
import dev.camelpayme.sandbox.ReceivedRequest;
import dev.camelpayme.sandbox.SandboxOrder;
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
 * kill -9 while orders are in flight through JMS and through files, then a restart on the same broker journal and
 * order store: every order ends at exactly one outcome, none is lost, and QFPay (a sandbox in this JVM, so its
 * record survives the kill) never saw an out_trade_no twice nor two payable orders for one business order. The
 * restarted application still tracks the created orders until they are paid. The same for refunds: each ends at
 * exactly one outcome and QFPay made each exactly once.
 */
class KillAndRestartTest {

    private static final String APP_CODE = "KILL-TEST-APP";
    private static final String KEY = "KILL-TEST-CLIENT-KEY-0123456789";
    private static final int ORDERS_PER_INTAKE = 12;
    /** Amounts the sandbox answers only after its slow-answer delay, and pending (1143) before it is done. */
    private static final long SLOW_ANSWER = 90408;
    private static final long PENDING = 91143;
    private static final String PENDING_CODE = "1143";
    /** An order of the refund test left unpaid, so that the tracking cycles keep querying QFPay. */
    private static final String CLOCK_ORDER = "kr-clock";
    /** The shop's broker account: one user with both intake roles (the same user and password for each). */
    private static final String SHOP = "kill-test-shop";
    private static final String SHOP_PASSWORD = "kill-test-shop-password";

    private final Path dir = Path.of("target", "kill-test");
    private final OutcomeFolders written = new OutcomeFolders(dir);
    private final QfpaySandbox sandbox = QfpaySandbox.builder().appCode(APP_CODE).clientKey(KEY)
            .slowAnswer(Duration.ofMillis(1500)).pendingQueriesBeforePaid(2).build().start();
    private final int restPort = FreePorts.next();
    private final int brokerPort = FreePorts.next();
    private final List<ChildApp> apps = new ArrayList<>();

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
    void everyOrderEndsAtExactlyOneOutcomeAfterKillNineAndRestart() throws Exception {
        ChildApp first = launch("first.log");
        List<String> orderIds = new ArrayList<>();
        try (ActiveMQConnectionFactory broker = new ActiveMQConnectionFactory("tcp://localhost:" + brokerPort, SHOP,
                SHOP_PASSWORD);
             JMSContext jms = broker.createContext()) {
            for (int i = 0; i < ORDERS_PER_INTAKE; i++) {
                String jmsOrder = "kj-" + i;
                String fileOrder = "kf-" + i;
                jms.createProducer().send(jms.createQueue("payme.orders"), order(jmsOrder, amount(i)));
                drop(fileOrder, order(fileOrder, amount(i)));
                orderIds.add(jmsOrder);
                orderIds.add(fileOrder);
            }
        }
        // the slow orders' first attempts are at QFPay, unanswered: killed while they are in flight
        await().atMost(Duration.ofSeconds(20)).until(() -> !inFlight(orderIds).isEmpty());
        first.kill();
        List<String> inFlightAtKill = inFlight(orderIds);
        Map<String, List<JsonNode>> writtenAtKill = new HashMap<>();
        orderIds.forEach(id -> writtenAtKill.put(id, written.outcomesOf(id)));

        launch("second.log");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> orderIds.stream().allMatch(id -> !written.outcomesOf(id).isEmpty()));
        // eight more tracking cycles (every 500 ms, like the sweepers) outlast the lease: whatever the restarted
        // sweepers could deliver twice would have been delivered by now
        long cycles = trackingQueries();
        await().atMost(Duration.ofSeconds(30)).until(() -> trackingQueries() >= cycles + 8);

        assertThat(inFlightAtKill).as("orders sent to QFPay without an outcome when the process died").isNotEmpty();
        for (String orderId : orderIds) {
            List<JsonNode> outcomes = OutcomeFolders.lessRedeliveryAcrossCrash(written.outcomesOf(orderId),
                    writtenAtKill.get(orderId));
            assertThat(outcomes.stream().map(o -> o.path("outcome").asText()))
                    .as("outcomes of %s, each status delivered once (the files are appended to)", orderId)
                    .doesNotHaveDuplicates();
            JsonNode outcome = outcomes.get(0);
            assertThat(outcome.path("outcome").asText()).as(outcome.toString()).isIn("CREATED", "PAID");
            assertThat(outcomes).as("outcomes of %s", orderId).hasSize(1);

            List<String> sent = sandbox.requests("/trade/v1/payment").stream()
                    .map(ReceivedRequest::form).map(form -> form.get("out_trade_no"))
                    .filter(id -> id != null && id.startsWith(orderId + "-")).toList();
            assertThat(sent).as("attempts of %s", orderId).doesNotHaveDuplicates().isNotEmpty();
            List<SandboxOrder> paid = sandbox.orders().stream()
                    .filter(o -> o.outTradeNo().startsWith(orderId + "-") && o.status() == SandboxOrder.Status.PAID)
                    .toList();
            assertThat(paid).as("paid QFPay orders of %s", orderId)
                    .allMatch(o -> o.outTradeNo().equals(outcome.path("out_trade_no").asText()));
        }
        try (Stream<Path> left = Files.list(dir.resolve("inbox"))) {
            assertThat(left.filter(Files::isRegularFile)).as("no file left unprocessed").isEmpty();
        }

        // the restarted application still tracks the CREATED orders: a payment made now is found and routed once
        List<JsonNode> created = orderIds.stream().map(written::outcomesOf).map(list -> list.get(0))
                .filter(o -> o.path("outcome").asText().equals("CREATED")).toList();
        assertThat(created).isNotEmpty();
        for (JsonNode order : created) {
            sandbox.markPaid(order.path("out_trade_no").asText());
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> created.stream().allMatch(o -> Files.exists(
                        dir.resolve("paid").resolve(o.path("out_trade_no").asText() + ".json"))));
        for (JsonNode order : created) {
            String orderId = order.path("order_id").asText();
            assertThat(OutcomeFolders.lessRedeliveryAcrossCrash(written.outcomesOf(orderId), writtenAtKill.get(orderId))
                    .stream().map(o -> o.path("outcome").asText()))
                    .as("CREATED, then PAID once").containsExactly("CREATED", "PAID");
        }
    }

    /** Orders whose attempt QFPay has received but whose outcome is not written: in flight. */
    private List<String> inFlight(List<String> orderIds) {
        return orderIds.stream()
                .filter(id -> sandbox.requests("/trade/v1/payment").stream()
                        .anyMatch(r -> String.valueOf(r.field("out_trade_no")).startsWith(id + "-")))
                .filter(id -> written.outcomesOf(id).isEmpty()).toList();
    }

    /** The batched queries of the tracking cycles QFPay received so far (page size 100; the polls ask one order). */
    private long trackingQueries() {
        return sandbox.requests("/trade/v1/query").stream().filter(r -> "100".equals(r.field("page_size"))).count();
    }

    @Test
    void everyRefundEndsAtExactlyOneOutcomeAndIsMadeOnceAfterKillNineAndRestart() throws Exception {
        ChildApp first = launch("first.log");
        List<String> orderIds = new ArrayList<>();
        try (ActiveMQConnectionFactory broker = new ActiveMQConnectionFactory("tcp://localhost:" + brokerPort, SHOP,
                SHOP_PASSWORD);
             JMSContext jms = broker.createContext()) {
            for (int i = 0; i < ORDERS_PER_INTAKE; i++) {
                orderIds.add("kr-" + i);
                jms.createProducer().send(jms.createQueue("payme.orders"), order("kr-" + i, 200000));
            }
            // left unpaid: the tracking cycles keep asking QFPay about it, a clock the test can read after the restart
            jms.createProducer().send(jms.createQueue("payme.orders"), order(CLOCK_ORDER, 1000));
            await().atMost(Duration.ofSeconds(30)).until(() -> orderIds.stream().allMatch(id -> !written.outcomesOf(id).isEmpty())
                    && !written.outcomesOf(CLOCK_ORDER).isEmpty());
            List<JsonNode> created = orderIds.stream().map(id -> written.outcomesOf(id).get(0)).toList();
            created.forEach(order -> sandbox.markPaid(order.path("out_trade_no").asText()));
            await().atMost(Duration.ofSeconds(30)).until(() -> created.stream().allMatch(o -> Files.exists(
                    dir.resolve("paid").resolve(o.path("out_trade_no").asText() + ".json"))));

            for (int i = 0; i < ORDERS_PER_INTAKE; i++) {
                jms.createProducer().send(jms.createQueue("payme.refunds"),
                        "{\"order_id\":\"kr-" + i + "\",\"txamt\":" + amount(i) + "}");
            }
        }
        List<String> refundIds = new ArrayList<>();
        for (int i = 0; i < ORDERS_PER_INTAKE; i++) {
            refundIds.add("kr-" + i + "-r" + amount(i));
        }
        // killed once some refunds are done, one is parked for a query and one call is at QFPay, not answered yet
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> refundIds.stream().anyMatch(id -> written.refundOutcomes(id) >= 1)
                        && !parked(refundIds).isEmpty() && !unansweredRefundCalls(Instant.now()).isEmpty());
        first.kill();
        Instant killed = Instant.now();
        List<String> unansweredAtKill = unansweredRefundCalls(killed);
        List<String> parkedAtKill = parked(refundIds);
        Map<String, List<JsonNode>> writtenAtKill = new HashMap<>();
        refundIds.forEach(id -> writtenAtKill.put(id, written.refundOutcomesOf(id)));

        launch("second.log");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> refundIds.stream().allMatch(id -> written.refundOutcomes(id) >= 1));
        // eight more tracking cycles (every 500 ms, like the sweepers) outlast the lease: whatever the restarted
        // sweepers could deliver twice would have been delivered by now
        long cycles = trackingQueries();
        await().atMost(Duration.ofSeconds(30)).until(() -> trackingQueries() >= cycles + 8);

        assertThat(unansweredAtKill).as("refund calls QFPay had not answered when the process died").isNotEmpty();
        assertThat(parkedAtKill).as("refunds parked for a query when the process died").isNotEmpty();
        for (int i = 0; i < ORDERS_PER_INTAKE; i++) {
            String refundId = refundIds.get(i);
            long amount = amount(i);
            assertThat(OutcomeFolders.lessRedeliveryAcrossCrash(written.refundOutcomesOf(refundId),
                    writtenAtKill.get(refundId))).as("outcomes of %s", refundId).hasSize(1);
            assertThat(Files.readString(written.refundedFile(refundId))).as(refundId).contains("\"outcome\":\"REFUNDED\"");
            String paymentSyssn = written.outcomesOf("kr-" + i).get(0).path("syssn").asText();
            assertThat(sandbox.refundsOf(paymentSyssn)).as("refunds QFPay made of kr-%s", i).hasSize(1)
                    .allMatch(refund -> refund.txamt() == amount);
        }
        List<String> sent = sandbox.requests("/trade/v1/refund").stream().map(r -> r.field("out_trade_no")).toList();
        assertThat(sent).as("refund out_trade_nos sent").doesNotHaveDuplicates();
    }

    /** A third of the orders answer slowly, a third are pending and get paid, a third are created at once. */
    private static long amount(int i) {
        return switch (i % 3) {
            case 0 -> SLOW_ANSWER;
            case 1 -> PENDING;
            default -> 1000 + i;
        };
    }

    /** Refund calls QFPay had received by {@code instant} but not answered then: its slow answer was still due. */
    private List<String> unansweredRefundCalls(Instant instant) {
        return sandbox.requests("/trade/v1/refund").stream()
                .filter(r -> String.valueOf(SLOW_ANSWER).equals(r.field("txamt")))
                .filter(r -> r.time().plus(sandbox.slowAnswer()).isAfter(instant))
                .map(r -> r.field("out_trade_no")).toList();
    }

    /** Refunds QFPay answered pending that have no outcome yet: parked until a query of their attempt. */
    private List<String> parked(List<String> refundIds) {
        return refundIds.stream()
                .filter(id -> sandbox.requests("/trade/v1/refund").stream().anyMatch(r -> PENDING_CODE.equals(r.respcd())
                        && String.valueOf(r.field("out_trade_no")).startsWith(id + "-")))
                .filter(id -> written.refundOutcomes(id) == 0).toList();
    }

    private ChildApp launch(String log) {
        ChildApp app = new ChildApp(dir.resolve(log))
                .againstSandboxUnder(dir, sandbox, APP_CODE, KEY, restPort, brokerPort, 55)
                .property("payme.broker.clients.orders-username", SHOP)
                .property("payme.broker.clients.orders-password", SHOP_PASSWORD)
                .property("payme.broker.clients.refunds-username", SHOP)
                .property("payme.broker.clients.refunds-password", SHOP_PASSWORD)
                .property("payme.store.url", "jdbc:h2:file:./" + dir.resolve("store").resolve("payme") + ";WRITE_DELAY=0")
                .property("payme.tracking.interval-ms", 500)
                .quickTimers()
                .start(restPort);
        apps.add(app);
        return app;
    }

    private static String order(String orderId, long txamt) {
        return "{\"order_id\":\"" + orderId + "\",\"txamt\":" + txamt + "}";
    }

    private void drop(String orderId, String order) throws IOException {
        Files.createDirectories(dir.resolve("inbox"));
        Path tmp = dir.resolve("inbox").resolve(orderId + ".tmp");
        Files.writeString(tmp, order, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve("inbox").resolve(orderId + ".json"), StandardCopyOption.ATOMIC_MOVE);
    }
}

package dev.camelpayme.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.app.store.PaymentStore;
import dev.camelpayme.app.store.RefundStore;
import dev.camelpayme.sandbox.SandboxOrder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.apache.camel.builder.NotifyBuilder;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The daily reconciliation through the real routes, asked for over the API, against the sandbox over HTTP: each kind
 * of mismatch, what it changes (only through the life cycle, each outcome delivered once), and a second run of the
 * same day changing nothing. QFPay's notifications are off here, so only the reconciliation learns what QFPay did.
 */
class ReconciliationTest extends RefundRouteTestSupport {

    private static final ZoneId HONG_KONG = ZoneId.of("Asia/Hong_Kong");

    private PaymentStore payments;
    private RefundStore refunds;

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> properties = new HashMap<>(Map.of(
                "payme.sandbox.notify-url", "",
                "payme.route.reconciliation-uri", "mock:reconciliation",
                "payme.reconciliation.enabled", "false",
                "payme.reconciliation.call-spacing-ms", "5",
                "payme.rate-limit.per-minute", "100000",
                "payme.rate-limit.per-second", "100000"));
        properties.putAll(storeProperties());
        return properties;
    }

    /** The order store the application uses: its in-memory H2 here. */
    protected Map<String, String> storeProperties() {
        return Map.of();
    }

    /** The same store, for the test to read what the application wrote. */
    protected DataSource storeDataSource() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(context.resolvePropertyPlaceholders("{{payme.store.url}}"));
        h2.setUser("sa");
        return h2;
    }

    @BeforeEach
    void openTheStore() {
        if (payments != null) {
            return;
        }
        DataSource database = storeDataSource();
        payments = new PaymentStore(database, Clock.systemUTC(), 30_000);
        refunds = new RefundStore(database, Clock.systemUTC());
    }

    // --- payments -------------------------------------------------------------------------------------------------

    @Test
    void anOrderPaidAtQfpayIsMovedToPaidOnceAndASecondRunChangesNothing() throws Exception {
        JsonNode created = created(4100);
        sandbox().markPaid(created.path("out_trade_no").asText());

        JsonNode report = reconcileToday();

        JsonNode line = only(report, "PAID_NOT_PAID_HERE", created.path("out_trade_no").asText());
        assertThat(line.path("order_id").asText()).isEqualTo(orderId(created));
        assertThat(line.path("store_state").asText()).isEqualTo("CREATED");
        assertThat(line.path("qfpay_txamt").asText()).isEqualTo("4100");
        assertThat(line.path("action").asText()).startsWith("Ship the order");
        assertThat(state(created)).isEqualTo("PAID");
        List<JsonNode> paid = outcomesFor(orderId(created), "mock:paid");
        assertThat(paid).hasSize(1);
        assertThat(paid.get(0).path("pay_url").asText()).isEqualTo(created.path("pay_url").asText());
        assertThat(paid.get(0).path("syssn").asText()).isEqualTo(created.path("syssn").asText());

        JsonNode again = reconcileToday();

        assertThat(linesAbout(again, created.path("out_trade_no").asText())).isEmpty();
        assertThat(outcomesFor(orderId(created), "mock:paid")).hasSize(1);
    }

    @Test
    void anOrderThatExpiredButWasPaidAtQfpayIsPaidLate() throws Exception {
        String orderId = newOrderId("RX");
        postOrder(order(orderId, 90001)); // pending at QFPay until the poll's deadline: EXPIRED here
        await().atMost(Duration.ofSeconds(15)).until(() -> !outcomesFor(orderId, "mock:expired").isEmpty());
        SandboxOrder atQfpay = sandbox().paymentsCreatedFor(orderId + "-").get(0);
        sandbox().markPaid(atQfpay.syssn());

        JsonNode report = reconcileToday();

        assertThat(only(report, "PAID_NOT_PAID_HERE", atQfpay.outTradeNo()).path("store_state").asText())
                .isEqualTo("EXPIRED");
        List<JsonNode> paid = outcomesFor(orderId, "mock:paid");
        assertThat(paid).hasSize(1);
        assertThat(paid.get(0).path("late").asBoolean()).isTrue();
        assertThat(payments.find(orderId).orElseThrow().state().name()).isEqualTo("PAID");
    }

    @Test
    void aPaymentQfpayHasThatWasNeverMadeHereIsReportedAndNothingIsBooked() throws Exception {
        SandboxOrder till = sandbox().portalPayment(newOrderId("TILL") + "-x", 7000, "HKD");

        JsonNode report = reconcileToday();

        JsonNode line = only(report, "PAID_UNKNOWN_HERE", till.outTradeNo());
        assertThat(line.path("syssn").asText()).isEqualTo(till.syssn());
        assertThat(line.has("order_id")).isFalse();
        assertThat(line.path("action").asText()).contains("refund it in QFPay's portal");
    }

    @Test
    void anAmountOrCurrencyMismatchIsReportedAndTheOrderIsLeftAsItIs() throws Exception {
        JsonNode created = created(5200);
        String outTradeNo = created.path("out_trade_no").asText();
        sandbox().markPaid(outTradeNo);
        sandbox().recordOtherAmount(outTradeNo, 5300, "USD");

        JsonNode report = reconcileToday();

        JsonNode line = only(report, "AMOUNT_MISMATCH", outTradeNo);
        assertThat(line.path("qfpay_txamt").asText()).isEqualTo("5300");
        assertThat(line.path("qfpay_txcurrcd").asText()).isEqualTo("USD");
        assertThat(line.path("store_txamt").asText()).isEqualTo("5200");
        assertThat(line.path("store_txcurrcd").asText()).isEqualTo("HKD");
        assertThat(state(created)).isEqualTo("CREATED");
        assertThat(outcomesFor(orderId(created), "mock:paid")).isEmpty();
    }

    @Test
    void anOrderPaidHereThatQfpayDoesNotShowPaidIsReported() throws Exception {
        JsonNode created = created(5400);
        String outTradeNo = created.path("out_trade_no").asText();
        sandbox().markPaid(outTradeNo);
        reconcileToday();
        assertThat(state(created)).isEqualTo("PAID");
        sandbox().forget(outTradeNo);

        JsonNode report = reconcileToday();

        JsonNode line = only(report, "PAID_HERE_NOT_AT_QFPAY", outTradeNo);
        assertThat(line.path("store_state").asText()).isEqualTo("PAID");
        assertThat(line.path("store_txamt").asText()).isEqualTo("5400");
        assertThat(state(created)).isEqualTo("PAID");
    }

    @Test
    void everyPageOfABusyDayIsRead() throws Exception {
        String prefix = newOrderId("BUSY");
        for (int i = 0; i < 130; i++) {
            sandbox().portalPayment(prefix + "-" + i, 1000 + i, "HKD");
        }
        int queriesBefore = sandbox().requests("/trade/v1/query").size();

        JsonNode report = reconcileToday();

        long busy = StreamSupport.stream(report.path("mismatches").spliterator(), false)
                .filter(m -> m.path("out_trade_no").asText().startsWith(prefix + "-")).count();
        assertThat(busy).isEqualTo(130);
        assertThat(report.path("qfpay_pages").asInt()).isGreaterThanOrEqualTo(2);
        var calls = sandbox().requests("/trade/v1/query").subList(queriesBefore,
                sandbox().requests("/trade/v1/query").size());
        assertThat(calls).hasSize(report.path("qfpay_pages").asInt());
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.field("page_size")).isEqualTo("100");
            assertThat(call.field("start_time")).isEqualTo(today() + " 00:00:00");
            assertThat(call.field("end_time")).isEqualTo(today() + " 23:59:59");
        });
    }

    // --- refunds --------------------------------------------------------------------------------------------------

    @Test
    void aRefundMadeInQfpaysPortalIsBookedOnceWhateverEchoesIt() throws Exception {
        JsonNode order = paidHere(6000);
        SandboxOrder portal = sandbox().portalRefund(order.path("syssn").asText(), 1500);
        String refundId = "qfpay-" + portal.syssn();

        JsonNode report = reconcileToday();

        JsonNode line = only(report, "REFUND_MADE_ELSEWHERE", portal.outTradeNo());
        assertThat(line.path("refund_id").asText()).isEqualTo(refundId);
        assertThat(line.path("order_id").asText()).isEqualTo(orderId(order));
        RefundStore.Row booked = refunds.find(refundId).orElseThrow();
        assertThat(booked.state().name()).isEqualTo("REFUNDED");
        assertThat(booked.txamt()).isEqualTo(1500);
        assertThat(refunds.refundedOf(orderId(order))).isEqualTo(1500);
        assertThat(messagesFor("mock:refunded", refundId)).hasSize(1);

        JsonNode again = reconcileToday();
        String echo = "{\"notify_type\": \"refund\", \"syssn\": \"" + portal.syssn() + "\", \"out_trade_no\": \""
                + portal.outTradeNo() + "\", \"origssn\": \"" + order.path("syssn").asText()
                + "\", \"txamt\": \"1500\", \"txcurrcd\": \"HKD\", \"respcd\": \"0000\", \"status\": \"1\"}";
        NotifyBuilder routed = notificationRouted();
        assertThat(notify(echo, sign(echo)).statusCode()).isEqualTo(200);
        assertThat(routed.matches(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(linesAbout(again, portal.outTradeNo())).isEmpty();
        assertThat(refunds.findByOrder(orderId(order))).hasSize(1);
        assertThat(refunds.refundedOf(orderId(order))).isEqualTo(1500);
        assertThat(messagesFor("mock:refunded", refundId)).hasSize(1);
    }

    @Test
    void aPortalRefundQfpayNotifiedFirstIsNotBookedAgainByTheReconciliation() throws Exception {
        JsonNode order = paidHere(6100);
        SandboxOrder portal = sandbox().portalRefund(order.path("syssn").asText(), 700);
        String refundId = "qfpay-" + portal.syssn();
        String notification = "{\"notify_type\": \"refund\", \"syssn\": \"" + portal.syssn()
                + "\", \"out_trade_no\": \"" + portal.outTradeNo() + "\", \"origssn\": \""
                + order.path("syssn").asText() + "\", \"txamt\": \"700\", \"txcurrcd\": \"HKD\", \"sysdtm\": \""
                + today() + " 00:00:01\", \"respcd\": \"0000\", \"status\": \"1\"}";
        assertThat(notify(notification, sign(notification)).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> messagesFor("mock:refunded", refundId).size() == 1);
        assertThat(refunds.find(refundId).orElseThrow().state().name()).isEqualTo("REFUNDED");

        JsonNode report = reconcileToday();

        assertThat(linesAbout(report, portal.outTradeNo())).isEmpty();
        assertThat(refunds.findByOrder(orderId(order))).hasSize(1);
        assertThat(refunds.refundedOf(orderId(order))).isEqualTo(700);
        assertThat(messagesFor("mock:refunded", refundId)).hasSize(1);
    }

    @Test
    void aRefundRecordedHereThatQfpayDoesNotShowIsReported() throws Exception {
        JsonNode order = paidHere(6200);
        HttpResponse<String> answer = refund(refundRequest(order, 1000));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        JsonNode refund = json(answer.body());
        sandbox().forget(refund.path("out_trade_no").asText());

        JsonNode report = reconcileToday();

        JsonNode line = only(report, "REFUNDED_HERE_NOT_AT_QFPAY", refund.path("out_trade_no").asText());
        assertThat(line.path("refund_id").asText()).isEqualTo(refund.path("refund_id").asText());
        assertThat(line.path("store_txamt").asText()).isEqualTo("1000");
        assertThat(refunds.find(refund.path("refund_id").asText()).orElseThrow().state().name())
                .isEqualTo("REFUNDED");
    }

    // --- the report and the API -----------------------------------------------------------------------------------

    @Test
    void theReportIsWrittenAsJsonAndAsCsvWithOneLinePerMismatch() throws Exception {
        SandboxOrder till = sandbox().portalPayment("=cmd-" + newOrderId("CSV"), 100, "HKD");
        getMockEndpoint("mock:reconciliation").reset();

        JsonNode report = reconcileToday();

        var files = getMockEndpoint("mock:reconciliation").getExchanges();
        assertThat(files).hasSize(2);
        String json = files.get(0).getMessage().getBody(String.class);
        String csv = files.get(1).getMessage().getBody(String.class);
        assertThat(files.get(0).getMessage().getHeader("CamelFileName", String.class))
                .startsWith("reconciliation-" + today() + "-").endsWith(".json");
        assertThat(files.get(1).getMessage().getHeader("CamelFileName", String.class)).endsWith(".csv");
        assertThat(json(json)).isEqualTo(report);
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).isEqualTo("kind,order_id,refund_id,out_trade_no,syssn,qfpay_txamt,qfpay_txcurrcd,"
                + "store_txamt,store_txcurrcd,store_state,action");
        assertThat(lines).hasSize(report.path("mismatches").size() + 1);
        // a value typed into QFPay's portal never becomes a spreadsheet formula
        assertThat(csv).contains("PAID_UNKNOWN_HERE,,,'" + till.outTradeNo() + "," + till.syssn() + ",100,HKD,,,,");
    }

    @Test
    void aUserWithoutTheReconciliationRoleIsRefused() throws Exception {
        int queriesBefore = sandbox().requests("/trade/v1/query").size();

        HttpResponse<String> answer = postAs(ApiTestUsers.OPERATOR.authorization(), "/api/reconciliations",
                body("{\"date\":\"" + today() + "\"}"), Map.of(), Duration.ofSeconds(20));

        assertThat(answer.statusCode()).isEqualTo(403);
        ErrorAnswers.assertErrorBody(answer.body(), 403);
        assertThat(sandbox().requests("/trade/v1/query")).hasSize(queriesBefore);
    }

    @Test
    void aRequestWithoutCredentialsIsRefusedBeforeAnythingIsAsked() throws Exception {
        int queriesBefore = sandbox().requests("/trade/v1/query").size();

        HttpResponse<String> answer = postAs(null, "/api/reconciliations", body("{\"date\":\"" + today() + "\"}"),
                Map.of(), Duration.ofSeconds(20));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(sandbox().requests("/trade/v1/query")).hasSize(queriesBefore);
    }

    @Test
    void aDateOutsideTheAllowedDaysIsRefusedNamingTheFieldWithoutEchoingIt() throws Exception {
        LocalDate today = today();
        for (String date : List.of(today.plusDays(1).toString(), today.minusDays(91).toString(), "2026-02-30",
                "yesterday")) {
            HttpResponse<String> answer = reconcile("{\"date\":\"" + date + "\"}");

            assertThat(answer.statusCode()).as(date).isEqualTo(400);
            assertThat(json(answer.body()).path("errors").findValuesAsText("field")).as(date).containsExactly("date");
            assertThat(answer.body()).as(date).doesNotContain(date);
        }
        // an unknown field is named, as for refunds, but never its value
        HttpResponse<String> unknown = reconcile("{\"date\":\"" + today + "\",\"colour\":\"<script>\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown.body()).path("errors").findValuesAsText("field")).containsExactly("colour");
        assertThat(unknown.body()).doesNotContain("<script>");
        assertThat(reconcile("{}").statusCode()).isEqualTo(400);
    }

    @Test
    void theDailyTimerStaysStoppedWhenTheReconciliationIsDisabled() {
        assertThat(context.getRouteController().getRouteStatus("payme-reconciliation-timer").isStopped()).isTrue();
        assertThat(context.getRouteController().getRouteStatus("payme-reconcile").isStarted())
                .as("the API still reconciles on demand").isTrue();
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static LocalDate today() {
        return LocalDate.now(HONG_KONG);
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> reconcile(String json) throws Exception {
        return postAs(ApiTestUsers.RECONCILIATION.authorization(), "/api/reconciliations", body(json), Map.of(),
                Duration.ofSeconds(60));
    }

    private JsonNode reconcileToday() throws Exception {
        HttpResponse<String> answer = reconcile("{\"date\":\"" + today() + "\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode report = json(answer.body());
        assertThat(report.path("date").asText()).isEqualTo(today().toString());
        return report;
    }

    /** A CREATED order: its pay_url handed out, nobody has paid. */
    private JsonNode created(long txamt) {
        JsonNode created = json(postOrder(order(newOrderId("R"), txamt)).body());
        assertThat(created.path("outcome").asText()).isEqualTo("CREATED");
        return created;
    }

    /** An order paid at QFPay and known PAID here (learnt by the tracker, QFPay's notifications being off). */
    private JsonNode paidHere(long txamt) throws Exception {
        JsonNode created = created(txamt);
        sandbox().markPaid(created.path("out_trade_no").asText());
        template.sendBody("direct:payme-track", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> "PAID".equals(state(created)));
        return created;
    }

    private String state(JsonNode created) throws Exception {
        return payments.find(orderId(created)).orElseThrow().state().name();
    }

    private static String orderId(JsonNode outcome) {
        return outcome.path("order_id").asText();
    }

    private static List<JsonNode> linesAbout(JsonNode report, String outTradeNo) {
        List<JsonNode> lines = new ArrayList<>();
        report.path("mismatches").forEach(m -> {
            if (outTradeNo.equals(m.path("out_trade_no").asText())) {
                lines.add(m);
            }
        });
        return lines;
    }

    /** The one line of the report about {@code outTradeNo}, which must be of {@code kind}. */
    private static JsonNode only(JsonNode report, String kind, String outTradeNo) {
        List<JsonNode> lines = linesAbout(report, outTradeNo);
        assertThat(lines).as("report lines about %s", outTradeNo).hasSize(1);
        assertThat(lines.get(0).path("kind").asText()).isEqualTo(kind);
        return lines.get(0);
    }
}

package dev.camelpayme.sandbox;

import static dev.camelpayme.sandbox.QfpayTestClient.fields;
import static dev.camelpayme.sandbox.QfpayTestClient.payment;
import static dev.camelpayme.sandbox.QfpayTestClient.refundOf;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.sandbox.QfpayTestClient.Reply;
import dev.camelpayme.sandbox.SandboxOrder.Status;
import dev.camelpayme.sandbox.SandboxOrder.Trigger;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The deterministic amount triggers of the table on {@link QfpaySandbox}. */
class SandboxTriggerTest {

    static final Duration SLOW = Duration.ofSeconds(1);

    QfpaySandbox sandbox;
    QfpayTestClient client;

    @BeforeEach
    void start() {
        sandbox = QfpaySandbox.builder().slowAnswer(SLOW).pendingQueriesBeforePaid(2).build().start();
        client = QfpayTestClient.of(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.stop();
    }

    String queryStatus(String outTradeNo) {
        Reply q = client.query(fields("out_trade_no", outTradeNo));
        assertEquals("0000", q.respcd(), q.body());
        assertEquals(1, q.data().size(), q.body());
        return q.data().get(0).get("respcd").asText();
    }

    // ------------------------------------------------------------------------------------------------ transport

    @ParameterizedTest
    @CsvSource({"90429, 429", "90500, 500", "90503, 503"})
    void httpFailureTriggersCreateNoOrder(long txamt, int status) {
        Reply r = client.payment(payment("HTTP-" + txamt, txamt));
        assertEquals(status, r.status());
        assertTrue(r.contentType().startsWith("text/html"), r.contentType());
        assertTrue(r.body().contains("<html>"));
        assertTrue(sandbox.orders().isEmpty());
        assertEquals(0, client.query(fields("out_trade_no", "HTTP-" + txamt)).data().size());
        ReceivedRequest recorded = sandbox.requests("/trade/v1/payment").get(0);
        assertEquals(status, recorded.httpStatus());
        assertNull(recorded.respcd());
    }

    @Test
    void anOutTradeNoRefusedByAnHttpFailureStaysUsable() {
        assertEquals(429, client.payment(payment("RETRY-1", 90429)).status());
        assertEquals("0000", client.payment(payment("RETRY-1", 300)).respcd());
    }

    @Test
    void slowAnswerCreatesTheOrderTheClientTimedOutOn() {
        var request = client.signed("/trade/v1/payment", payment("SLOW-1", 90408)).timeout(Duration.ofMillis(300))
                .build();
        assertThrows(HttpTimeoutException.class, () -> QfpayTestClient.HTTP.send(request,
                HttpResponse.BodyHandlers.ofString()));

        SandboxOrder order = sandbox.order("SLOW-1").orElseThrow();
        assertEquals(Trigger.SLOW_ANSWER, order.trigger());
        assertEquals(Status.UNPAID, order.status());
        assertEquals("1143", queryStatus("SLOW-1"));
    }

    @Test
    void connectionResetCreatesTheOrderAndAnswersNothing() {
        var request = client.signed("/trade/v1/payment", payment("RESET-1", 90104)).build();
        assertThrows(java.io.IOException.class, () -> QfpayTestClient.HTTP.send(request,
                HttpResponse.BodyHandlers.ofString()));

        SandboxOrder order = sandbox.order("RESET-1").orElseThrow();
        assertEquals(Trigger.CONNECTION_RESET, order.trigger());
        assertEquals("1143", queryStatus("RESET-1"));
    }

    @Test
    void slowAnswerArrivesAfterTheConfiguredDelay() {
        long start = System.nanoTime();
        Reply r = client.payment(payment("SLOW-2", 90408));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals("0000", r.respcd());
        assertNotNull(r.get("pay_url"));
        assertTrue(millis >= SLOW.toMillis() - 50, "answered after " + millis + " ms");
    }

    @Test
    void slowAnswersDoNotStarveOtherRequests() throws Exception {
        List<CompletableFuture<Reply>> slow = new ArrayList<>();
        for (int i = 0; i < QfpaySandbox.WORKER_THREADS + 4; i++) {
            slow.add(QfpayTestClient.sendAsync(client.signed("/trade/v1/payment", payment("STARVE-" + i, 90408))
                    .build()));
        }
        // wait until the sandbox holds every slow request, so the fast one is really queued behind them
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> sandbox.paymentsCreatedFor("STARVE-").size() >= slow.size());
        assertEquals(slow.size(), sandbox.paymentsCreatedFor("STARVE-").size());

        Reply fast = client.payment(payment("FAST-1", 300));
        assertEquals("0000", fast.respcd());
        assertTrue(slow.stream().noneMatch(CompletableFuture::isDone), "the fast answer overtook the slow ones");
        for (CompletableFuture<Reply> f : slow) {
            assertEquals("0000", f.get(10, TimeUnit.SECONDS).respcd());
        }
    }

    @Test
    void nonJsonAnswerCreatesTheOrder() {
        Reply r = client.payment(payment("HTML-1", 90200));
        assertEquals(200, r.status());
        assertEquals("<html>gateway error</html>", r.body());
        assertThrows(IOException.class, () -> QfpayTestClient.JSON.readTree(r.body()));
        assertEquals(Trigger.NON_JSON_ANSWER, sandbox.order("HTML-1").orElseThrow().trigger());
        assertEquals("1143", queryStatus("HTML-1"));
    }

    // ------------------------------------------------------------------------------------------------ pending

    @Test
    void pendingForeverStaysPendingHoweverOftenQueried() {
        Reply r = client.payment(payment("FOREVER-1", 90001));
        assertEquals("1143", r.respcd());
        assertNotNull(r.get("syssn"));
        for (int i = 0; i < 6; i++) {
            assertEquals("1143", queryStatus("FOREVER-1"));
        }
        assertEquals(6, sandbox.order("FOREVER-1").orElseThrow().queryCount());
        assertEquals(Status.PAID, sandbox.markPaid("FOREVER-1").status(), "an explicit payment still works");
        assertEquals("0000", queryStatus("FOREVER-1"));
    }

    @Test
    void pendingThenExpiredAfterTheConfiguredQueries() {
        Reply r = client.payment(payment("EXPIRE-1", 90002));
        assertEquals("0000", r.respcd());
        assertEquals("1143", queryStatus("EXPIRE-1"));
        assertEquals("1143", queryStatus("EXPIRE-1"));
        assertEquals("1181", queryStatus("EXPIRE-1"));
        assertEquals("1181", queryStatus("EXPIRE-1"), "final");
        assertEquals(Status.EXPIRED, sandbox.order("EXPIRE-1").orElseThrow().status());
        assertThrows(IllegalStateException.class, () -> sandbox.markPaid("EXPIRE-1"));
        assertEquals(409, client.postEmpty("/sandbox/pay/" + r.get("syssn")).status());
    }

    @Test
    void pendingAnswerThenExpiredAfterTheConfiguredQueries() {
        Reply r = client.payment(payment("EXPIRE-2", 90003));
        assertEquals("1143", r.respcd());
        assertNotNull(r.get("syssn"));
        assertEquals("1143", queryStatus("EXPIRE-2"));
        assertEquals("1143", queryStatus("EXPIRE-2"));
        assertEquals("1181", queryStatus("EXPIRE-2"));
        assertEquals(Status.EXPIRED, sandbox.order("EXPIRE-2").orElseThrow().status());
    }

    @ParameterizedTest
    @ValueSource(longs = {91143, 91145, 91295, 91298})
    void pendingCodeThenPaidAfterTheConfiguredQueries(long txamt) {
        String code = Long.toString(txamt - 90000);
        String id = "PEND-" + code;
        Reply r = client.payment(payment(id, txamt));
        assertEquals(code, r.respcd());
        assertNotNull(r.get("syssn"));
        assertNotNull(r.get("pay_url"));
        assertEquals(code, queryStatus(id));
        assertEquals(code, queryStatus(id));

        JsonNode record = client.query(fields("out_trade_no", id)).data().get(0);
        assertEquals("0000", record.get("respcd").asText());
        assertFalse(record.get("paydtm").asText().isEmpty());
        assertEquals(Long.toString(txamt), record.get("cash_fee").asText());
        SandboxOrder order = sandbox.order(id).orElseThrow();
        assertEquals(Status.PAID, order.status());
        assertEquals(Trigger.PENDING_THEN_SUCCESS, order.trigger());
        assertNotNull(order.paidAt());
    }

    @Test
    void pendingThenPaidWithZeroQueriesTurnsOnTheFirstQuery() {
        try (QfpaySandbox eager = QfpaySandbox.builder().pendingQueriesBeforePaid(0).build().start()) {
            QfpayTestClient c = QfpayTestClient.of(eager);
            assertEquals("1145", c.payment(payment("EAGER-1", 91145)).respcd());
            assertEquals("0000", c.query(fields("out_trade_no", "EAGER-1")).data().get(0).get("respcd").asText());
        }
    }

    // ------------------------------------------------------------------------------------------------ respcd codes

    @ParameterizedTest
    @ValueSource(longs = {91204, 91205, 92011, 91100, 91102, 91297, 91999})
    void codeTriggerAnswersTheCodeAndCreatesNothing(long txamt) {
        String code = Long.toString(txamt - 90000);
        String id = "CODE-" + code;
        Reply r = client.payment(payment(id, txamt));
        assertEquals(200, r.status());
        assertEquals(code, r.respcd());
        assertFalse(r.get("resperr").isEmpty());
        assertNull(r.get("syssn"));
        assertTrue(sandbox.orders().isEmpty());
        assertEquals("0000", client.payment(payment(id, 300)).respcd(), "the out_trade_no was not consumed");
    }

    @Test
    void amountsOutsideTheTriggerRangesFollowTheNormalFlow() {
        for (long txamt : new long[] {90000, 90999, 93000, 190429, 9042}) {
            Reply r = client.payment(payment("NORMAL-" + txamt, txamt));
            assertEquals("0000", r.respcd(), Long.toString(txamt));
            assertEquals(Trigger.NONE, sandbox.order("NORMAL-" + txamt).orElseThrow().trigger());
        }
    }

    // ------------------------------------------------------------------------------------------------ refunds

    @Test
    void refundHttpFailureRefundsNothing() {
        String syssn = client.paid(sandbox, "RF-HTTP", 100_000);
        assertEquals(503, client.refund(refundOf(syssn, "RF-HTTP-R1", 90503)).status());
        assertTrue(sandbox.refundsOf(syssn).isEmpty());
        assertEquals("0", client.query(fields("syssn", syssn)).data().get(0).get("cancel").asText());
    }

    @Test
    void slowRefundIsExecutedWhileTheClientTimesOut() {
        String syssn = client.paid(sandbox, "RF-SLOW", 100_000);
        var request = client.signed("/trade/v1/refund", refundOf(syssn, "RF-SLOW-R1", 90408))
                .timeout(Duration.ofMillis(300)).build();
        assertThrows(HttpTimeoutException.class, () -> QfpayTestClient.HTTP.send(request,
                HttpResponse.BodyHandlers.ofString()));
        assertEquals(1, sandbox.refundsOf(syssn).size());
        assertEquals("5", client.query(fields("syssn", syssn)).data().get(0).get("cancel").asText());
    }

    @Test
    void refundCodeTriggerRefundsNothing() {
        String syssn = client.paid(sandbox, "RF-CODE", 100_000);
        assertEquals("1269", client.refund(refundOf(syssn, "RF-CODE-R1", 91269)).respcd());
        assertTrue(sandbox.refundsOf(syssn).isEmpty());
    }

    @Test
    void pendingRefundCompletesAfterTheConfiguredQueries() {
        String syssn = client.paid(sandbox, "RF-PEND", 100_000);
        Reply r = client.refund(refundOf(syssn, "RF-PEND-R1", 91145));
        assertEquals("1145", r.respcd());
        String refundSyssn = r.get("syssn");
        assertEquals(Status.REFUND_PENDING, sandbox.order(refundSyssn).orElseThrow().status());
        assertEquals("1145", client.query(fields("syssn", refundSyssn)).data().get(0).get("respcd").asText());
        assertEquals("1145", client.query(fields("syssn", refundSyssn)).data().get(0).get("respcd").asText());
        assertEquals("0000", client.query(fields("syssn", refundSyssn)).data().get(0).get("respcd").asText());
        assertEquals(Status.REFUND_DONE, sandbox.order(refundSyssn).orElseThrow().status());
        assertEquals(91145, sandbox.order(syssn).orElseThrow().refundedAmount());
    }
}

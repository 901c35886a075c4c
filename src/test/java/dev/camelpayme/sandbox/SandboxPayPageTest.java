package dev.camelpayme.sandbox;

import static dev.camelpayme.sandbox.QfpayTestClient.fields;
import static dev.camelpayme.sandbox.QfpayTestClient.payment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.sandbox.QfpayTestClient.Reply;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shopper's side ({@code /sandbox/pay}), {@code /sandbox/orders}, the Java control API and the lifecycle. */
class SandboxPayPageTest {

    QfpaySandbox sandbox;
    QfpayTestClient client;

    @BeforeEach
    void start() {
        sandbox = QfpaySandbox.builder().build().start();
        client = QfpayTestClient.of(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.stop();
    }

    @Test
    void payUrlShowsAPageWithAPayButton() {
        Reply created = client.payment(payment("PAGE-1", 300));
        String payUrl = created.get("pay_url");
        Reply page = client.get(payUrl.substring(sandbox.baseUrl().length()));
        assertEquals(200, page.status());
        assertTrue(page.contentType().startsWith("text/html"));
        assertTrue(page.body().contains("PayMe sandbox: pay HK$3.00 for out_trade_no PAGE-1"), page.body());
        assertTrue(page.body().contains("<form method=\"post\" action=\"/sandbox/pay/" + created.get("syssn") + "\">"));
    }

    @Test
    void payPageEscapesWhatTheClientSent() {
        var f = payment("<script>alert(1)</script>", 12345);
        f.put("goods_name", "a&b");
        String syssn = client.payment(f).get("syssn");
        String body = client.get("/sandbox/pay/" + syssn).body();
        assertFalse(body.contains("<script>"));
        assertTrue(body.contains("&lt;script&gt;"));
        assertTrue(body.contains("HK$123.45"));
        assertTrue(body.contains("a&amp;b"));
    }

    @Test
    void postingThePayPageMarksTheOrderPaid() {
        String syssn = client.payment(payment("PAGE-2", 300)).get("syssn");
        Reply paid = client.postEmpty("/sandbox/pay/" + syssn);
        assertEquals(200, paid.status());
        assertEquals("PAID", paid.get("result"));
        assertEquals(syssn, paid.get("syssn"));
        assertEquals("PAGE-2", paid.get("out_trade_no"));

        JsonNode rec = client.query(fields("syssn", syssn)).data().get(0);
        assertEquals("0000", rec.get("respcd").asText());
        assertFalse(rec.get("paydtm").asText().isEmpty());
        assertEquals(SandboxOrder.Status.PAID, sandbox.order(syssn).orElseThrow().status());
        assertEquals(200, client.postEmpty("/sandbox/pay/" + syssn).status(), "paying twice changes nothing");
        assertFalse(client.get("/sandbox/pay/" + syssn).body().contains("<form"), "no button once paid");
    }

    @Test
    void payingByOutTradeNoWorksToo() {
        client.payment(payment("PAGE-3", 300));
        assertEquals("PAID", client.postEmpty("/sandbox/pay/PAGE-3").get("result"));
        assertTrue(sandbox.order("PAGE-3").orElseThrow().isPaid());
    }

    @Test
    void payingAnUnknownOrderIsNotFound() {
        Reply r = client.postEmpty("/sandbox/pay/NOPE");
        assertEquals(404, r.status());
        assertEquals("NOT_FOUND", r.get("result"));
        assertEquals(404, client.get("/sandbox/pay/NOPE").status());
        assertThrows(NoSuchElementException.class, () -> sandbox.markPaid("NOPE"));
    }

    @Test
    void markPaidFromJavaIsSeenByQueries() {
        String syssn = client.payment(payment("JAVA-1", 300)).get("syssn");
        SandboxOrder order = sandbox.markPaid("JAVA-1");
        assertEquals(syssn, order.syssn());
        assertTrue(order.isPaid());
        assertEquals("0000", order.respcd());
        assertEquals("0000", client.query(fields("out_trade_no", "JAVA-1")).data().get(0).get("respcd").asText());
    }

    @Test
    void ordersEndpointListsPaymentsAndRefunds() {
        String syssn = client.payment(payment("LIST-1", 300)).get("syssn");
        sandbox.markPaid(syssn);
        client.refund(QfpayTestClient.refundOf(syssn, "LIST-1-R1", 100));
        Reply r = client.get("/sandbox/orders");
        assertEquals(200, r.status());
        assertEquals("application/json;charset=UTF-8", r.contentType());
        JsonNode orders = r.json();
        assertEquals(2, orders.size());
        assertEquals("LIST-1", orders.get(0).get("out_trade_no").asText());
        assertEquals("PAID", orders.get(0).get("status").asText());
        assertEquals("5", orders.get(0).get("cancel").asText());
        assertEquals("refund", orders.get(1).get("order_type").asText());
        assertEquals(syssn, orders.get(1).get("origssn").asText());
        assertEquals(405, QfpayTestClient.send(client.request("/sandbox/orders", "").build()).status());
    }

    @Test
    void resetForgetsOrdersRequestsAndUsedIds() {
        client.payment(payment("RESET-1", 300));
        sandbox.reset();
        assertTrue(sandbox.orders().isEmpty());
        assertTrue(sandbox.requests().isEmpty());
        assertEquals("0000", client.payment(payment("RESET-1", 300)).respcd());
    }

    @Test
    void startsQuicklyOnAnEphemeralPortAndStopsOnce() {
        long t0 = System.nanoTime();
        QfpaySandbox other = QfpaySandbox.builder().port(0).build().start();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        try {
            assertTrue(millis < 1000, "started in " + millis + " ms");
            assertTrue(other.port() > 0);
            assertTrue(other.port() != sandbox.port());
            assertEquals("http://localhost:" + other.port(), other.baseUrl());
            assertTrue(other.isRunning());
            assertThrows(IllegalStateException.class, other::start);
        } finally {
            other.stop();
        }
        other.stop();
        assertFalse(other.isRunning());
        assertThrows(IllegalStateException.class, other::start);
        assertThrows(IllegalStateException.class, () -> QfpaySandbox.builder().build().port());
    }

    @Test
    void neverShowsTheClientKey() {
        assertFalse(sandbox.toString().contains(SandboxCredentials.CLIENT_KEY));
        Reply created = client.payment(payment("SECRET-1", 300));
        assertFalse(created.body().contains(SandboxCredentials.CLIENT_KEY));
        assertFalse(client.get("/sandbox/orders").body().contains(SandboxCredentials.CLIENT_KEY));
    }

    @Test
    void builderRefusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> QfpaySandbox.builder().port(70000));
        assertThrows(IllegalArgumentException.class, () -> QfpaySandbox.builder().clientKey(" "));
        assertThrows(IllegalArgumentException.class, () -> QfpaySandbox.builder().pendingQueriesBeforePaid(-1));
        assertThrows(IllegalArgumentException.class,
                () -> QfpaySandbox.builder().slowAnswer(java.time.Duration.ofSeconds(-1)));
    }
}

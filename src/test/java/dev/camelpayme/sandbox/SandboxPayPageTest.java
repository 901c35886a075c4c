package dev.camelpayme.sandbox;

import static dev.camelpayme.sandbox.QfpayTestClient.fields;
import static dev.camelpayme.sandbox.QfpayTestClient.payment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.sandbox.QfpayTestClient.Reply;
import dev.camelpayme.testing.QrCodeImages;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    void payUrlShowsASandboxPageWithTheOrderItsOwnQrCodeAndAPayButton() throws Exception {
        var f = payment("PAGE-1", 300);
        f.put("goods_name", "Milk tea");
        Reply created = client.payment(f);
        String payUrl = created.get("pay_url");
        HttpResponse<String> page = get(payUrl, "text/html");
        assertEquals(200, page.statusCode());
        assertEquals("text/html;charset=UTF-8", page.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(PayPage.CONTENT_SECURITY_POLICY,
                page.headers().firstValue("Content-Security-Policy").orElseThrow());
        String body = page.body();
        assertTrue(body.contains("<p id=\"sandbox\" role=\"note\"><strong>QFPay/PayMe SANDBOX</strong>: a test page "
                + "that stands in for the PayMe app. No money moves.</p>"), body);
        assertTrue(body.contains("data-state=\"WAITING\">Waiting for payment</p>"), body);
        assertTrue(body.contains("<dd id=\"merchant\">Sandbox merchant</dd><dt>App code</dt>"
                + "<dd id=\"app-code\">PAYME-SANDBOX-APP</dd>"), body);
        assertFalse(body.contains("id=\"mchid\""), "no mchid is configured");
        assertTrue(body.contains("<dd id=\"goods\">Milk tea</dd>"), body);
        assertTrue(body.contains("<dd id=\"amount\">HK$3.00 <span class=\"code\">HKD</span></dd>"), body);
        assertTrue(body.contains("<dd id=\"out-trade-no\">PAGE-1</dd>"), body);
        assertTrue(body.contains("<form method=\"post\" action=\"/sandbox/pay/" + created.get("syssn")
                + "\"><button type=\"submit\">Pay HK$3.00</button></form>"), body);
        assertEquals(payUrl, QrCodeImages.decodeSvg(body), "the QR code is the order's own pay_url");
        assertTrue(body.contains("aria-label=\"QR code of this page&#39;s address: " + payUrl + "\""), body);
        assertFalse(body.contains("<script"), "no script on the page");
        assertFalse(body.contains(SandboxCredentials.CLIENT_KEY));
    }

    @Test
    void payPageEscapesWhatTheClientSent() {
        var f = payment("<script>alert(1)</script>", 12345);
        f.put("goods_name", "a&b\"'<i>");
        String syssn = client.payment(f).get("syssn");
        String body = client.get("/sandbox/pay/" + syssn).body();
        assertFalse(body.contains("<script>"));
        assertFalse(body.contains("<i>"));
        assertTrue(body.contains("<dd id=\"out-trade-no\">&lt;script&gt;alert(1)&lt;/script&gt;</dd>"), body);
        assertTrue(body.contains("HK$123.45"));
        assertTrue(body.contains("<dd id=\"goods\">a&amp;b&quot;&#39;&lt;i&gt;</dd>"), body);
    }

    @Test
    void aBrowsersPayGoesBackToThePageWhichNowSaysPaidWithoutAButton() throws Exception {
        String syssn = client.payment(payment("PAGE-4", 2500)).get("syssn");
        HttpResponse<String> pressed = postFromBrowser("/sandbox/pay/" + syssn);
        assertEquals(303, pressed.statusCode());
        assertEquals("/sandbox/pay/" + syssn, pressed.headers().firstValue("Location").orElseThrow());
        assertTrue(sandbox.order(syssn).orElseThrow().isPaid());

        String paid = get(sandbox.payUrl(syssn), "text/html").body();
        assertTrue(paid.contains("data-state=\"PAID\">Paid</p>"), paid);
        assertTrue(paid.contains("<dt>Paid at</dt>"), paid);
        assertTrue(paid.contains("<title>Paid: HK$25.00 - QFPay/PayMe sandbox</title>"), paid);
        assertFalse(paid.contains("<form"), "no button once paid");
        assertFalse(paid.contains("<svg"), "no QR code once paid");
        assertFalse(paid.toLowerCase(java.util.Locale.ROOT).contains("pay hk$"), paid);
        assertTrue(paid.contains("QFPay/PayMe SANDBOX"));

        assertEquals(303, postFromBrowser("/sandbox/pay/" + syssn).statusCode(), "pressing it again changes nothing");
        assertEquals(1, sandbox.orders().size());
    }

    @Test
    void aBrowserPayingByOutTradeNoIsSentToThePageOfTheSyssn() throws Exception {
        String syssn = client.payment(payment("PAGE-5", 300)).get("syssn");
        HttpResponse<String> pressed = postFromBrowser("/sandbox/pay/PAGE-5");
        assertEquals(303, pressed.statusCode());
        assertEquals("/sandbox/pay/" + syssn, pressed.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void aBrowserPayingAnUnknownOrderGetsAPageNotJson() throws Exception {
        HttpResponse<String> pressed = postFromBrowser("/sandbox/pay/%3Cb%3ENOPE");
        assertEquals(404, pressed.statusCode());
        assertTrue(pressed.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(pressed.body().contains("The sandbox has no payment order &lt;b&gt;NOPE."), pressed.body());
        assertEquals(PayPage.CONTENT_SECURITY_POLICY,
                pressed.headers().firstValue("Content-Security-Policy").orElseThrow());
    }

    @Test
    void anExpiredOrderSaysClosedAndOffersNoButton() throws Exception {
        String syssn = client.payment(payment("PAGE-6", 90002)).get("syssn");
        for (int i = 0; i < 3; i++) {
            client.query(fields("syssn", syssn));
        }
        assertEquals(SandboxOrder.Status.EXPIRED, sandbox.order(syssn).orElseThrow().status());
        assertEquals(303, postFromBrowser("/sandbox/pay/" + syssn).statusCode());
        String page = client.get("/sandbox/pay/" + syssn).body();
        assertTrue(page.contains("data-state=\"CLOSED\">Closed: it expired before it was paid</p>"), page);
        assertFalse(page.contains("<form"));
        assertEquals(409, client.postEmpty("/sandbox/pay/" + syssn).status(), "a script still gets JSON");
    }

    @Test
    void aRefundedOrderSaysSoAndHowMuch() {
        String syssn = client.payment(payment("PAGE-7", 3000)).get("syssn");
        sandbox.markPaid(syssn);
        client.refund(QfpayTestClient.refundOf(syssn, "PAGE-7-R1", 1000));
        String partly = client.get("/sandbox/pay/" + syssn).body();
        assertTrue(partly.contains("data-state=\"PARTLY_REFUNDED\">Paid, partly refunded</p>"), partly);
        assertTrue(partly.contains("<dd id=\"refunded\">HK$10.00</dd>"), partly);
        client.refund(QfpayTestClient.refundOf(syssn, "PAGE-7-R2", 2000));
        String refunded = client.get("/sandbox/pay/" + syssn).body();
        assertTrue(refunded.contains("data-state=\"REFUNDED\">Paid, then refunded</p>"), refunded);
        assertTrue(refunded.contains("<dd id=\"refunded\">HK$30.00</dd>"), refunded);
        assertFalse(refunded.contains("<form"));
    }

    @Test
    void aRefundHasNoPayPage() {
        String syssn = client.payment(payment("PAGE-8", 3000)).get("syssn");
        sandbox.markPaid(syssn);
        client.refund(QfpayTestClient.refundOf(syssn, "PAGE-8-R1", 1000));
        assertEquals(404, client.get("/sandbox/pay/PAGE-8-R1").status());
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
    void aScriptThatPostsAFormOrAcceptsAnythingStillGetsJson() {
        String syssn = client.payment(payment("PAGE-9", 300)).get("syssn");
        Reply curl = QfpayTestClient.send(client.request("/sandbox/pay/" + syssn, "")
                .header("Accept", "*/*").build());
        assertEquals(200, curl.status());
        assertEquals("application/json;charset=UTF-8", curl.contentType());
        assertEquals("PAID", curl.get("result"));
        assertEquals("0000", curl.get("respcd"));
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
        Reply page = client.get("/sandbox/pay/NOPE");
        assertEquals(404, page.status());
        assertTrue(page.body().contains("QFPay/PayMe SANDBOX"), page.body());
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
        assertFalse(client.get("/sandbox/pay/SECRET-1").body().contains(SandboxCredentials.CLIENT_KEY));
    }

    @Test
    void builderRefusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> QfpaySandbox.builder().port(70000));
        assertThrows(IllegalArgumentException.class, () -> QfpaySandbox.builder().clientKey(" "));
        assertThrows(IllegalArgumentException.class, () -> QfpaySandbox.builder().pendingQueriesBeforePaid(-1));
        assertThrows(IllegalArgumentException.class,
                () -> QfpaySandbox.builder().slowAnswer(java.time.Duration.ofSeconds(-1)));
    }

    /** What a browser's form sends: a form body and an Accept header that asks for HTML first. */
    private HttpResponse<String> postFromBrowser(String path) throws Exception {
        return QfpayTestClient.HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .header("Content-Type", QfpayTestClient.FORM)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url, String accept) throws Exception {
        return QfpayTestClient.HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

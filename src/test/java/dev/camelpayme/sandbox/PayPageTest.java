package dev.camelpayme.sandbox;

import static dev.camelpayme.sandbox.QfpayTestClient.payment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelpayme.testing.QrCodeImages;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The pay page's HTML: escaping, the QR code, the states in words, and a build without ZXing (a library user's). */
class PayPageTest {

    private static final PayPage.Merchant SHOP = new PayPage.Merchant("PAYME-SANDBOX-APP", null);
    private static final String PAY_URL = "http://localhost:8090/sandbox/pay/20261126000000048224000001";

    @Test
    void everyValueIsEscapedTheQrCodeAsWell() {
        String payUrl = "http://localhost:8090/sandbox/pay/1?a=\"><script>alert(1)</script>&b='";
        String html = PayPage.render(order(SandboxOrder.Status.UNPAID, 0, "<img src=x onerror=alert(1)>"), payUrl,
                new PayPage.Merchant("<b>APP</b>", "'m&1'"), true);
        assertTrue(html.contains("<dd id=\"app-code\">&lt;b&gt;APP&lt;/b&gt;</dd>"), html);
        assertTrue(html.contains("<dd id=\"mchid\">&#39;m&amp;1&#39;</dd>"), html);
        assertTrue(html.contains("<dd id=\"goods\">&lt;img src=x onerror=alert(1)&gt;</dd>"), html);
        assertTrue(html.contains("<a id=\"pay-url\" href=\"http://localhost:8090/sandbox/pay/1?a=&quot;&gt;"
                + "&lt;script&gt;alert(1)&lt;/script&gt;&amp;b=&#39;\">"), html);
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("<img"));
        assertFalse(html.contains("<b>"));
        assertEquals(payUrl, QrCodeImages.decodeSvg(html), "the QR code holds the pay_url itself, unescaped");
    }

    @Test
    void eachStateIsSaidInWordsAndOnlyAWaitingOrderHasAButtonAndAQrCode() {
        assertState(order(SandboxOrder.Status.UNPAID, 0, "Tea"), "WAITING", "Waiting for payment", true);
        assertState(order(SandboxOrder.Status.PAID, 0, "Tea"), "PAID", "Paid", false);
        assertState(order(SandboxOrder.Status.PAID, 1000, "Tea"), "PARTLY_REFUNDED", "Paid, partly refunded", false);
        assertState(order(SandboxOrder.Status.PAID, 2500, "Tea"), "REFUNDED", "Paid, then refunded", false);
        assertState(order(SandboxOrder.Status.EXPIRED, 0, "Tea"), "CLOSED", "Closed: it expired before it was paid",
                false);
    }

    @Test
    void anOrderWithoutGoodsSaysNoneGiven() {
        String html = PayPage.render(order(SandboxOrder.Status.UNPAID, 0, null), PAY_URL, SHOP, true);
        assertTrue(html.contains("<dd id=\"goods\"><i>none given</i></dd>"), html);
    }

    @Test
    void withoutZxingThePayUrlIsALinkAndThePageSaysWhyThereIsNoQrCode() {
        String html = PayPage.render(order(SandboxOrder.Status.UNPAID, 0, "Tea"), PAY_URL, SHOP, false);
        assertFalse(html.contains("<svg"));
        assertTrue(html.contains("<a id=\"pay-url\" href=\"" + PAY_URL + "\">" + PAY_URL + "</a>, with the PayMe app."),
                html);
        assertTrue(html.contains("No QR code is drawn: ZXing's core (com.google.zxing:core) is not on the sandbox's "
                + "classpath."), html);
        assertTrue(html.contains("<button type=\"submit\">Pay HK$25.00</button>"), html);
    }

    @Test
    void zxingIsFoundWhereItIsAndMissedWhereItIsNot() {
        assertTrue(PayPage.QR_DRAWABLE, "this project's classpath has ZXing's core");
        ClassLoader withoutZxing = new ClassLoader(PayPageTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("com.google.zxing.")) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };
        assertFalse(PayPage.canDrawQrCodes(withoutZxing));
    }

    /**
     * A library or test-kit user's test classpath: ZXing's core is optional in this project's pom, so it has only the
     * sandbox's classes, Jackson and SLF4J. The pay page still opens, pays and goes back to the page.
     */
    @Test
    void aSandboxWithoutZxingOnItsClasspathStillServesItsPayPage() throws Exception {
        URL[] userClasspath = Stream.of(QfpaySandbox.class, ObjectMapper.class, JsonFactory.class,
                JsonAutoDetect.class, Logger.class)
                .map(c -> c.getProtectionDomain().getCodeSource().getLocation()).toArray(URL[]::new);
        try (URLClassLoader loader = new URLClassLoader(userClasspath, ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("com.google.zxing.qrcode.QRCodeWriter"));
            Class<?> sandboxClass = loader.loadClass(QfpaySandbox.class.getName());
            assertNotSame(QfpaySandbox.class, sandboxClass);
            Object builder = sandboxClass.getMethod("builder").invoke(null);
            Object sandbox = sandboxClass.getMethod("start").invoke(builder.getClass().getMethod("build")
                    .invoke(builder));
            try {
                String baseUrl = (String) sandboxClass.getMethod("baseUrl").invoke(sandbox);
                QfpayTestClient client = new QfpayTestClient(baseUrl, SandboxCredentials.APP_CODE,
                        SandboxCredentials.CLIENT_KEY);
                QfpayTestClient.Reply created = client.payment(payment("NO-ZXING-1", 2500));
                String payUrl = created.get("pay_url");
                QfpayTestClient.Reply page = client.get("/sandbox/pay/" + created.get("syssn"));
                assertEquals(200, page.status());
                assertTrue(page.body().contains("<a id=\"pay-url\" href=\"" + payUrl + "\">"), page.body());
                assertTrue(page.body().contains("No QR code is drawn"), page.body());

                HttpResponse<String> pressed = QfpayTestClient.HTTP.send(HttpRequest.newBuilder(URI.create(payUrl))
                        .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(303, pressed.statusCode());
                assertTrue(client.get("/sandbox/pay/" + created.get("syssn")).body()
                        .contains("data-state=\"PAID\">Paid</p>"));
            } finally {
                sandboxClass.getMethod("stop").invoke(sandbox);
            }
        }
    }

    private static void assertState(SandboxOrder order, String state, String words, boolean payable) {
        String html = PayPage.render(order, PAY_URL, SHOP, true);
        assertTrue(html.contains("<p id=\"status\" role=\"status\" data-state=\"" + state + "\">" + words + "</p>"),
                html);
        assertEquals(payable, html.contains("<form"), state);
        assertEquals(payable, html.contains("<svg"), state);
        assertEquals(payable, html.contains("Pay HK$25.00"), state);
        assertTrue(html.contains("QFPay/PayMe SANDBOX</strong>: a test page that stands in for the PayMe app. "
                + "No money moves."), state);
    }

    private static SandboxOrder order(SandboxOrder.Status status, long refunded, String goodsName) {
        Instant created = Instant.parse("2026-11-26T05:23:54Z");
        return new SandboxOrder("payment", "shop-1001", "20261126000000048224000001", null, 2500, "HKD", "805814",
                goodsName, status, status == SandboxOrder.Status.UNPAID ? "1143" : "0000", refunded == 0 ? "0" : "5",
                refunded, created, status == SandboxOrder.Status.PAID ? created.plusSeconds(30) : null, 0,
                SandboxOrder.Trigger.NONE);
    }
}

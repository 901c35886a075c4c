package dev.camelpayme.sandbox;

import static dev.camelpayme.sandbox.QfpayTestClient.fields;
import static dev.camelpayme.sandbox.QfpayTestClient.payment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.sandbox.QfpayTestClient.Reply;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /trade/v1/payment}: the normal flow and parameter validation. */
class SandboxPaymentTest {

    // 2025-03-10 12:00:00 in Hong Kong
    final MutableClock clock = new MutableClock(Instant.parse("2025-03-10T04:00:00Z"));
    QfpaySandbox sandbox;
    QfpayTestClient client;

    @BeforeEach
    void start() {
        sandbox = QfpaySandbox.builder().clock(clock).build().start();
        client = QfpayTestClient.of(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.stop();
    }

    @Test
    void createsAnUnpaidOrderAndAnswersLikeQfpay() {
        Map<String, String> f = payment("PAY-1", 300);
        f.put("txdtm", "2025-03-10 11:59:58");
        Reply r = client.payment(f);

        assertEquals(200, r.status());
        assertEquals("application/json;charset=UTF-8", r.contentType());
        assertEquals("0000", r.respcd());
        assertEquals("Request successful", r.get("resperr"));
        assertEquals("", r.get("respmsg"));
        String syssn = r.get("syssn");
        assertTrue(syssn.matches("20250310[0-9]{18}"), syssn);
        assertEquals(sandbox.baseUrl() + "/sandbox/pay/" + syssn, r.get("pay_url"));
        assertEquals("PAY-1", r.get("out_trade_no"));
        assertEquals("805814", r.get("pay_type"));
        assertEquals("300", r.get("txamt"));
        assertEquals("HKD", r.get("txcurrcd"));
        assertEquals("2025-03-10 11:59:58", r.get("txdtm"));
        assertEquals("2025-03-10 12:00:00", r.get("sysdtm"), "Hong Kong time from the clock");
        assertEquals("qiantai2", r.get("udid"));
        assertEquals("", r.get("chnlsn"));
        assertAllValuesAreStrings(r.json());

        SandboxOrder order = sandbox.order("PAY-1").orElseThrow();
        assertEquals(SandboxOrder.Status.UNPAID, order.status());
        assertEquals("1143", order.respcd());
        assertEquals(syssn, order.syssn());
        assertEquals(300, order.txamt());
        assertEquals(clock.instant(), order.createdAt());
        assertEquals(SandboxOrder.Trigger.NONE, order.trigger());

        JsonNode record = client.query(fields("syssn", syssn)).data().get(0);
        assertEquals("1143", record.get("respcd").asText());
        assertEquals("", record.get("paydtm").asText());
    }

    @Test
    void echoesTheGivenUdidAndAcceptsWap() {
        Map<String, String> f = payment("PAY-WAP", 1500);
        f.put("pay_type", "805812");
        f.put("udid", "till-7");
        Reply r = client.payment(f);
        assertEquals("0000", r.respcd(), r.body());
        assertEquals("till-7", r.get("udid"));
        assertEquals("805812", r.get("pay_type"));
    }

    @Test
    void handsOutUniqueSyssns() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            assertTrue(seen.add(client.payment(payment("UNIQ-" + i, 300)).get("syssn")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"txamt", "txcurrcd", "pay_type", "out_trade_no", "txdtm"})
    void refusesAMissingMandatoryFieldNamingIt(String field) {
        Map<String, String> f = payment("MISS-" + field, 300);
        f.remove(field);
        Reply r = client.payment(f);
        assertEquals("1104", r.respcd());
        assertTrue(r.get("resperr").contains(field), r.body());
        assertTrue(sandbox.orders().isEmpty());
    }

    @Test
    void refusesAnEmptyField() {
        Map<String, String> f = payment("EMPTY-1", 300);
        f.put("goods_name", "");
        Reply r = client.payment(f);
        assertEquals("1104", r.respcd());
        assertTrue(r.get("resperr").contains("goods_name"), r.body());
    }

    @Test
    void refusesAPayTypeThatIsNotEnabled() {
        Map<String, String> f = payment("PT-1", 300);
        f.put("pay_type", "805801");
        Reply r = client.payment(f);
        assertEquals("1104", r.respcd());
        assertTrue(r.get("resperr").contains("pay_type not enabled"), r.body());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "txamt|0", "txamt|-1", "txamt|1.00", "txamt|0300", "txamt|123456789012",
        "txcurrcd|hkd", "txcurrcd|HK", "txcurrcd|HKDX",
        "txdtm|2025-03-10T12:00:00", "txdtm|2025-02-30 12:00:00", "txdtm|2025-03-10 12:00",
        "expired_time|4", "expired_time|121", "expired_time|ten"})
    void refusesAnInvalidValueNamingTheField(String field, String value) {
        Map<String, String> f = payment("BAD-" + field, 300);
        f.put(field, value);
        Reply r = client.payment(f);
        assertEquals("1104", r.respcd(), r.body());
        assertTrue(r.get("resperr").contains(field), r.body());
        assertTrue(sandbox.orders().isEmpty());
    }

    @Test
    void refusesAnOutTradeNoLongerThan128Characters() {
        assertEquals("0000", client.payment(payment("N".repeat(128), 300)).respcd());
        Reply r = client.payment(payment("M".repeat(129), 300));
        assertEquals("1104", r.respcd());
        assertTrue(r.get("resperr").contains("out_trade_no"), r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "30", "120"})
    void acceptsExpiredTimeFrom5To120Minutes(String minutes) {
        Map<String, String> f = payment("EXP-" + minutes, 300);
        f.put("expired_time", minutes);
        assertEquals("0000", client.payment(f).respcd());
    }

    @Test
    void acceptsTheLargestElevenDigitAmount() {
        assertEquals("0000", client.payment(payment("BIG-1", 99_999_999_999L)).respcd());
    }

    @Test
    void refusesAReusedOutTradeNoAsDuplicate() {
        assertEquals("0000", client.payment(payment("DUP-1", 300)).respcd());
        Reply again = client.payment(payment("DUP-1", 500));
        assertEquals("1102", again.respcd());
        assertEquals(1, sandbox.orders().size());
        assertEquals(300, sandbox.order("DUP-1").orElseThrow().txamt());
    }

    @Test
    void refusesABodyThatIsNotAForm() {
        Map<String, String> f = payment("CT-1", 300);
        Reply r = QfpayTestClient.send(client.request("/trade/v1/payment", QfpayTestClient.formBody(f),
                "Content-Type", "application/json", "X-QF-APPCODE", SandboxCredentials.APP_CODE,
                "X-QF-SIGN", QfpayTestClient.md5(f, SandboxCredentials.CLIENT_KEY)).build());
        assertEquals("1103", r.respcd());
    }

    @Test
    void acceptsTheFormContentTypeWithUtf8Charset() {
        Map<String, String> f = payment("CT-2", 300);
        Reply r = QfpayTestClient.send(client.request("/trade/v1/payment", QfpayTestClient.formBody(f),
                "Content-Type", "application/x-www-form-urlencoded; charset=UTF-8",
                "X-QF-APPCODE", SandboxCredentials.APP_CODE,
                "X-QF-SIGN", QfpayTestClient.md5(f, SandboxCredentials.CLIENT_KEY)).build());
        assertEquals("0000", r.respcd(), r.body());
    }

    @Test
    void refusesARepeatedField() {
        Map<String, String> f = payment("REP-1", 300);
        String body = QfpayTestClient.formBody(f) + "&txamt=300";
        Reply r = QfpayTestClient.send(client.request("/trade/v1/payment", body,
                "X-QF-APPCODE", SandboxCredentials.APP_CODE,
                "X-QF-SIGN", QfpayTestClient.md5(f, SandboxCredentials.CLIENT_KEY)).build());
        assertEquals("1103", r.respcd());
    }

    @Test
    void answersMethodNotAllowedToGet() {
        Reply r = client.get("/trade/v1/payment");
        assertEquals(405, r.status());
    }

    @Test
    void answers404ToUnknownPaths() {
        assertEquals(404, client.get("/trade/v1/close").status());
        assertEquals(404, client.postEmpty("/trade/v1/payment/extra").status());
        assertEquals(404, client.get("/").status());
    }

    @Test
    void recordsEachRequestWithItsAnswer() {
        client.payment(payment("LOG-1", 300));
        client.payment(payment("LOG-1", 300));
        var recorded = sandbox.requests("/trade/v1/payment");
        assertEquals(2, recorded.size());
        assertEquals("POST", recorded.get(0).method());
        assertEquals("LOG-1", recorded.get(0).field("out_trade_no"));
        assertEquals(200, recorded.get(0).httpStatus());
        assertEquals("0000", recorded.get(0).respcd());
        assertEquals("1102", recorded.get(1).respcd());
        assertEquals(clock.instant(), recorded.get(1).time());
    }

    @Test
    void findsPaymentsByOutTradeNoPrefix() {
        client.payment(payment("SHOP-7-1", 300));
        client.payment(payment("SHOP-7-2", 300));
        client.payment(payment("SHOP-8-1", 300));
        assertEquals(2, sandbox.paymentsCreatedFor("SHOP-7-").size());
        assertNotEquals(sandbox.paymentsCreatedFor("SHOP-7-").get(0).syssn(),
                sandbox.paymentsCreatedFor("SHOP-7-").get(1).syssn());
    }

    static void assertAllValuesAreStrings(JsonNode object) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            assertTrue(e.getValue().isTextual(), e.getKey() + " is not a string: " + e.getValue());
        }
    }
}

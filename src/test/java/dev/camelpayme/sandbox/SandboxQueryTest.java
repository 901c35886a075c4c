package dev.camelpayme.sandbox;

import static dev.camelpayme.sandbox.QfpayTestClient.fields;
import static dev.camelpayme.sandbox.QfpayTestClient.payment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.sandbox.QfpayTestClient.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /trade/v1/query}: filters, the one-month window and paging. */
class SandboxQueryTest {

    // 2025-01-31 23:59:00 in Hong Kong: one minute before the month changes
    final MutableClock clock = new MutableClock(Instant.parse("2025-01-31T15:59:00Z"));
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

    static List<String> outTradeNos(Reply r) {
        List<String> ids = new ArrayList<>();
        r.data().forEach(n -> ids.add(n.get("out_trade_no").asText()));
        return ids;
    }

    @Test
    void answersAPaymentRecordWithQfpaysFields() {
        Reply created = client.payment(payment("Q-1", 300));
        Reply r = client.query(fields("syssn", created.get("syssn")));

        assertEquals(200, r.status());
        assertEquals("0000", r.respcd());
        assertEquals("", r.get("resperr"));
        assertEquals("", r.get("respmsg"));
        assertEquals("1", r.get("page"));
        assertEquals("10", r.get("page_size"));
        assertTrue(r.data().isArray());
        JsonNode rec = r.data().get(0);
        assertEquals(created.get("syssn"), rec.get("syssn").asText());
        assertEquals("Q-1", rec.get("out_trade_no").asText());
        assertEquals("payment", rec.get("order_type").asText());
        assertFalse(rec.has("origssn"));
        assertEquals("805814", rec.get("pay_type").asText());
        assertEquals("300", rec.get("txamt").asText());
        assertEquals("HKD", rec.get("txcurrcd").asText());
        assertEquals("2025-01-31 23:59:00", rec.get("sysdtm").asText());
        assertEquals("", rec.get("paydtm").asText());
        assertEquals("1143", rec.get("respcd").asText());
        assertEquals("Unpaid, waiting for payer", rec.get("errmsg").asText());
        assertEquals("0", rec.get("cancel").asText());
        assertEquals("0", rec.get("cash_fee").asText());
        assertEquals("", rec.get("goods_name").asText());
        SandboxPaymentTest.assertAllValuesAreStrings(rec);
        assertEquals(1, sandbox.order("Q-1").orElseThrow().queryCount());
    }

    @Test
    void paidRecordCarriesPaydtmAndCashFee() {
        client.payment(payment("Q-PAID", 300));
        clock.advance(Duration.ofSeconds(30));
        sandbox.markPaid("Q-PAID");
        JsonNode rec = client.query(fields("out_trade_no", "Q-PAID")).data().get(0);
        assertEquals("0000", rec.get("respcd").asText());
        assertEquals("2025-01-31 23:59:30", rec.get("paydtm").asText());
        assertEquals("300", rec.get("cash_fee").asText());
        assertEquals("HKD", rec.get("cash_fee_type").asText());
    }

    @Test
    void filtersByCommaSeparatedListsPayTypeAndRespcd() {
        client.payment(payment("L-1", 300));
        var wap = payment("L-2", 400);
        wap.put("pay_type", "805812");
        client.payment(wap);
        client.payment(payment("L-3", 500));
        sandbox.markPaid("L-3");

        assertEquals(List.of("L-1", "L-2"), outTradeNos(client.query(fields("out_trade_no", "L-1, L-2"))));
        String s1 = sandbox.order("L-1").orElseThrow().syssn();
        String s3 = sandbox.order("L-3").orElseThrow().syssn();
        assertEquals(List.of("L-1", "L-3"), outTradeNos(client.query(fields("syssn", s1 + "," + s3))));
        assertEquals(List.of("L-1"), outTradeNos(client.query(fields("syssn", s1 + "," + s3, "out_trade_no", "L-1"))));
        assertEquals(List.of("L-2"), outTradeNos(client.query(fields("pay_type", "805812"))));
        assertEquals(List.of("L-3"), outTradeNos(client.query(fields("respcd", "0000"))));
        assertEquals(List.of("L-1", "L-2"), outTradeNos(client.query(fields("respcd", "1143"))));
        assertEquals(List.of(), outTradeNos(client.query(fields("out_trade_no", "NOPE"))));
    }

    @Test
    void withoutWindowAnOutTradeNoQuerySearchesOnlyTheCurrentMonth() {
        String syssn = client.payment(payment("MONTH-END", 300)).get("syssn");
        assertEquals(List.of("MONTH-END"), outTradeNos(client.query(fields("out_trade_no", "MONTH-END"))));

        clock.advance(Duration.ofMinutes(2)); // 2025-02-01 00:01 in Hong Kong
        assertEquals(List.of(), outTradeNos(client.query(fields("out_trade_no", "MONTH-END"))),
                "QFPay's default window is the current calendar month (reference §4.6)");
        assertEquals(List.of("MONTH-END"), outTradeNos(client.query(fields("syssn", syssn))),
                "the window is ignored when syssn is given");
        assertEquals(List.of("MONTH-END"), outTradeNos(client.query(fields("out_trade_no", "MONTH-END",
                "start_time", "2025-01-01 00:00:00", "end_time", "2025-01-31 23:59:59"))));
    }

    @Test
    void windowFiltersOnSysdtmInclusively() {
        client.payment(payment("W-1", 300)); // 23:59:00
        clock.advance(Duration.ofSeconds(30));
        client.payment(payment("W-2", 300)); // 23:59:30
        assertEquals(List.of("W-1"), outTradeNos(client.query(fields("start_time", "2025-01-31 23:00:00",
                "end_time", "2025-01-31 23:59:00"))));
        assertEquals(List.of("W-2"), outTradeNos(client.query(fields("start_time", "2025-01-31 23:59:01",
                "end_time", "2025-01-31 23:59:59"))));
    }

    @Test
    void refusesAWindowAcrossTwoMonths() {
        Reply r = client.query(fields("out_trade_no", "X", "start_time", "2025-01-15 00:00:00",
                "end_time", "2025-02-14 23:59:59"));
        assertEquals("1104", r.respcd());
        assertTrue(r.get("resperr").contains("month"), r.body());
    }

    @Test
    void refusesAStartOnlyWindowInAnEarlierMonthBecauseTheEndDefaultsToThisMonth() {
        clock.advance(Duration.ofMinutes(2)); // February
        assertEquals("1104", client.query(fields("out_trade_no", "X", "start_time", "2025-01-15 00:00:00")).respcd());
    }

    @Test
    void refusesAReversedOrMalformedWindow() {
        assertEquals("1104", client.query(fields("start_time", "2025-01-20 00:00:00",
                "end_time", "2025-01-10 00:00:00")).respcd());
        Reply bad = client.query(fields("start_time", "2025/01/20"));
        assertEquals("1104", bad.respcd());
        assertTrue(bad.get("resperr").contains("start_time"), bad.body());
    }

    @Test
    void pagesThroughManyRecords() {
        for (int i = 0; i < 25; i++) {
            client.payment(payment(String.format("PG-%02d", i), 300));
        }
        Reply p1 = client.query(fields("page_size", "10"));
        Reply p3 = client.query(fields("page", "3", "page_size", "10"));
        Reply p4 = client.query(fields("page", "4", "page_size", "10"));
        assertEquals(10, p1.data().size());
        assertEquals("PG-00", p1.data().get(0).get("out_trade_no").asText());
        assertEquals(5, p3.data().size());
        assertEquals("PG-24", p3.data().get(4).get("out_trade_no").asText());
        assertEquals("3", p3.get("page"));
        assertEquals(0, p4.data().size());
        assertEquals(10, client.query(fields()).data().size(), "page_size defaults to 10");
    }

    @Test
    void capsPageSizeAt100() {
        for (int i = 0; i < 105; i++) {
            client.payment(payment("CAP-" + i, 300));
        }
        Reply r = client.query(fields("page_size", "500"));
        assertEquals("100", r.get("page_size"));
        assertEquals(100, r.data().size());
    }

    @Test
    void refusesInvalidPaging() {
        assertEquals("1104", client.query(fields("page", "0")).respcd());
        assertEquals("1104", client.query(fields("page_size", "ten")).respcd());
        assertEquals("1104", client.query(fields("respcd", "paid")).respcd());
    }

    @Test
    void countsEveryQueryThatMatchesAnOrder() {
        client.payment(payment("CNT-1", 300));
        client.payment(payment("CNT-2", 300));
        client.query(fields("out_trade_no", "CNT-1"));
        client.query(fields("out_trade_no", "CNT-1,CNT-2"));
        assertEquals(2, sandbox.order("CNT-1").orElseThrow().queryCount());
        assertEquals(1, sandbox.order("CNT-2").orElseThrow().queryCount());
    }

    @Test
    void aDayWindowListsPortalPaymentsAndRefundsBesideTheApisOwn() {
        clock.advance(Duration.ofMinutes(2)); // 2025-02-01 00:01 in Hong Kong
        client.payment(payment("API-1", 5000));
        sandbox.markPaid("API-1");
        SandboxOrder portal = sandbox.portalPayment("TILL-1", 7000, "HKD");
        SandboxOrder refund = sandbox.portalRefund("API-1", 1200);
        sandbox.recordOtherAmount("TILL-1", 7100, "USD");

        Reply day = client.query(fields("start_time", "2025-02-01 00:00:00", "end_time", "2025-02-01 23:59:59",
                "page_size", "100"));

        assertEquals(List.of("API-1", "TILL-1", refund.outTradeNo()), outTradeNos(day));
        JsonNode till = day.data().get(1);
        assertEquals(portal.syssn(), till.get("syssn").asText());
        assertEquals("0000", till.get("respcd").asText());
        assertEquals("7100", till.get("txamt").asText());
        assertEquals("USD", till.get("txcurrcd").asText());
        JsonNode refunded = day.data().get(2);
        assertEquals("refund", refunded.get("order_type").asText());
        assertEquals(sandbox.order("API-1").orElseThrow().syssn(), refunded.get("origssn").asText());
        assertEquals("1200", refunded.get("txamt").asText());
        assertEquals("5", day.data().get(0).get("cancel").asText(), "partly refunded");

        assertTrue(sandbox.forget("TILL-1"));
        assertEquals(List.of("API-1", refund.outTradeNo()), outTradeNos(client.query(fields(
                "start_time", "2025-02-01 00:00:00", "end_time", "2025-02-01 23:59:59"))));
    }
}

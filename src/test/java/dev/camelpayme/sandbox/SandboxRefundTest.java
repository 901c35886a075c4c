package dev.camelpayme.sandbox;

import static dev.camelpayme.sandbox.QfpayTestClient.fields;
import static dev.camelpayme.sandbox.QfpayTestClient.payment;
import static dev.camelpayme.sandbox.QfpayTestClient.refundOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.sandbox.QfpayTestClient.Reply;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /trade/v1/refund}: full, partial, over, unpaid, unknown, duplicates. */
class SandboxRefundTest {

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

    JsonNode record(String syssn) {
        return client.query(fields("syssn", syssn)).data().get(0);
    }

    @Test
    void fullRefundMarksTheOriginalRefunded() {
        String syssn = client.paid(sandbox, "RF-1", 300);
        Reply r = client.refund(refundOf(syssn, "RF-1-R1", 300));

        assertEquals("0000", r.respcd(), r.body());
        String refundSyssn = r.get("syssn");
        assertTrue(refundSyssn.matches("[0-9]{26}"));
        assertNotEquals(syssn, refundSyssn);
        assertEquals(syssn, r.get("orig_syssn"));
        assertEquals("300", r.get("txamt"));
        assertEquals("RF-1-R1", r.get("out_trade_no"));
        assertTrue(r.get("sysdtm").matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"));
        SandboxPaymentTest.assertAllValuesAreStrings(r.json());

        JsonNode original = record(syssn);
        assertEquals("0000", original.get("respcd").asText());
        assertEquals("3", original.get("cancel").asText());
        assertEquals("300", original.get("cash_refund_fee").asText());

        JsonNode refund = record(refundSyssn);
        assertEquals("refund", refund.get("order_type").asText());
        assertEquals(syssn, refund.get("origssn").asText());
        assertEquals("0000", refund.get("respcd").asText());
        assertEquals("300", refund.get("txamt").asText());
        assertEquals("805814", refund.get("pay_type").asText());

        assertEquals(1, sandbox.refundsOf("RF-1").size());
        assertEquals(SandboxOrder.Status.REFUND_DONE, sandbox.order("RF-1-R1").orElseThrow().status());
    }

    @Test
    void partialRefundsAddUpToTheTotal() {
        String syssn = client.paid(sandbox, "RF-2", 1000);
        assertEquals("0000", client.refund(refundOf(syssn, "RF-2-R1", 400)).respcd());
        assertEquals("5", record(syssn).get("cancel").asText());
        assertEquals("0000", client.refund(refundOf(syssn, "RF-2-R2", 600)).respcd());
        assertEquals("3", record(syssn).get("cancel").asText());
        Reply more = client.refund(refundOf(syssn, "RF-2-R3", 1));
        assertEquals("1272", more.respcd());
        assertEquals(1000, sandbox.order(syssn).orElseThrow().refundedAmount());
    }

    @Test
    void refusesARefundOverTheAmount() {
        String syssn = client.paid(sandbox, "RF-3", 1000);
        assertEquals("1272", client.refund(refundOf(syssn, "RF-3-R1", 1001)).respcd());
        assertEquals("0", record(syssn).get("cancel").asText());
        assertTrue(sandbox.refundsOf(syssn).isEmpty());
    }

    @Test
    void refusesARefundOfAnUnpaidOrder() {
        String syssn = client.payment(payment("RF-4", 300)).get("syssn");
        assertEquals("1261", client.refund(refundOf(syssn, "RF-4-R1", 300)).respcd());
    }

    @Test
    void refusesARefundOfAnUnknownOrder() {
        assertEquals("1268", client.refund(refundOf("20250101000000000000000001", "RF-5-R1", 300)).respcd());
    }

    @Test
    void refusesARefundOfARefund() {
        String syssn = client.paid(sandbox, "RF-6", 300);
        String refundSyssn = client.refund(refundOf(syssn, "RF-6-R1", 100)).get("syssn");
        assertEquals("1136", client.refund(refundOf(refundSyssn, "RF-6-R2", 100)).respcd());
    }

    @Test
    void refusesAPaymentIdReusedAsRefundId() {
        String syssn = client.paid(sandbox, "RF-7", 300);
        Reply r = client.refund(refundOf(syssn, "RF-7", 300));
        assertEquals("1102", r.respcd());
        assertTrue(sandbox.refundsOf(syssn).isEmpty());
    }

    @Test
    void refusesARefundIdReusedByAPaymentOrAnotherRefund() {
        String syssn = client.paid(sandbox, "RF-8", 1000);
        assertEquals("0000", client.refund(refundOf(syssn, "RF-8-R1", 100)).respcd());
        assertEquals("1102", client.refund(refundOf(syssn, "RF-8-R1", 100)).respcd());
        assertEquals("1102", client.payment(payment("RF-8-R1", 300)).respcd());
        assertEquals(100, sandbox.order(syssn).orElseThrow().refundedAmount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"syssn", "out_trade_no", "txamt", "txdtm"})
    void refusesAMissingMandatoryFieldNamingIt(String field) {
        String syssn = client.paid(sandbox, "RF-9-" + field, 300);
        Map<String, String> f = refundOf(syssn, "RF-9-" + field + "-R1", 300);
        f.remove(field);
        Reply r = client.refund(f);
        assertEquals("1104", r.respcd());
        assertTrue(r.get("resperr").contains(field), r.body());
    }
}

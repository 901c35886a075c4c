package dev.camelpayme.app.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.app.refund.RefundsMadeElsewhere;

/** One record of QFPay's query answer (reference section 4.3): a payment or a refund, with its transaction status. */
public record QfpayRecord(String syssn, String outTradeNo, String orderType, String origSyssn, String txamt,
                          String txcurrcd, String txdtm, String sysdtm, String payType, String respcd) {

    /** Reads a record leniently: QFPay's samples give numbers as strings and sometimes as numbers. */
    static QfpayRecord of(JsonNode record) {
        return new QfpayRecord(text(record, "syssn"), text(record, "out_trade_no"),
                record.path("order_type").asText("payment"), text(record, "origssn"), text(record, "txamt"),
                text(record, "txcurrcd"), text(record, "txdtm"), text(record, "sysdtm"), text(record, "pay_type"),
                text(record, "respcd"));
    }

    /** A payment QFPay says succeeded: respcd 0000 (refunded later or not: cancel says that, refund records count it). */
    boolean isPaidPayment(java.util.Set<String> paidCodes) {
        return "payment".equals(orderType) && respcd != null && paidCodes.contains(respcd);
    }

    /** A refund QFPay says was made. */
    boolean isMadeRefund() {
        return "refund".equals(orderType) && "0000".equals(respcd);
    }

    /** QFPay's time of the record as epoch millis (Hong Kong time), or {@code fallback} when it cannot be read. */
    long sysdtmMillis(long fallback) {
        return RefundsMadeElsewhere.madeAt(sysdtm, fallback);
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.path(field);
        return value.isMissingNode() || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }
}

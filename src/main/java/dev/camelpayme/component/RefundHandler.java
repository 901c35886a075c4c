package dev.camelpayme.component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;

/**
 * {@code payme:refund}: prepares a {@code /trade/v1/refund} request (reference §5.1). Every refund needs its own new
 * out_trade_no; given a {@code refund_id} instead, one is derived with {@link OutTradeNos}.
 */
final class RefundHandler extends SigningHandler {

    static final Set<String> FIELDS = Set.of("syssn", "txamt", "out_trade_no", "refund_id", "txdtm", "udid", "mchid");
    static final String SYSSN_RULE = "must be 1 to 128 letters or digits (the syssn of the original payment)";

    RefundHandler(PaymeConfiguration configuration) {
        super(configuration);
    }

    @Override
    String subject() {
        return "refund request";
    }

    @Override
    Prepared prepare(Exchange exchange) {
        RequestChecks checks = newChecks();
        Map<String, Object> input = RequestInput.fields(exchange, checks);
        checks.throwIfAny();
        checks.rejectUnknown(input, FIELDS, "refund");

        String syssn = checks.requiredMatching(input, "syssn", QueryHandler.SYSSN, SYSSN_RULE);
        String txamt = checks.amount(input, "txamt");
        String fromHeader = outTradeNoHeader(exchange, checks);
        String given = checks.matching(input, "out_trade_no", OutTradeNos.OUT_TRADE_NO, OutTradeNos.OUT_TRADE_NO_RULE);
        String refundId = checks.matching(input, "refund_id", OutTradeNos.ID, OutTradeNos.ID_RULE);
        String header = exchange.getMessage().getHeader(PaymeConstants.OUT_TRADE_NO, String.class);
        if ((header == null || header.isEmpty()) && RequestChecks.isAbsent(input, "out_trade_no")
                && RequestChecks.isAbsent(input, "refund_id")) {
            checks.add("out_trade_no", "is required (or give refund_id to derive a fresh one)");
        }
        String txdtm = txdtm(input, checks);
        String udid = checks.udid(input);
        String mchid = mchid(input, checks);
        checks.throwIfAny();

        String outTradeNo = fromHeader != null ? fromHeader : given != null ? given : OutTradeNos.next(refundId, clock());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("syssn", syssn);
        fields.put("out_trade_no", outTradeNo);
        fields.put("txamt", txamt);
        fields.put("txdtm", txdtm);
        fields.put("udid", udid);
        fields.put("mchid", mchid);

        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(PaymeConstants.OUT_TRADE_NO, outTradeNo);
        headers.put(PaymeConstants.TXAMT, txamt);
        headers.put(PaymeConstants.SYSSN, syssn);
        headers.put(PaymeConstants.TXDTM, txdtm);
        return new Prepared(fields, headers);
    }
}

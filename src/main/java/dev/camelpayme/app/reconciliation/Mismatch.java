package dev.camelpayme.app.reconciliation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One line of the reconciliation report: what disagrees, QFPay's side and this store's, and the action to take.
 * {@code storeState} is the state before the reconciliation acted.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "kind", "order_id", "refund_id", "out_trade_no", "syssn", "qfpay_txamt", "qfpay_txcurrcd",
        "store_txamt", "store_txcurrcd", "store_state", "action" })
@Schema(name = "Mismatch", description = "What disagrees between QFPay and the store, and what to do about it;"
        + " amounts in minor units (cents)", requiredProperties = { "kind", "action" })
public record Mismatch(MismatchKind kind, String orderId, String refundId, String outTradeNo, String syssn,
                       String qfpayTxamt, String qfpayTxcurrcd, String storeTxamt, String storeTxcurrcd,
                       String storeState) {

    /** The CSV columns, in order. */
    static final String[] COLUMNS = { "kind", "order_id", "refund_id", "out_trade_no", "syssn", "qfpay_txamt",
            "qfpay_txcurrcd", "store_txamt", "store_txcurrcd", "store_state", "action" };

    @com.fasterxml.jackson.annotation.JsonProperty("action")
    public String action() {
        return kind.action();
    }

    String[] csvValues() {
        return new String[] { kind.name(), orderId, refundId, outTradeNo, syssn, qfpayTxamt, qfpayTxcurrcd,
                storeTxamt, storeTxcurrcd, storeState, action() };
    }
}

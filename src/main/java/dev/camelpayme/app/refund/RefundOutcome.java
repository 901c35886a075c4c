package dev.camelpayme.app.refund;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** The outcome message of one refund: REFUNDED, FAILED, REJECTED, or the interim PENDING. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "refund_id", "order_id", "orig_syssn", "out_trade_no", "outcome", "respcd", "resperr", "syssn",
        "txamt", "txcurrcd", "txdtm", "reason", "late", "errors" })
@Schema(name = "RefundOutcome", description = "The outcome of one refund, as its outcome endpoint receives it",
        requiredProperties = { "refund_id", "order_id", "orig_syssn", "out_trade_no", "outcome", "respcd", "resperr",
                "syssn", "txamt", "txcurrcd", "txdtm", "reason" })
public class RefundOutcome {

    @Schema(description = "The refund's id", nullable = true)
    private String refundId;
    @Schema(description = "The refunded order's order_id", nullable = true)
    private String orderId;
    @Schema(description = "The refunded payment's syssn", nullable = true)
    private String origSyssn;
    @Schema(description = "The current attempt's id at QFPay", nullable = true)
    private String outTradeNo;
    @Schema(description = "Where the refund stands",
            allowableValues = { "REFUNDED", "FAILED", "REJECTED", "PENDING" })
    private String outcome;
    @Schema(description = "QFPay's answer code", nullable = true)
    private String respcd;
    @Schema(description = "QFPay's answer text", nullable = true)
    private String resperr;
    @Schema(description = "QFPay's transaction number of the refund", nullable = true)
    private String syssn;
    @Schema(description = "The refunded amount as a whole number of minor units (cents), in a JSON string: 2500 for"
            + " HK$25.00", example = "1000", nullable = true)
    private String txamt;
    @Schema(description = "Currency", nullable = true)
    private String txcurrcd;
    @Schema(description = "The attempt's request time, yyyy-MM-dd HH:mm:ss Hong Kong time", nullable = true)
    private String txdtm;
    @Schema(description = "What happened, in words a person can act on")
    private String reason;
    /** Set when QFPay's notification shows refunded a refund that had been reported FAILED. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "QFPay refunded a refund that had been reported FAILED")
    private Boolean late;
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @Schema(description = "REJECTED: each field and the rule it broke (field, rule)")
    private List<Map<String, String>> errors;

    public String getRefundId() { return refundId; }
    public void setRefundId(String refundId) { this.refundId = refundId; }
    public String getOrderId() { return orderId; }
    public void setOrderId(String orderId) { this.orderId = orderId; }
    public String getOrigSyssn() { return origSyssn; }
    public void setOrigSyssn(String origSyssn) { this.origSyssn = origSyssn; }
    public String getOutTradeNo() { return outTradeNo; }
    public void setOutTradeNo(String outTradeNo) { this.outTradeNo = outTradeNo; }
    public String getOutcome() { return outcome; }
    public void setOutcome(String outcome) { this.outcome = outcome; }
    public String getRespcd() { return respcd; }
    public void setRespcd(String respcd) { this.respcd = respcd; }
    public String getResperr() { return resperr; }
    public void setResperr(String resperr) { this.resperr = resperr; }
    public String getSyssn() { return syssn; }
    public void setSyssn(String syssn) { this.syssn = syssn; }
    public String getTxamt() { return txamt; }
    public void setTxamt(String txamt) { this.txamt = txamt; }
    public String getTxcurrcd() { return txcurrcd; }
    public void setTxcurrcd(String txcurrcd) { this.txcurrcd = txcurrcd; }
    public String getTxdtm() { return txdtm; }
    public void setTxdtm(String txdtm) { this.txdtm = txdtm; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public Boolean getLate() { return late; }
    public void setLate(Boolean late) { this.late = late; }
    public List<Map<String, String>> getErrors() { return errors; }
    public void setErrors(List<Map<String, String>> errors) { this.errors = errors; }
}

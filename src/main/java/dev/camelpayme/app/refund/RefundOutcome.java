package dev.camelpayme.app.refund;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The outcome message of one refund: REFUNDED, FAILED, REJECTED, or the interim PENDING. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "refund_id", "order_id", "orig_syssn", "out_trade_no", "outcome", "respcd", "resperr", "syssn",
        "txamt", "txcurrcd", "txdtm", "reason", "late", "errors" })
public class RefundOutcome {

    private String refundId;
    private String orderId;
    private String origSyssn;
    private String outTradeNo;
    private String outcome;
    private String respcd;
    private String resperr;
    private String syssn;
    private String txamt;
    private String txcurrcd;
    private String txdtm;
    private String reason;
    /** Set when QFPay's notification shows refunded a refund that had been reported FAILED. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private Boolean late;
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
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

package dev.camelpayme.app.payment;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The outcome message of one order, written as JSON to the outcome endpoints and answered to REST and JMS
 * request-reply callers. Field names follow QFPay's own (snake_case).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "order_id", "out_trade_no", "outcome", "respcd", "resperr", "syssn", "pay_url", "checkout_url", "txamt",
        "txcurrcd", "pay_type", "txdtm", "reason", "late", "errors", "queries" })
public class PaymentOutcome {

    private String orderId;
    private String outTradeNo;
    private OutcomeStatus outcome;
    private String respcd;
    private String resperr;
    private String syssn;
    private String payUrl;
    /** The shopper's checkout page of a CREATED order (README "Checkout page"); absent in every other outcome. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private String checkoutUrl;
    private String txamt;
    private String txcurrcd;
    private String payType;
    private String txdtm;
    private String reason;
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<Map<String, String>> errors;
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    private int queries;
    /** Paid after the order had been given up (EXPIRED or FAILED): the merchant decides to keep or refund it. */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    private boolean late;

    public boolean isLate() {
        return late;
    }

    public void setLate(boolean late) {
        this.late = late;
    }

    public String getOrderId() {
        return orderId;
    }

    public void setOrderId(String orderId) {
        this.orderId = orderId;
    }

    public String getOutTradeNo() {
        return outTradeNo;
    }

    public void setOutTradeNo(String outTradeNo) {
        this.outTradeNo = outTradeNo;
    }

    public OutcomeStatus getOutcome() {
        return outcome;
    }

    public void setOutcome(OutcomeStatus outcome) {
        this.outcome = outcome;
    }

    public String getRespcd() {
        return respcd;
    }

    public void setRespcd(String respcd) {
        this.respcd = respcd;
    }

    public String getResperr() {
        return resperr;
    }

    public void setResperr(String resperr) {
        this.resperr = resperr;
    }

    public String getSyssn() {
        return syssn;
    }

    public void setSyssn(String syssn) {
        this.syssn = syssn;
    }

    public String getPayUrl() {
        return payUrl;
    }

    public void setPayUrl(String payUrl) {
        this.payUrl = payUrl;
    }

    public String getCheckoutUrl() {
        return checkoutUrl;
    }

    public void setCheckoutUrl(String checkoutUrl) {
        this.checkoutUrl = checkoutUrl;
    }

    public String getTxamt() {
        return txamt;
    }

    public void setTxamt(String txamt) {
        this.txamt = txamt;
    }

    public String getTxcurrcd() {
        return txcurrcd;
    }

    public void setTxcurrcd(String txcurrcd) {
        this.txcurrcd = txcurrcd;
    }

    public String getPayType() {
        return payType;
    }

    public void setPayType(String payType) {
        this.payType = payType;
    }

    public String getTxdtm() {
        return txdtm;
    }

    public void setTxdtm(String txdtm) {
        this.txdtm = txdtm;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public List<Map<String, String>> getErrors() {
        return errors;
    }

    public void setErrors(List<Map<String, String>> errors) {
        this.errors = errors;
    }

    public int getQueries() {
        return queries;
    }

    public void setQueries(int queries) {
        this.queries = queries;
    }
}

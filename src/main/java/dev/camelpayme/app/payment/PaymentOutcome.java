package dev.camelpayme.app.payment;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The outcome message of one order, written as JSON to the outcome endpoints and answered to REST and JMS
 * request-reply callers. Field names follow QFPay's own (snake_case).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "order_id", "out_trade_no", "outcome", "respcd", "resperr", "syssn", "pay_url", "checkout_url", "txamt",
        "txcurrcd", "pay_type", "txdtm", "reason", "late", "errors", "queries" })
@Schema(name = "PaymentOutcome", description = "The outcome of one order, as its outcome endpoint receives it",
        requiredProperties = { "order_id", "out_trade_no", "outcome", "respcd", "resperr", "syssn", "pay_url", "txamt",
                "txcurrcd", "pay_type", "txdtm", "reason" })
public class PaymentOutcome {

    @Schema(description = "The merchant's order id (null only for a REJECTED order without a usable one)",
            nullable = true)
    private String orderId;
    @Schema(description = "The current attempt's id at QFPay: <order_id>-<suffix>", nullable = true)
    private String outTradeNo;
    @Schema(description = "Where the order stands")
    private OutcomeStatus outcome;
    @Schema(description = "QFPay's answer code", nullable = true)
    private String respcd;
    @Schema(description = "QFPay's answer text", nullable = true)
    private String resperr;
    @Schema(description = "QFPay's transaction number", nullable = true)
    private String syssn;
    @Schema(description = "The URL the shopper pays at (a QR code of it on a desktop page)",
            nullable = true)
    private String payUrl;
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "CREATED only: the shopper's checkout page of the order, a QR code of pay_url with its live "
            + "status (README \"Checkout page\"); absent in every other outcome")
    private String checkoutUrl;
    @Schema(description = "The amount as a whole number of minor units (cents), in a JSON string: 2500 for HK$25.00",
            example = "2500", nullable = true)
    private String txamt;
    @Schema(description = "Currency", example = "HKD", nullable = true)
    private String txcurrcd;
    @Schema(description = "805814 PayMe web, 805812 PayMe WAP", nullable = true)
    private String payType;
    @Schema(description = "The attempt's request time, yyyy-MM-dd HH:mm:ss Hong Kong time", nullable = true)
    private String txdtm;
    @Schema(description = "What happened, in words a person can act on")
    private String reason;
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @Schema(description = "REJECTED: each field and the rule it broke (field, rule)")
    private List<Map<String, String>> errors;
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    @Schema(description = "How many queries polling made")
    private int queries;
    /** Paid after the order had been given up (EXPIRED or FAILED): the merchant decides to keep or refund it. */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    @Schema(description = "Paid after the order had ended unpaid: keep or refund it")
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

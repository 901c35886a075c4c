package dev.camelpayme.component;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A PayMe order, the typed input of {@code payme:payment}. JSON names are QFPay's field names plus {@code order_id},
 * the merchant's own id (not sent; {@code out_trade_no} is derived from it). Null fields are left out; the endpoint
 * validates and fills in defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "order_id", "txamt", "txcurrcd", "pay_type", "txdtm", "expired_time", "goods_name", "mchid", "udid",
        "return_url", "notify_url" })
public class PaymentOrder {

    @JsonProperty("order_id")
    private String orderId;
    @JsonProperty("txamt")
    private Long txamt;
    @JsonProperty("txcurrcd")
    private String txcurrcd;
    @JsonProperty("pay_type")
    private String payType;
    @JsonProperty("txdtm")
    private String txdtm;
    @JsonProperty("expired_time")
    private Integer expiredTime;
    @JsonProperty("goods_name")
    private String goodsName;
    @JsonProperty("mchid")
    private String mchid;
    @JsonProperty("udid")
    private String udid;
    @JsonProperty("return_url")
    private String returnUrl;
    @JsonProperty("notify_url")
    private String notifyUrl;

    public PaymentOrder() {
    }

    public PaymentOrder(String orderId, long txamt) {
        this.orderId = orderId;
        this.txamt = txamt;
    }

    /** The merchant's business order id: 1 to 64 characters of {@code [A-Za-z0-9._-]}. Required. */
    public String getOrderId() {
        return orderId;
    }

    public void setOrderId(String orderId) {
        this.orderId = orderId;
    }

    /** The amount in minor units (HKD cents): 100 is HK$1.00. Required, positive, at most 11 digits. */
    public Long getTxamt() {
        return txamt;
    }

    public void setTxamt(Long txamt) {
        this.txamt = txamt;
    }

    /** The currency; default is the endpoint's {@code currency} option (HKD). */
    public String getTxcurrcd() {
        return txcurrcd;
    }

    public void setTxcurrcd(String txcurrcd) {
        this.txcurrcd = txcurrcd;
    }

    /** 805814 (web) or 805812 (WAP); default is the endpoint's {@code payType} option. */
    public String getPayType() {
        return payType;
    }

    public void setPayType(String payType) {
        this.payType = payType;
    }

    /** Request time in Hong Kong, {@code yyyy-MM-dd HH:mm:ss}; default is now. */
    public String getTxdtm() {
        return txdtm;
    }

    public void setTxdtm(String txdtm) {
        this.txdtm = txdtm;
    }

    /** QR code lifetime in minutes, 5 to 120. */
    public Integer getExpiredTime() {
        return expiredTime;
    }

    public void setExpiredTime(Integer expiredTime) {
        this.expiredTime = expiredTime;
    }

    /** At most 20 letters or digits (Chinese allowed), at most 64 UTF-8 bytes. */
    public String getGoodsName() {
        return goodsName;
    }

    public void setGoodsName(String goodsName) {
        this.goodsName = goodsName;
    }

    /** The merchant id, if it differs from the endpoint's {@code mchid} option: one of its {@code allowedMchids}. */
    public String getMchid() {
        return mchid;
    }

    public void setMchid(String mchid) {
        this.mchid = mchid;
    }

    /** Caller-chosen device id, at most 40 printable characters. */
    public String getUdid() {
        return udid;
    }

    public void setUdid(String udid) {
        this.udid = udid;
    }

    /**
     * Where the payer's browser goes afterwards: http(s), at most 512 characters (web) or 255 (WAP), under one of the
     * endpoint's {@code allowedReturnUrlPrefixes}.
     */
    public String getReturnUrl() {
        return returnUrl;
    }

    public void setReturnUrl(String returnUrl) {
        this.returnUrl = returnUrl;
    }

    /**
     * Always refused when set: the notification URL is the merchant's, the endpoint's {@code notifyUrl} option. Kept
     * so that an order carrying one is refused by name rather than silently dropped.
     */
    public String getNotifyUrl() {
        return notifyUrl;
    }

    public void setNotifyUrl(String notifyUrl) {
        this.notifyUrl = notifyUrl;
    }

    @Override
    public String toString() {
        return "PaymentOrder[orderId=" + orderId + ", txamt=" + txamt + ", txcurrcd=" + txcurrcd + ", payType=" + payType
               + "]";
    }
}

package dev.camelpayme.component;

import org.apache.camel.spi.Metadata;

/** Message headers read and written by the {@code payme:} endpoints. */
public final class PaymeConstants {

    @Metadata(description = "Output: the app code, to send as HTTP header.", javaType = "String")
    public static final String APPCODE = "X-QF-APPCODE";
    @Metadata(description = "Output: the request signature (upper-case hex), to send as HTTP header. Input of the "
                            + "notification operation: the signature QFPay sent with the notification.",
              javaType = "String")
    public static final String SIGN = "X-QF-SIGN";
    @Metadata(description = "Output: `SHA256` when the request is signed with SHA-256; absent (removed) for MD5.",
              javaType = "String")
    public static final String SIGNTYPE = "X-QF-SIGNTYPE";

    @Metadata(description = "Output: the signed form fields, sorted by name, exactly as in the body.",
              javaType = "java.util.Map<String, String>")
    public static final String REQUEST_FIELDS = "CamelPaymeRequestFields";
    @Metadata(description = "Output of payment: the merchant's order id (`order_id`), which is not sent to QFPay.",
              javaType = "String")
    public static final String ORDER_ID = "CamelPaymeOrderId";
    @Metadata(description = "Input of payment and refund: if set, used as `out_trade_no` instead of a fresh one. "
                            + "Remove it to get a fresh id per attempt, and before a refund on an exchange that went "
                            + "through a payment (QFPay rejects an id used twice). Output of payment and refund: the "
                            + "`out_trade_no` sent. Output of notification: the notification's `out_trade_no`.",
              javaType = "String")
    public static final String OUT_TRADE_NO = "CamelPaymeOutTradeNo";
    @Metadata(description = "Output of payment and refund: the amount sent, in minor units, as a decimal string.",
              javaType = "String")
    public static final String TXAMT = "CamelPaymeTxamt";
    @Metadata(description = "Output of payment: the currency sent.", javaType = "String")
    public static final String TXCURRCD = "CamelPaymeTxcurrcd";
    @Metadata(description = "Output of payment: the pay type sent (805814 web, 805812 WAP).", javaType = "String")
    public static final String PAY_TYPE = "CamelPaymePayType";
    @Metadata(description = "Output of payment and refund: the request time sent (Hong Kong time, "
                            + "yyyy-MM-dd HH:mm:ss). Input of query: the time the queried order was created, used "
                            + "to place the query window.",
              javaType = "String")
    public static final String TXDTM = "CamelPaymeTxdtm";
    @Metadata(description = "Output of query: set when the window placed around `CamelPaymeTxdtm` reaches into the "
                            + "adjacent calendar month, null otherwise. QFPay searches one month per call, so the "
                            + "signed call covers the part in the order's month, and this header holds the adjacent "
                            + "month's part as `start_time` and `end_time`: send the same query again with these two "
                            + "fields and combine the `data` records of both answers before concluding anything "
                            + "(a record dated in the next month is otherwise not found).",
              javaType = "java.util.Map<String, String>")
    public static final String QUERY_SECOND_WINDOW = "CamelPaymeQuerySecondWindow";
    @Metadata(description = "Output of refund: the `syssn` of the payment being refunded. Output of notification: "
                            + "the notification's `syssn`.",
              javaType = "String")
    public static final String SYSSN = "CamelPaymeSyssn";
    @Metadata(description = "Output of notification: `notify_type` (`payment` or `refund`).", javaType = "String")
    public static final String NOTIFY_TYPE = "CamelPaymeNotifyType";

    private PaymeConstants() {
    }
}

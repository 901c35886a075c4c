package dev.camelpayme.component;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;

/** {@code payme:payment}: validates an order and prepares a {@code /trade/v1/payment} request (reference §3.2). */
final class PaymentHandler extends SigningHandler {

    static final Set<String> FIELDS = Set.of("order_id", "txamt", "txcurrcd", "pay_type", "txdtm", "expired_time",
            "goods_name", "mchid", "udid", "return_url", "notify_url");

    static final String PAY_TYPE_RULE = "must be one of 805814 (web), 805812 (WAP)";
    static final String EXPIRED_TIME_RULE = "must be a whole number of minutes from 5 to 120";
    static final String GOODS_NAME_RULE
            = "must be at most 20 letters or digits (no spaces or punctuation) and at most 64 UTF-8 bytes";

    static final String NOTIFY_URL_RULE
            = "must not be given: QFPay notifies the URL the merchant configured (option notifyUrl)";
    static final String NO_RETURN_URL_RULE
            = "must not be given: no return URL prefixes are configured (option allowedReturnUrlPrefixes)";
    static final String RETURN_URL_PREFIX_RULE
            = "must start with one of the allowed return URL prefixes (option allowedReturnUrlPrefixes)";

    private final List<ReturnUrlPrefix> returnUrlPrefixes;

    PaymentHandler(PaymeConfiguration configuration) {
        super(configuration);
        this.returnUrlPrefixes = configuration.returnUrlPrefixList();
    }

    @Override
    String subject() {
        return "payment request";
    }

    @Override
    Prepared prepare(Exchange exchange) {
        RequestChecks checks = newChecks();
        Map<String, Object> input = RequestInput.fields(exchange, checks);
        checks.throwIfAny();
        checks.rejectUnknown(input, FIELDS, "payment");

        String orderId = checks.requiredMatching(input, "order_id", OutTradeNos.ID, OutTradeNos.ID_RULE);
        if (checks.containsSecret(orderId)) {
            // order_id is not signed, but it goes into a header and into out_trade_no
            checks.add("order_id", RequestChecks.KEY_RULE);
            orderId = null;
        }
        String txamt = checks.amount(input, "txamt");
        String txcurrcd = orDefault(checks.text(input, "txcurrcd"), input, "txcurrcd", configuration.getCurrency());
        if (txcurrcd != null && !PaymeConfiguration.CURRENCIES.contains(txcurrcd)) {
            checks.add("txcurrcd", PaymeConfiguration.CURRENCY_RULE);
        }
        String payType = orDefault(checks.text(input, "pay_type"), input, "pay_type", configuration.getPayType());
        if (payType != null && !PaymeConfiguration.PAY_TYPES.contains(payType)) {
            checks.add("pay_type", PAY_TYPE_RULE);
        }
        String txdtm = txdtm(input, checks);
        String expiredTime = checks.wholeNumber(input, "expired_time", 5, 120, 3, EXPIRED_TIME_RULE);
        String goodsName = goodsName(input, checks);
        String mchid = mchid(input, checks);
        String udid = checks.udid(input);
        String returnUrl = returnUrl(input, checks, "805812".equals(payType) ? 255 : 512);
        if (!RequestChecks.isAbsent(input, "notify_url")) {
            // notifications carry payment results: only the merchant says where they go
            checks.add("notify_url", NOTIFY_URL_RULE);
        }
        String outTradeNo = outTradeNoHeader(exchange, checks);
        checks.throwIfAny();

        if (outTradeNo == null) {
            outTradeNo = OutTradeNos.next(orderId, clock());
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("txamt", txamt);
        fields.put("txcurrcd", txcurrcd);
        fields.put("pay_type", payType);
        fields.put("out_trade_no", outTradeNo);
        fields.put("txdtm", txdtm);
        fields.put("expired_time", expiredTime);
        fields.put("goods_name", goodsName);
        fields.put("mchid", mchid);
        fields.put("udid", udid);
        fields.put("return_url", returnUrl);
        fields.put("notify_url", configuration.getNotifyUrl());

        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(PaymeConstants.ORDER_ID, orderId);
        headers.put(PaymeConstants.OUT_TRADE_NO, outTradeNo);
        headers.put(PaymeConstants.TXAMT, txamt);
        headers.put(PaymeConstants.TXCURRCD, txcurrcd);
        headers.put(PaymeConstants.PAY_TYPE, payType);
        headers.put(PaymeConstants.TXDTM, txdtm);
        return new Prepared(fields, headers);
    }

    // the default applies only when the field is absent, not when it was given but rejected
    private static String orDefault(String value, Map<String, Object> input, String field, String defaultValue) {
        if (value != null) {
            return value;
        }
        return RequestChecks.isAbsent(input, field) ? defaultValue : null;
    }

    /** The order's return_url if it is a valid URL under an allowed prefix: the shopper's browser goes there. */
    private String returnUrl(Map<String, Object> input, RequestChecks checks, int maxLength) {
        String text = checks.url(input, "return_url", maxLength);
        if (text == null) {
            return null;
        }
        if (returnUrlPrefixes.isEmpty()) {
            checks.add("return_url", NO_RETURN_URL_RULE);
            return null;
        }
        URI url = ReturnUrlPrefix.httpUrl(text);
        if (url == null || returnUrlPrefixes.stream().noneMatch(prefix -> prefix.allows(url))) {
            checks.add("return_url", RETURN_URL_PREFIX_RULE);
            return null;
        }
        return text;
    }

    private static String goodsName(Map<String, Object> input, RequestChecks checks) {
        String name = checks.text(input, "goods_name");
        if (name == null) {
            return null;
        }
        boolean lettersOrDigits = name.codePoints().allMatch(Character::isLetterOrDigit);
        if (!lettersOrDigits || name.codePointCount(0, name.length()) > 20 || RequestInput.utf8Length(name) > 64) {
            checks.add("goods_name", GOODS_NAME_RULE);
            return null;
        }
        return name;
    }
}

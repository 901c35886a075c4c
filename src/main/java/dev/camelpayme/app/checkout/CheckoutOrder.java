package dev.camelpayme.app.checkout;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;

import dev.camelpayme.app.payment.OutcomeStatus;

/** What the checkout page shows of an order: nothing internal (no out_trade_no, syssn or merchant credential). */
public record CheckoutOrder(OutcomeStatus status, String payUrl, String txamt, String txcurrcd, String goodsName,
                            String payType, String returnUrl) {

    /** PayMe's WAP payment: the phone opens pay_url itself. */
    static final String WAP_PAY_TYPE = "805812";
    private static final Locale DISPLAY = Locale.forLanguageTag("en-HK");

    boolean isWap() {
        return WAP_PAY_TYPE.equals(payType);
    }

    /** The shopper can still pay: the QR code is shown. */
    boolean awaitsPayment() {
        return (status == OutcomeStatus.CREATED || status == OutcomeStatus.PENDING) && isWebUrl(payUrl);
    }

    /** txamt is in minor units: 2500 HKD reads HK$25.00. */
    String amount() {
        String code = txcurrcd == null || txcurrcd.isBlank() ? "HKD" : txcurrcd;
        Currency currency;
        try {
            currency = Currency.getInstance(code);
        } catch (IllegalArgumentException unknown) {
            return txamt + " " + code;
        }
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        return currency.getSymbol(DISPLAY) + new BigDecimal(txamt).movePointLeft(digits).setScale(digits);
    }

    String currencyCode() {
        return txcurrcd == null || txcurrcd.isBlank() ? "HKD" : txcurrcd;
    }

    /** Only an http(s) URL becomes a link or a redirect: never a javascript: or data: one. */
    static boolean isWebUrl(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://"));
    }
}

package dev.camelpayme.app.checkout;

import dev.camelpayme.app.payment.OutcomeStatus;
import dev.camelpayme.pages.Amounts;

/** What the checkout page shows of an order: nothing internal (no out_trade_no, syssn or merchant credential). */
public record CheckoutOrder(OutcomeStatus status, String payUrl, String txamt, String txcurrcd, String goodsName,
                            String payType, String returnUrl) {

    /** PayMe's WAP payment: the phone opens pay_url itself. */
    static final String WAP_PAY_TYPE = "805812";

    boolean isWap() {
        return WAP_PAY_TYPE.equals(payType);
    }

    /** The shopper can still pay: the QR code is shown. */
    boolean awaitsPayment() {
        return (status == OutcomeStatus.CREATED || status == OutcomeStatus.PENDING) && isWebUrl(payUrl);
    }

    /** txamt is in minor units: 2500 HKD reads HK$25.00. */
    String amount() {
        return Amounts.display(txamt, currencyCode());
    }

    String currencyCode() {
        return txcurrcd == null || txcurrcd.isBlank() ? "HKD" : txcurrcd;
    }

    /** Only an http(s) URL becomes a link or a redirect: never a javascript: or data: one. */
    static boolean isWebUrl(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://"));
    }
}

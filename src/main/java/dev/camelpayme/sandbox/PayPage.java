package dev.camelpayme.sandbox;

import dev.camelpayme.pages.Amounts;
import dev.camelpayme.pages.QrCodeSvg;

import static dev.camelpayme.pages.Html.escape;

/**
 * The HTML page behind a sandbox {@code pay_url}: it stands in for the PayMe app the shopper would scan with. Every
 * value is escaped; the page has no script and loads nothing from elsewhere.
 */
final class PayPage {

    /** ZXing's core is an optional dependency: a library user's build may lack it, and then gets pay_url as text. */
    static final boolean QR_DRAWABLE = canDrawQrCodes(PayPage.class.getClassLoader());

    /** The policy the page is served with: its own style element, a form posting back here, nothing else. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; "
            + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /** 5 px a module for the usual pay_url, a version-4 code: 33 modules and a quiet zone of 4 on each side. */
    private static final int QR_PIXELS = 205;

    private PayPage() {
    }

    /** Who is paid, as the sandbox knows the merchant: it has no merchant name, and never shows the client key. */
    record Merchant(String appCode, String mchid) {
    }

    /** What the page says of a payment's state, in words. */
    enum State {
        WAITING("Waiting for payment"),
        PAID("Paid"),
        PARTLY_REFUNDED("Paid, partly refunded"),
        REFUNDED("Paid, then refunded"),
        CLOSED("Closed: it expired before it was paid");

        final String words;

        State(String words) {
            this.words = words;
        }

        static State of(SandboxOrder payment) {
            switch (payment.status()) {
                case UNPAID:
                    return WAITING;
                case PAID:
                    if (payment.refundedAmount() == 0) {
                        return PAID;
                    }
                    return payment.refundedAmount() < payment.txamt() ? PARTLY_REFUNDED : REFUNDED;
                default:
                    return CLOSED;
            }
        }
    }

    /**
     * The page of one payment order.
     *
     * @param drawQr whether to draw the QR code of {@code payUrl} ({@link #QR_DRAWABLE} but for tests)
     */
    static String render(SandboxOrder payment, String payUrl, Merchant merchant, boolean drawQr) {
        State state = State.of(payment);
        String amount = Amounts.display(Long.toString(payment.txamt()), payment.txcurrcd());
        StringBuilder html = new StringBuilder(8192);
        head(html, state.words + ": " + amount);
        html.append("<main>")
                .append("<h1>PayMe payment order</h1>")
                .append("<p id=\"status\" role=\"status\" data-state=\"").append(state.name()).append("\">")
                .append(escape(state.words)).append("</p>")
                .append("<dl>")
                .append(row("merchant", "Merchant", "Sandbox merchant"))
                .append(row("app-code", "App code", escape(merchant.appCode())));
        if (merchant.mchid() != null) {
            html.append(row("mchid", "mchid", escape(merchant.mchid())));
        }
        html                .append(row("goods", "Goods", payment.goodsName() == null ? "<i>none given</i>"
                        : escape(payment.goodsName())))
                .append(row("amount", "Amount", escape(amount) + " <span class=\"code\">"
                        + escape(payment.txcurrcd()) + "</span>"));
        if (payment.refundedAmount() > 0) {
            html.append(row("refunded", "Refunded",
                    escape(Amounts.display(Long.toString(payment.refundedAmount()), payment.txcurrcd()))));
        }
        if (payment.paidAt() != null) {
            html.append(row("paid-at", "Paid at", escape(SandboxEngine.DTM.format(
                    payment.paidAt().atZone(SandboxEngine.HONG_KONG))) + " (Hong Kong time)"));
        }
        html.append(row("out-trade-no", "out_trade_no", escape(payment.outTradeNo())))
                .append(row("syssn", "syssn", escape(payment.syssn())))
                .append(row("respcd", "Query respcd", escape(payment.respcd())))
                .append("</dl>");
        if (state == State.WAITING) {
            payForm(html, payment, payUrl, amount, drawQr);
        } else if (state == State.PAID) {
            html.append("<p class=\"hint\">The merchant's application learns it from a query (respcd 0000) or from ")
                    .append("the notification the sandbox sends, if it has a notify URL.</p>");
        }
        return html.append("</main></body></html>\n").toString();
    }

    /** The QR code a shopper would scan, and the button that plays the shopper's confirmation in the PayMe app. */
    private static void payForm(StringBuilder html, SandboxOrder payment, String payUrl, String amount,
            boolean drawQr) {
        String link = "<a id=\"pay-url\" href=\"" + escape(payUrl) + "\">" + escape(payUrl) + "</a>";
        html.append("<section id=\"pay\">");
        if (drawQr) {
            html.append("<div class=\"qr\">")
                    .append(QrCodeSvg.svgOf(payUrl, QR_PIXELS, escape("QR code of this page's address: " + payUrl)))
                    .append("</div><p class=\"hint\">A shopper scans this code of the order's pay_url, ")
                    .append(link).append(", with the PayMe app. Here, Pay stands for that scan and the shopper's ")
                    .append("confirmation.</p>");
        } else {
            html.append("<p class=\"hint\">A shopper scans a QR code of the order's pay_url, ").append(link)
                    .append(", with the PayMe app. Here, Pay stands for that scan and the shopper's confirmation. ")
                    .append("No QR code is drawn: ZXing's core (com.google.zxing:core) is not on the sandbox's ")
                    .append("classpath.</p>");
        }
        html.append("<form method=\"post\" action=\"").append(SandboxHttpHandler.PAY_PAGE)
                .append(escape(payment.syssn())).append("\"><button type=\"submit\">Pay ").append(escape(amount))
                .append("</button></form></section>");
    }

    static String notFound(String id) {
        StringBuilder html = new StringBuilder(1024);
        head(html, "No payment order");
        return html.append("<main><h1>No payment order</h1><p>The sandbox has no payment order ")
                .append(escape(id)).append(".</p></main></body></html>\n").toString();
    }

    private static void head(StringBuilder html, String title) {
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"referrer\" content=\"no-referrer\">")
                .append("<title>").append(escape(title)).append(" - QFPay/PayMe sandbox</title>")
                .append("<style>").append(STYLE).append("</style></head><body>")
                .append("<p id=\"sandbox\" role=\"note\"><strong>QFPay/PayMe SANDBOX</strong>: a test page that ")
                .append("stands in for the PayMe app. No money moves.</p>");
    }

    private static String row(String id, String label, String escapedValue) {
        return "<dt>" + label + "</dt><dd id=\"" + id + "\">" + escapedValue + "</dd>";
    }

    static boolean canDrawQrCodes(ClassLoader loader) {
        try {
            Class.forName("com.google.zxing.qrcode.QRCodeWriter", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError missing) {
            return false;
        }
    }

    private static final String STYLE = "body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,"
            + "sans-serif;background:#f4f4f4;color:#1a1a1a}#sandbox{margin:0;padding:.75rem 1rem;background:#ffd400;"
            + "color:#1a1a1a;text-align:center;border-bottom:4px dashed #1a1a1a}main{max-width:28rem;"
            + "margin:1rem auto;padding:1rem 1.5rem;background:#fff;border-radius:.75rem;"
            + "box-shadow:0 1px 4px rgba(0,0,0,.15)}h1{font-size:1.3rem;margin:0 0 .75rem;text-align:center}"
            + "#status{font-size:1.2rem;font-weight:700;padding:.75rem;border-radius:.5rem;text-align:center;"
            + "background:#eef;color:#1a1a4a}#status[data-state=PAID],#status[data-state=PARTLY_REFUNDED]"
            + "{background:#e3f5e1;color:#0b4f12}#status[data-state=CLOSED],#status[data-state=REFUNDED]"
            + "{background:#eee;color:#333}dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;"
            + "margin:.75rem 0}dt{color:#555}dd{margin:0;overflow-wrap:anywhere}#amount{font-size:1.4rem;"
            + "font-weight:700}.code{font-size:1rem;font-weight:400;color:#444}#pay{text-align:center}"
            + ".qr svg{max-width:100%;height:auto}.hint{color:#333;font-size:.9rem;overflow-wrap:anywhere}"
            + "button{font-size:1.2rem;font-weight:700;padding:.8rem 1.6rem;background:#b5002a;color:#fff;border:0;"
            + "border-radius:.5rem;cursor:pointer}button:focus{outline:3px solid #1a1a1a;outline-offset:2px}";
}

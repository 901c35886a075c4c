package dev.camelpayme.app.checkout;

import dev.camelpayme.pages.QrCodeSvg;

import static dev.camelpayme.pages.Html.escape;

/** The HTML of one order's checkout page; every value from the order or the configuration is escaped. */
final class CheckoutPage {

    private static final int QR_PIXELS = 264;

    private CheckoutPage() {
    }

    static String render(CheckoutOrder order, String merchantName, String statusPath, String nonce,
                         long redirectDelayMs) {
        String merchant = escape(merchantName);
        String amount = escape(order.amount());
        String returnUrl = CheckoutOrder.isWebUrl(order.returnUrl()) ? order.returnUrl() : "";
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"referrer\" content=\"no-referrer\">")
                .append("<title>Pay ").append(merchant).append(" with PayMe</title>")
                .append("<style nonce=\"").append(nonce).append("\">").append(STYLE).append("</style></head>")
                .append("<body><main id=\"checkout\" data-status-url=\"").append(escape(statusPath))
                .append("\" data-return-url=\"").append(escape(returnUrl))
                .append("\" data-redirect-ms=\"").append(redirectDelayMs).append("\">")
                .append("<h1>").append(merchant).append("</h1>")
                .append("<p class=\"amount\">").append(amount)
                .append(" <span class=\"code\">").append(escape(order.currencyCode())).append("</span></p>")
                .append("<p class=\"goods\">").append(escape(order.goodsName())).append("</p>");
        if (order.awaitsPayment()) {
            String label = escape("QR code to pay " + order.amount() + " to " + merchantName
                    + " with PayMe: scan it with the PayMe app");
            html.append("<section id=\"pay\">")
                    .append("<div class=\"qr\">").append(QrCodeSvg.svgOf(order.payUrl(), QR_PIXELS, label))
                    .append("</div><p class=\"hint\">Scan the code with the PayMe app to pay.</p>");
            if (order.isWap()) {
                html.append("<p><a class=\"button\" id=\"pay-link\" rel=\"noreferrer\" href=\"")
                        .append(escape(order.payUrl())).append("\">Pay with PayMe</a></p>");
            }
            html.append("</section>");
        }
        html.append("<p id=\"status\" role=\"status\" aria-live=\"polite\" data-status=\"")
                .append(order.status().name()).append("\">").append(escape(CheckoutMessages.of(order.status())))
                .append("</p>")
                .append("<noscript><p>Reload this page to see whether your payment went through.</p></noscript>")
                .append("</main><script nonce=\"").append(nonce).append("\">").append(SCRIPT)
                .append("</script></body></html>");
        return html.toString();
    }

    private static final String STYLE = "body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
            + "background:#f4f4f4;color:#1a1a1a}main{max-width:26rem;margin:2rem auto;padding:1.5rem;background:#fff;"
            + "border-radius:.75rem;text-align:center;box-shadow:0 1px 4px rgba(0,0,0,.15)}h1{font-size:1.4rem;"
            + "margin:0 0 .5rem}.amount{font-size:2rem;font-weight:700;margin:.25rem 0}.code{font-size:1rem;"
            + "font-weight:400;color:#444}.goods{color:#333;margin:.25rem 0 1rem}.qr svg{max-width:100%;height:auto}"
            + ".hint{color:#333}.button{display:inline-block;padding:.8rem 1.6rem;background:#b5002a;color:#fff;"
            + "border-radius:.5rem;text-decoration:none;font-weight:700}.button:focus{outline:3px solid #1a1a1a;"
            + "outline-offset:2px}#status{font-size:1.2rem;font-weight:700;padding:.75rem;border-radius:.5rem;"
            + "background:#eef;color:#1a1a4a}#status[data-status=PAID]{background:#e3f5e1;color:#0b4f12}"
            + "#status[data-status=EXPIRED],#status[data-status=FAILED],#status[data-status=REJECTED]"
            + "{background:#fdecea;color:#7a1010}";

    /** Polls the status path every second until the status is final; on PAID goes to the return_url, if any. */
    private static final String SCRIPT = "(function(){'use strict';"
            + "var main=document.getElementById('checkout'),status=document.getElementById('status'),"
            + "pay=document.getElementById('pay'),url=main.dataset.statusUrl,back=main.dataset.returnUrl,"
            + "delay=parseInt(main.dataset.redirectMs,10);"
            + "function final(s){return s!=='CREATED'&&s!=='PENDING';}"
            + "function show(s,text){if(status.dataset.status!==s||status.textContent!==text){"
            + "status.dataset.status=s;status.textContent=text;}"
            + "if(final(s)&&pay){pay.hidden=true;}"
            + "if(s==='PAID'&&back){setTimeout(function(){window.location.assign(back);},delay);}}"
            + "function poll(){fetch(url,{cache:'no-store',credentials:'omit'}).then(function(r){"
            + "if(!r.ok){throw new Error(r.status);}return r.json();}).then(function(a){show(a.status,a.message);"
            + "if(!final(a.status)){setTimeout(poll,1000);}}).catch(function(){setTimeout(poll,3000);});}"
            + "if(!final(status.dataset.status)){setTimeout(poll,1000);}"
            + "})();";
}

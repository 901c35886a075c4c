package dev.camelpayme.sandbox;

/** The HTML page behind a sandbox {@code pay_url}: it stands in for the PayMe app the shopper would scan with. */
final class PayPage {

    private PayPage() {
    }

    static String render(SandboxOrder order) {
        String amount = amount(order.txamt(), order.txcurrcd());
        StringBuilder sb = new StringBuilder(1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>PayMe sandbox</title>")
                .append("<style>body{font-family:sans-serif;max-width:36em;margin:3em auto;padding:0 1em}")
                .append("button{font-size:1.2em;padding:.5em 1.5em}</style></head><body>\n")
                .append("<h1>PayMe sandbox</h1>\n")
                .append("<p>PayMe sandbox: pay ").append(esc(amount)).append(" for out_trade_no ")
                .append(esc(order.outTradeNo())).append("</p>\n");
        if (order.goodsName() != null) {
            sb.append("<p>Goods: ").append(esc(order.goodsName())).append("</p>\n");
        }
        sb.append("<p>syssn ").append(esc(order.syssn())).append(", status <b>").append(order.status().name())
                .append("</b> (respcd ").append(esc(order.respcd())).append(")</p>\n");
        if (order.status() == SandboxOrder.Status.UNPAID) {
            sb.append("<form method=\"post\" action=\"/sandbox/pay/").append(esc(order.syssn())).append("\">")
                    .append("<button type=\"submit\">Pay ").append(esc(amount)).append("</button></form>\n");
        }
        sb.append("<p><small>This page stands in for the PayMe app: pressing the button is the shopper's scan and ")
                .append("confirmation. No money moves.</small></p>\n</body></html>\n");
        return sb.toString();
    }

    static String notFound(String id) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>PayMe sandbox</title></head>"
                + "<body><h1>PayMe sandbox</h1><p>No payment order " + esc(id) + ".</p></body></html>\n";
    }

    static String amount(long minor, String currency) {
        String number = (minor / 100) + "." + String.format("%02d", minor % 100);
        return "HKD".equals(currency) ? "HK$" + number : currency + " " + number;
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<':
                    sb.append("&lt;");
                    break;
                case '>':
                    sb.append("&gt;");
                    break;
                case '&':
                    sb.append("&amp;");
                    break;
                case '"':
                    sb.append("&quot;");
                    break;
                case '\'':
                    sb.append("&#39;");
                    break;
                default:
                    sb.append(c);
            }
        }
        return sb.toString();
    }
}

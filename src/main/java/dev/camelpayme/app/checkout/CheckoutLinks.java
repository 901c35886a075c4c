package dev.camelpayme.app.checkout;

import java.net.URI;

/** Builds the link of an order's checkout page, {@code <base-url>/checkout/<order_id>/<token>}, for the merchant. */
public final class CheckoutLinks {

    public static final String PREFIX = "/checkout/";

    private final String baseUrl;
    private final CheckoutTokens tokens;

    public CheckoutLinks(String baseUrl, CheckoutTokens tokens) {
        URI base = URI.create(baseUrl);
        if (!("http".equals(base.getScheme()) || "https".equals(base.getScheme())) || base.getHost() == null
                || base.getRawQuery() != null || base.getRawFragment() != null) {
            throw new IllegalArgumentException("payme.checkout.base-url must be an absolute http or https URL with no "
                    + "query or fragment, such as https://pay.example.com");
        }
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.tokens = tokens;
    }

    /** The page's link; order ids are of A-Z, a-z, 0-9, '.', '_' and '-' only, so they need no encoding. */
    public String linkOf(String orderId) {
        return baseUrl + PREFIX + orderId + "/" + tokens.tokenOf(orderId);
    }

    public CheckoutTokens tokens() {
        return tokens;
    }
}

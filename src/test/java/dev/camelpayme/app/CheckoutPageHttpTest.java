package dev.camelpayme.app;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.app.checkout.CheckoutTokens;
import org.junit.jupiter.api.Test;

import static dev.camelpayme.app.RawHttp.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checkout page over plain HTTP: the link in the CREATED outcome, what the page holds and hides, its escaping and
 * headers, one 404 for every wrong link, and a notification listener that serves nothing else still.
 */
class CheckoutPageHttpTest extends PaymeRouteTestSupport {

    /** The intake takes only letters and digits in goods_name (CheckoutPageTest escapes one with HTML). */
    private static final String GOODS = "奶茶Tea2";
    /** The listener's one 404, for a checkout link that leads nowhere and for any path it does not serve. */
    private static final String NOT_FOUND = "{\"error\":\"Not Found: nothing is served at this path\",\"status\":404}";

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("payme.checkout.merchant-name", "Tea <Shop> & 'Co'");
    }

    @Test
    void theCreatedOutcomeLinksToAPageThatShowsTheOrderEscapedAndNothingInternal() throws Exception {
        JsonNode outcome = created("chk-http-1", GOODS);
        String link = outcome.get("checkout_url").asText();
        assertThat(link).matches("http://127\\.0\\.0\\.1:" + notifyPort + "/checkout/chk-http-1/[A-Za-z0-9_-]{43}");

        HttpResponse<String> page = get(link);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        String body = page.body();
        assertThat(body).contains("<html lang=\"en\">")
                .contains("<h1>Tea &lt;Shop&gt; &amp; &#39;Co&#39;</h1>")
                .contains("HK$25.00")
                .contains("<p class=\"goods\">奶茶Tea2</p>")
                .contains("role=\"status\" aria-live=\"polite\" data-status=\"CREATED\"")
                .contains("<svg").contains("aria-label=\"QR code to pay HK$25.00 to Tea &lt;Shop&gt; &amp; &#39;Co&#39;");
        // no internal id and no credential reaches the shopper
        assertThat(body).doesNotContain(outcome.get("out_trade_no").asText())
                .doesNotContain(outcome.get("syssn").asText())
                .doesNotContain(sandbox().appCode());
        // a web payment (805814) has no button: the shopper scans
        assertThat(body).doesNotContain("id=\"pay-link\"");
    }

    @Test
    void thePageSendsAStrictContentSecurityPolicyWithANonceAndNoFraming() throws Exception {
        String link = created("chk-http-2", "Tea").get("checkout_url").asText();
        HttpResponse<String> page = get(link);
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        String nonce = csp.replaceAll(".*script-src 'nonce-([^']+)'.*", "$1");
        assertThat(csp).contains("default-src 'none'").contains("frame-ancestors 'none'")
                .contains("connect-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.body()).contains("<script nonce=\"" + nonce + "\">").doesNotContain(" onclick=")
                .doesNotContain(" onload=").doesNotContain("<script src");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        // a new nonce for every answer
        assertThat(get(link).headers().firstValue("Content-Security-Policy")).isNotEqualTo(java.util.Optional.of(csp));
    }

    @Test
    void theStatusPathAnswersTheStatusAsJson() throws Exception {
        String link = created("chk-http-3", "Tea").get("checkout_url").asText();
        HttpResponse<String> status = get(link + "/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(status.body()).get("status").asText()).isEqualTo("CREATED");
    }

    @Test
    void aWapOrderHasAButtonToItsPayUrl() throws Exception {
        JsonNode outcome = created("chk-http-wap", "Tea", "805812");
        String body = get(outcome.get("checkout_url").asText()).body();
        assertThat(body).contains("id=\"pay-link\" rel=\"noreferrer\" href=\""
                + outcome.get("pay_url").asText().replace("&", "&amp;") + "\">Pay with PayMe</a>");
    }

    @Test
    void aWrongOrMissingTokenAnUnknownOrderAndAnyOtherPathGetTheSame404() throws Exception {
        String link = created("chk-http-4", "Tea").get("checkout_url").asText();
        String token = link.substring(link.lastIndexOf('/') + 1);
        String base = "http://127.0.0.1:" + notifyPort;
        // an order that does not exist, with the very token the app would give it
        String unknownsToken = CheckoutTokens.fromFile(dataDir.resolve("checkout.secret")).tokenOf("chk-unknown");
        HttpResponse<String> reference = get(base + "/checkout/chk-unknown/" + unknownsToken);
        assertThat(reference.statusCode()).isEqualTo(404);
        assertThat(reference.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(reference.body()).isEqualTo(NOT_FOUND);
        String flipped = (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1);
        for (String wrong : List.of(base + "/checkout/chk-unknown/" + unknownsToken + "/status",
                base + "/checkout/chk-unknown/" + token, base + "/checkout/chk-http-4/" + flipped, base + "/checkout/chk-http-4",
                base + "/checkout/chk-http-4/", base + "/checkout/chk-http-4/" + flipped + "/status",
                base + "/checkout/chk-http-4/" + token + "/x", base + "/checkout/chk-http-4/" + token.substring(1),
                base + "/checkout/chk-http-4/" + token + "/status/x", base + "/checkout/",
                base + "/checkout/chk-http-5/" + token, base + "/checkout/chk-http-4?t=" + token)) {
            HttpResponse<String> answer = get(wrong);
            assertThat(answer.statusCode()).as(wrong).isEqualTo(404);
            assertThat(answer.body()).as(wrong).isEqualTo(NOT_FOUND);
            assertThat(answer.headers().map()).as(wrong).isEqualTo(reference.headers().map());
        }
    }

    @Test
    void theListenerStillServesNothingButTheNotificationAndTheCheckoutPaths() throws Exception {
        String link = created("chk-http-6", "Tea").get("checkout_url").asText();
        String path = URI.create(link).getRawPath();
        for (String method : List.of("POST", "PUT", "DELETE", "HEAD", "OPTIONS", "TRACE")) {
            RawHttp.Answer answer = RawHttp.send(notifyPort, request(method, path, List.of(), new byte[0]));
            assertThat(answer.status()).as(method).isEqualTo(404);
            assertThat(answer.body()).as(method).isEqualTo(NOT_FOUND);
        }
        for (String target : List.of("/", "/checkout", "/CHECKOUT/chk-http-6", "/payme/notify", "/api/payments",
                "/checkoutx/chk-http-6")) {
            RawHttp.Answer answer = RawHttp.send(notifyPort, request("GET", target, List.of(), new byte[0]));
            assertThat(answer.status()).as(target).isEqualTo(404);
            assertThat(answer.body()).as(target).isEqualTo(NOT_FOUND);
        }
        // the page's GET gets the listener's body limit too
        RawHttp.Answer large = RawHttp.send(notifyPort, request("GET", path,
                List.of("Content-Length: " + (16 * 1024 + 1)), new byte[0]));
        assertThat(large.status()).isEqualTo(413);
    }

    @Test
    void theSecretIsGeneratedIntoAnOwnerOnlyFile() throws Exception {
        assertThat(Files.readString(dataDir.resolve("checkout.secret")).trim()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("checkout.secret"))))
                .isEqualTo("rw-------");
    }

    private JsonNode created(String orderId, String goodsName) throws Exception {
        return created(orderId, goodsName, "805814");
    }

    private JsonNode created(String orderId, String goodsName, String payType) throws Exception {
        Map<String, Object> order = Map.of("order_id", orderId, "txamt", 2500, "txcurrcd", "HKD",
                "pay_type", payType, "goods_name", goodsName);
        HttpResponse<String> answer = postOrder(JSON.writeValueAsString(order));
        JsonNode outcome = JSON.readTree(answer.body());
        assertThat(outcome.get("outcome").asText()).as(answer.body()).isEqualTo("CREATED");
        return outcome;
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

}

package dev.camelpayme.app;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The checkout page in a real browser (Debian's headless Chromium, driven through its chromedriver): the QR code on
 * the screen decodes to the pay_url, the page flips to "paid" within 2 s of the order becoming PAID and then goes to
 * the return_url, an expired order shows "expired", a WAP order has its button. Screenshots are kept under
 * target/checkout-screenshots/. Not skipped when the browser is missing: it fails and says how to install it.
 */
class CheckoutBrowserTest extends PaymeRouteTestSupport {

    private static final Path SCREENSHOTS = Path.of("target", "checkout-screenshots");
    /** Orders not paid within this long are EXPIRED by the tracking, which runs every 300 ms here. */
    private static final long DEADLINE_MS = 6000;

    private HeadlessChromium chromium;
    private ChromeDriver browser;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("payme.checkout.merchant-name", "Harbour Tea House",
                "payme.checkout.redirect-delay-ms", "1500",
                "payme.tracking.interval-ms", "300",
                "payme.tracking.deadline-ms", String.valueOf(DEADLINE_MS),
                "camel.component.payme.allowed-return-url-prefixes", "http://127.0.0.1:" + notifyPort + "/shop/");
    }

    @BeforeAll
    void startBrowser() throws Exception {
        chromium = HeadlessChromium.start(SCREENSHOTS);
        browser = chromium.driver();
    }

    @AfterAll
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void theQrCodeDecodesToThePayUrlAndThePageFlipsToPaidThenReturnsToTheShop() throws Exception {
        String returnUrl = "http://127.0.0.1:" + notifyPort + "/shop/thanks";
        JsonNode outcome = created("chk-web-1", "805814", returnUrl);
        browser.get(outcome.get("checkout_url").asText());
        WebElement status = browser.findElement(By.id("status"));
        assertThat(status.getAttribute("data-status")).isEqualTo("CREATED");
        assertThat(status.getText()).isEqualTo("Waiting for your payment");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Harbour Tea House");
        assertThat(browser.findElement(By.className("amount")).getText()).isEqualTo("HK$25.00 HKD");
        assertThat(browser.findElements(By.id("pay-link"))).isEmpty();
        WebElement qr = browser.findElement(By.cssSelector(".qr svg"));
        assertThat(qr.getAttribute("aria-label")).startsWith("QR code to pay HK$25.00 to Harbour Tea House");
        assertThat(chromium.decode(qr)).isEqualTo(outcome.get("pay_url").asText());
        chromium.screenshot("created");

        sandbox().markPaid(outcome.get("syssn").asText());
        String statusUrl = outcome.get("checkout_url").asText() + "/status";
        await().atMost(Duration.ofSeconds(5)).until(() -> statusOf(statusUrl).equals("PAID"));
        // from the moment the order is PAID in the store, the page has 2 s to say so
        new WebDriverWait(browser, Duration.ofSeconds(2))
                .until(page -> "PAID".equals(page.findElement(By.id("status")).getAttribute("data-status")));
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("Paid. Thank you!");
        assertThat(browser.findElement(By.id("pay")).isDisplayed()).isFalse();
        chromium.screenshot("paid");

        new WebDriverWait(browser, Duration.ofSeconds(5)).until(page -> returnUrl.equals(page.getCurrentUrl()));
        chromium.assertNoPolicyViolations();
    }

    @Test
    void anOrderNotPaidByItsDeadlineShowsExpired() throws Exception {
        JsonNode outcome = created("chk-web-2", "805814", null);
        browser.get(outcome.get("checkout_url").asText());
        assertThat(browser.findElement(By.id("status")).getAttribute("data-status")).isEqualTo("CREATED");
        new WebDriverWait(browser, Duration.ofMillis(DEADLINE_MS + 6000))
                .until(page -> "EXPIRED".equals(page.findElement(By.id("status")).getAttribute("data-status")));
        assertThat(browser.findElement(By.id("status")).getText())
                .isEqualTo("Expired: this payment can no longer be made");
        assertThat(browser.findElement(By.id("pay")).isDisplayed()).isFalse();
        chromium.screenshot("expired");
        chromium.assertNoPolicyViolations();
    }

    @Test
    void aWapOrderHasAButtonThatOpensItsPayUrl() throws Exception {
        JsonNode outcome = created("chk-wap-1", "805812", null);
        browser.get(outcome.get("checkout_url").asText());
        WebElement button = browser.findElement(By.id("pay-link"));
        assertThat(button.getText()).isEqualTo("Pay with PayMe");
        assertThat(button.getAttribute("href")).isEqualTo(outcome.get("pay_url").asText());
        assertThat(chromium.decode(browser.findElement(By.cssSelector(".qr svg"))))
                .isEqualTo(outcome.get("pay_url").asText());
        chromium.screenshot("wap");
        chromium.assertNoPolicyViolations();
    }

    @Test
    void aWrongTokenShowsNotFound() throws Exception {
        String link = created("chk-web-3", "805814", null).get("checkout_url").asText();
        browser.get(link.substring(0, link.length() - 1) + (link.endsWith("A") ? "B" : "A"));
        assertThat(browser.findElement(By.tagName("body")).getText())
                .isEqualTo("{\"error\":\"Not Found: nothing is served at this path\",\"status\":404}");
        assertThat(browser.findElements(By.id("status"))).isEmpty();
    }

    private JsonNode created(String orderId, String payType, String returnUrl) throws Exception {
        Map<String, Object> order = new java.util.LinkedHashMap<>(Map.of("order_id", orderId, "txamt", 2500,
                "txcurrcd", "HKD", "pay_type", payType, "goods_name", "MilkTea"));
        if (returnUrl != null) {
            order.put("return_url", returnUrl);
        }
        HttpResponse<String> answer = postOrder(JSON.writeValueAsString(order));
        JsonNode outcome = JSON.readTree(answer.body());
        assertThat(outcome.get("outcome").asText()).as(answer.body()).isEqualTo("CREATED");
        return outcome;
    }

    private String statusOf(String url) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body()).get("status").asText();
    }
}

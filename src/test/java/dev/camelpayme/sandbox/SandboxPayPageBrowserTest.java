package dev.camelpayme.sandbox;

import static dev.camelpayme.sandbox.QfpayTestClient.payment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.camelpayme.sandbox.QfpayTestClient.Reply;
import dev.camelpayme.testing.FreePorts;
import dev.camelpayme.testing.HeadlessChromium;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sandbox's pay page in a real browser (Debian's headless Chromium, as {@code CheckoutBrowserTest}): it says it
 * is a sandbox, shows the order and a QR code that reads back as its own pay_url; Pay leads to the paid page, not to
 * JSON. Screenshots are kept under target/sandbox-screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxPayPageBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "sandbox-screenshots");

    private QfpaySandbox sandbox;
    private QfpayTestClient client;
    private HeadlessChromium chromium;
    private ChromeDriver browser;

    @BeforeAll
    void start() throws Exception {
        sandbox = QfpaySandbox.builder().port(FreePorts.next()).build().start();
        client = QfpayTestClient.of(sandbox);
        chromium = HeadlessChromium.start(SCREENSHOTS);
        browser = chromium.driver();
    }

    @AfterAll
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        sandbox.stop();
    }

    @Test
    void theShopperSeesTheOrderAndItsQrCodePressesPayAndSeesThePaidPage() throws Exception {
        Reply created = client.payment(order("SHOP-2001", 2500, "Milk tea"));
        String payUrl = created.get("pay_url");
        browser.get(payUrl);
        assertThat(browser.findElement(By.id("sandbox")).getText())
                .isEqualTo("QFPay/PayMe SANDBOX: a test page that stands in for the PayMe app. No money moves.");
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("Waiting for payment");
        assertThat(browser.findElement(By.id("merchant")).getText()).isEqualTo("Sandbox merchant");
        assertThat(browser.findElement(By.id("app-code")).getText()).isEqualTo("PAYME-SANDBOX-APP");
        assertThat(browser.findElement(By.id("goods")).getText()).isEqualTo("Milk tea");
        assertThat(browser.findElement(By.id("amount")).getText()).isEqualTo("HK$25.00 HKD");
        WebElement qr = browser.findElement(By.cssSelector(".qr svg"));
        assertThat(qr.getAttribute("aria-label")).isEqualTo("QR code of this page's address: " + payUrl);
        chromium.screenshot("waiting");
        assertThat(chromium.decode(qr)).isEqualTo(payUrl);

        browser.findElement(By.cssSelector("#pay button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(5))
                .until(page -> "PAID".equals(page.findElement(By.id("status")).getAttribute("data-state")));
        assertThat(browser.getCurrentUrl()).isEqualTo(payUrl);
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("Paid");
        assertThat(browser.findElements(By.id("pay"))).isEmpty();
        assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain("Pay HK$").doesNotContain("{");
        assertThat(browser.getTitle()).isEqualTo("Paid: HK$25.00 - QFPay/PayMe sandbox");
        assertThat(sandbox.order(created.get("syssn")).orElseThrow().isPaid()).isTrue();
        chromium.screenshot("paid");

        browser.navigate().refresh();
        assertThat(browser.findElement(By.id("status")).getText()).as("a reload posts nothing").isEqualTo("Paid");
        assertThat(sandbox.requests("/sandbox/pay/" + created.get("syssn")).stream()
                .filter(r -> r.method().equals("POST")).count()).isEqualTo(1);
        chromium.assertNoPolicyViolations();
    }

    @Test
    void aRefundedOrderSaysSo() throws Exception {
        String syssn = client.payment(order("SHOP-2002", 4800, "Two milk teas")).get("syssn");
        sandbox.markPaid(syssn);
        client.refund(QfpayTestClient.refundOf(syssn, "SHOP-2002-R1", 2400));
        browser.get(sandbox.payUrl(syssn));
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("Paid, partly refunded");
        assertThat(browser.findElement(By.id("refunded")).getText()).isEqualTo("HK$24.00");
        assertThat(browser.findElements(By.id("pay"))).isEmpty();
        chromium.screenshot("partly-refunded");
        chromium.assertNoPolicyViolations();
    }

    @Test
    void anUnknownOrderShowsAPageSayingSo() throws Exception {
        browser.get(sandbox.baseUrl() + "/sandbox/pay/NO-SUCH-ORDER");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("No payment order");
        assertThat(browser.findElement(By.id("sandbox")).getText()).startsWith("QFPay/PayMe SANDBOX");
        chromium.screenshot("not-found");
    }

    private static Map<String, String> order(String outTradeNo, long txamt, String goods) {
        Map<String, String> fields = payment(outTradeNo, txamt);
        fields.put("goods_name", goods);
        return fields;
    }
}

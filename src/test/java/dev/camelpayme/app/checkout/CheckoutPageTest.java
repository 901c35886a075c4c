package dev.camelpayme.app.checkout;

import dev.camelpayme.app.payment.OutcomeStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The page's HTML for values the intake would refuse today: escaped whatever a stored order holds. */
class CheckoutPageTest {

    private static final String NONCE = "bm9uY2U=";

    @Test
    void everyValueOfTheOrderIsEscaped() {
        CheckoutOrder order = new CheckoutOrder(OutcomeStatus.CREATED,
                "https://pay.example/x?a=1&b=\"><script>alert(1)</script>", "2500", "HKD",
                "<img src=x onerror=alert(1)>&'\"", "805812", "https://shop.example/back?a=1&b=\"x\"");
        String html = CheckoutPage.render(order, "<b>Shop</b>", "./tok/status", NONCE, 3000);
        assertThat(html).contains("<p class=\"goods\">&lt;img src=x onerror=alert(1)&gt;&amp;&#39;&quot;</p>")
                .contains("<h1>&lt;b&gt;Shop&lt;/b&gt;</h1>")
                .contains("href=\"https://pay.example/x?a=1&amp;b=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"")
                .contains("data-return-url=\"https://shop.example/back?a=1&amp;b=&quot;x&quot;\"")
                .doesNotContain("<img").doesNotContain("<b>").doesNotContain("<script>alert");
        assertThat(html.split("<script", -1)).hasSize(2);
    }

    @Test
    void aPayUrlOrReturnUrlThatIsNoWebAddressBecomesNeitherALinkNorARedirect() {
        CheckoutOrder order = new CheckoutOrder(OutcomeStatus.CREATED, "javascript:alert(1)", "2500", "HKD", "Tea",
                "805812", "javascript:alert(2)");
        String html = CheckoutPage.render(order, "Shop", "./tok/status", NONCE, 3000);
        assertThat(html).doesNotContain("javascript:").doesNotContain("pay-link").contains("data-return-url=\"\"");
    }

    @Test
    void minorUnitsAreShownInTheCurrencysMajorUnit() {
        assertThat(order("2500", "HKD").amount()).isEqualTo("HK$25.00");
        assertThat(order("1", "HKD").amount()).isEqualTo("HK$0.01");
        assertThat(order("2500", null).amount()).isEqualTo("HK$25.00");
        assertThat(order("2500", "JPY").amount()).isEqualTo("JP¥2500");
    }

    @Test
    void aFinalStatusShowsNoQrCode() {
        for (OutcomeStatus status : new OutcomeStatus[] { OutcomeStatus.PAID, OutcomeStatus.EXPIRED }) {
            CheckoutOrder order = new CheckoutOrder(status, "https://pay.example/x", "2500", "HKD", "Tea", "805814",
                    null);
            String html = CheckoutPage.render(order, "Shop", "./tok/status", NONCE, 3000);
            assertThat(html).doesNotContain("<svg").contains("data-status=\"" + status.name() + "\">"
                    + CheckoutMessages.of(status) + "</p>");
        }
    }

    private static CheckoutOrder order(String txamt, String currency) {
        return new CheckoutOrder(OutcomeStatus.CREATED, "https://pay.example/x", txamt, currency, "Tea", "805814", null);
    }
}

package dev.camelpayme.component;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.camelpayme.component.PaymeValidationException.Violation;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.camelpayme.component.PaymeSignerTest.KEY;
import static dev.camelpayme.component.PaymeTestSupport.FIXED_NOW;
import static dev.camelpayme.component.PaymeTestSupport.attempt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The merchant decides the merchant's fields: notify_url only from the configuration, a caller's mchid only from the
 * allowed ones, a caller's return_url only under an allowed prefix, compared after parsing so look-alike URLs fail.
 */
class MerchantFieldsTest {

    /** Allows return URLs anywhere on shop.example.com, and under /shop/paid on pay.example.com. */
    static final String MERCHANT = "payme:payment";
    /** No merchant-field options at all: the defaults. */
    static final String DEFAULTS = "payme:payment?allowedMchids=&allowedReturnUrlPrefixes=&notifyUrl=";
    static final String NOTIFY_URL = "https://merchant.example.com/payme/notify";

    static CamelContext context;
    static ProducerTemplate template;

    @BeforeAll
    static void startContext() {
        context = new DefaultCamelContext();
        PaymeComponent payme = new PaymeComponent();
        PaymeConfiguration configuration = payme.getConfiguration();
        configuration.setAppCode("APP");
        configuration.setClientKey(KEY);
        configuration.setClock(Clock.fixed(FIXED_NOW, ZoneOffset.UTC));
        configuration.setMchid("Own1");
        configuration.setAllowedMchids("Sub1, Sub2");
        configuration.setAllowedReturnUrlPrefixes("https://shop.example.com/, https://pay.example.com/shop/paid");
        configuration.setNotifyUrl(NOTIFY_URL);
        context.addComponent("payme", payme);
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterAll
    static void stopContext() {
        context.stop();
    }

    static String order(String extra) {
        return "{\"order_id\":\"ORDER-1\",\"txamt\":300," + extra + "}";
    }

    /** The request was refused naming the field with the rule, and nothing was signed. */
    static void assertRefused(String uri, Object body, String field, String rule) {
        Exchange exchange = attempt(template, uri, body, Map.of());
        PaymeValidationException e = assertInstanceOf(PaymeValidationException.class, exchange.getException(),
                () -> "accepted: " + body);
        assertTrue(e.getViolations().contains(new Violation(field, rule)), () -> e.getViolations().toString());
        assertNull(exchange.getMessage().getHeader(PaymeConstants.SIGN), "signed although refused");
    }

    static Map<?, ?> sentFields(String uri, Object body) {
        Exchange exchange = attempt(template, uri, body, Map.of());
        assertNull(exchange.getException(), () -> "refused: " + exchange.getException());
        return exchange.getMessage().getHeader(PaymeConstants.REQUEST_FIELDS, Map.class);
    }

    // ---- notify_url

    @ParameterizedTest(name = "notify_url {0}")
    @ValueSource(strings = { NOTIFY_URL, "https://evil.example/steal", "javascript:alert(1)", "x" })
    void notifyUrlInAnOrderIsRefusedWhateverItHolds(String notifyUrl) {
        assertRefused(MERCHANT, order("\"notify_url\":\"" + notifyUrl + "\""), "notify_url",
                PaymentHandler.NOTIFY_URL_RULE);
        assertRefused(DEFAULTS, order("\"notify_url\":\"" + notifyUrl + "\""), "notify_url",
                PaymentHandler.NOTIFY_URL_RULE);
    }

    @Test
    void notifyUrlIsRefusedFromEveryBodyType() {
        PaymentOrder typed = new PaymentOrder("ORDER-1", 300);
        typed.setNotifyUrl("https://evil.example/n");
        Map<String, Object> map = new LinkedHashMap<>(Map.of("order_id", "ORDER-1", "txamt", 300));
        map.put("notify_url", List.of("https://evil.example/n"));

        assertRefused(MERCHANT, typed, "notify_url", PaymentHandler.NOTIFY_URL_RULE);
        assertRefused(MERCHANT, map, "notify_url", PaymentHandler.NOTIFY_URL_RULE);
        assertRefused(MERCHANT, order("\"notify_url\":42").getBytes(), "notify_url", PaymentHandler.NOTIFY_URL_RULE);
    }

    @Test
    void configuredNotifyUrlIsSentAndSignedWithEveryPayment() throws Exception {
        Exchange exchange = attempt(template, MERCHANT, order("\"goods_name\":\"Tea\""), Map.of());

        Map<?, ?> fields = exchange.getMessage().getHeader(PaymeConstants.REQUEST_FIELDS, Map.class);
        assertEquals(NOTIFY_URL, fields.get("notify_url"));
        assertTrue(exchange.getMessage().getBody(String.class)
                .contains("notify_url=https%3A%2F%2Fmerchant.example.com%2Fpayme%2Fnotify"));
        Map<String, String> signed = new TreeMap<>();
        fields.forEach((k, v) -> signed.put((String) k, (String) v));
        assertEquals(PaymeSignerTest.hash("MD5", PaymeSigner.canonical(signed) + KEY),
                exchange.getMessage().getHeader(PaymeConstants.SIGN));
    }

    @Test
    void noNotifyUrlIsSentWhenNoneIsConfigured() {
        Map<?, ?> fields = sentFields(DEFAULTS, order("\"goods_name\":\"Tea\""));

        assertFalse(fields.containsKey("notify_url"));
    }

    @Test
    void notifyUrlIsNeverSentWithQueriesOrRefunds() {
        assertFalse(sentFields("payme:query", "{\"syssn\":\"1\"}").containsKey("notify_url"));
        assertFalse(sentFields("payme:refund", "{\"syssn\":\"1\",\"txamt\":1,\"refund_id\":\"R\"}")
                .containsKey("notify_url"));
    }

    // ---- mchid

    @ParameterizedTest(name = "allowed mchid {0}")
    @ValueSource(strings = { "Sub1", "Sub2" })
    void allowedMchidFromTheOrderIsSentInsteadOfTheConfiguredOne(String mchid) {
        assertEquals(mchid, sentFields(MERCHANT, order("\"mchid\":\"" + mchid + "\"")).get("mchid"));
    }

    @ParameterizedTest(name = "foreign mchid {0}")
    @ValueSource(strings = { "Sub3", "sub1", "Sub", "Sub12", "Own1" })
    void mchidOutsideTheAllowListIsRefused(String mchid) {
        assertRefused(MERCHANT, order("\"mchid\":\"" + mchid + "\""), "mchid", SigningHandler.MCHID_NOT_ALLOWED_RULE);
    }

    @Test
    void withoutAnAllowListEveryMchidFromARequestIsRefused() {
        assertRefused(DEFAULTS, order("\"mchid\":\"Sub1\""), "mchid", SigningHandler.NO_MCHID_RULE);
        assertRefused("payme:query", "{\"syssn\":\"1\",\"mchid\":\"Sub9\"}", "mchid",
                SigningHandler.MCHID_NOT_ALLOWED_RULE);
        assertRefused("payme:refund?allowedMchids=", "{\"syssn\":\"1\",\"txamt\":1,\"refund_id\":\"R\",\"mchid\":\"Sub1\"}",
                "mchid", SigningHandler.NO_MCHID_RULE);
    }

    @Test
    void configuredMchidIsStillSentWhenTheOrderGivesNone() {
        assertEquals("Own1", sentFields(DEFAULTS, order("\"goods_name\":\"Tea\"")).get("mchid"));
        assertEquals("Own1", sentFields(MERCHANT, order("\"goods_name\":\"Tea\"")).get("mchid"));
    }

    // ---- return_url

    static Stream<String> returnUrlsUnderAnAllowedPrefix() {
        return Stream.of(
                "https://shop.example.com/",
                "https://shop.example.com",
                "https://shop.example.com/return?id=1&x=y=z",
                "https://shop.example.com/a/../b",
                "HTTPS://Shop.Example.COM/x",
                "https://shop.example.com:443/x",
                "https://shop.example.com/x#top",
                "https://pay.example.com/shop/paid",
                "https://pay.example.com/shop/paid/",
                "https://pay.example.com/shop/paid/123?ok=1",
                "https://pay.example.com/shop/paid?ok=1",
                "https://pay.example.com/shop/paid/./123");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("returnUrlsUnderAnAllowedPrefix")
    void returnUrlUnderAnAllowedPrefixIsSentAsGiven(String returnUrl) {
        assertEquals(returnUrl, sentFields(MERCHANT, order("\"return_url\":\"" + returnUrl + "\"")).get("return_url"));
    }

    static Stream<String> returnUrlsElsewhere() {
        return Stream.of(
                "https://shop.example.com.evil.example/",
                "https://shop.example.com@evil.example/",
                "https://shop.example.com:443@evil.example/",
                "https://user:password@shop.example.com/",
                "https://evil.example/https://shop.example.com/",
                "https://evil.example/?next=https://shop.example.com/",
                "https://evil.example#https://shop.example.com/",
                "http://shop.example.com/",
                "https://shop.example.com:8443/",
                "https://xshop.example.com/",
                "https://shop.example.com./",
                "https://sub.shop.example.com/",
                "https://pay.example.com/shop/paidx",
                "https://pay.example.com/shop/paid.evil",
                "https://pay.example.com/shop/",
                "https://pay.example.com/Shop/paid",
                "https://pay.example.com/shop/paid/../../admin",
                "https://pay.example.com/shop/paid/%2e%2e/admin",
                "https://pay.example.com/shop/paid/%2E%2E/%2e%2e/admin",
                "https://pay.example.com/shop/paid%2f..%2f..%2fadmin",
                "https://pay.example.com/",
                "https://pay.example.com:444/shop/paid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("returnUrlsElsewhere")
    void returnUrlOutsideEveryAllowedPrefixIsRefused(String returnUrl) {
        assertRefused(MERCHANT, order("\"return_url\":\"" + returnUrl + "\""), "return_url",
                PaymentHandler.RETURN_URL_PREFIX_RULE);
    }

    @Test
    void withoutPrefixesEveryReturnUrlIsRefused() {
        assertRefused(DEFAULTS, order("\"return_url\":\"https://shop.example.com/\""), "return_url",
                PaymentHandler.NO_RETURN_URL_RULE);
    }

    @Test
    void malformedReturnUrlIsStillRefusedByItsOwnRule() {
        assertRefused(MERCHANT, order("\"return_url\":\"https://shop.example.com\\\\@evil.example/\""), "return_url",
                "must be an absolute http or https URL of at most 512 characters");
    }

    // ---- together

    @Test
    void everyCallerChosenMerchantFieldIsNamedInOneRefusal() {
        Exchange exchange = attempt(template, MERCHANT, order("\"mchid\":\"Other\",\"notify_url\":\"https://evil.example/\","
                + "\"return_url\":\"https://evil.example/\""), Map.of());

        PaymeValidationException e = assertInstanceOf(PaymeValidationException.class, exchange.getException());
        assertEquals(List.of(new Violation("mchid", SigningHandler.MCHID_NOT_ALLOWED_RULE),
                new Violation("return_url", PaymentHandler.RETURN_URL_PREFIX_RULE),
                new Violation("notify_url", PaymentHandler.NOTIFY_URL_RULE)), e.getViolations());
    }

    @Test
    void violationListStaysCappedWithMerchantFieldsAmongThousandsOfProblems() {
        StringBuilder order = new StringBuilder("{\"order_id\":\"A\",\"txamt\":1,\"notify_url\":\"https://evil.example/\"");
        for (int i = 0; i < 10_000; i++) {
            order.append(",\"f").append(i).append("\":1");
        }
        Exchange exchange = attempt(template, MERCHANT, order.append('}').toString(), Map.of());

        PaymeValidationException e = assertInstanceOf(PaymeValidationException.class, exchange.getException());
        assertEquals(RequestChecks.MAX_VIOLATIONS + 1, e.getViolations().size());
        assertEquals(new Violation("body", "has 9981 more problems that are not listed"), e.getViolations().get(20));
        assertTrue(e.getMessage().length() < 2_000, () -> "message of " + e.getMessage().length() + " characters");
    }
}

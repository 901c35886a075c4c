package dev.camelpayme.component;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.camelpayme.component.PaymeValidationException.Violation;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.camelpayme.component.PaymeSignerTest.KEY;
import static dev.camelpayme.component.PaymeSignerTest.hash;
import static dev.camelpayme.component.PaymeTestSupport.attempt;
import static dev.camelpayme.component.PaymeTestSupport.startedContextWithFixedClock;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One case per validation rule: the exception names the field and the rule, and nothing is signed or emitted. The
 * endpoints run in one shared context, with no routes, to keep the many cases fast.
 */
class RequestValidationTest {

    static final String PAYMENT = "payme:payment";
    static final String WAP_PAYMENT = "payme:payment?payType=805812";
    static final String QUERY = "payme:query";
    static final String REFUND = "payme:refund";
    static final String SIGN = "payme:sign";
    static final String NOTIFICATION = "payme:notification";

    static final String ID_RULE = "must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'";
    static final String OUT_TRADE_NO_RULE = "must be 1 to 128 characters of A-Z, a-z, 0-9, '.', '_' or '-'";
    static final String AMOUNT = "must be a whole number of cents, for example 2500 for HK$25.00 (at most 11 digits)";
    static final String CURRENCY = "must be one of HKD, CNY, USD, EUR, SGD, MYR, THB, JPY, IDR, MMK, AED, CAD, AUD";
    static final String PAY_TYPE = "must be one of 805814 (web), 805812 (WAP)";
    static final String DATE_TIME = "must be a real date and time in the format yyyy-MM-dd HH:mm:ss";
    static final String EXPIRED = "must be a whole number of minutes from 5 to 120";
    static final String GOODS = "must be at most 20 letters or digits (no spaces or punctuation) and at most 64 UTF-8 bytes";
    static final String MCHID = "must be 1 to 16 characters of A-Z, a-z, 0-9";
    static final String UDID = "must be at most 40 printable characters";
    static final String CONTROL = "must not contain control characters";
    static final String URL_512 = "must be an absolute http or https URL of at most 512 characters";
    static final String URL_255 = "must be an absolute http or https URL of at most 255 characters";
    static final String NOTIFY_URL = "must not be given: QFPay notifies the URL the merchant configured (option notifyUrl)";
    static final String NO_MCHID = "must not be given: no mchid may be chosen by a request (option allowedMchids)";
    static final String NO_RETURN_URL
            = "must not be given: no return URL prefixes are configured (option allowedReturnUrlPrefixes)";

    static CamelContext context;
    static ProducerTemplate template;

    @BeforeAll
    static void startContext() throws Exception {
        context = startedContextWithFixedClock();
        template = context.createProducerTemplate();
    }

    @AfterAll
    static void stopContext() {
        context.stop();
    }

    static String order(String extra) {
        return "{\"order_id\":\"ORDER-1\",\"txamt\":300" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static String repeat(String s, int n) {
        return s.repeat(n);
    }

    static Stream<Arguments> paymentRules() {
        String longUrl = "https://shop.example.com/" + repeat("a", 500);
        return Stream.of(
                Arguments.of("order_id missing", "{\"txamt\":300}", "order_id", "is required"),
                Arguments.of("order_id empty", "{\"order_id\":\"\",\"txamt\":300}", "order_id", "is required"),
                Arguments.of("order_id with space", "{\"order_id\":\"A 1\",\"txamt\":300}", "order_id", ID_RULE),
                Arguments.of("order_id with slash", "{\"order_id\":\"A/1\",\"txamt\":300}", "order_id", ID_RULE),
                Arguments.of("order_id of 65 characters", "{\"order_id\":\"" + repeat("a", 65) + "\",\"txamt\":300}",
                        "order_id", ID_RULE),
                Arguments.of("order_id as a number", "{\"order_id\":12,\"txamt\":300}", "order_id", "must be text"),
                Arguments.of("txamt missing", "{\"order_id\":\"A\"}", "txamt", "is required"),
                Arguments.of("txamt zero", "{\"order_id\":\"A\",\"txamt\":0}", "txamt", AMOUNT),
                Arguments.of("txamt negative", "{\"order_id\":\"A\",\"txamt\":-5}", "txamt", AMOUNT),
                Arguments.of("txamt decimal", "{\"order_id\":\"A\",\"txamt\":1.5}", "txamt", AMOUNT),
                Arguments.of("txamt 1.0", "{\"order_id\":\"A\",\"txamt\":1.0}", "txamt", AMOUNT),
                Arguments.of("txamt decimal string", "{\"order_id\":\"A\",\"txamt\":\"1.5\"}", "txamt", AMOUNT),
                Arguments.of("txamt of 12 digits", "{\"order_id\":\"A\",\"txamt\":100000000000}", "txamt", AMOUNT),
                Arguments.of("txamt boolean", "{\"order_id\":\"A\",\"txamt\":true}", "txamt", AMOUNT),
                Arguments.of("txamt with letters", "{\"order_id\":\"A\",\"txamt\":\"12a\"}", "txamt", AMOUNT),
                Arguments.of("txamt with sign", "{\"order_id\":\"A\",\"txamt\":\"+12\"}", "txamt", AMOUNT),
                Arguments.of("txamt with space", "{\"order_id\":\"A\",\"txamt\":\" 12\"}", "txamt", AMOUNT),
                Arguments.of("txamt exponent", "{\"order_id\":\"A\",\"txamt\":1e3}", "txamt", AMOUNT),
                Arguments.of("txcurrcd lower case", order("\"txcurrcd\":\"hkd\""), "txcurrcd", CURRENCY),
                Arguments.of("txcurrcd not in the list", order("\"txcurrcd\":\"GBP\""), "txcurrcd", CURRENCY),
                Arguments.of("txcurrcd too long", order("\"txcurrcd\":\"HKDD\""), "txcurrcd", CURRENCY),
                Arguments.of("pay_type in-store", order("\"pay_type\":\"805801\""), "pay_type", PAY_TYPE),
                Arguments.of("txdtm not a real date", order("\"txdtm\":\"2025-02-30 10:00:00\""), "txdtm", DATE_TIME),
                Arguments.of("txdtm ISO format", order("\"txdtm\":\"2025-01-01T12:00:00\""), "txdtm", DATE_TIME),
                Arguments.of("txdtm without padding", order("\"txdtm\":\"2025-1-1 12:00:00\""), "txdtm", DATE_TIME),
                Arguments.of("txdtm hour 24", order("\"txdtm\":\"2025-01-01 24:00:00\""), "txdtm", DATE_TIME),
                Arguments.of("expired_time below 5", order("\"expired_time\":4"), "expired_time", EXPIRED),
                Arguments.of("expired_time above 120", order("\"expired_time\":\"121\""), "expired_time", EXPIRED),
                Arguments.of("expired_time decimal", order("\"expired_time\":10.5"), "expired_time", EXPIRED),
                Arguments.of("expired_time text", order("\"expired_time\":\"ten\""), "expired_time", EXPIRED),
                Arguments.of("goods_name with space", order("\"goods_name\":\"Milk tea\""), "goods_name", GOODS),
                Arguments.of("goods_name with punctuation", order("\"goods_name\":\"Tea!\""), "goods_name", GOODS),
                Arguments.of("goods_name of 21 letters", order("\"goods_name\":\"" + repeat("a", 21) + "\""),
                        "goods_name", GOODS),
                Arguments.of("goods_name of 21 Chinese characters", order("\"goods_name\":\"" + repeat("茶", 21) + "\""),
                        "goods_name", GOODS),
                Arguments.of("goods_name over 64 UTF-8 bytes", order("\"goods_name\":\"" + repeat("\uD840\uDC00", 17) + "\""),
                        "goods_name", GOODS),
                Arguments.of("mchid with dash", order("\"mchid\":\"ab-c\""), "mchid", MCHID),
                Arguments.of("mchid of 17 characters", order("\"mchid\":\"" + repeat("a", 17) + "\""), "mchid", MCHID),
                Arguments.of("udid of 41 characters", order("\"udid\":\"" + repeat("d", 41) + "\""), "udid", UDID),
                Arguments.of("udid with invisible character", order("\"udid\":\"a\\u200Bb\""), "udid", UDID),
                Arguments.of("return_url ftp", order("\"return_url\":\"ftp://shop.example.com/r\""), "return_url", URL_512),
                Arguments.of("return_url relative", order("\"return_url\":\"/return\""), "return_url", URL_512),
                Arguments.of("return_url not a URL", order("\"return_url\":\"https://shop example.com\""), "return_url",
                        URL_512),
                Arguments.of("return_url without host", order("\"return_url\":\"https:///r\""), "return_url", URL_512),
                Arguments.of("return_url over 512 for web", order("\"return_url\":\"" + longUrl + "\""), "return_url",
                        URL_512),
                Arguments.of("return_url over 255 for WAP",
                        order("\"pay_type\":\"805812\",\"return_url\":\"https://shop.example.com/" + repeat("a", 240) + "\""),
                        "return_url", URL_255),
                Arguments.of("notify_url javascript", order("\"notify_url\":\"javascript:alert(1)\""), "notify_url", NOTIFY_URL),
                Arguments.of("notify_url over 255",
                        order("\"notify_url\":\"https://shop.example.com/" + repeat("n", 240) + "\""), "notify_url", NOTIFY_URL),
                Arguments.of("notify_url well-formed", order("\"notify_url\":\"https://shop.example.com/n\""), "notify_url",
                        NOTIFY_URL),
                Arguments.of("mchid well-formed", order("\"mchid\":\"Sub123\""), "mchid", NO_MCHID),
                Arguments.of("return_url well-formed", order("\"return_url\":\"https://shop.example.com/r\""), "return_url",
                        NO_RETURN_URL),
                Arguments.of("unknown field", order("\"amount\":300"), "amount", "is not a known payment field"),
                Arguments.of("out_trade_no in the body", order("\"out_trade_no\":\"X\""), "out_trade_no",
                        "is not a known payment field"),
                Arguments.of("key in the body", order("\"key\":\"x\""), "key", "is not a known payment field"),
                Arguments.of("tab in goods_name", order("\"goods_name\":\"a\\tb\""), "goods_name", CONTROL),
                Arguments.of("newline in udid", order("\"udid\":\"a\\nb\""), "udid", CONTROL),
                Arguments.of("NUL in order_id", "{\"order_id\":\"A\\u0000\",\"txamt\":1}", "order_id", CONTROL),
                Arguments.of("line separator in return_url", order("\"return_url\":\"https://a.example/\\u2028\""),
                        "return_url", CONTROL),
                Arguments.of("JSON array", "[1,2]", "body", "must be a JSON object"),
                Arguments.of("JSON string", "\"hello\"", "body", "must be a JSON object"),
                Arguments.of("malformed JSON", "{\"order_id\":", "body",
                        "must be well-formed JSON without repeated field names (problem at line 1, column 13)"),
                Arguments.of("trailing garbage", "{\"order_id\":\"A\",\"txamt\":1} x", "body",
                        "must be well-formed JSON without repeated field names (problem at line 1, column 29)"),
                Arguments.of("repeated field", "{\"order_id\":\"A\",\"txamt\":1,\"txamt\":2}", "body",
                        "must be well-formed JSON without repeated field names (problem at line 1, column 34)"),
                Arguments.of("empty body", "", "body", "must not be empty"),
                Arguments.of("blank body", "  \n", "body", "must not be empty"),
                Arguments.of("no body", null, "body", "must not be empty"),
                Arguments.of("invalid UTF-8", new byte[] { '{', (byte) 0xC3, '(', '}' }, "body", "must be valid UTF-8"),
                Arguments.of("empty bytes", new byte[0], "body", "must not be empty"));
    }

    @ParameterizedTest(name = "payment: {0}")
    @MethodSource("paymentRules")
    void paymentRuleIsEnforced(String name, Object body, String field, String rule) {
        assertRejected(PAYMENT, body, Map.of(), field, rule, "payment request");
    }

    @Test
    void wapReturnUrlLimitComesFromThePayTypeOption() {
        String order = order("\"return_url\":\"https://shop.example.com/" + repeat("a", 240) + "\"");
        assertRejected(WAP_PAYMENT, order, Map.of(), "return_url", URL_255, "payment request");
    }

    @Test
    void badOutTradeNoHeaderIsRejected() {
        assertRejected(PAYMENT, order(""), Map.of(PaymeConstants.OUT_TRADE_NO, "A 1"), "out_trade_no",
                OUT_TRADE_NO_RULE + " (header CamelPaymeOutTradeNo)", "payment request");
        assertRejected(PAYMENT, order(""), Map.of(PaymeConstants.OUT_TRADE_NO, repeat("a", 129)), "out_trade_no",
                OUT_TRADE_NO_RULE + " (header CamelPaymeOutTradeNo)", "payment request");
    }

    @Test
    void allViolationsAreReportedTogetherInOneMessage() {
        Exchange exchange = attempt(template, PAYMENT, "{\"txamt\":0,\"txcurrcd\":\"XYZ\",\"colour\":\"red\"}", Map.of());

        PaymeValidationException e = assertInstanceOf(PaymeValidationException.class, exchange.getException());
        assertEquals("Invalid PayMe payment request: colour is not a known payment field; order_id is required; "
                     + "txamt must be a whole number of cents, for example 2500 for HK$25.00 (at most 11 digits); txcurrcd " + CURRENCY,
                e.getMessage());
        assertEquals(List.of(new Violation("colour", "is not a known payment field"), new Violation("order_id", "is required"),
                new Violation("txamt", AMOUNT), new Violation("txcurrcd", CURRENCY)), e.getViolations());
    }

    @Test
    void boundaryValuesAreAccepted() {
        String order = "{\"order_id\":\"" + repeat("a", 64) + "\",\"txamt\":99999999999,\"expired_time\":\"120\","
                       + "\"goods_name\":\"" + repeat("茶", 20) + "\",\"mchid\":\"" + repeat("M", 16) + "\","
                       + "\"udid\":\"" + repeat("u", 40) + "\",\"return_url\":\"https://s.example/" + repeat("r", 494)
                       + "\",\"txdtm\":\"2024-02-29 23:59:59\",\"txcurrcd\":\"AUD\"}";

        Exchange exchange = attempt(template, PAYMENT + "?allowedMchids=" + repeat("M", 16)
                                              + "&allowedReturnUrlPrefixes=https://s.example/", order, Map.of());

        assertNull(exchange.getException());
        assertEquals("99999999999", exchange.getMessage().getHeader(PaymeConstants.TXAMT));
    }

    @Test
    void amountWithLeadingZerosIsSentAsItsDecimalString() {
        Exchange exchange = attempt(template, PAYMENT, "{\"order_id\":\"A\",\"txamt\":\"00300\"}", Map.of());

        assertEquals("300", exchange.getMessage().getHeader(PaymeConstants.TXAMT));
    }

    static Stream<Arguments> queryRules() {
        return Stream.of(
                Arguments.of("neither syssn nor out_trade_no", "{\"page\":1}", "out_trade_no",
                        "is required when neither syssn nor a start_time and end_time window is given"),
                Arguments.of("syssn with space", "{\"syssn\":\"1, 2\"}", "syssn",
                        "must be a comma-separated list of QFPay transaction numbers (letters and digits)"),
                Arguments.of("syssn as a number", "{\"syssn\":20250101000300020000000001}", "syssn", "must be text"),
                Arguments.of("out_trade_no with empty item", "{\"out_trade_no\":\"a,,b\"}", "out_trade_no",
                        "must be a comma-separated list of ids of 1 to 128 characters of A-Z, a-z, 0-9, '.', '_' or '-'"),
                Arguments.of("pay_type not PayMe", "{\"syssn\":\"1\",\"pay_type\":\"805814,800101\"}", "pay_type",
                        "must be a comma-separated list of 805814, 805812"),
                Arguments.of("respcd of 2 digits", "{\"syssn\":\"1\",\"respcd\":\"00\"}", "respcd", "must be 4 digits"),
                Arguments.of("page zero", "{\"syssn\":\"1\",\"page\":0}", "page", "must be a whole number from 1 to 99999999"),
                Arguments.of("page_size over 100", "{\"syssn\":\"1\",\"page_size\":101}", "page_size",
                        "must be a whole number from 1 to 100"),
                Arguments.of("start_time without end_time", "{\"syssn\":\"1\",\"start_time\":\"2025-01-01 00:00:00\"}",
                        "end_time", "is required when start_time is given"),
                Arguments.of("end_time without start_time", "{\"syssn\":\"1\",\"end_time\":\"2025-01-01 00:00:00\"}",
                        "start_time", "is required when end_time is given"),
                Arguments.of("window over two months",
                        "{\"syssn\":\"1\",\"start_time\":\"2025-01-31 00:00:00\",\"end_time\":\"2025-02-01 00:00:00\"}",
                        "end_time", "must be in the same calendar month as start_time"),
                Arguments.of("same month of another year",
                        "{\"syssn\":\"1\",\"start_time\":\"2024-01-10 00:00:00\",\"end_time\":\"2025-01-11 00:00:00\"}",
                        "end_time", "must be in the same calendar month as start_time"),
                Arguments.of("end before start",
                        "{\"syssn\":\"1\",\"start_time\":\"2025-01-10 00:00:00\",\"end_time\":\"2025-01-09 00:00:00\"}",
                        "end_time", "must not be before start_time"),
                Arguments.of("start_time badly formatted",
                        "{\"syssn\":\"1\",\"start_time\":\"2025/01/10 00:00:00\",\"end_time\":\"2025-01-11 00:00:00\"}",
                        "start_time", DATE_TIME),
                Arguments.of("mchid invalid", "{\"syssn\":\"1\",\"mchid\":\"a_b\"}", "mchid", MCHID),
                Arguments.of("unknown field", "{\"syssn\":\"1\",\"order_id\":\"A\"}", "order_id", "is not a known query field"));
    }

    @ParameterizedTest(name = "query: {0}")
    @MethodSource("queryRules")
    void queryRuleIsEnforced(String name, String body, String field, String rule) {
        assertRejected(QUERY, body, Map.of(), field, rule, "query request");
    }

    @Test
    void badOrderTimeHeaderIsRejectedForTheQueryWindow() {
        assertRejected(QUERY, "{\"out_trade_no\":\"A-1\"}", Map.of(PaymeConstants.TXDTM, "yesterday"),
                PaymeConstants.TXDTM, DATE_TIME, "query request");
    }

    static Stream<Arguments> refundRules() {
        return Stream.of(
                Arguments.of("syssn missing", "{\"txamt\":1,\"out_trade_no\":\"R-1\"}", "syssn", "is required"),
                Arguments.of("syssn with dash", "{\"syssn\":\"1-2\",\"txamt\":1,\"out_trade_no\":\"R-1\"}", "syssn",
                        "must be 1 to 128 letters or digits (the syssn of the original payment)"),
                Arguments.of("txamt missing", "{\"syssn\":\"1\",\"out_trade_no\":\"R-1\"}", "txamt", "is required"),
                Arguments.of("txamt decimal", "{\"syssn\":\"1\",\"txamt\":\"0.5\",\"out_trade_no\":\"R-1\"}", "txamt", AMOUNT),
                Arguments.of("neither out_trade_no nor refund_id", "{\"syssn\":\"1\",\"txamt\":1}", "out_trade_no",
                        "is required (or give refund_id to derive a fresh one)"),
                Arguments.of("refund_id invalid", "{\"syssn\":\"1\",\"txamt\":1,\"refund_id\":\"R 1\"}", "refund_id", ID_RULE),
                Arguments.of("out_trade_no of 129 characters",
                        "{\"syssn\":\"1\",\"txamt\":1,\"out_trade_no\":\"" + repeat("o", 129) + "\"}", "out_trade_no",
                        OUT_TRADE_NO_RULE),
                Arguments.of("txdtm invalid", "{\"syssn\":\"1\",\"txamt\":1,\"refund_id\":\"R\",\"txdtm\":\"2025-13-01 00:00:00\"}",
                        "txdtm", DATE_TIME),
                Arguments.of("udid too long",
                        "{\"syssn\":\"1\",\"txamt\":1,\"refund_id\":\"R\",\"udid\":\"" + repeat("u", 41) + "\"}", "udid", UDID),
                Arguments.of("unknown field", "{\"syssn\":\"1\",\"txamt\":1,\"refund_id\":\"R\",\"reason\":\"x\"}", "reason",
                        "is not a known refund field"));
    }

    @ParameterizedTest(name = "refund: {0}")
    @MethodSource("refundRules")
    void refundRuleIsEnforced(String name, String body, String field, String rule) {
        assertRejected(REFUND, body, Map.of(), field, rule, "refund request");
    }

    static Stream<Arguments> signRules() {
        return Stream.of(
                Arguments.of("no fields", "{}", "body", "must contain at least one non-empty form field"),
                Arguments.of("only empty fields", "{\"a\":\"\",\"b\":null}", "body",
                        "must contain at least one non-empty form field"),
                Arguments.of("key field", "{\"txamt\":1,\"key\":\"k\"}", "key",
                        "must not be sent: the client key never goes into a request"),
                Arguments.of("client_key field", "{\"txamt\":1,\"client_key\":\"k\"}", "client_key",
                        "must not be sent: the client key never goes into a request"),
                Arguments.of("array value", "{\"txamt\":[1]}", "txamt", "must be a single value, not a nested object or list"),
                Arguments.of("odd field name", "{\"tx amt\":1}", "tx amt",
                        "is not a valid field name (1 to 64 letters, digits or '_')"),
                Arguments.of("control character", "{\"note\":\"a\\rb\"}", "note", CONTROL),
                Arguments.of("not an object", "[{\"a\":1}]", "body", "must be a JSON object"));
    }

    @ParameterizedTest(name = "sign: {0}")
    @MethodSource("signRules")
    void signRuleIsEnforced(String name, String body, String field, String rule) {
        assertRejected(SIGN, body, Map.of(), field, rule, "sign request");
    }

    @Test
    void verifiedNotificationThatIsNotAnObjectIsRejected() throws Exception {
        String body = "[\"not\",\"an\",\"object\"]";
        Exchange exchange = attempt(template, NOTIFICATION, body, Map.of("X-QF-SIGN", hash("MD5", body + KEY)));

        PaymeValidationException e = assertInstanceOf(PaymeValidationException.class, exchange.getException());
        assertEquals("Invalid PayMe notification: body must be a JSON object", e.getMessage());
    }

    @Test
    void emptyNotificationIsRejected() throws Exception {
        Exchange exchange = attempt(template, NOTIFICATION, new byte[0], Map.of("X-QF-SIGN", hash("MD5", KEY)));

        PaymeValidationException e = assertInstanceOf(PaymeValidationException.class, exchange.getException());
        assertEquals("Invalid PayMe notification: body must not be empty", e.getMessage());
    }

    static void assertRejected(String uri, Object body, Map<String, Object> headers, String field, String rule,
                               String subject) {
        Exchange exchange = attempt(template, uri, body, headers);

        PaymeValidationException e = assertInstanceOf(PaymeValidationException.class, exchange.getException());
        assertTrue(e.getViolations().contains(new Violation(field, rule)),
                () -> "expected (" + field + ", " + rule + ") in " + e.getViolations());
        assertTrue(e.getMessage().startsWith("Invalid PayMe " + subject + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(PaymeValidationException.printable(field) + " " + rule), e.getMessage());
        assertFalse(e.getMessage().contains(KEY));
        // nothing signed or emitted
        assertNull(exchange.getMessage().getHeader("X-QF-SIGN"));
        assertNull(exchange.getMessage().getHeader(PaymeConstants.REQUEST_FIELDS));
        assertNull(exchange.getMessage().getHeader("X-QF-APPCODE"));
        if (body instanceof byte[] bytes) {
            assertArrayEquals(bytes, exchange.getMessage().getBody(byte[].class));
        } else {
            assertEquals(body, exchange.getMessage().getBody());
        }
    }

    @Test
    void invalidUtf8IsNotSilentlyReplaced() {
        byte[] latin1 = "{\"order_id\":\"A\",\"txamt\":1,\"goods_name\":\"Caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

        Exchange exchange = attempt(template, PAYMENT, latin1, Map.of());

        PaymeValidationException e = assertInstanceOf(PaymeValidationException.class, exchange.getException());
        assertEquals(List.of(new Violation("body", "must be valid UTF-8")), e.getViolations());
    }
}

package dev.camelpayme.component;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.camelpayme.component.PaymeSignerTest.KEY;
import static dev.camelpayme.component.PaymeSignerTest.N1_BODY;
import static dev.camelpayme.component.PaymeSignerTest.N1_SIGN;
import static dev.camelpayme.component.PaymeSignerTest.hash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The payme: endpoints in routes, with the component configured as an application would. */
class PaymeEndpointTest extends CamelTestSupport {

    /** 2025-01-01 04:00:00 UTC = 2025-01-01 12:00:00 in Hong Kong = 2024-12-31 23:00:00 in New York. */
    static final Instant NOW = Instant.parse("2025-01-01T04:00:00Z");
    static final String APP_CODE = "APPCODE0123456789";

    private static TimeZone originalZone;

    @BeforeAll
    static void runInAnotherZone() {
        // the component must use Hong Kong time whatever the JVM's zone is
        originalZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
    }

    @AfterAll
    static void restoreZone() {
        TimeZone.setDefault(originalZone);
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camelContext = super.createCamelContext();
        PaymeComponent payme = new PaymeComponent();
        payme.getConfiguration().setAppCode(APP_CODE);
        payme.getConfiguration().setClientKey(KEY);
        payme.getConfiguration().setClock(Clock.fixed(NOW, ZoneOffset.UTC));
        payme.getConfiguration().setAllowedReturnUrlPrefixes("https://shop.example.com/return");
        payme.getConfiguration().setAllowedMchids("Sub123");
        camelContext.addComponent("payme", payme);
        return camelContext;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:payment").to("payme:payment");
                from("direct:paymentSha256").to("payme:payment?signType=SHA256");
                from("direct:paymentWithMchid").to("payme:payment?mchid=ZaMVg12345");
                from("direct:query").to("payme:query");
                from("direct:queryNarrow").to("payme:query?queryWindowBefore=2h&queryWindowAfter=PT30M");
                from("direct:refund").to("payme:refund");
                from("direct:refundWithMchid").to("payme:refund?mchid=ZaMVg12345");
                from("direct:sign").to("payme:sign?clientKey=RAW(abcd1234)");
                from("direct:notification").to("payme:notification");
            }
        };
    }

    private Exchange send(String uri, Object body, Map<String, Object> headers) {
        Exchange exchange = template.request(uri, e -> {
            e.getMessage().setBody(body);
            headers.forEach(e.getMessage()::setHeader);
        });
        if (exchange.getException() != null) {
            throw new AssertionError("unexpected failure", exchange.getException());
        }
        return exchange;
    }

    // --- payment

    @Test
    void paymentReproducesReferenceVectorV3WithHongKongTimeFromTheClock() {
        String order = "{\"order_id\":\"ORDER-1\",\"txamt\":300,\"goods_name\":\"Test1\","
                       + "\"return_url\":\"https://shop.example.com/return?id=1&x=y\"}";

        Exchange out = send("direct:payment", order, Map.of(PaymeConstants.OUT_TRADE_NO, "ORDER20250101000001"));

        var message = out.getMessage();
        assertEquals("168E9066ED0699F4119B73AD5E3FD73B", message.getHeader("X-QF-SIGN"));
        assertEquals(APP_CODE, message.getHeader("X-QF-APPCODE"));
        assertNull(message.getHeader("X-QF-SIGNTYPE"));
        assertEquals("application/x-www-form-urlencoded; charset=UTF-8", message.getHeader(Exchange.CONTENT_TYPE));
        assertEquals("POST", message.getHeader(Exchange.HTTP_METHOD));
        assertEquals("goods_name=Test1&out_trade_no=ORDER20250101000001&pay_type=805814"
                     + "&return_url=https%3A%2F%2Fshop.example.com%2Freturn%3Fid%3D1%26x%3Dy&txamt=300&txcurrcd=HKD"
                     + "&txdtm=2025-01-01+12%3A00%3A00",
                message.getBody(String.class));
        assertInstanceOf(String.class, message.getBody());
        assertEquals("ORDER-1", message.getHeader(PaymeConstants.ORDER_ID));
        assertEquals("ORDER20250101000001", message.getHeader(PaymeConstants.OUT_TRADE_NO));
        assertEquals("300", message.getHeader(PaymeConstants.TXAMT));
        assertEquals("HKD", message.getHeader(PaymeConstants.TXCURRCD));
        assertEquals("805814", message.getHeader(PaymeConstants.PAY_TYPE));
        assertEquals("2025-01-01 12:00:00", message.getHeader(PaymeConstants.TXDTM));
        Map<?, ?> fields = message.getHeader(PaymeConstants.REQUEST_FIELDS, Map.class);
        assertEquals(Map.of("goods_name", "Test1", "out_trade_no", "ORDER20250101000001", "pay_type", "805814",
                "return_url", "https://shop.example.com/return?id=1&x=y", "txamt", "300", "txcurrcd", "HKD",
                "txdtm", "2025-01-01 12:00:00"), fields);
        assertFalse(fields.containsKey("order_id"));
        assertFalse(fields.containsKey("mchid"));
    }

    @Test
    void sha256EndpointSignsWithSha256AndSaysSo() {
        String order = "{\"order_id\":\"ORDER-1\",\"txamt\":\"300\",\"goods_name\":\"Test1\",\"txdtm\":\"2025-01-01 12:00:00\","
                       + "\"return_url\":\"https://shop.example.com/return?id=1&x=y\"}";

        Exchange out = send("direct:paymentSha256", order,
                Map.of(PaymeConstants.OUT_TRADE_NO, "ORDER20250101000001", "X-QF-SIGNTYPE", "stale"));

        assertEquals("78423384B45992206597038E2EE6B321E2C14FFFEB8803C257B34817CC4D88CA",
                out.getMessage().getHeader("X-QF-SIGN"));
        assertEquals("SHA256", out.getMessage().getHeader("X-QF-SIGNTYPE"));
    }

    @Test
    void md5EndpointRemovesAStaleSignTypeHeader() {
        Exchange out = send("direct:payment", "{\"order_id\":\"A\",\"txamt\":1}", Map.of("X-QF-SIGNTYPE", "SHA256"));

        assertNull(out.getMessage().getHeader("X-QF-SIGNTYPE"));
    }

    @Test
    void configuredMchidIsSentAndSignedReproducingV4() {
        String order = "{\"order_id\":\"ORDER-2\",\"txamt\":1500,\"pay_type\":\"805812\",\"goods_name\":\"測試商品\","
                       + "\"expired_time\":10}";

        Exchange out = send("direct:paymentWithMchid", order.getBytes(StandardCharsets.UTF_8),
                Map.of(PaymeConstants.OUT_TRADE_NO, "ORDER20250101000002"));

        assertEquals("4A1014D73E668153F949520AC5D866CA", out.getMessage().getHeader("X-QF-SIGN"));
        assertEquals("ZaMVg12345", out.getMessage().getHeader(PaymeConstants.REQUEST_FIELDS, Map.class).get("mchid"));
        assertTrue(out.getMessage().getBody(String.class).contains("&mchid=ZaMVg12345&"));
    }

    @Test
    void mchidIsNotSentWhenNotConfigured() {
        Exchange out = send("direct:payment", "{\"order_id\":\"A\",\"txamt\":1}", Map.of());

        assertFalse(out.getMessage().getHeader(PaymeConstants.REQUEST_FIELDS, Map.class).containsKey("mchid"));
        assertFalse(out.getMessage().getBody(String.class).contains("mchid"));
    }

    @Test
    void allowedMchidGivenInTheOrderIsSentWithoutAMchidOption() {
        Exchange out = send("direct:payment", "{\"order_id\":\"A\",\"txamt\":1,\"mchid\":\"Sub123\"}", Map.of());

        assertEquals("Sub123", out.getMessage().getHeader(PaymeConstants.REQUEST_FIELDS, Map.class).get("mchid"));
    }

    @Test
    void freshOutTradeNoIsDerivedFromTheOrderIdForEachAttempt() {
        Exchange first = send("direct:payment", "{\"order_id\":\"SHOP-42\",\"txamt\":1}", Map.of());
        Exchange second = send("direct:payment", "{\"order_id\":\"SHOP-42\",\"txamt\":1}", Map.of());

        String a = first.getMessage().getHeader(PaymeConstants.OUT_TRADE_NO, String.class);
        String b = second.getMessage().getHeader(PaymeConstants.OUT_TRADE_NO, String.class);
        assertTrue(a.matches("SHOP-42-" + Long.toString(NOW.toEpochMilli(), 36) + "[0-9a-z]{4}"), a);
        assertFalse(a.equals(b), "each attempt gets its own out_trade_no");
        assertEquals("SHOP-42", OutTradeNos.idOf(a));
        assertEquals(a, first.getMessage().getHeader(PaymeConstants.REQUEST_FIELDS, Map.class).get("out_trade_no"));
    }

    @Test
    void typedPaymentOrderIsAccepted() throws Exception {
        PaymentOrder order = new PaymentOrder("ORDER-3", 2500);
        order.setGoodsName("奶茶");
        order.setPayType("805812");
        order.setTxdtm("2025-02-03 04:05:06");

        Exchange out = send("direct:payment", order, Map.of(PaymeConstants.OUT_TRADE_NO, "OTN-3"));

        String expected = hash("MD5", "goods_name=奶茶&out_trade_no=OTN-3&pay_type=805812&txamt=2500&txcurrcd=HKD"
                                      + "&txdtm=2025-02-03 04:05:06" + KEY);
        assertEquals(expected, out.getMessage().getHeader("X-QF-SIGN"));
        assertEquals("805812", out.getMessage().getHeader(PaymeConstants.PAY_TYPE));
    }

    @Test
    void mapAndStreamBodiesAreAccepted() {
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("order_id", "A");
        order.put("txamt", 100L);
        order.put("udid", null);
        Exchange fromMap = send("direct:payment", order, Map.of(PaymeConstants.OUT_TRADE_NO, "X1"));
        Exchange fromStream = send("direct:payment",
                new ByteArrayInputStream("{\"order_id\":\"A\",\"txamt\":\"100\"}".getBytes(StandardCharsets.UTF_8)),
                Map.of(PaymeConstants.OUT_TRADE_NO, "X1"));

        assertEquals(fromMap.getMessage().getHeader("X-QF-SIGN"), fromStream.getMessage().getHeader("X-QF-SIGN"));
    }

    // --- query

    @Test
    void queryBySyssnWithAWindowReproducesV5() {
        String query = "{\"syssn\":\"20250101000300020000000001\",\"start_time\":\"2025-01-01 00:00:00\","
                       + "\"end_time\":\"2025-01-31 23:59:59\"}";

        Exchange out = send("direct:query", query, Map.of());

        assertEquals("691D5DBD5D068925B5AC62021AC2E3EC", out.getMessage().getHeader("X-QF-SIGN"));
        assertEquals(APP_CODE, out.getMessage().getHeader("X-QF-APPCODE"));
    }

    @Test
    void queryBySyssnAloneGetsNoWindow() {
        Exchange out = send("direct:query", "{\"syssn\":\"20250101000300020000000001\"}", Map.of());

        assertEquals(Map.of("syssn", "20250101000300020000000001"),
                out.getMessage().getHeader(PaymeConstants.REQUEST_FIELDS, Map.class));
    }

    @Test
    void queryByAWindowAloneListsThatWindowPageByPage() {
        Exchange out = send("direct:query", "{\"start_time\":\"2026-12-01 00:00:00\",\"end_time\":"
                + "\"2026-12-01 23:59:59\",\"page\":2,\"page_size\":100}", Map.of());

        assertNull(out.getException());
        assertEquals(Map.of("start_time", "2026-12-01 00:00:00", "end_time", "2026-12-01 23:59:59", "page", "2",
                "page_size", "100"), out.getMessage().getHeader(PaymeConstants.REQUEST_FIELDS, Map.class));
        assertNull(out.getMessage().getHeader(PaymeConstants.QUERY_SECOND_WINDOW));
    }

    @Test
    void queryByOutTradeNoGetsAWindowAroundTheOrderTime() {
        Map<?, ?> fields = queryFields("direct:query", "2025-01-15 10:00:00");

        assertEquals("2025-01-15 09:00:00", fields.get("start_time"));
        assertEquals("2025-01-16 10:00:00", fields.get("end_time"));
    }

    @Test
    void queryWindowIsClippedToTheEndOfTheOrdersMonth() {
        Map<?, ?> fields = queryFields("direct:query", "2025-01-31 23:30:00");

        assertEquals("2025-01-31 22:30:00", fields.get("start_time"));
        assertEquals("2025-01-31 23:59:59", fields.get("end_time"));
    }

    @Test
    void queryWindowIsClippedToTheStartOfTheOrdersMonth() {
        Map<?, ?> fields = queryFields("direct:query", "2025-03-01 00:20:00");

        assertEquals("2025-03-01 00:00:00", fields.get("start_time"));
        assertEquals("2025-03-02 00:20:00", fields.get("end_time"));
    }

    @Test
    void queryWindowInALeapYearFebruaryEndsOnThe29th() {
        Map<?, ?> fields = queryFields("direct:query", "2024-02-29 12:00:00");

        assertEquals("2024-02-29 23:59:59", fields.get("end_time"));
    }

    @Test
    void queryWindowWithoutOrderTimeIsAroundNowInHongKong() {
        Map<?, ?> fields = queryFields("direct:query", null);

        assertEquals("2025-01-01 11:00:00", fields.get("start_time"));
        assertEquals("2025-01-02 12:00:00", fields.get("end_time"));
    }

    @Test
    void queryWindowSizeIsConfigurable() {
        Map<?, ?> fields = queryFields("direct:queryNarrow", "2025-01-15 10:00:00");

        assertEquals("2025-01-15 08:00:00", fields.get("start_time"));
        assertEquals("2025-01-15 10:30:00", fields.get("end_time"));
    }

    @Test
    void queryWithAnExplicitWindowKeepsIt() throws Exception {
        String query = "{\"out_trade_no\":\"A-1,A-2\",\"start_time\":\"2025-01-10 00:00:00\","
                       + "\"end_time\":\"2025-01-11 00:00:00\",\"page\":2,\"page_size\":\"100\"}";

        Exchange out = send("direct:query", query, Map.of(PaymeConstants.TXDTM, "2025-01-15 10:00:00"));

        String expected = hash("MD5", "end_time=2025-01-11 00:00:00&out_trade_no=A-1,A-2&page=2&page_size=100"
                                      + "&start_time=2025-01-10 00:00:00" + KEY);
        assertEquals(expected, out.getMessage().getHeader("X-QF-SIGN"));
    }

    private Map<?, ?> queryFields(String uri, String txdtm) {
        Map<String, Object> headers = txdtm == null ? Map.of() : Map.of(PaymeConstants.TXDTM, txdtm);
        Exchange out = send(uri, "{\"out_trade_no\":\"ORDER-1-abc\"}", headers);
        Map<?, ?> fields = out.getMessage().getHeader(PaymeConstants.REQUEST_FIELDS, Map.class);
        assertEquals("ORDER-1-abc", fields.get("out_trade_no"));
        return fields;
    }

    // --- refund

    @Test
    void refundReproducesV6() {
        String refund = "{\"syssn\":\"20250101000300020000000001\",\"out_trade_no\":\"REFUND20250102000001\","
                        + "\"txamt\":300,\"txdtm\":\"2025-01-02 09:30:00\"}";

        Exchange out = send("direct:refund", refund, Map.of());

        var message = out.getMessage();
        assertEquals("E7D8E4D423635CDD4AD6BC11135BCC77", message.getHeader("X-QF-SIGN"));
        assertEquals("REFUND20250102000001", message.getHeader(PaymeConstants.OUT_TRADE_NO));
        assertEquals("300", message.getHeader(PaymeConstants.TXAMT));
        assertEquals("20250101000300020000000001", message.getHeader(PaymeConstants.SYSSN));
        assertEquals("out_trade_no=REFUND20250102000001&syssn=20250101000300020000000001&txamt=300"
                     + "&txdtm=2025-01-02+09%3A30%3A00", message.getBody());
    }

    @Test
    void refundDerivesItsOutTradeNoFromRefundIdAndFillsHongKongTime() {
        Exchange out = send("direct:refundWithMchid",
                "{\"syssn\":\"20250101000300020000000001\",\"refund_id\":\"RF-9\",\"txamt\":\"150\"}", Map.of());

        Map<?, ?> fields = out.getMessage().getHeader(PaymeConstants.REQUEST_FIELDS, Map.class);
        assertEquals("RF-9", OutTradeNos.idOf((String) fields.get("out_trade_no")));
        assertEquals("2025-01-01 12:00:00", fields.get("txdtm"));
        assertEquals("ZaMVg12345", fields.get("mchid"));
        assertFalse(fields.containsKey("refund_id"));
    }

    @Test
    void refundOutTradeNoHeaderWins() {
        Exchange out = send("direct:refund",
                "{\"syssn\":\"20250101000300020000000001\",\"refund_id\":\"RF-9\",\"txamt\":\"150\"}",
                Map.of(PaymeConstants.OUT_TRADE_NO, "RF-9-fixed"));

        assertEquals("RF-9-fixed", out.getMessage().getHeader(PaymeConstants.OUT_TRADE_NO));
    }

    // --- sign

    @Test
    void signSignsArbitraryFlatFieldsReproducingV1() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("txcurrcd", "HKD");
        body.put("txamt", 100);
        body.put("mchid", "ZaMVg12345");
        body.put("note", "");

        Exchange out = send("direct:sign", body, Map.of());

        assertEquals("3CB3AA9C21D818AB4CAFAA8FA3FEACF4", out.getMessage().getHeader("X-QF-SIGN"));
        assertEquals("mchid=ZaMVg12345&txamt=100&txcurrcd=HKD", out.getMessage().getBody());
    }

    @Test
    void signRejectsNestedValues() {
        Exchange out = template.request("direct:sign", e -> e.getMessage().setBody("{\"a\":{\"b\":1},\"c\":[1]}"));

        PaymeValidationException e = assertInstanceOf(PaymeValidationException.class, out.getException());
        assertEquals("Invalid PayMe sign request: a must be a single value, not a nested object or list; "
                     + "c must be a single value, not a nested object or list", e.getMessage());
        assertNull(out.getMessage().getHeader("X-QF-SIGN"));
    }

    // --- notification

    @Test
    void validNotificationIsParsed() {
        Exchange out = send("direct:notification", N1_BODY.getBytes(StandardCharsets.UTF_8),
                Map.of("X-QF-SIGN", N1_SIGN));

        Map<?, ?> body = out.getMessage().getBody(Map.class);
        assertEquals("300", body.get("txamt"));
        assertEquals("", body.get("goods_name"));
        assertEquals("payment", out.getMessage().getHeader(PaymeConstants.NOTIFY_TYPE));
        assertEquals("20250101000300020000000001", out.getMessage().getHeader(PaymeConstants.SYSSN));
        assertEquals("ORDER20250101000001", out.getMessage().getHeader(PaymeConstants.OUT_TRADE_NO));
    }

    @Test
    void notificationAsStreamWithLowerCaseSignatureVerifies() {
        Exchange out = send("direct:notification",
                new ByteArrayInputStream(N1_BODY.getBytes(StandardCharsets.UTF_8)),
                Map.of("x-qf-sign", N1_SIGN.toLowerCase()));

        assertEquals("payment", out.getMessage().getHeader(PaymeConstants.NOTIFY_TYPE));
    }

    @Test
    void notificationWithUnknownFieldsIsAccepted() throws Exception {
        String body = "{\"notify_type\":\"refund\",\"syssn\":\"1\",\"brand_new_field\":{\"x\":1}}";

        Exchange out = send("direct:notification", body, Map.of("X-QF-SIGN", hash("MD5", body + KEY)));

        assertEquals("refund", out.getMessage().getHeader(PaymeConstants.NOTIFY_TYPE));
        assertNull(out.getMessage().getHeader(PaymeConstants.OUT_TRADE_NO));
    }

    @Test
    void tamperedNotificationIsRejected() {
        String tampered = N1_BODY.replace("\"txamt\": \"300\"", "\"txamt\": \"30000\"");

        Exchange out = template.request("direct:notification", e -> {
            e.getMessage().setBody(tampered);
            e.getMessage().setHeader("X-QF-SIGN", N1_SIGN);
        });

        PaymeSignatureException e = assertInstanceOf(PaymeSignatureException.class, out.getException());
        assertEquals("X-QF-SIGN does not match the notification body", e.getMessage());
        assertNull(out.getMessage().getHeader(PaymeConstants.NOTIFY_TYPE));
    }

    @Test
    void notificationWithoutSignatureIsRejected() {
        Exchange out = template.request("direct:notification", e -> e.getMessage().setBody(N1_BODY));

        PaymeSignatureException e = assertInstanceOf(PaymeSignatureException.class, out.getException());
        assertTrue(e.getMessage().startsWith("X-QF-SIGN is missing"));
    }

    @Test
    void reserialisedNotificationIsRejected() {
        String compact = N1_BODY.replace("\", \"", "\",\"").replace("\": \"", "\":\"");

        Exchange out = template.request("direct:notification", e -> {
            e.getMessage().setBody(compact);
            e.getMessage().setHeader("X-QF-SIGN", N1_SIGN);
        });

        assertNotNull(out.getException());
        assertInstanceOf(PaymeSignatureException.class, out.getException());
    }
}

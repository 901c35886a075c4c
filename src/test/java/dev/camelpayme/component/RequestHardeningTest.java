package dev.camelpayme.component;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.camelpayme.component.PaymeSignerTest.KEY;
import static dev.camelpayme.component.PaymeSignerTest.hash;
import static dev.camelpayme.component.PaymeTestSupport.attempt;
import static dev.camelpayme.component.PaymeTestSupport.startedContextWithFixedClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input of every kind gets a {@link PaymeValidationException} whose violations each name a field and a rule, and
 * nothing else: no other exception, no crash, nothing signed, never the client key.
 */
class RequestHardeningTest {

    static final String PAYMENT = "payme:payment";
    static final String QUERY = "payme:query";
    static final String REFUND = "payme:refund";
    static final String SIGN = "payme:sign";
    static final String NOTIFICATION = "payme:notification";
    static final List<String> SIGNING = List.of(PAYMENT, QUERY, REFUND, SIGN);

    static final String AMOUNT = RequestChecks.AMOUNT_RULE;
    static final String CONTROL = RequestChecks.CONTROL_RULE;
    static final String NOT_OBJECT = "must be a JSON object";
    static final String EMPTY = "must not be empty";
    static final String TOO_LARGE = "must not be larger than 1048576 bytes";
    static final String UTF8 = "must be valid UTF-8";
    static final String DEPTH = "must not nest arrays or objects more than 64 levels deep";
    static final int TEN_MB = 10 * 1024 * 1024;

    static CamelContext context;
    static ProducerTemplate template;

    @TempDir
    Path dir;

    @BeforeAll
    static void startContext() throws Exception {
        context = startedContextWithFixedClock();
        template = context.createProducerTemplate();
    }

    @AfterAll
    static void stopContext() {
        context.stop();
    }

    /** The request was refused with a well-formed validation exception, and nothing was signed. */
    static PaymeValidationException rejected(String uri, Object body) {
        return rejected(uri, body, Map.of());
    }

    static PaymeValidationException rejected(String uri, Object body, Map<String, Object> headers) {
        Exchange exchange = attempt(template, uri, body, headers);
        PaymeValidationException e = assertInstanceOf(PaymeValidationException.class, exchange.getException(),
                () -> uri + " did not refuse the input with a validation exception");
        assertFalse(e.getViolations().isEmpty());
        for (Violation v : e.getViolations()) {
            assertTrue(v.field() != null && !v.field().isBlank(), () -> "violation without a field: " + v);
            assertTrue(v.rule() != null && !v.rule().isBlank(), () -> "violation without a rule: " + v);
            assertFalse(v.field().contains(KEY) || v.rule().contains(KEY), "the client key is in a violation");
        }
        assertFalse(e.getMessage().contains(KEY), "the client key is in the message");
        assertTrue(e.getMessage().length() < 8_000, () -> "message of " + e.getMessage().length() + " characters");
        if (!uri.equals(NOTIFICATION)) {
            assertNull(exchange.getMessage().getHeader("X-QF-SIGN"));
        }
        assertNull(exchange.getMessage().getHeader(PaymeConstants.REQUEST_FIELDS));
        return e;
    }

    static void assertViolation(PaymeValidationException e, String field, String rule) {
        assertTrue(e.getViolations().contains(new Violation(field, rule)),
                () -> "expected (" + field + ", " + rule + ") in " + e.getViolations());
    }

    static void assertViolationOf(PaymeValidationException e, String field) {
        assertTrue(e.getViolations().stream().anyMatch(v -> v.field().equals(field)),
                () -> "expected a violation of " + field + " in " + e.getViolations());
    }

    static String order(String extra) {
        return "{\"order_id\":\"ORDER-1\",\"txamt\":300" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static String validBodyFor(String uri) {
        return switch (uri) {
            case PAYMENT -> order("");
            case QUERY -> "{\"syssn\":\"20250101000300020000000001\"}";
            case REFUND -> "{\"syssn\":\"20250101000300020000000001\",\"txamt\":300,\"refund_id\":\"R-1\"}";
            default -> "{\"txamt\":\"300\"}";
        };
    }

    static Stream<Arguments> onEverySigningOperation(String... bodies) {
        List<Arguments> all = new ArrayList<>();
        for (String uri : SIGNING) {
            for (String body : bodies) {
                all.add(Arguments.of(uri, body));
            }
        }
        return all.stream();
    }

    // ---- body: syntax, shape, emptiness, encoding, size ----

    static Stream<Arguments> malformedJson() {
        return onEverySigningOperation("{", "}", "{\"a\":}", "{'a':1}", "{a:1}", "nul", "{\"a\":1,}", "[", "\"open",
                "{\"a\":NaN}", "{\"a\":01}", "/* c */{}", "{\"a\":1}{\"b\":2}", "{\"a\":\"\u0001\"}", "\u0000",
                "{\"a\":1e}", "{\"a\":\"\\x41\"}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{,}");
    }

    @ParameterizedTest(name = "{0} malformed: {1}")
    @MethodSource("malformedJson")
    void malformedJsonIsRefused(String uri, String body) {
        PaymeValidationException e = rejected(uri, body);

        assertEquals(1, e.getViolations().size(), e.getViolations()::toString);
        assertEquals("body", e.getViolations().get(0).field());
        assertTrue(e.getViolations().get(0).rule().startsWith("must be well-formed JSON"), e.getMessage());
    }

    static Stream<Arguments> notAnObject() {
        return onEverySigningOperation("[]", "[1,2]", "[{\"txamt\":1}]", "1", "-1.5", "\"order\"", "null", "true",
                "false", " 42 ");
    }

    @ParameterizedTest(name = "{0} not an object: {1}")
    @MethodSource("notAnObject")
    void jsonThatIsNotAnObjectIsRefused(String uri, String body) {
        assertEquals(List.of(new Violation("body", NOT_OBJECT)), rejected(uri, body).getViolations());
        assertEquals(List.of(new Violation("body", NOT_OBJECT)),
                rejected(uri, body.getBytes(StandardCharsets.UTF_8)).getViolations());
    }

    static Stream<Arguments> emptyBodies() {
        List<Arguments> all = new ArrayList<>();
        for (String uri : List.of(PAYMENT, QUERY, REFUND, SIGN)) {
            all.add(Arguments.of(uri, "empty string", ""));
            all.add(Arguments.of(uri, "spaces", "   "));
            all.add(Arguments.of(uri, "whitespace", " \r\n\t "));
            all.add(Arguments.of(uri, "byte order mark", "\uFEFF"));
            all.add(Arguments.of(uri, "empty bytes", new byte[0]));
            all.add(Arguments.of(uri, "whitespace bytes", " \n ".getBytes(StandardCharsets.UTF_8)));
            all.add(Arguments.of(uri, "empty stream", "stream:"));
            all.add(Arguments.of(uri, "whitespace stream", "stream: \n\t"));
            all.add(Arguments.of(uri, "null", null));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} empty: {1}")
    @MethodSource("emptyBodies")
    void emptyBodyIsRefused(String uri, String name, Object body) {
        Object input = body instanceof String s && s.startsWith("stream:")
                ? new ByteArrayInputStream(s.substring(7).getBytes(StandardCharsets.UTF_8)) : body;

        assertEquals(List.of(new Violation("body", EMPTY)), rejected(uri, input).getViolations());
    }

    static Stream<Arguments> invalidUtf8() {
        List<byte[]> samples = List.of(
                new byte[] { '{', (byte) 0xC3, '(', '}' },                         // bad continuation byte
                new byte[] { (byte) 0xFF },                                          // never valid
                new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}' }, // overlong NUL
                new byte[] { '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"' },     // encoded surrogate
                new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82 }, // truncated sequence
                new byte[] { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, // 5-byte form
                "{\"order_id\":\"A\",\"txamt\":1,\"goods_name\":\"Caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
        List<Arguments> all = new ArrayList<>();
        for (String uri : SIGNING) {
            for (int i = 0; i < samples.size(); i++) {
                all.add(Arguments.of(uri, i, samples.get(i)));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} invalid UTF-8 #{1}")
    @MethodSource("invalidUtf8")
    void invalidUtf8IsRefusedAsBytesAndAsStream(String uri, int sample, byte[] bytes) {
        assertEquals(List.of(new Violation("body", UTF8)), rejected(uri, bytes).getViolations());
        assertEquals(List.of(new Violation("body", UTF8)),
                rejected(uri, new ByteArrayInputStream(bytes)).getViolations());
    }

    @Test
    void invalidUtf8InASignedNotificationIsRefused() throws Exception {
        byte[] body = { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, '(', '"', '}' };
        byte[] keyed = new byte[body.length + KEY.length()];
        System.arraycopy(body, 0, keyed, 0, body.length);
        System.arraycopy(KEY.getBytes(StandardCharsets.UTF_8), 0, keyed, body.length, KEY.length());
        String sign = java.util.HexFormat.of().withUpperCase()
                .formatHex(java.security.MessageDigest.getInstance("MD5").digest(keyed));

        PaymeValidationException e = rejected(NOTIFICATION, body, Map.of("X-QF-SIGN", sign));

        assertEquals(List.of(new Violation("body", UTF8)), e.getViolations());
    }

    /** A stream of about 10 MB of JSON that is generated as it is read, counting what was read. */
    static final class HugeJsonStream extends InputStream {
        private final byte[] head = "{\"order_id\":\"A\",\"txamt\":1,\"goods_name\":\"".getBytes(StandardCharsets.UTF_8);
        private final long size;
        long read;

        HugeJsonStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (read >= size) {
                return -1;
            }
            int b = read < head.length ? head[(int) read] : 'x';
            read++;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (read >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - read);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = (byte) read();
            }
            return n;
        }
    }

    static String hugeJson() {
        StringBuilder sb = new StringBuilder(TEN_MB + 64).append("{\"order_id\":\"A\",\"txamt\":1,\"goods_name\":\"");
        sb.append("x".repeat(TEN_MB)).append("\"}");
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { PAYMENT, QUERY, REFUND, SIGN })
    void tenMegabyteBodyIsRefusedQuicklyNamingTheLimit(String uri) throws Exception {
        String text = hugeJson();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("huge.json");
        Files.write(file, bytes);
        HugeJsonStream stream = new HugeJsonStream(TEN_MB);
        List<Object> bodies = List.of(text, bytes, stream, new StringBuilder(text), new StringReader(text),
                file.toFile(), file);

        for (Object body : bodies) {
            long start = System.nanoTime();
            PaymeValidationException e = rejected(uri, body);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertEquals(List.of(new Violation("body", TOO_LARGE)), e.getViolations(), body.getClass()::getName);
            assertTrue(millis < 2_000, () -> body.getClass().getName() + " took " + millis + " ms");
        }
        assertTrue(stream.read <= RequestInput.MAX_BYTES + 1, () -> "read " + stream.read + " bytes of the stream");
    }

    @Test
    void bodyOfExactlyTheLimitIsAcceptedAndOneByteMoreIsNot() {
        String order = order("");
        String atLimit = order + " ".repeat(RequestInput.MAX_BYTES - order.length());
        String overLimit = atLimit + " ";
        // multi-byte characters count as their UTF-8 bytes, not as chars
        String multiByteOver = order + "\u00a0".repeat((RequestInput.MAX_BYTES - order.length()) / 2 + 1);

        assertNull(attempt(template, PAYMENT, atLimit, Map.of()).getException());
        assertNull(attempt(template, PAYMENT, atLimit.getBytes(StandardCharsets.UTF_8), Map.of()).getException());
        assertEquals(List.of(new Violation("body", TOO_LARGE)), rejected(PAYMENT, overLimit).getViolations());
        assertEquals(List.of(new Violation("body", TOO_LARGE)),
                rejected(PAYMENT, overLimit.getBytes(StandardCharsets.UTF_8)).getViolations());
        assertEquals(List.of(new Violation("body", TOO_LARGE)), rejected(PAYMENT, multiByteOver).getViolations());
    }

    @Test
    void tenMegabyteNotificationIsRefusedBeforeItsSignatureIsChecked() {
        PaymeValidationException e = rejected(NOTIFICATION, new HugeJsonStream(TEN_MB), Map.of("X-QF-SIGN", "00"));

        assertEquals(List.of(new Violation("body", TOO_LARGE)), e.getViolations());
    }

    // ---- body: duplicate keys, nesting, number sizes ----

    static Stream<Arguments> duplicateKeys() {
        return Stream.of(
                Arguments.of(PAYMENT, "{\"order_id\":\"A\",\"txamt\":1,\"txamt\":2}", "txamt"),
                Arguments.of(PAYMENT, "{\"order_id\":\"A\",\"txamt\":1,\"tx\\u0061mt\":1}", "txamt"),
                Arguments.of(PAYMENT, "{\"order_id\":\"A\",\"order_id\":\"A\",\"txamt\":1}", "order_id"),
                Arguments.of(QUERY, "{\"syssn\":\"1\",\"syssn\":\"2\"}", "syssn"),
                Arguments.of(REFUND, "{\"syssn\":\"1\",\"txamt\":1,\"refund_id\":\"R\",\"txamt\":100}", "txamt"),
                Arguments.of(SIGN, "{\"txamt\":\"1\",\"txamt\":\"2\"}", "txamt"),
                Arguments.of(SIGN, "{\"a\":{\"b\":1,\"b\":2}}", "b"));
    }

    @ParameterizedTest(name = "{0} duplicate {2}: {1}")
    @MethodSource("duplicateKeys")
    void duplicateKeysAreRefusedNotResolved(String uri, String body, String field) {
        PaymeValidationException e = rejected(uri, body);

        assertViolation(e, field, "must not appear more than once");
        assertViolationOf(e, "body");
    }

    @Test
    void keysThatDifferOnlyInCaseAreNotDuplicatesButUnknownFields() {
        PaymeValidationException e = rejected(PAYMENT, "{\"order_id\":\"A\",\"txamt\":1,\"TXAMT\":2}");

        assertEquals(List.of(new Violation("TXAMT", "is not a known payment field")), e.getViolations());
    }

    static Stream<Arguments> deepNesting() {
        int n = 10_000;
        return onEverySigningOperation("[".repeat(n) + "]".repeat(n),
                "{\"a\":".repeat(n) + "1" + "}".repeat(n),
                "[".repeat(100_000),
                "{\"txamt\":" + "[".repeat(n) + "]".repeat(n) + "}",
                "{\"txamt\":" + "{\"a\":[".repeat(n / 2) + "]}".repeat(n / 2) + "}");
    }

    @ParameterizedTest(name = "{0} deep nesting #{index}")
    @MethodSource("deepNesting")
    void deepNestingIsRefusedWithoutOverflowingTheStack(String uri, String body) {
        assertEquals(List.of(new Violation("body", DEPTH)), rejected(uri, body).getViolations());
    }

    @Test
    void moderateNestingIsAFieldProblemNotABodyProblem() {
        String nested = "[".repeat(60) + "]".repeat(60);

        assertEquals(List.of(new Violation("txamt", AMOUNT)),
                rejected(PAYMENT, "{\"order_id\":\"A\",\"txamt\":" + nested + "}").getViolations());
        assertEquals(List.of(new Violation("x", "must be a single value, not a nested object or list")),
                rejected(SIGN, "{\"x\":" + nested + "}").getViolations());
    }

    @Test
    void hugeNumbersAreRefusedWithoutBeingExpanded() {
        String digits = "1" + "0".repeat(5_000);

        assertViolationOf(rejected(PAYMENT, "{\"order_id\":\"A\",\"txamt\":" + digits + "}"), "body");
        assertEquals(List.of(new Violation("txamt", AMOUNT)),
                rejected(PAYMENT, "{\"order_id\":\"A\",\"txamt\":" + "9".repeat(500) + "}").getViolations());
        for (String number : List.of("1e999999999", "1e-999999999", "-9.9E+2147483647", "1E-2147483648")) {
            long start = System.nanoTime();
            PaymeValidationException e = rejected(SIGN, "{\"x\":" + number + "}");
            // the last one is beyond what a Java BigDecimal holds, so the parser refuses the body
            assertViolationOf(e, number.equals("1E-2147483648") ? "body" : "x");
            assertTrue(System.nanoTime() - start < 2_000_000_000L, number);
            assertEquals(1, rejected(PAYMENT, "{\"order_id\":\"A\",\"txamt\":" + number + "}").getViolations().size());
        }
    }

    @Test
    void ordinaryDecimalsAreStillSignedAsWritten() {
        Exchange out = attempt(template, SIGN, "{\"rate\":1.50,\"n\":12345678901234567890}", Map.of());

        assertNull(out.getException());
        assertEquals("n=12345678901234567890&rate=1.50", PaymeSigner.canonical(
                out.getMessage().getHeader(PaymeConstants.REQUEST_FIELDS, Map.class)));
    }

    // ---- fields: types, limits, codes ----

    static Stream<Arguments> badAmounts() {
        List<String> values = List.of("true", "false", "{}", "{\"v\":100}", "[]", "[100]", "12.5", "\"12.5\"",
                "\" 100\"", "\"100 \"", "\"1e3\"", "1e3", "1E+3", "100.0", "0", "\"0\"", "-1", "\"-1\"", "-0",
                "100000000000", "\"100000000000\"", "123456789012345678901234567890", "\"0x10\"", "\"\uFF11\uFF10\uFF10\"",
                "\"\u0661\u0660\u0660\"", "\"1_000\"", "\"+100\"", "\"100\\u0000\"", "\"\"", "null");
        List<Arguments> all = new ArrayList<>();
        for (String value : values) {
            all.add(Arguments.of(PAYMENT, "{\"order_id\":\"A\",\"txamt\":" + value + "}", value));
            all.add(Arguments.of(REFUND, "{\"syssn\":\"1\",\"refund_id\":\"R\",\"txamt\":" + value + "}", value));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} txamt {2}")
    @MethodSource("badAmounts")
    void badAmountIsRefusedNamingTxamt(String uri, String body, String value) {
        PaymeValidationException e = rejected(uri, body);

        assertEquals(1, e.getViolations().size(), e.getViolations()::toString);
        assertEquals("txamt", e.getViolations().get(0).field());
        assertTrue(List.of(AMOUNT, "is required", CONTROL).contains(e.getViolations().get(0).rule()), e.getMessage());
    }

    static Stream<Arguments> badFields() {
        String currency = PaymeConfiguration.CURRENCY_RULE;
        String payType = PaymentHandler.PAY_TYPE_RULE;
        return Stream.of(
                Arguments.of(PAYMENT, "{\"txamt\":1}", "order_id", "is required"),
                Arguments.of(PAYMENT, "{\"order_id\":null,\"txamt\":1}", "order_id", "is required"),
                Arguments.of(PAYMENT, "{\"order_id\":[\"A\"],\"txamt\":1}", "order_id", "must be text"),
                Arguments.of(PAYMENT, "{\"order_id\":{\"id\":\"A\"},\"txamt\":1}", "order_id", "must be text"),
                Arguments.of(PAYMENT, "{\"order_id\":true,\"txamt\":1}", "order_id", "must be text"),
                Arguments.of(PAYMENT, order("\"txcurrcd\":\"hkd\""), "txcurrcd", currency),
                Arguments.of(PAYMENT, order("\"txcurrcd\":\"Hkd\""), "txcurrcd", currency),
                Arguments.of(PAYMENT, order("\"txcurrcd\":\"XXX\""), "txcurrcd", currency),
                Arguments.of(PAYMENT, order("\"txcurrcd\":\" HKD\""), "txcurrcd", currency),
                Arguments.of(PAYMENT, order("\"txcurrcd\":344"), "txcurrcd", "must be text"),
                Arguments.of(PAYMENT, order("\"pay_type\":\"800101\""), "pay_type", payType),
                Arguments.of(PAYMENT, order("\"pay_type\":800101"), "pay_type", "must be text"),
                Arguments.of(PAYMENT, order("\"pay_type\":\"805814 \""), "pay_type", payType),
                Arguments.of(PAYMENT, order("\"pay_type\":\"805813\""), "pay_type", payType),
                Arguments.of(QUERY, "{\"syssn\":\"1\",\"pay_type\":\"800101\"}", "pay_type",
                        QueryHandler.PAY_TYPE_LIST_RULE),
                Arguments.of(PAYMENT, order("\"goods_name\":\"" + "a".repeat(21) + "\""), "goods_name",
                        PaymentHandler.GOODS_NAME_RULE),
                Arguments.of(PAYMENT, order("\"udid\":\"" + "u".repeat(41) + "\""), "udid", RequestChecks.UDID_RULE),
                Arguments.of(PAYMENT, order("\"mchid\":\"" + "m".repeat(17) + "\""), "mchid", PaymeConfiguration.MCHID_RULE),
                Arguments.of(PAYMENT, order("\"expired_time\":121"), "expired_time", PaymentHandler.EXPIRED_TIME_RULE),
                Arguments.of(PAYMENT, order("\"expired_time\":1000"), "expired_time", PaymentHandler.EXPIRED_TIME_RULE),
                Arguments.of(PAYMENT, order("\"return_url\":\"https://a.example/" + "r".repeat(500) + "\""), "return_url",
                        "must be an absolute http or https URL of at most 512 characters"),
                Arguments.of(PAYMENT, order("\"notify_url\":\"https://a.example/" + "n".repeat(240) + "\""), "notify_url",
                        PaymentHandler.NOTIFY_URL_RULE),
                Arguments.of(PAYMENT, order("\"return_url\":\"https://a.example/\u202Eexe.gpj\""), "return_url",
                        "must be an absolute http or https URL of at most 512 characters"),
                Arguments.of(PAYMENT, "{\"order_id\":\"" + "o".repeat(65) + "\",\"txamt\":1}", "order_id",
                        OutTradeNos.ID_RULE),
                Arguments.of(QUERY, "{\"syssn\":\"" + "1".repeat(129) + "\"}", "syssn", QueryHandler.SYSSN_LIST_RULE),
                Arguments.of(QUERY, "{\"syssn\":\"1\",\"page_size\":1000}", "page_size", QueryHandler.PAGE_SIZE_RULE),
                Arguments.of(QUERY, "{\"syssn\":\"1\",\"page\":\"1e3\"}", "page", QueryHandler.PAGE_RULE),
                Arguments.of(QUERY, "{\"syssn\":\"1\",\"respcd\":\"00000\"}", "respcd", QueryHandler.RESPCD_RULE),
                Arguments.of(REFUND, "{\"txamt\":1,\"refund_id\":\"R\"}", "syssn", "is required"),
                Arguments.of(REFUND, "{\"syssn\":\"1\",\"txamt\":1,\"refund_id\":\"" + "r".repeat(65) + "\"}", "refund_id",
                        OutTradeNos.ID_RULE),
                Arguments.of(SIGN, "{\"a\":{\"b\":1}}", "a", "must be a single value, not a nested object or list"));
    }

    @ParameterizedTest(name = "{0} {2}: {1}")
    @MethodSource("badFields")
    void badFieldIsRefusedNamingItsRule(String uri, String body, String field, String rule) {
        assertViolation(rejected(uri, body), field, rule);
    }

    static Stream<Arguments> unknownFieldNames() {
        return Stream.of(
                Arguments.of("colour", "colour"),
                Arguments.of("\\u0000", "\\u0000"),
                Arguments.of("a\\nb", "a\\u000ab"),
                Arguments.of("\\u2028", "\\u2028"),
                Arguments.of("\\t", "\\u0009"),
                Arguments.of("\u3000", "body"),
                Arguments.of("x".repeat(10_000), "x".repeat(64) + "..."),
                Arguments.of("", "body"),
                Arguments.of("  ", "body"));
    }

    @ParameterizedTest(name = "unknown field {1}")
    @MethodSource("unknownFieldNames")
    void unknownFieldIsNamedPrintablyAndBriefly(String jsonName, String reported) {
        PaymeValidationException payment = rejected(PAYMENT, order("\"" + jsonName + "\":1"));
        PaymeValidationException query = rejected(QUERY, "{\"syssn\":\"1\",\"" + jsonName + "\":1}");
        PaymeValidationException refund = rejected(REFUND, "{\"syssn\":\"1\",\"txamt\":1,\"refund_id\":\"R\",\""
                                                           + jsonName + "\":1}");
        List<PaymeValidationException> all = new ArrayList<>(List.of(payment, query, refund));
        if (!jsonName.matches("[A-Za-z0-9_]{1,64}")) {
            // payme:sign signs any plain field name, and refuses the others
            all.add(rejected(SIGN, "{\"txamt\":1,\"" + jsonName + "\":1}"));
        }

        for (PaymeValidationException e : all) {
            assertEquals(1, e.getViolations().size(), e.getViolations()::toString);
            assertEquals(reported, e.getViolations().get(0).field());
        }
    }

    static Stream<Arguments> controlCharacters() {
        List<String> chars = List.of("\\u0000", "\\n", "\\r", "\\t", "\\u001b", "\\u007f", "\\u0085", "\\u2028",
                "\\u2029");
        // notify_url is refused whatever it holds: see badFields
        List<String> paymentFields = List.of("order_id", "txcurrcd", "pay_type", "txdtm", "goods_name", "mchid", "udid",
                "return_url", "txamt", "expired_time");
        List<Arguments> all = new ArrayList<>();
        for (String c : chars) {
            for (String field : paymentFields) {
                Map<String, String> order = new LinkedHashMap<>(Map.of("order_id", "A", "txamt", "100"));
                String value = switch (field) {
                    case "return_url" -> "https://a.example/x" + c + "y";
                    case "txdtm" -> "2025-01-01 10:00:00" + c;
                    case "txamt" -> "100" + c;
                    case "expired_time" -> c + "10";
                    default -> "AB" + c;
                };
                order.put(field, value);
                all.add(Arguments.of(PAYMENT, json(order), field));
            }
            for (String field : List.of("syssn", "out_trade_no", "pay_type", "respcd", "mchid", "page")) {
                Map<String, String> query = new LinkedHashMap<>(Map.of("syssn", "1"));
                query.put(field, "1" + c);
                all.add(Arguments.of(QUERY, json(query), field));
            }
            for (String field : List.of("syssn", "txamt", "out_trade_no", "refund_id", "txdtm", "udid", "mchid")) {
                Map<String, String> refund = new LinkedHashMap<>(Map.of("syssn", "1", "txamt", "1", "refund_id", "R"));
                refund.put(field, "1" + c);
                all.add(Arguments.of(REFUND, json(refund), field));
            }
            all.add(Arguments.of(SIGN, json(Map.of("note", "a" + c)), "note"));
        }
        return all.stream();
    }

    static String json(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder("{");
        fields.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":\"").append(v)
                .append('"'));
        return sb.append('}').toString();
    }

    @ParameterizedTest(name = "{0} control character in {2}: {1}")
    @MethodSource("controlCharacters")
    void controlCharacterInAnyStringIsRefusedNamingTheField(String uri, String body, String field) {
        assertViolation(rejected(uri, body), field, CONTROL);
    }

    @Test
    void unpairedSurrogatesAreRefused() {
        String lone = "\\ud800";

        assertViolationOf(rejected(PAYMENT, order("\"return_url\":\"https://a.example/" + lone + "\"")), "return_url");
        assertViolationOf(rejected(PAYMENT, order("\"notify_url\":\"https://a.example/x" + lone + "\"")), "notify_url");
        assertViolationOf(rejected(PAYMENT, order("\"goods_name\":\"a" + lone + "\"")), "goods_name");
        assertViolationOf(rejected(SIGN, "{\"note\":\"a" + lone + "\"}"), "note");
        assertViolationOf(rejected(SIGN, "{\"note\":\"a\\udc00b\"}"), "note");
        // a proper pair is fine where letters are allowed
        assertNull(attempt(template, PAYMENT, order("\"goods_name\":\"\\ud840\\udc00\""), Map.of()).getException());
    }

    // ---- other body types ----

    @Test
    void otherBodyTypesAreReadOrRefusedAsABodyProblem() throws Exception {
        Path file = dir.resolve("order.json");
        Files.writeString(file, order(""));

        assertNull(attempt(template, PAYMENT, new StringBuilder(order("")), Map.of()).getException());
        assertNull(attempt(template, PAYMENT, new StringReader(order("")), Map.of()).getException());
        assertNull(attempt(template, PAYMENT, file.toFile(), Map.of()).getException());
        assertNull(attempt(template, PAYMENT, file, Map.of()).getException());
        assertEquals(List.of(new Violation("body", NOT_OBJECT)), rejected(PAYMENT, 42).getViolations());
        assertViolationOf(rejected(PAYMENT, new Object()), "body");
        assertViolationOf(rejected(PAYMENT, dir.resolve("missing.json")), "body");
        assertViolationOf(rejected(PAYMENT, new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk on fire: " + KEY);
            }
        }), "body");
    }

    @Test
    void mapBodiesWithOddKeysOrValuesAreRefused() {
        Map<Object, Object> nullKey = new HashMap<>();
        nullKey.put(null, "x");
        nullKey.put("txamt", 1);
        Map<Object, Object> numberKey = new HashMap<>(Map.of(1, "x"));
        Map<String, Object> nonFinite = new LinkedHashMap<>();
        nonFinite.put("a", Double.NaN);
        nonFinite.put("b", Double.POSITIVE_INFINITY);
        Map<String, Object> objects = new LinkedHashMap<>(Map.of("order_id", "A", "txamt", new Object()));

        for (String uri : SIGNING) {
            assertEquals(List.of(new Violation("body", "must use text field names")),
                    rejected(uri, nullKey).getViolations());
            assertEquals(List.of(new Violation("body", "must use text field names")),
                    rejected(uri, numberKey).getViolations());
        }
        PaymeValidationException e = rejected(SIGN, nonFinite);
        assertViolationOf(e, "a");
        assertViolationOf(e, "b");
        assertEquals(List.of(new Violation("txamt", AMOUNT)), rejected(PAYMENT, objects).getViolations());
        assertViolationOf(rejected(SIGN, Map.of("x", new Object())), "x");
    }

    // ---- the client key stays out ----

    @Test
    void clientKeyNeverAppearsInMessagesViolationsOrOutput() {
        Map<String, Object> outTradeNo = Map.of(PaymeConstants.OUT_TRADE_NO, "OTN-1");

        rejected(PAYMENT, order("\"" + KEY + "\":1"));
        rejected(PAYMENT, order("\"x" + KEY + "x\":1"));
        rejected(PAYMENT, order("\"" + KEY.repeat(3) + "\":1"));
        rejected(PAYMENT, order("\"udid\":\"" + KEY + "\""));
        rejected(PAYMENT, "{\"order_id\":\"" + KEY + "\",\"txamt\":1}");
        rejected(PAYMENT, "{\"order_id\":\"" + KEY + "\",\"txamt\":1}", outTradeNo);
        rejected(PAYMENT, "{\"order_id\":\"A\",\"txamt\":1,\"" + KEY + "\":1,\"" + KEY + "\":2}");
        rejected(QUERY, "{\"syssn\":\"" + KEY + "\"}");
        rejected(REFUND, "{\"syssn\":\"1\",\"txamt\":1,\"out_trade_no\":\"" + KEY + "\"}");
        rejected(REFUND, "{\"syssn\":\"1\",\"txamt\":1,\"refund_id\":\"R\"}", Map.of(PaymeConstants.OUT_TRADE_NO, KEY));
        rejected(SIGN, "{\"" + KEY + "\":\"1\"}");
        rejected(SIGN, "{\"a" + KEY + "\":\"1\"}");
        rejected(SIGN, "{\"note\":\"" + KEY + "\"}");
        rejected(SIGN, "{\"" + KEY + " x\":\"1\"}");
    }

    @Test
    void manyProblemsAreSummarisedNotListedOneByOne() {
        StringBuilder body = new StringBuilder("{\"order_id\":\"A\",\"txamt\":1");
        for (int i = 0; i < 20_000; i++) {
            body.append(",\"f").append(i).append("\":1");
        }
        body.append('}');

        PaymeValidationException e = rejected(PAYMENT, body.toString());

        assertTrue(e.getViolations().size() <= RequestChecks.MAX_VIOLATIONS + 1, () -> e.getViolations().size() + "");
        assertEquals(new Violation("body", "has 19980 more problems that are not listed"),
                e.getViolations().get(e.getViolations().size() - 1));
    }

    @Test
    void headersOfTheWrongTypeAreRefusedAsAFieldProblem() {
        PaymeValidationException e = rejected(QUERY, "{\"out_trade_no\":\"A-1\"}",
                Map.of(PaymeConstants.TXDTM, "2025-01-01 10:00:00\n"));

        assertViolationOf(e, PaymeConstants.TXDTM);
    }

    @Test
    void everyValidBodyIsStillAccepted() {
        for (String uri : SIGNING) {
            Exchange out = attempt(template, uri, validBodyFor(uri), Map.of());
            assertNull(out.getException(), uri);
            assertNotNull(out.getMessage().getHeader("X-QF-SIGN"), uri);
        }
        String body = "{\"notify_type\":\"payment\"}";
        Exchange out = template.request(NOTIFICATION, e -> {
            e.getMessage().setBody(body);
            try {
                e.getMessage().setHeader("X-QF-SIGN", hash("MD5", body + KEY));
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        assertNull(out.getException());
    }
}

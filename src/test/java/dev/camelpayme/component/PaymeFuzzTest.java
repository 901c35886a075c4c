package dev.camelpayme.component;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelpayme.component.PaymeValidationException.Violation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import static dev.camelpayme.component.PaymeTestSupport.startedContextWithFixedClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property-based tests (jqwik) of the order parser, the validator and the signer, over thousands of generated inputs
 * per run: random bytes, JSON-ish text, random maps of known and unknown fields with values of every type, and
 * mutated valid requests.
 * <ol type="a">
 * <li>{@code payme:payment}, {@code query}, {@code refund} and {@code sign} either succeed or throw
 * {@link PaymeValidationException} whose violations each have a non-blank field and rule: no other exception, no
 * crash;</li>
 * <li>every accepted request's form body, decoded and signed here independently (TreeMap, MessageDigest, key), gives
 * exactly its {@code X-QF-SIGN};</li>
 * <li>the client key never appears in an exception message, a violation, the output body or a header;</li>
 * <li>valid generated orders are always accepted.</li>
 * </ol>
 * Seeds are random; a failure prints the seed and the shrunk input, and is replayed first on the next local run.
 */
class PaymeFuzzTest {

    static final String KEY = PaymeSignerTest.KEY;
    static final String PAYMENT = "payme:payment";
    static final String PAYMENT_SHA256 = "payme:payment?signType=SHA256";
    static final List<String> ENDPOINTS = List.of(PAYMENT, PAYMENT_SHA256, "payme:query", "payme:refund", "payme:sign");

    static final List<String> KNOWN_FIELDS = List.of("order_id", "txamt", "txcurrcd", "pay_type", "txdtm",
            "expired_time", "goods_name", "mchid", "udid", "return_url", "notify_url", "syssn", "out_trade_no",
            "respcd", "start_time", "end_time", "page", "page_size", "refund_id", "key", "client_key");
    static final List<String> CURRENCIES = PaymeConfiguration.CURRENCIES;
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final ObjectMapper JSON = new ObjectMapper();

    /** The sub-merchants and return URL prefix the component allows; the endpoints copy them when first used. */
    static final List<String> ALLOWED_MCHIDS = List.of("ZaMVg12345", "Sub1", "M".repeat(16));
    static final String RETURN_URL_PREFIX = "https://shop.example.com/";

    static CamelContext context;
    static ProducerTemplate template;

    @BeforeContainer
    static void startContext() {
        context = startedContextWithFixedClock();
        PaymeConfiguration configuration = context.getComponent("payme", PaymeComponent.class).getConfiguration();
        configuration.setAllowedMchids(String.join(",", ALLOWED_MCHIDS));
        configuration.setAllowedReturnUrlPrefixes(RETURN_URL_PREFIX);
        template = context.createProducerTemplate();
    }

    @AfterContainer
    static void stopContext() {
        context.stop();
    }

    // ---------------------------------------------------------------- properties

    @Property(tries = 1500)
    void randomBytesAreAcceptedOrRefusedCleanly(@ForAll("randomBytes") byte[] bytes) {
        everyEndpoint(() -> bytes);
        everyEndpoint(() -> new ByteArrayInputStream(bytes));
    }

    @Property(tries = 1500)
    void jsonishTextIsAcceptedOrRefusedCleanly(@ForAll("jsonish") String text) {
        Map<String, Exchange> results = everyEndpoint(() -> text);
        Statistics.label("sign").collect(results.get("payme:sign").getException() == null ? "accepted" : "refused");
        everyEndpoint(() -> text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 1500)
    void randomFieldMapsAreAcceptedOrRefusedCleanly(@ForAll("fieldMaps") Map<String, Object> fields) throws Exception {
        String json = JSON.writeValueAsString(fields);
        everyEndpoint(() -> new LinkedHashMap<>(fields));
        Map<String, Exchange> results = everyEndpoint(() -> json);
        Statistics.label("sign").collect(results.get("payme:sign").getException() == null ? "accepted" : "refused");
        Statistics.label("query").collect(results.get("payme:query").getException() == null ? "accepted" : "refused");
    }

    @Property(tries = 2000)
    void mutatedValidRequestsAreAcceptedOrRefusedCleanly(@ForAll("validRequests") String valid, @ForAll Random random) {
        String mutated = mutate(valid, random);
        Map<String, Exchange> results = everyEndpoint(() -> mutated);
        Statistics.label("payment").collect(results.get(PAYMENT).getException() == null ? "accepted" : "refused");
        Statistics.label("payment").coverage(c -> c.check("accepted").percentage(p -> p > 1));
        everyEndpoint(() -> mutated.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 1500)
    void validOrdersAreAlwaysAcceptedAndSignedCorrectly(@ForAll("validOrders") Map<String, Object> order)
            throws Exception {
        String json = JSON.writeValueAsString(order);
        List<Supplier<Object>> bodies = new ArrayList<>(List.of(() -> json,
                () -> json.getBytes(StandardCharsets.UTF_8),
                () -> new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                () -> new LinkedHashMap<>(order)));
        if (order.get("txamt") instanceof Long && !(order.get("expired_time") instanceof String)) {
            bodies.add(() -> JSON.convertValue(order, PaymentOrder.class));
        }
        for (Supplier<Object> body : bodies) {
            for (String uri : List.of(PAYMENT, PAYMENT_SHA256)) {
                Exchange out = run(uri, body.get());
                assertNull(out.getException(), () -> "valid order refused: " + json + " -> " + out.getException());
                assertAcceptedOrder(uri, order, out);
            }
        }
    }

    @Property(tries = 500)
    void callerChosenMerchantFieldsAreAlwaysRefusedNamingThem(@ForAll("validOrders") Map<String, Object> order,
            @ForAll("foreignMerchantFields") Map<String, Object> foreign) throws Exception {
        Map<String, Object> tampered = new LinkedHashMap<>(order);
        tampered.putAll(foreign);
        String json = JSON.writeValueAsString(tampered);
        for (Object body : List.of(json, new LinkedHashMap<>(tampered))) {
            for (String uri : List.of(PAYMENT, PAYMENT_SHA256)) {
                Exchange out = run(uri, body);
                PaymeValidationException refusal = assertInstanceOf(PaymeValidationException.class, out.getException(),
                        () -> "accepted: " + json);
                assertCleanRefusal(refusal);
                assertNull(out.getMessage().getHeader("X-QF-SIGN"), "signed although refused");
                for (String field : foreign.keySet()) {
                    assertTrue(refusal.getViolations().stream().anyMatch(v -> v.field().equals(field)),
                            () -> field + " not named in " + refusal.getViolations());
                }
            }
        }
    }

    @Property(tries = 1500)
    void plainFormFieldsAreSignedExactly(@ForAll("formFields") Map<String, Object> fields) throws Exception {
        String json = JSON.writeValueAsString(fields);
        Map<String, Exchange> results = everyEndpoint(() -> json);
        everyEndpoint(() -> new LinkedHashMap<>(fields));
        boolean accepted = results.get("payme:sign").getException() == null;
        Statistics.label("sign").collect(accepted ? "accepted" : "refused");
        Statistics.label("sign").coverage(c -> c.check("accepted").percentage(p -> p > 80));
    }

    @Property(tries = 2000)
    void signerAloneSignsOrRefusesCleanly(@ForAll("anyFields") Map<String, Object> fields, @ForAll boolean sha256) {
        SignType type = sha256 ? SignType.SHA256 : SignType.MD5;
        SignedRequest signed;
        try {
            signed = new PaymeSigner(KEY, type).signRequest(fields);
        } catch (PaymeValidationException e) {
            assertCleanRefusal(e);
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("signer threw " + e.getClass().getName() + " for " + fields, e);
        }
        Map<String, String> decoded = formDecode(signed.formBody());
        assertEquals(signed.fields(), decoded);
        assertEquals(independentSignature(decoded, type.algorithm()), signed.signature());
        assertFalse(signed.formBody().contains(KEY) || signed.canonicalString().contains(KEY));
    }

    // ---------------------------------------------------------------- checks

    /** Sends a fresh copy of the body to every endpoint and checks properties (a) to (c) on each outcome. */
    static Map<String, Exchange> everyEndpoint(Supplier<Object> body) {
        Map<String, Exchange> results = new LinkedHashMap<>();
        for (String uri : ENDPOINTS) {
            Exchange out = run(uri, body.get());
            Exception e = out.getException();
            if (e != null) {
                if (!(e instanceof PaymeValidationException refusal)) {
                    throw new AssertionError(uri + " threw " + e.getClass().getName(), e);
                }
                assertCleanRefusal(refusal);
                assertNull(out.getMessage().getHeader("X-QF-SIGN"), "signed although refused");
            } else {
                assertCorrectlySigned(uri, out);
            }
            results.put(uri, out);
        }
        return results;
    }

    static Exchange run(String uri, Object body) {
        try {
            return template.request(uri, e -> e.getMessage().setBody(body));
        } catch (RuntimeException | Error e) {
            throw new AssertionError(uri + " crashed with " + e.getClass().getName(), e);
        }
    }

    /** (a) and (c) for a refusal. */
    static void assertCleanRefusal(PaymeValidationException e) {
        assertFalse(e.getViolations().isEmpty(), "a refusal without violations");
        for (Violation v : e.getViolations()) {
            assertTrue(v.field() != null && !v.field().isBlank(), () -> "violation without a field: " + e.getViolations());
            assertTrue(v.rule() != null && !v.rule().isBlank(), () -> "violation without a rule: " + e.getViolations());
            assertFalse(v.field().contains(KEY) || v.rule().contains(KEY), "the client key is in a violation");
        }
        assertFalse(e.getMessage().contains(KEY), "the client key is in the message");
        assertNull(e.getCause(), "a refusal carries no cause that could quote the input");
    }

    /** (b) and (c) for an accepted request. */
    static void assertCorrectlySigned(String uri, Exchange out) {
        String body = out.getMessage().getBody(String.class);
        assertNotNull(body);
        Map<String, String> decoded = formDecode(body);
        String algorithm = uri.endsWith("SHA256") ? "SHA-256" : "MD5";
        assertEquals(independentSignature(decoded, algorithm), out.getMessage().getHeader("X-QF-SIGN"),
                () -> uri + " signed " + body + " wrongly");
        assertEquals(decoded, out.getMessage().getHeader(PaymeConstants.REQUEST_FIELDS));
        assertEquals(algorithm.equals("MD5") ? null : "SHA256", out.getMessage().getHeader("X-QF-SIGNTYPE"));
        assertEquals("APP", out.getMessage().getHeader("X-QF-APPCODE"));
        assertFalse(body.contains(KEY), "the client key is in the body");
        out.getMessage().getHeaders().forEach((name, value) -> assertFalse(String.valueOf(value).contains(KEY),
                () -> "the client key is in header " + name));
    }

    /** (d): what an accepted valid order must look like. */
    static void assertAcceptedOrder(String uri, Map<String, Object> order, Exchange out) {
        assertCorrectlySigned(uri, out);
        @SuppressWarnings("unchecked")
        Map<String, String> sent = out.getMessage().getHeader(PaymeConstants.REQUEST_FIELDS, Map.class);
        String orderId = (String) order.get("order_id");
        assertEquals(orderId, out.getMessage().getHeader(PaymeConstants.ORDER_ID), uri);
        assertTrue(sent.get("out_trade_no").startsWith(orderId + "-"));
        assertEquals(new BigInteger(String.valueOf(order.get("txamt"))).toString(), sent.get("txamt"));
        assertEquals(order.getOrDefault("txcurrcd", "HKD"), sent.get("txcurrcd"));
        assertEquals(order.getOrDefault("pay_type", "805814"), sent.get("pay_type"));
        for (String field : List.of("txdtm", "goods_name", "mchid", "udid", "return_url")) {
            if (order.containsKey(field)) {
                assertEquals(order.get(field), sent.get(field), field);
            }
        }
        if (order.containsKey("expired_time")) {
            assertEquals(String.valueOf(order.get("expired_time")), sent.get("expired_time"));
        }
    }

    static Map<String, String> formDecode(String body) {
        Map<String, String> fields = new TreeMap<>();
        if (body.isEmpty()) {
            return fields;
        }
        for (String pair : body.split("&", -1)) {
            int eq = pair.indexOf('=');
            assertTrue(eq > 0, () -> "not a form pair: " + pair);
            String previous = fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            assertNull(previous, "a field sent twice");
        }
        return fields;
    }

    /** The reference's signing, written out here without the component's code. */
    static String independentSignature(Map<String, String> fields, String algorithm) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(fields).forEach((name, value) -> canonical.append(canonical.length() == 0 ? "" : "&")
                .append(name).append('=').append(value));
        canonical.append(KEY);
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- generators

    @Provide
    Arbitrary<byte[]> randomBytes() {
        Arbitrary<byte[]> anyBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        // mostly JSON-looking ASCII with the odd high or control byte, which gets further into the parser
        Arbitrary<byte[]> jsonBytes = Arbitraries.frequencyOf(
                        Tuple.of(10, Arbitraries.of((byte) '{', (byte) '}', (byte) '"', (byte) ':', (byte) ',',
                                (byte) '[', (byte) ']', (byte) '1', (byte) 'a', (byte) ' ', (byte) '\\')),
                        Tuple.of(2, Arbitraries.bytes()))
                .list().ofMaxSize(200)
                .map(list -> {
                    byte[] b = new byte[list.size()];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = list.get(i);
                    }
                    return b;
                });
        return Arbitraries.oneOf(anyBytes, jsonBytes);
    }

    @Provide
    Arbitrary<String> jsonish() {
        List<String> tokens = new ArrayList<>(List.of("{", "}", "[", "]", ":", ",", "\"", "\\", "\\u", "\\\"",
                "\\n", "\\u0000", "\\ud800", " ", "\n", "\t", "0", "1", "9", "-", "+", ".", "e", "E", "12345678901",
                "100000000000", "1e999999999", "true", "false", "null", "NaN", "\u0000", "\u007f", "\u2028", "é",
                "茶", "😀", "\ud800", "\uFEFF", KEY, "\"" + KEY + "\"", "\"805814\"", "\"800101\"", "\"HKD\"",
                "\"hkd\"", "\"2025-01-01 12:00:00\"", "\"https://a.example/\"", "\"ORDER-1\"", "\"20250101\""));
        for (String field : KNOWN_FIELDS) {
            tokens.add("\"" + field + "\"");
            tokens.add("\"" + field + "\":");
        }
        Arbitrary<String> free = Arbitraries.of(tokens).list().ofMaxSize(60).map(list -> String.join("", list));
        // an object of key:value pairs built from the same tokens, so that more of it parses
        Arbitrary<String> pair = Arbitraries.of(tokens).list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("", l));
        Arbitrary<String> objects = Arbitraries.of(KNOWN_FIELDS).flatMap(name -> pair.map(v -> "\"" + name + "\":" + v))
                .list().ofMaxSize(8).map(pairs -> "{" + String.join(",", pairs) + "}");
        return Arbitraries.oneOf(free, objects);
    }

    @Provide
    Arbitrary<Map<String, Object>> fieldMaps() {
        Arbitrary<String> names = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(KNOWN_FIELDS)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(12)),
                Tuple.of(1, Arbitraries.strings().alpha().numeric().withChars('_').ofMinLength(1).ofMaxLength(70)),
                Tuple.of(1, Arbitraries.of(KEY, "x" + KEY, KEY + " ", "", " ", "\u2028", "a b", "TXAMT")));
        // edge cases of nested maps multiply beyond use (and time): plain random generation explores enough here
        return Arbitraries.maps(names, values(3)).ofMaxSize(12).map(m -> (Map<String, Object>) new LinkedHashMap<>(m))
                .withoutEdgeCases();
    }

    /** Flat maps of plain names and text, number or boolean values: what payme:sign is for, mostly accepted. */
    @Provide
    Arbitrary<Map<String, Object>> formFields() {
        Arbitrary<String> names = Arbitraries.strings().alpha().numeric().withChars('_').ofMinLength(1).ofMaxLength(20);
        Arbitrary<Object> values = Arbitraries.frequencyOf(
                // withChars takes single chars: a character outside the BMP (a surrogate pair) comes from its own list
                Tuple.of(6, Arbitraries.strings().withCharRange(' ', '~').withChars("茶é\u00a0").ofMaxLength(40)),
                Tuple.of(1, Arbitraries.of("😀", "𠀀茶", "a&b=c?d%e+f#g")),
                Tuple.of(2, Arbitraries.longs()),
                Tuple.of(1, Arbitraries.bigDecimals().ofScale(2)),
                Tuple.of(1, Arbitraries.of(true, false)),
                Tuple.of(1, plausibleText()));
        return Arbitraries.maps(names, values).ofMinSize(1).ofMaxSize(15)
                .map(m -> (Map<String, Object>) new LinkedHashMap<>(m));
    }

    @Provide
    Arbitrary<Map<String, Object>> anyFields() {
        return Arbitraries.oneOf(fieldMaps(), formFields());
    }

    /** Values of every type JSON or a Java caller may give, nested up to the given depth. */
    static Arbitrary<Object> values(int depth) {
        Arbitrary<Object> scalars = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().all().ofMaxLength(30)),
                Tuple.of(3, Arbitraries.strings().numeric().ofMaxLength(14)),
                Tuple.of(3, plausibleText()),
                Tuple.of(2, Arbitraries.longs()),
                Tuple.of(2, Arbitraries.longs().between(-5, 99_999_999_999L)),
                Tuple.of(1, Arbitraries.integers()),
                Tuple.of(1, Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))),
                Tuple.of(1, Arbitraries.bigDecimals().ofScale(3)),
                Tuple.of(1, Arbitraries.of(new BigDecimal("1e999999999"), new BigDecimal("1e-999"), BigDecimal.ONE,
                        new BigDecimal("100.0"))),
                Tuple.of(1, Arbitraries.doubles()),
                Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0d)),
                Tuple.of(1, Arbitraries.of(true, false)),
                Tuple.of(1, Arbitraries.just(null)),
                Tuple.of(1, Arbitraries.of(KEY, "a" + KEY + "b")));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<Object> lists = values(depth - 1).list().ofMaxSize(3).map(l -> (Object) l);
        Arbitrary<Object> maps = Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(5), values(depth - 1))
                .ofMaxSize(3).map(m -> (Object) m);
        return Arbitraries.frequencyOf(Tuple.of(10, scalars), Tuple.of(1, lists), Tuple.of(1, maps));
    }

    /** Text close to what the fields expect, so that validation is reached and sometimes passed. */
    static Arbitrary<String> plausibleText() {
        return Arbitraries.oneOf(
                Arbitraries.of("805814", "805812", "800101", "HKD", "hkd", "XXX", "2025-01-01 12:00:00",
                        "2025-02-30 12:00:00", "https://shop.example.com/r?a=1&b=2", "ftp://x", "ORDER-1", " 100",
                        "1e3", "12.5", "0", "-1", "00300", "0000", "1143", "120", "4"),
                Arbitraries.strings().withChars("ABCabc019._-").ofMinLength(1).ofMaxLength(70),
                validDateTime());
    }

    @Provide
    Arbitrary<Map<String, Object>> validOrders() {
        Arbitrary<Object> txamt = Arbitraries.longs().between(1, 99_999_999_999L)
                .flatMap(n -> Arbitraries.of((Object) n, String.valueOf(n)));
        Arbitrary<Object> expired = Arbitraries.integers().between(5, 120)
                .flatMap(n -> Arbitraries.of((Object) n, String.valueOf(n)));
        Arbitrary<String> goodsName = Arbitraries.strings().alpha().numeric().withChars("茶咖啡飲品測試")
                .ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> urlPath = Arbitraries.strings().alpha().numeric().withChars("/_.~=&?-")
                .ofMaxLength(200);
        return Builders.withBuilder(LinkedHashMap<String, Object>::new)
                .use(Arbitraries.strings().alpha().numeric().withChars("._-").ofMinLength(1).ofMaxLength(64))
                .inSetter((m, v) -> m.put("order_id", v))
                .use(txamt).inSetter((m, v) -> m.put("txamt", v))
                .use(Arbitraries.of(CURRENCIES)).withProbability(0.3).inSetter((m, v) -> m.put("txcurrcd", v))
                .use(Arbitraries.of("805814", "805812")).withProbability(0.5).inSetter((m, v) -> m.put("pay_type", v))
                .use(validDateTime()).withProbability(0.5).inSetter((m, v) -> m.put("txdtm", v))
                .use(expired).withProbability(0.3).inSetter((m, v) -> m.put("expired_time", v))
                .use(goodsName).withProbability(0.5).inSetter((m, v) -> m.put("goods_name", v))
                .use(Arbitraries.of(ALLOWED_MCHIDS)).withProbability(0.3)
                .inSetter((m, v) -> m.put("mchid", v))
                .use(Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(40)).withProbability(0.3)
                .inSetter((m, v) -> m.put("udid", v))
                .use(urlPath).withProbability(0.3).inSetter((m, v) -> m.put("return_url", RETURN_URL_PREFIX + v))
                .build(m -> (Map<String, Object>) m);
    }

    /**
     * What a caller must never choose: any notify_url, a mchid outside the allowed ones, a return_url elsewhere than
     * under the allowed prefix (other hosts, look-alike hosts, user info, other ports or schemes). One to three of them.
     */
    @Provide
    Arbitrary<Map<String, Object>> foreignMerchantFields() {
        Arbitrary<String> path = Arbitraries.strings().alpha().numeric().withChars("/_.~=&?-").ofMaxLength(60);
        Arbitrary<Object> notifyUrl = Arbitraries.oneOf(path.map(p -> "https://hooks.example.com/" + p),
                path.map(p -> RETURN_URL_PREFIX + p), Arbitraries.strings().ofMinLength(1).ofMaxLength(300),
                Arbitraries.of(1, true, List.of("x")));
        Arbitrary<String> mchid = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(16)
                .filter(m -> !ALLOWED_MCHIDS.contains(m));
        Arbitrary<String> elsewhere = Arbitraries.of("https://shop.example.com.evil.example/",
                "https://shop.example.com@evil.example/", "https://evil.example/", "http://shop.example.com/",
                "https://shop.example.com:8443/", "https://user@shop.example.com/", "https://evil.example/shop.example.com/",
                "https://shop.example.co/", "https://xshop.example.com/");
        Arbitrary<String> returnUrl = Combinators.combine(elsewhere, path).as((base, p) -> base + p);
        return Builders.withBuilder(LinkedHashMap<String, Object>::new)
                .use(notifyUrl).withProbability(0.5).inSetter((m, v) -> m.put("notify_url", v))
                .use(mchid).withProbability(0.5).inSetter((m, v) -> m.put("mchid", v))
                .use(returnUrl).withProbability(0.5).inSetter((m, v) -> m.put("return_url", v))
                .build(m -> (Map<String, Object>) m)
                .filter(m -> !m.isEmpty());
    }

    static Arbitrary<String> validDateTime() {
        return Arbitraries.longs().between(946_684_800L, 4_102_444_799L) // 2000 to 2099
                .map(s -> LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC).format(DATE_TIME));
    }

    @Provide
    Arbitrary<String> validRequests() {
        Arbitrary<String> orders = validOrders().map(order -> {
            try {
                return JSON.writeValueAsString(order);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Arbitrary<String> syssn = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(26);
        Arbitrary<String> queries = syssn.map(s -> "{\"syssn\":\"" + s + "\",\"page\":1,\"page_size\":10}");
        Arbitrary<String> refunds = syssn.map(s -> "{\"syssn\":\"" + s + "\",\"txamt\":300,\"refund_id\":\"R-1\","
                                                   + "\"txdtm\":\"2025-01-02 09:30:00\"}");
        return Arbitraries.frequencyOf(Tuple.of(6, orders), Tuple.of(2, queries), Tuple.of(2, refunds));
    }

    // ---------------------------------------------------------------- mutation

    static final String[] INSERTS = { "\u0000", "\n", "\u007f", "\u2028", "\ud800", "\"", "\\", "{", "}", "[", "]",
            ",", ":", " ", "0", "9", "-", ".", "e", "x", "é", "😀", KEY, "\"txamt\":1,", "\"colour\":\"red\",",
            "\"txamt\":", "null", "true", "[1]", "{\"a\":1}", "\\u0000", "\\n", "\\ud800" };

    /** One to four random edits: delete, insert, replace, duplicate, swap, truncate, change case. */
    static String mutate(String text, Random random) {
        StringBuilder sb = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = sb.length() == 0 ? 0 : random.nextInt(sb.length());
            switch (random.nextInt(8)) {
                case 0 -> sb.delete(at, Math.min(sb.length(), at + 1 + random.nextInt(4)));
                case 1 -> sb.insert(at, INSERTS[random.nextInt(INSERTS.length)]);
                case 2 -> {
                    if (sb.length() > 0) {
                        sb.setCharAt(at, (char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000)));
                    }
                }
                case 3 -> {
                    // repeat a slice, often a whole "name":value pair, which makes a duplicate key
                    int comma = sb.indexOf(",", at);
                    int end = comma < 0 ? sb.length() : comma + 1;
                    sb.insert(end, sb.substring(at, end));
                }
                case 4 -> {
                    if (sb.length() > 1) {
                        int other = random.nextInt(sb.length());
                        char c = sb.charAt(at);
                        sb.setCharAt(at, sb.charAt(other));
                        sb.setCharAt(other, c);
                    }
                }
                case 5 -> sb.setLength(at);
                case 6 -> {
                    if (sb.length() > 0 && Character.isDigit(sb.charAt(at))) {
                        sb.setCharAt(at, (char) ('0' + random.nextInt(10)));
                    } else {
                        sb.insert(at, random.nextInt(10));
                    }
                }
                default -> {
                    String slice = sb.substring(at, Math.min(sb.length(), at + 6));
                    String changed = random.nextBoolean() ? slice.toUpperCase() : slice.toLowerCase();
                    sb.replace(at, at + slice.length(), changed);
                }
            }
        }
        return sb.toString();
    }
}

package dev.camelpayme.component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reference §2.4 vectors (copied verbatim from qfpay-api.md) and own cases computed independently in the test. */
class PaymeSignerTest {

    static final String KEY = "TESTKEY0123456789ABCDEF0123456789";

    static Map<String, String> fields(String... nameValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            map.put(nameValues[i], nameValues[i + 1]);
        }
        return map;
    }

    /** name, key, fields, pre-hash string (with key, from the reference), MD5, SHA-256. */
    static List<Arguments> referenceVectors() {
        return List.of(
                Arguments.of("V1", "abcd1234", fields("mchid", "ZaMVg12345", "txamt", "100", "txcurrcd", "HKD"),
                        "mchid=ZaMVg12345&txamt=100&txcurrcd=HKDabcd1234",
                        "3CB3AA9C21D818AB4CAFAA8FA3FEACF4",
                        "99D9F7174823928B74C74B1C7A7E1538DF733774DD21C9606A202CB8BB3D74E8"),
                Arguments.of("V2", "Key", fields("abc", "value1", "bcd", "value2", "bad", "value3"),
                        "abc=value1&bad=value3&bcd=value2Key",
                        "FE90E1859AF37371A06415CF19F6614F",
                        "55BED8288586B02E3836BF0C4BAEC24C002B1C87E1C355F356A3547AB97A64B4"),
                Arguments.of("V3", KEY,
                        fields("txamt", "300", "txcurrcd", "HKD", "pay_type", "805814", "out_trade_no",
                                "ORDER20250101000001", "txdtm", "2025-01-01 12:00:00", "goods_name", "Test1",
                                "return_url", "https://shop.example.com/return?id=1&x=y"),
                        "goods_name=Test1&out_trade_no=ORDER20250101000001&pay_type=805814&return_url=https://shop.example.com/return?id=1&x=y&txamt=300&txcurrcd=HKD&txdtm=2025-01-01 12:00:00TESTKEY0123456789ABCDEF0123456789",
                        "168E9066ED0699F4119B73AD5E3FD73B",
                        "78423384B45992206597038E2EE6B321E2C14FFFEB8803C257B34817CC4D88CA"),
                Arguments.of("V4", KEY,
                        fields("txamt", "1500", "txcurrcd", "HKD", "pay_type", "805812", "out_trade_no",
                                "ORDER20250101000002", "txdtm", "2025-01-01 12:00:00", "goods_name", "測試商品",
                                "mchid", "ZaMVg12345", "expired_time", "10"),
                        "expired_time=10&goods_name=測試商品&mchid=ZaMVg12345&out_trade_no=ORDER20250101000002&pay_type=805812&txamt=1500&txcurrcd=HKD&txdtm=2025-01-01 12:00:00TESTKEY0123456789ABCDEF0123456789",
                        "4A1014D73E668153F949520AC5D866CA",
                        "F0A6D4622C5A456C237CB775F05A5F4E4A1F0E9076DE887580A8E7E978F7EE37"),
                Arguments.of("V5", KEY,
                        fields("syssn", "20250101000300020000000001", "start_time", "2025-01-01 00:00:00",
                                "end_time", "2025-01-31 23:59:59"),
                        "end_time=2025-01-31 23:59:59&start_time=2025-01-01 00:00:00&syssn=20250101000300020000000001TESTKEY0123456789ABCDEF0123456789",
                        "691D5DBD5D068925B5AC62021AC2E3EC",
                        "8F07DDC99022E806A450EC9F18CC3293ED3F5370805100065EA80A99134741B8"),
                Arguments.of("V6", KEY,
                        fields("syssn", "20250101000300020000000001", "out_trade_no", "REFUND20250102000001",
                                "txamt", "300", "txdtm", "2025-01-02 09:30:00"),
                        "out_trade_no=REFUND20250102000001&syssn=20250101000300020000000001&txamt=300&txdtm=2025-01-02 09:30:00TESTKEY0123456789ABCDEF0123456789",
                        "E7D8E4D423635CDD4AD6BC11135BCC77",
                        "EE5EE2CC93A61ECF9098E18DDC8AE0F74C6930EA268CF779AB174D87EF688FFD"));
    }

    @ParameterizedTest(name = "{0} MD5")
    @MethodSource("referenceVectors")
    void referenceVectorSignsWithMd5(String name, String key, Map<String, String> fields, String preHash, String md5,
                                     String sha256) {
        SignedRequest signed = new PaymeSigner(key, SignType.MD5).signRequest(fields);

        assertEquals(md5, signed.signature());
        assertEquals(preHash, signed.canonicalString() + key);
        assertEquals(md5, new PaymeSigner(key, SignType.MD5).sign(fields));
    }

    @ParameterizedTest(name = "{0} SHA-256")
    @MethodSource("referenceVectors")
    void referenceVectorSignsWithSha256(String name, String key, Map<String, String> fields, String preHash, String md5,
                                        String sha256) {
        SignedRequest signed = new PaymeSigner(key, SignType.SHA256).signRequest(fields);

        assertEquals(sha256, signed.signature());
        assertEquals(SignType.SHA256, signed.signType());
        assertEquals(preHash, signed.canonicalString() + key);
    }

    @ParameterizedTest(name = "{0} pre-hash string")
    @MethodSource("referenceVectors")
    void referenceVectorIsSelfConsistent(String name, String key, Map<String, String> fields, String preHash,
                                         String md5, String sha256) throws Exception {
        // guards against a typo in the copied vectors: the reference's string hashes to the reference's digests
        assertEquals(md5, hash("MD5", preHash));
        assertEquals(sha256, hash("SHA-256", preHash));
    }

    static final String N1_BODY
            = "{\"status\": \"1\", \"pay_type\": \"805814\", \"sysdtm\": \"2025-01-01 12:00:01\", \"paydtm\": \"2025-01-01 12:01:30\", \"goods_name\": \"\", \"txcurrcd\": \"HKD\", \"txdtm\": \"2025-01-01 12:00:00\", \"txamt\": \"300\", \"exchange_rate\": \"\", \"chnlsn2\": \"\", \"out_trade_no\": \"ORDER20250101000001\", \"syssn\": \"20250101000300020000000001\", \"cash_fee_type\": \"\", \"cancel\": \"0\", \"respcd\": \"0000\", \"goods_info\": \"\", \"cash_fee\": \"0\", \"notify_type\": \"payment\", \"chnlsn\": \"\", \"cardcd\": \"\"}";
    static final String N1_SIGN = "FB5C431F8C4A0371AC61DE4E91BEA578";
    static final String N1_COMPACT_SIGN = "AFDF2612925B5787E7748919C727236D";

    @Test
    void notificationVectorN1Verifies() {
        assertTrue(new NotificationVerifier(KEY).verify(N1_BODY.getBytes(StandardCharsets.UTF_8), N1_SIGN));
    }

    @Test
    void notificationVerifiesLowerCaseHeader() {
        assertTrue(new NotificationVerifier(KEY).verify(N1_BODY.getBytes(StandardCharsets.UTF_8),
                N1_SIGN.toLowerCase()));
    }

    @Test
    void compactlyReserialisedNotificationDoesNotVerify() {
        String compact = N1_BODY.replace("\", \"", "\",\"").replace("\": \"", "\":\"");
        NotificationVerifier verifier = new NotificationVerifier(KEY);

        assertFalse(verifier.verify(compact.getBytes(StandardCharsets.UTF_8), N1_SIGN));
        // the reference's digest of the compact form, to prove the compact string is the one it meant
        assertTrue(verifier.verify(compact.getBytes(StandardCharsets.UTF_8), N1_COMPACT_SIGN));
    }

    @Test
    void notificationWithWrongOrMissingSignatureDoesNotVerify() {
        NotificationVerifier verifier = new NotificationVerifier(KEY);
        byte[] body = N1_BODY.getBytes(StandardCharsets.UTF_8);

        assertFalse(verifier.verify(body, "FB5C431F8C4A0371AC61DE4E91BEA579"));
        assertFalse(verifier.verify(body, null));
        assertFalse(verifier.verify(body, ""));
        assertFalse(verifier.verify(body, N1_SIGN.substring(1)));
        assertFalse(new NotificationVerifier("OTHERKEY").verify(body, N1_SIGN));
    }

    @Test
    void chineseGoodsNameIsHashedAsUtf8() throws Exception {
        Map<String, String> fields = fields("goods_name", "港式奶茶", "txamt", "2500");
        String expected = hash("MD5", "goods_name=港式奶茶&txamt=2500" + KEY);

        SignedRequest signed = new PaymeSigner(KEY, SignType.MD5).signRequest(fields);

        assertEquals(expected, signed.signature());
        assertEquals("goods_name=" + URLEncoder.encode("港式奶茶", StandardCharsets.UTF_8) + "&txamt=2500",
                signed.formBody());
        assertEquals("goods_name=%E6%B8%AF%E5%BC%8F%E5%A5%B6%E8%8C%B6&txamt=2500", signed.formBody());
    }

    @Test
    void reservedCharactersAreSignedRawButFormEncodedInTheBody() throws Exception {
        Map<String, String> fields = fields("return_url", "https://shop.example.com/r?a=1&b=2", "txdtm",
                "2025-01-01 12:00:00");
        String expected = hash("SHA-256", "return_url=https://shop.example.com/r?a=1&b=2&txdtm=2025-01-01 12:00:00" + KEY);

        SignedRequest signed = new PaymeSigner(KEY, SignType.SHA256).signRequest(fields);

        assertEquals(expected, signed.signature());
        assertEquals("return_url=https%3A%2F%2Fshop.example.com%2Fr%3Fa%3D1%26b%3D2&txdtm=2025-01-01+12%3A00%3A00",
                signed.formBody());
    }

    @Test
    void nullAndEmptyValuesAreNeitherSignedNorSent() throws Exception {
        Map<String, Object> fields = new HashMap<>();
        fields.put("txamt", "300");
        fields.put("goods_name", "");
        fields.put("udid", null);
        String expected = hash("MD5", "txamt=300" + KEY);

        SignedRequest signed = new PaymeSigner(KEY, SignType.MD5).signRequest(fields);

        assertEquals(expected, signed.signature());
        assertEquals(Map.of("txamt", "300"), signed.fields());
        assertEquals("txamt=300", signed.formBody());
    }

    @Test
    void fieldOrderDoesNotChangeTheSignature() {
        Map<String, String> forward = fields("a", "1", "b", "2", "c", "3", "txamt", "9");
        Map<String, String> backward = fields("txamt", "9", "c", "3", "b", "2", "a", "1");
        PaymeSigner signer = new PaymeSigner(KEY, SignType.MD5);

        assertEquals(signer.sign(forward), signer.sign(backward));
        assertEquals(List.copyOf(new TreeMap<>(forward).keySet()), List.copyOf(signer.signRequest(backward).fields().keySet()));
    }

    @Test
    void namesAreSortedByOrdinalNotAlphabetically() throws Exception {
        // upper-case sorts before lower-case and '_' (0x5F) between them in ordinal order
        Map<String, String> fields = fields("b", "1", "B", "2", "a_b", "3", "aB", "4");
        String expected = hash("MD5", "B=2&aB=4&a_b=3&b=1" + KEY);

        assertEquals(expected, new PaymeSigner(KEY, SignType.MD5).sign(fields));
    }

    @Test
    void numbersAreSignedAsTheirDecimalText() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("txamt", 300L);
        fields.put("rate", new java.math.BigDecimal("1.50"));
        String expected = hash("MD5", "rate=1.50&txamt=300" + KEY);

        assertEquals(expected, new PaymeSigner(KEY, SignType.MD5).sign(fields));
    }

    @Test
    void signatureIsUpperCaseHex() {
        String signature = new PaymeSigner(KEY, SignType.SHA256).sign(fields("txamt", "1"));

        assertTrue(signature.matches("[0-9A-F]{64}"), signature);
    }

    @Test
    void keyFieldsAreRejected() {
        PaymeSigner signer = new PaymeSigner(KEY, SignType.MD5);

        PaymeValidationException e = assertThrows(PaymeValidationException.class,
                () -> signer.signRequest(fields("txamt", "1", "key", "x", "client_key", "y")));

        assertEquals(2, e.getViolations().size());
        assertTrue(e.getMessage().contains("key must not be sent"), e.getMessage());
        assertTrue(e.getMessage().contains("client_key must not be sent"), e.getMessage());
    }

    @Test
    void valuesContainingTheKeyAreRejectedWithoutRevealingIt() {
        PaymeSigner signer = new PaymeSigner(KEY, SignType.MD5);

        PaymeValidationException e = assertThrows(PaymeValidationException.class,
                () -> signer.signRequest(fields("udid", "x" + KEY)));

        assertEquals("Invalid PayMe request: udid must not contain the client key", e.getMessage());
    }

    @Test
    void nestedValuesControlCharactersAndBadNamesAreRejectedTogether() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("goods", Map.of("a", "b"));
        fields.put("list", List.of("a"));
        fields.put("udid", "a\nb");
        fields.put("bad name", "x");
        fields.put("a=b", "x");

        PaymeValidationException e = assertThrows(PaymeValidationException.class,
                () -> new PaymeSigner(KEY, SignType.MD5).signRequest(fields));

        assertEquals(5, e.getViolations().size(), e.getMessage());
        assertTrue(e.getMessage().contains("goods must be a single value, not a nested object or list"));
        assertTrue(e.getMessage().contains("udid must not contain control characters"));
        assertTrue(e.getMessage().contains("a=b is not a valid field name"));
    }

    @Test
    void keyNeverAppearsInToStringOrResult() {
        PaymeSigner signer = new PaymeSigner(KEY, SignType.MD5);
        SignedRequest signed = signer.signRequest(fields("txamt", "300"));

        assertFalse(signer.toString().contains(KEY));
        assertFalse(signed.toString().contains(KEY));
        assertFalse(signed.formBody().contains(KEY));
        assertFalse(signed.canonicalString().contains(KEY));
        assertFalse(new NotificationVerifier(KEY).toString().contains(KEY));
    }

    @Test
    void validationExceptionSurvivesSerialisation() throws Exception {
        PaymeValidationException e = assertThrows(PaymeValidationException.class,
                () -> new PaymeSigner(KEY, SignType.MD5).signRequest(fields("key", "x")));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            PaymeValidationException copy = (PaymeValidationException) in.readObject();
            assertEquals(e.getViolations(), copy.getViolations());
            assertEquals(e.getMessage(), copy.getMessage());
        }
    }

    @Test
    void fieldsOfTheResultCannotBeChanged() {
        SignedRequest signed = new PaymeSigner(KEY, SignType.MD5).signRequest(fields("txamt", "300"));

        assertThrows(UnsupportedOperationException.class, () -> signed.fields().put("txamt", "1"));
    }

    @Test
    void blankKeyIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PaymeSigner(" ", SignType.MD5));
        assertThrows(IllegalArgumentException.class, () -> new NotificationVerifier(null));
    }

    @Test
    void differentKeysGiveDifferentSignatures() {
        Map<String, String> fields = fields("txamt", "300");

        assertNotEquals(new PaymeSigner("k1", SignType.MD5).sign(fields), new PaymeSigner("k2", SignType.MD5).sign(fields));
    }

    static String hash(String algorithm, String text) throws Exception {
        byte[] digest = MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().withUpperCase().formatHex(digest);
    }
}

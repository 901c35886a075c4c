package dev.camelpayme.sandbox;

import static dev.camelpayme.sandbox.QfpayTestClient.fields;
import static dev.camelpayme.sandbox.QfpayTestClient.formBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camelpayme.sandbox.QfpayTestClient.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Authentication and the signature rule of reference §2, checked against the reference's vectors. */
class SandboxSignatureTest {

    static final String KEY = "TESTKEY0123456789ABCDEF0123456789";
    static final String APP = "TEST-APP";
    static final String V3_MD5 = "168E9066ED0699F4119B73AD5E3FD73B";
    static final String V3_SHA256 = "78423384B45992206597038E2EE6B321E2C14FFFEB8803C257B34817CC4D88CA";

    QfpaySandbox sandbox;
    QfpayTestClient client;

    @BeforeEach
    void start() {
        sandbox = QfpaySandbox.builder().appCode(APP).clientKey(KEY).build().start();
        client = new QfpayTestClient(sandbox.baseUrl(), APP, KEY);
    }

    @AfterEach
    void stop() {
        sandbox.stop();
    }

    static Map<String, String> v3() {
        return fields("txamt", "300", "txcurrcd", "HKD", "pay_type", "805814", "out_trade_no", "ORDER20250101000001",
                "txdtm", "2025-01-01 12:00:00", "goods_name", "Test1",
                "return_url", "https://shop.example.com/return?id=1&x=y");
    }

    static Map<String, String> v4() {
        return fields("txamt", "1500", "txcurrcd", "HKD", "pay_type", "805812", "out_trade_no", "ORDER20250101000002",
                "txdtm", "2025-01-01 12:00:00", "goods_name", "測試商品", "mchid", "ZaMVg12345", "expired_time", "10");
    }

    Reply post(String path, Map<String, String> fields, String... headers) {
        return QfpayTestClient.send(client.request(path, formBody(fields), headers).build());
    }

    @Test
    void testSignerReproducesTheReferenceVectors() {
        assertEquals(V3_MD5, QfpayTestClient.md5(v3(), KEY));
        assertEquals(V3_SHA256, QfpayTestClient.sign(v3(), KEY, "SHA-256"));
        assertEquals("4A1014D73E668153F949520AC5D866CA", QfpayTestClient.md5(v4(), KEY));
    }

    @Test
    void acceptsReferenceVectorV3SignedWithMd5() {
        Reply r = post("/trade/v1/payment", v3(), "X-QF-APPCODE", APP, "X-QF-SIGN", V3_MD5);
        assertEquals("0000", r.respcd(), r.body());
        assertEquals("ORDER20250101000001", r.get("out_trade_no"));
        assertTrue(sandbox.order("ORDER20250101000001").isPresent());
    }

    @Test
    void rejectsV3WithOneCharacterOfTheSignatureChanged() {
        Reply r = post("/trade/v1/payment", v3(), "X-QF-APPCODE", APP, "X-QF-SIGN",
                "168E9066ED0699F4119B73AD5E3FD73C");
        assertEquals(200, r.status());
        assertEquals("1108", r.respcd());
        assertEquals("Signature error", r.get("resperr"));
        assertTrue(sandbox.orders().isEmpty());
    }

    @Test
    void rejectsV3WithOneFieldValueChanged() {
        Map<String, String> tampered = v3();
        tampered.put("txamt", "301");
        Reply r = post("/trade/v1/payment", tampered, "X-QF-APPCODE", APP, "X-QF-SIGN", V3_MD5);
        assertEquals("1108", r.respcd());
    }

    @Test
    void acceptsV3SignedWithSha256InLowerCaseWithTheSignTypeHeader() {
        Reply r = post("/trade/v1/payment", v3(), "X-QF-APPCODE", APP, "X-QF-SIGN", V3_SHA256.toLowerCase(),
                "X-QF-SIGNTYPE", "SHA256");
        assertEquals("0000", r.respcd(), r.body());
    }

    @Test
    void acceptsTheMd5SignatureInLowerCase() {
        Reply r = post("/trade/v1/payment", v3(), "X-QF-APPCODE", APP, "X-QF-SIGN", V3_MD5.toLowerCase());
        assertEquals("0000", r.respcd(), r.body());
    }

    @Test
    void rejectsSha256SignatureWithoutTheSignTypeHeader() {
        Reply r = post("/trade/v1/payment", v3(), "X-QF-APPCODE", APP, "X-QF-SIGN", V3_SHA256);
        assertEquals("1108", r.respcd());
    }

    @Test
    void rejectsMd5SignatureUnderTheSha256SignTypeHeader() {
        Reply r = post("/trade/v1/payment", v3(), "X-QF-APPCODE", APP, "X-QF-SIGN", V3_MD5, "X-QF-SIGNTYPE", "SHA256");
        assertEquals("1108", r.respcd());
    }

    @Test
    void rejectsAnUnknownSignType() {
        Reply r = post("/trade/v1/payment", v3(), "X-QF-APPCODE", APP, "X-QF-SIGN", V3_SHA256,
                "X-QF-SIGNTYPE", "SHA-256");
        assertEquals("1108", r.respcd());
        assertTrue(r.get("resperr").contains("X-QF-SIGNTYPE"), r.body());
    }

    @Test
    void acceptsVectorV4WithChineseGoodsNameAndTheAssignedMchid() {
        try (QfpaySandbox withMchid = QfpaySandbox.builder().appCode(APP).clientKey(KEY).mchid("ZaMVg12345").build()
                .start()) {
            QfpayTestClient c = new QfpayTestClient(withMchid.baseUrl(), APP, KEY);
            Reply r = QfpayTestClient.send(c.request("/trade/v1/payment", formBody(v4()), "X-QF-APPCODE", APP,
                    "X-QF-SIGN", "4A1014D73E668153F949520AC5D866CA").build());
            assertEquals("0000", r.respcd(), r.body());
            assertEquals("測試商品", withMchid.order("ORDER20250101000002").orElseThrow().goodsName());
        }
    }

    @Test
    void acceptsVectorV5QueryAndV6RefundAtTheAuthenticationLevel() {
        Map<String, String> v5 = fields("syssn", "20250101000300020000000001", "start_time", "2025-01-01 00:00:00",
                "end_time", "2025-01-31 23:59:59");
        Reply q = post("/trade/v1/query", v5, "X-QF-APPCODE", APP, "X-QF-SIGN", "691D5DBD5D068925B5AC62021AC2E3EC");
        assertEquals("0000", q.respcd(), q.body());
        assertEquals(0, q.data().size());

        Map<String, String> v6 = fields("syssn", "20250101000300020000000001", "out_trade_no", "REFUND20250102000001",
                "txamt", "300", "txdtm", "2025-01-02 09:30:00");
        Reply r = post("/trade/v1/refund", v6, "X-QF-APPCODE", APP, "X-QF-SIGN", "E7D8E4D423635CDD4AD6BC11135BCC77");
        assertEquals("1268", r.respcd(), "signature accepted, then: unknown original syssn");
    }

    @Test
    void acceptsChineseGoodsNameSignedOverRawUtf8() {
        Map<String, String> f = QfpayTestClient.payment("CN-1", 300);
        f.put("goods_name", "測試商品");
        Reply r = client.payment(f);
        assertEquals("0000", r.respcd(), r.body());
        Reply q = client.query(fields("syssn", r.get("syssn")));
        assertEquals("測試商品", q.data().get(0).get("goods_name").asText());
    }

    @Test
    void rejectsSignatureComputedOverUrlEncodedValues() {
        Map<String, String> f = QfpayTestClient.payment("ENC-1", 300);
        f.put("goods_name", "測試商品");
        f.put("return_url", "https://shop.example.com/return?id=1&x=y");
        Map<String, String> encoded = new LinkedHashMap<>();
        f.forEach((k, v) -> encoded.put(k, URLEncoder.encode(v, StandardCharsets.UTF_8)));
        Reply r = post("/trade/v1/payment", f, "X-QF-APPCODE", APP, "X-QF-SIGN", QfpayTestClient.md5(encoded, KEY));
        assertEquals("1108", r.respcd());
    }

    @Test
    void rejectsUnknownAppCode() {
        Map<String, String> f = QfpayTestClient.payment("APP-1", 300);
        Reply r = post("/trade/v1/payment", f, "X-QF-APPCODE", "SOMEONE-ELSE", "X-QF-SIGN",
                QfpayTestClient.md5(f, KEY));
        assertEquals("1108", r.respcd());
        assertTrue(r.get("resperr").contains("X-QF-APPCODE"), r.body());
        assertTrue(sandbox.orders().isEmpty());
    }

    @Test
    void rejectsMissingAppCodeAndMissingSignature() {
        Map<String, String> f = QfpayTestClient.payment("HDR-1", 300);
        Reply noAppCode = post("/trade/v1/payment", f, "X-QF-SIGN", QfpayTestClient.md5(f, KEY));
        assertEquals("1108", noAppCode.respcd());
        assertTrue(noAppCode.get("resperr").contains("X-QF-APPCODE"));
        Reply noSign = post("/trade/v1/payment", f, "X-QF-APPCODE", APP);
        assertEquals("1108", noSign.respcd());
        assertTrue(noSign.get("resperr").contains("X-QF-SIGN"));
    }

    @Test
    void rejectsSignatureMadeWithAnotherKey() {
        Map<String, String> f = QfpayTestClient.payment("KEY-1", 300);
        Reply r = post("/trade/v1/payment", f, "X-QF-APPCODE", APP, "X-QF-SIGN",
                QfpayTestClient.md5(f, SandboxCredentials.CLIENT_KEY));
        assertEquals("1108", r.respcd());
    }

    @Test
    void rejectsTheClientKeyInTheBodyWithoutEchoingOrRecordingIt() {
        for (String name : new String[] {"key", "client_key"}) {
            Map<String, String> f = QfpayTestClient.payment("LEAK-" + name, 300);
            f.put(name, KEY);
            Reply r = client.payment(f);
            assertEquals("1108", r.respcd(), name);
            assertFalse(r.body().contains(KEY));
        }
        Map<String, String> f = QfpayTestClient.payment("LEAK-other", 300);
        f.put("udid", KEY);
        assertEquals("1108", client.payment(f).respcd(), "the key's value under another name");

        assertTrue(sandbox.orders().isEmpty());
        assertEquals(3, sandbox.requests().size());
        for (ReceivedRequest recorded : sandbox.requests()) {
            assertFalse(recorded.form().containsValue(KEY), recorded.toString());
            assertEquals("1108", recorded.respcd());
        }
        assertEquals(ReceivedRequest.REDACTED, sandbox.requests().get(0).field("key"));
        assertFalse(sandbox.toString().contains(KEY));
    }

    @Test
    void refusesMchidWhenNoneIsAssigned() {
        Map<String, String> f = QfpayTestClient.payment("MCH-1", 300);
        f.put("mchid", "ZaMVg12345");
        Reply r = client.payment(f);
        assertEquals("1108", r.respcd());
        assertTrue(r.get("resperr").contains("mchid"), r.body());
    }

    @Test
    void requiresExactlyTheAssignedMchid() {
        try (QfpaySandbox withMchid = QfpaySandbox.builder().appCode(APP).clientKey(KEY).mchid("ZaMVg12345").build()
                .start()) {
            QfpayTestClient c = new QfpayTestClient(withMchid.baseUrl(), APP, KEY);
            assertEquals("1108", c.payment(QfpayTestClient.payment("MCH-2", 300)).respcd(), "missing mchid");
            Map<String, String> wrong = QfpayTestClient.payment("MCH-3", 300);
            wrong.put("mchid", "ZaMVg99999");
            assertEquals("1108", c.payment(wrong).respcd(), "wrong mchid");
            Map<String, String> right = QfpayTestClient.payment("MCH-4", 300);
            right.put("mchid", "ZaMVg12345");
            assertEquals("0000", c.payment(right).respcd());
            assertEquals("0000", c.query(fields("out_trade_no", "MCH-4", "mchid", "ZaMVg12345")).respcd());
            assertEquals("1108", c.query(fields("out_trade_no", "MCH-4")).respcd(), "query without mchid");
        }
    }

    @Test
    void authenticatesQueryAndRefundToo() {
        Map<String, String> q = fields("out_trade_no", "X");
        assertEquals("1108", post("/trade/v1/query", q, "X-QF-APPCODE", APP, "X-QF-SIGN", "00").respcd());
        Map<String, String> r = QfpayTestClient.refundOf("1", "R-1", 100);
        assertEquals("1108", post("/trade/v1/refund", r, "X-QF-APPCODE", APP, "X-QF-SIGN", "00").respcd());
    }

    @Test
    void recordsTheSelectedHeaders() {
        client.payment(QfpayTestClient.payment("REC-1", 300));
        ReceivedRequest r = sandbox.requests("/trade/v1/payment").get(0);
        assertEquals(APP, r.header("x-qf-appcode").orElseThrow());
        assertEquals(QfpayTestClient.md5(QfpayTestClient.payment("REC-1", 300), KEY).length(),
                r.header("X-QF-SIGN").orElseThrow().length());
        assertTrue(r.header("Content-Type").orElseThrow().startsWith("application/x-www-form-urlencoded"));
        assertTrue(r.header("X-QF-SIGNTYPE").isEmpty());
    }
}

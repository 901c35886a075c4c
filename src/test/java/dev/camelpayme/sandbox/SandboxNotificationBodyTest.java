package dev.camelpayme.sandbox;

import static dev.camelpayme.sandbox.QfpayTestClient.md5Hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The notification body writer and signer against vector N1 of the reference (§2.4, §6.2). */
class SandboxNotificationBodyTest {

    static final String KEY = "TESTKEY0123456789ABCDEF0123456789";

    static final String N1 = "{\"status\": \"1\", \"pay_type\": \"805814\", \"sysdtm\": \"2025-01-01 12:00:01\", "
            + "\"paydtm\": \"2025-01-01 12:01:30\", \"goods_name\": \"\", \"txcurrcd\": \"HKD\", "
            + "\"txdtm\": \"2025-01-01 12:00:00\", \"txamt\": \"300\", \"exchange_rate\": \"\", \"chnlsn2\": \"\", "
            + "\"out_trade_no\": \"ORDER20250101000001\", \"syssn\": \"20250101000300020000000001\", "
            + "\"cash_fee_type\": \"\", \"cancel\": \"0\", \"respcd\": \"0000\", \"goods_info\": \"\", "
            + "\"cash_fee\": \"0\", \"notify_type\": \"payment\", \"chnlsn\": \"\", \"cardcd\": \"\"}";

    static Map<String, String> n1Fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("status", "1");
        f.put("pay_type", "805814");
        f.put("sysdtm", "2025-01-01 12:00:01");
        f.put("paydtm", "2025-01-01 12:01:30");
        f.put("goods_name", "");
        f.put("txcurrcd", "HKD");
        f.put("txdtm", "2025-01-01 12:00:00");
        f.put("txamt", "300");
        f.put("exchange_rate", "");
        f.put("chnlsn2", "");
        f.put("out_trade_no", "ORDER20250101000001");
        f.put("syssn", "20250101000300020000000001");
        f.put("cash_fee_type", "");
        f.put("cancel", "0");
        f.put("respcd", "0000");
        f.put("goods_info", "");
        f.put("cash_fee", "0");
        f.put("notify_type", "payment");
        f.put("chnlsn", "");
        f.put("cardcd", "");
        return f;
    }

    @Test
    void writesVectorN1ByteForByte() {
        assertEquals(N1, NotificationBody.pythonJson(n1Fields()));
    }

    @Test
    void signsVectorN1() {
        assertEquals("FB5C431F8C4A0371AC61DE4E91BEA578",
                NotificationBody.sign(N1.getBytes(StandardCharsets.UTF_8), KEY));
    }

    @Test
    void theCompactReSerialisationOfN1DoesNotMatch() throws Exception {
        byte[] compact = new ObjectMapper().writeValueAsBytes(new ObjectMapper().readTree(N1));
        assertEquals("AFDF2612925B5787E7748919C727236D", NotificationBody.sign(compact, KEY));
    }

    @Test
    void escapesLikePythonsJsonDumps() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("goods_name", "測試 \"a\\b\"/\n\t\u0001\u007f😀é");
        // python3 -c 'import json; print(json.dumps({"goods_name": "測試 \"a\\b\"/\n\t\x01\x7f😀é"}))'
        assertEquals("{\"goods_name\": \"\\u6e2c\\u8a66 \\\"a\\\\b\\\"/\\n\\t\\u0001\\u007f\\ud83d\\ude00\\u00e9\"}",
                NotificationBody.pythonJson(f));
        assertEquals("{}", NotificationBody.pythonJson(Map.of()));
    }

    @Test
    void theSignatureCoversTheKeysUtf8Bytes() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertEquals(md5Hex("{}clé".getBytes(StandardCharsets.UTF_8)), NotificationBody.sign(body, "clé"));
        assertNotEquals(md5Hex("{}clé".getBytes(StandardCharsets.ISO_8859_1)), NotificationBody.sign(body, "clé"));
    }
}

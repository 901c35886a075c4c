package dev.camelpayme.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Test-side QFPay client: its own small signer (TreeMap + MessageDigest, written from the reference, not shared with
 * the sandbox or the component) and real HTTP over loopback.
 */
final class QfpayTestClient {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FORM = "application/x-www-form-urlencoded";
    static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    final String baseUrl;
    final String appCode;
    final String key;

    QfpayTestClient(String baseUrl, String appCode, String key) {
        this.baseUrl = baseUrl;
        this.appCode = appCode;
        this.key = key;
    }

    static QfpayTestClient of(QfpaySandbox sandbox) {
        return new QfpayTestClient(sandbox.baseUrl(), SandboxCredentials.APP_CODE, SandboxCredentials.CLIENT_KEY);
    }

    // ------------------------------------------------------------------------------------------------ signing

    /** Reference §2: sort by name, join k=v with &, append the key, hash UTF-8, upper-case hex. */
    static String sign(Map<String, String> fields, String key, String jcaAlgorithm) {
        StringJoiner joined = new StringJoiner("&");
        new TreeMap<>(fields).forEach((k, v) -> joined.add(k + "=" + v));
        try {
            MessageDigest md = MessageDigest.getInstance(jcaAlgorithm);
            byte[] digest = md.digest((joined + key).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String md5(Map<String, String> fields, String key) {
        return sign(fields, key, "MD5");
    }

    /** MD5 over the parts, one after the other, as upper-case hex. */
    static String md5Hex(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            for (byte[] part : parts) {
                md.update(part);
            }
            return HexFormat.of().withUpperCase().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String formBody(Map<String, String> fields) {
        StringJoiner body = new StringJoiner("&");
        fields.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return body.toString();
    }

    // ------------------------------------------------------------------------------------------------ requests

    static Map<String, String> payment(String outTradeNo, long txamt) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("txamt", Long.toString(txamt));
        f.put("txcurrcd", "HKD");
        f.put("pay_type", "805814");
        f.put("out_trade_no", outTradeNo);
        f.put("txdtm", LocalDateTime.now(ZoneId.of("Asia/Hong_Kong")).format(DTM));
        return f;
    }

    static Map<String, String> refundOf(String syssn, String outTradeNo, long txamt) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("syssn", syssn);
        f.put("out_trade_no", outTradeNo);
        f.put("txamt", Long.toString(txamt));
        f.put("txdtm", LocalDateTime.now(ZoneId.of("Asia/Hong_Kong")).format(DTM));
        return f;
    }

    static Map<String, String> fields(String... namesAndValues) {
        Map<String, String> f = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            f.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return f;
    }

    /** Signed (MD5) POST of the fields to a QFPay path. */
    Reply post(String path, Map<String, String> fields) {
        return send(signed(path, fields).build());
    }

    HttpRequest.Builder signed(String path, Map<String, String> fields) {
        return request(path, formBody(fields), "X-QF-APPCODE", appCode, "X-QF-SIGN", md5(fields, key));
    }

    /** Any POST with the given body and headers (name, value pairs); Content-Type is form unless given. */
    HttpRequest.Builder request(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body));
        boolean contentType = false;
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
            contentType |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (!contentType) {
            b.header("Content-Type", FORM);
        }
        return b;
    }

    Reply payment(Map<String, String> fields) {
        return post("/trade/v1/payment", fields);
    }

    Reply query(Map<String, String> fields) {
        return post("/trade/v1/query", fields);
    }

    Reply refund(Map<String, String> fields) {
        return post("/trade/v1/refund", fields);
    }

    /** Creates a payment of {@code txamt} in {@code sandbox} (this client's) and marks it paid; returns its syssn. */
    String paid(QfpaySandbox sandbox, String outTradeNo, long txamt) {
        String syssn = payment(payment(outTradeNo, txamt)).get("syssn");
        sandbox.markPaid(syssn);
        return syssn;
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    Reply postEmpty(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    static Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return Reply.of(r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static CompletableFuture<Reply> sendAsync(HttpRequest request) {
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).thenApply(Reply::of);
    }

    /** An HTTP answer. */
    record Reply(int status, String contentType, String body) {

        static Reply of(HttpResponse<String> r) {
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** A top-level text field of the JSON answer, or null. */
        String get(String field) {
            JsonNode n = json().get(field);
            return n == null ? null : n.asText();
        }

        String respcd() {
            return get("respcd");
        }

        JsonNode data() {
            return json().get("data");
        }
    }
}

package dev.camelpayme.bench.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.camelpayme.component.PaymeSigner;
import dev.camelpayme.component.SignedRequest;

/**
 * The baseline: what a shop would do without camel-payme. Each call signs a payment with the component's own signer
 * (a fresh out_trade_no and txdtm, as every attempt of the application has) and posts it with the JDK client.
 */
final class RawPaymentCalls {

    private static final ZoneId HONG_KONG = ZoneId.of("Asia/Hong_Kong");
    private static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final HttpClient client;
    private final URI payment;
    private final String appCode;
    private final PaymeSigner signer;
    private final String idPrefix;
    private final AtomicLong sequence = new AtomicLong();

    RawPaymentCalls(HttpClient client, String baseUrl, String appCode, PaymeSigner signer, String idPrefix) {
        this.client = client;
        this.payment = URI.create(baseUrl + QfpayStandIn.PAYMENT);
        this.appCode = appCode;
        this.signer = signer;
        this.idPrefix = idPrefix;
    }

    /** A QFPay answer other than 0000 is a failure, as it would be for the shop. */
    Reply pay() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("txamt", "2500");
        fields.put("txcurrcd", "HKD");
        fields.put("pay_type", "805814");
        fields.put("goods_name", "Coffee");
        fields.put("out_trade_no", idPrefix + sequence.incrementAndGet());
        fields.put("txdtm", DTM.format(LocalDateTime.now(HONG_KONG)));
        SignedRequest signed = signer.signRequest(fields);
        HttpRequest request = HttpRequest.newBuilder(payment).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("X-QF-APPCODE", appCode)
                .header("X-QF-SIGN", signed.signature())
                .POST(HttpRequest.BodyPublishers.ofString(signed.formBody())).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.statusCode() == 200
                && response.body().contains("\"respcd\":\"0000\""));
    }
}

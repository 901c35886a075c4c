package dev.camelpayme.component;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.camelpayme.component.PaymeValidationException.Violation;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Common part of the operations that sign a request: validate everything first, then sign, then write body and
 * headers. A request that breaks a rule leaves the message untouched and is never signed.
 */
abstract class SigningHandler implements OperationHandler {

    /** QFPay expects Hong Kong local time (reference §9.3); never the JVM's default zone. */
    static final ZoneId HONG_KONG = ZoneId.of("Asia/Hong_Kong");
    static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=UTF-8";

    /** The fields to sign (null values are dropped by the signer) and the extra headers to set. */
    record Prepared(Map<String, Object> fields, Map<String, Object> headers) {
    }

    static final String NO_MCHID_RULE = "must not be given: no mchid may be chosen by a request (option allowedMchids)";
    static final String MCHID_NOT_ALLOWED_RULE = "is not one of the mchids a request may choose (option allowedMchids)";

    protected final PaymeConfiguration configuration;
    private final String clientKey;
    private final PaymeSigner signer;
    private final Set<String> allowedMchids;

    SigningHandler(PaymeConfiguration configuration) {
        this.configuration = configuration;
        this.allowedMchids = Set.copyOf(configuration.allowedMchidList());
        this.clientKey = configuration.effectiveClientKey();
        this.signer = new PaymeSigner(clientKey, configuration.getSignType());
    }

    /** Reads and validates the request. Throws {@link PaymeValidationException} listing every violation. */
    abstract Prepared prepare(Exchange exchange);

    /** What the request is called in validation messages, e.g. {@code payment request}. */
    abstract String subject();

    /** Collects the violations of one request; field names taken from the input never show the client key. */
    RequestChecks newChecks() {
        return new RequestChecks(subject(), clientKey);
    }

    @Override
    public final void handle(Exchange exchange) {
        Prepared prepared;
        SignedRequest signed;
        try {
            prepared = prepare(exchange);
            signed = signer.signRequest(prepared.fields(), subject());
            // every header value but order_id is also a signed field, which the signer checked
            for (Map.Entry<String, Object> header : prepared.headers().entrySet()) {
                if (header.getValue() instanceof String value && value.contains(clientKey)) {
                    throw new PaymeValidationException(subject(),
                            List.of(new Violation(header.getKey(), RequestChecks.KEY_RULE)));
                }
            }
        } catch (PaymeValidationException e) {
            throw withoutKey(e);
        }
        Message message = exchange.getMessage();
        message.setBody(signed.formBody());
        message.setHeader(PaymeConstants.APPCODE, configuration.getAppCode());
        message.setHeader(PaymeConstants.SIGN, signed.signature());
        if (signed.signType() == SignType.SHA256) {
            message.setHeader(PaymeConstants.SIGNTYPE, "SHA256");
        } else {
            // a header left over from an earlier SHA256 call would make QFPay check the MD5 digest as SHA-256
            message.removeHeader(PaymeConstants.SIGNTYPE);
        }
        message.setHeader(Exchange.CONTENT_TYPE, FORM_CONTENT_TYPE);
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(PaymeConstants.REQUEST_FIELDS, signed.fields());
        prepared.headers().forEach(message::setHeader);
    }

    /** The exception itself, or, should the key appear in it anyhow, a copy with the key replaced. */
    private PaymeValidationException withoutKey(PaymeValidationException e) {
        if (!e.getMessage().contains(clientKey)
                && e.getViolations().stream().noneMatch(v -> v.field().contains(clientKey) || v.rule().contains(clientKey))) {
            return e;
        }
        List<Violation> redacted = e.getViolations().stream()
                .map(v -> new Violation(v.field().replace(clientKey, RequestChecks.REDACTED),
                        v.rule().replace(clientKey, RequestChecks.REDACTED)))
                .toList();
        return new PaymeValidationException(e.getSubject().replace(clientKey, RequestChecks.REDACTED), redacted);
    }

    Clock clock() {
        return configuration.clockOrSystem();
    }

    /** The clock's current time as Hong Kong local time. */
    LocalDateTime hongKongNow() {
        return LocalDateTime.ofInstant(clock().instant(), HONG_KONG);
    }

    String nowInHongKong() {
        return RequestChecks.DATE_TIME.format(hongKongNow());
    }

    /** The request's txdtm if given and valid, now in Hong Kong if absent; null if given but invalid. */
    String txdtm(Map<String, Object> input, RequestChecks checks) {
        LocalDateTime given = checks.dateTime(input, "txdtm");
        return given != null ? RequestChecks.DATE_TIME.format(given)
                : RequestChecks.isAbsent(input, "txdtm") ? nowInHongKong() : null;
    }

    /**
     * The request's mchid if given, valid and allowed by the configuration, else the configured one; null means "do
     * not send". Who calls decides the sub-merchant only within what the merchant allowed.
     */
    String mchid(Map<String, Object> input, RequestChecks checks) {
        if (RequestChecks.isAbsent(input, "mchid")) {
            return configuration.getMchid();
        }
        String mchid = checks.matching(input, "mchid", PaymeConfiguration.MCHID, PaymeConfiguration.MCHID_RULE);
        if (mchid != null && !allowedMchids.contains(mchid)) {
            checks.add("mchid", allowedMchids.isEmpty() ? NO_MCHID_RULE : MCHID_NOT_ALLOWED_RULE);
            return null;
        }
        return mchid;
    }

    /** The header's out_trade_no if present (validated), else null. */
    static String outTradeNoHeader(Exchange exchange, RequestChecks checks) {
        String header = exchange.getMessage().getHeader(PaymeConstants.OUT_TRADE_NO, String.class);
        if (header == null || header.isEmpty()) {
            return null;
        }
        if (!OutTradeNos.OUT_TRADE_NO.matcher(header).matches()) {
            checks.add("out_trade_no", OutTradeNos.OUT_TRADE_NO_RULE + " (header " + PaymeConstants.OUT_TRADE_NO + ")");
            return null;
        }
        return header;
    }
}

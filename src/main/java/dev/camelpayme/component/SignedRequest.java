package dev.camelpayme.component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The outcome of {@link PaymeSigner#signRequest(Map)}: exactly the fields that were signed, in signing order, the
 * signature, and the form body that carries exactly those fields. Contains nothing derived from the client key except
 * the signature itself.
 */
public final class SignedRequest {

    private final Map<String, String> fields;
    private final String signature;
    private final SignType signType;

    SignedRequest(Map<String, String> fields, String signature, SignType signType) {
        this.fields = fields;
        this.signature = signature;
        this.signType = signType;
    }

    /** The signed form fields, sorted by name (ordinal order), unmodifiable. Empty and null values are not in it. */
    public Map<String, String> fields() {
        return fields;
    }

    /** The upper-case hex digest, the value of the {@code X-QF-SIGN} header. */
    public String signature() {
        return signature;
    }

    public SignType signType() {
        return signType;
    }

    /**
     * The {@code name=value&...} string the signature covers, before the client key is appended: raw values, not
     * URL-encoded. Handy when comparing with QFPay support; it never contains the key.
     */
    public String canonicalString() {
        return PaymeSigner.canonical(fields);
    }

    /** The request body: {@code application/x-www-form-urlencoded} in UTF-8, exactly the signed fields in order. */
    public String formBody() {
        StringJoiner body = new StringJoiner("&");
        fields.forEach((name, value) -> body.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedRequest other && fields.equals(other.fields) && signature.equals(other.signature)
               && signType == other.signType;
    }

    @Override
    public int hashCode() {
        return Objects.hash(fields, signature, signType);
    }

    @Override
    public String toString() {
        return "SignedRequest[fields=" + fields + ", signType=" + signType + ", signature=" + signature + "]";
    }
}

package dev.camelpayme.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the sandbox sends back for one request.
 *
 * @param status      HTTP status
 * @param contentType Content-Type header, or {@code null}
 * @param body        body bytes
 * @param respcd      top-level respcd carried by the body (for the request log), or {@code null}
 * @param delay       how long to hold the answer back ({@link Duration#ZERO} for none)
 */
record Answer(int status, String contentType, byte[] body, String respcd, Duration delay) {

    static final String JSON = "application/json;charset=UTF-8";
    static final String HTML = "text/html;charset=UTF-8";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** HTTP 200 JSON answer; {@code respcd} is read from the map. */
    static Answer json(Map<String, ?> fields) {
        Object respcd = fields.get("respcd");
        return new Answer(200, JSON, toJson(fields), respcd == null ? null : respcd.toString(), Duration.ZERO);
    }

    /** JSON answer with another HTTP status and no respcd (sandbox endpoints). */
    static Answer json(int status, Object value) {
        return new Answer(status, JSON, toJson(value), null, Duration.ZERO);
    }

    /** QFPay-style refusal: HTTP 200 with respcd, resperr and an empty respmsg. */
    static Answer refusal(String respcd, String resperr) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("respcd", respcd);
        m.put("resperr", resperr);
        m.put("respmsg", "");
        return json(m);
    }

    static Answer refusal(Rejection r) {
        return refusal(r.respcd(), r.resperr());
    }

    static Answer html(int status, String html) {
        return new Answer(status, HTML, html.getBytes(StandardCharsets.UTF_8), null, Duration.ZERO);
    }

    /**
     * HTTP 200 whose body is not JSON. The Content-Type still claims JSON, as a confused gateway's might, so a client
     * has to cope with the parse failure itself rather than stop at the header.
     */
    static Answer gatewayError() {
        return new Answer(200, JSON, "<html>gateway error</html>".getBytes(StandardCharsets.UTF_8), null,
                Duration.ZERO);
    }

    /** Status of an answer that is never written: the connection is closed instead (a reset after the send). */
    static final int DROPPED = 0;

    /** No answer at all: the request was taken, then the connection is closed. */
    static Answer dropped() {
        return new Answer(DROPPED, null, new byte[0], null, Duration.ZERO);
    }

    Answer delayed(Duration by) {
        return new Answer(status, contentType, body, respcd, by);
    }

    private static byte[] toJson(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise sandbox answer", e);
        }
    }
}

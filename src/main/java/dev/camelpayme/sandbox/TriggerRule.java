package dev.camelpayme.sandbox;

import java.util.Map;

/**
 * Classification of an amount ({@code txamt}) into a sandbox trigger. See the table on {@link QfpaySandbox}.
 *
 * @param kind what to do
 * @param code for {@link Kind#CODE_REJECT} and {@link Kind#CODE_PENDING} the respcd to answer, else {@code null}
 */
record TriggerRule(Kind kind, String code) {

    enum Kind {
        NORMAL, HTTP_429, HTTP_500, HTTP_503, SLOW_ANSWER, NON_JSON_ANSWER, CONNECTION_RESET,
        /** 90001, payments only. */
        PENDING_FOREVER,
        /** 90002, payments only. */
        PENDING_THEN_EXPIRED,
        /** 90003, payments only: like 90002, but the create call already answers pending (1143). */
        PENDING_ANSWER_THEN_EXPIRED,
        /** 9CCCC with CCCC a pending code: created pending, succeeds after N queries. */
        CODE_PENDING,
        /** 9CCCC with any other CCCC in 1000..2999: answered CCCC, nothing created. */
        CODE_REJECT
    }

    static final TriggerRule NORMAL = new TriggerRule(Kind.NORMAL, null);

    /** The triggers set by one exact amount. */
    private static final Map<Long, Kind> EXACT = Map.of(
            90429L, Kind.HTTP_429,
            90500L, Kind.HTTP_500,
            90503L, Kind.HTTP_503,
            90408L, Kind.SLOW_ANSWER,
            90200L, Kind.NON_JSON_ANSWER,
            90104L, Kind.CONNECTION_RESET,
            90001L, Kind.PENDING_FOREVER,
            90002L, Kind.PENDING_THEN_EXPIRED,
            90003L, Kind.PENDING_ANSWER_THEN_EXPIRED);

    static TriggerRule of(long txamt) {
        Kind exact = EXACT.get(txamt);
        if (exact != null) {
            return new TriggerRule(exact, null);
        }
        if (txamt >= 91000 && txamt <= 92999) {
            String code = Long.toString(txamt - 90000);
            return new TriggerRule(RespCodes.PENDING.contains(code) ? Kind.CODE_PENDING : Kind.CODE_REJECT, code);
        }
        return NORMAL;
    }

    /** The HTTP-level failures, answered before any state is looked at. */
    boolean isHttpFailure() {
        return kind == Kind.HTTP_429 || kind == Kind.HTTP_500 || kind == Kind.HTTP_503;
    }

    /** The canned answer for {@link #isHttpFailure()} triggers. */
    Answer httpFailure() {
        switch (kind) {
            case HTTP_429:
                return Answer.html(429, "<html><head><title>429 Too Many Requests</title></head>"
                        + "<body><h1>429 Too Many Requests</h1></body></html>");
            case HTTP_500:
                return Answer.html(500, "<html><head><title>500 Internal Server Error</title></head>"
                        + "<body><h1>500 Internal Server Error</h1><p>sandbox trigger txamt=90500</p></body></html>");
            case HTTP_503:
                return Answer.html(503, "<html><head><title>503 Service Temporarily Unavailable</title></head>"
                        + "<body><h1>503 Service Temporarily Unavailable</h1></body></html>");
            default:
                throw new IllegalStateException("not an HTTP failure trigger: " + kind);
        }
    }
}

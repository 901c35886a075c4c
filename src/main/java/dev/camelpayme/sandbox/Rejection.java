package dev.camelpayme.sandbox;

/** A request refused with a QFPay {@code respcd}; answered as HTTP 200 JSON. Carries no stack trace. */
final class Rejection extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String respcd;

    Rejection(String respcd, String resperr) {
        super(resperr, null, false, false);
        this.respcd = respcd;
    }

    static Rejection badParameter(String detail) {
        return new Rejection(RespCodes.BAD_PARAMETER, "Bad parameter: " + detail);
    }

    static Rejection signature(String detail) {
        return new Rejection(RespCodes.SIGNATURE, detail);
    }

    String respcd() {
        return respcd;
    }

    String resperr() {
        return getMessage();
    }
}

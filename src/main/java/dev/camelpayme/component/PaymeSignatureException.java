package dev.camelpayme.component;

/**
 * An asynchronous notification failed signature verification (or carried no {@code X-QF-SIGN}). Treat it as forged or
 * corrupted: do not act on it, and do not answer {@code SUCCESS}, so that QFPay retries (reference §6.3).
 */
public class PaymeSignatureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final String MISMATCH = "X-QF-SIGN does not match the notification body";
    public static final String MISSING = "X-QF-SIGN is missing, so the notification body cannot be verified";

    public PaymeSignatureException(String message) {
        super(message);
    }
}

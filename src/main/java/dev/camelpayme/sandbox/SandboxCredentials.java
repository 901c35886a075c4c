package dev.camelpayme.sandbox;

/**
 * The demo credentials that the application ships with and that the embedded {@link QfpaySandbox} accepts by default.
 * <p>
 * They are deliberately public and worthless: they only open the local sandbox, never a real QFPay host. Real
 * credentials are issued by QFPay per environment and must never be committed. Even so, the sandbox treats
 * {@link #CLIENT_KEY} like a real key: it never logs it, never echoes it and never accepts it in a request body.
 */
public final class SandboxCredentials {

    /** The {@code X-QF-APPCODE} the sandbox expects unless configured otherwise. */
    public static final String APP_CODE = "PAYME-SANDBOX-APP";

    /** The client key the sandbox verifies signatures with unless configured otherwise. Not a secret. */
    public static final String CLIENT_KEY = "PAYME-SANDBOX-DEMO-KEY-NOT-A-SECRET";

    private SandboxCredentials() {
    }
}

package dev.camelpayme.app;

import java.net.URI;
import java.util.Locale;

/**
 * Refuses to start when the sandbox's demo credentials would be sent to a host other than the embedded sandbox:
 * a configuration half switched to production must fail loudly at start-up, not with 1108 on the first order.
 */
final class SandboxCredentialGuard {

    private SandboxCredentialGuard() {
    }

    static void check(String baseUrl, String sandboxBaseUrl, boolean sandboxEnabled, String appCode, String clientKey,
                      String demoAppCode, String demoClientKey) {
        boolean demoCredentials = demoAppCode.equals(appCode) || demoClientKey.equals(clientKey);
        if (!demoCredentials) {
            return;
        }
        if (!sandboxEnabled || !sameOrigin(baseUrl, sandboxBaseUrl)) {
            throw new IllegalStateException("payme.base-url is " + baseUrl + " but camel.component.payme.app-code "
                    + "or camel.component.payme.client-key still holds the embedded sandbox's demo credentials. "
                    + "Set your QFPay app code and client key for that host (for example with the environment "
                    + "variables CAMEL_COMPONENT_PAYME_APP_CODE and CAMEL_COMPONENT_PAYME_CLIENT_KEY), or point "
                    + "payme.base-url back at the sandbox.");
        }
    }

    private static boolean sameOrigin(String a, String b) {
        try {
            URI x = URI.create(a.trim());
            URI y = URI.create(b.trim());
            return x.getScheme().equalsIgnoreCase(y.getScheme()) && x.getPort() == y.getPort()
                    && isLoopback(x.getHost()) && isLoopback(y.getHost());
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    private static boolean isLoopback(String host) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }
}

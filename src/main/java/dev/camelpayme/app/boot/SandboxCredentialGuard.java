package dev.camelpayme.app.boot;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Refuses to start when the sandbox's demo credentials would be sent to a host other than the embedded sandbox:
 * a configuration half switched to production must fail loudly at start-up, not with 1108 on the first order.
 * The demo key is recognised whether it is set as {@code camel.component.payme.client-key} or held by the file that
 * {@code camel.component.payme.client-key-file} names. No key, from either source, is ever put in a message.
 */
final class SandboxCredentialGuard {

    /** A client key is a short line; a larger file is not a key file (the component itself reports that). */
    private static final int MAX_KEY_FILE_BYTES = 4096;

    private SandboxCredentialGuard() {
    }

    static void check(String baseUrl, String sandboxBaseUrl, boolean sandboxEnabled, String appCode, String clientKey,
                      String demoAppCode, String demoClientKey) {
        check(baseUrl, sandboxBaseUrl, sandboxEnabled, appCode, clientKey, null, demoAppCode, demoClientKey);
    }

    /**
     * @param clientKeyFile the path in {@code camel.component.payme.client-key-file}, or null; its trimmed content is
     *                      compared with the demo key. A file that cannot be read is left to the component, which
     *                      stops the start with an error naming the path.
     */
    static void check(String baseUrl, String sandboxBaseUrl, boolean sandboxEnabled, String appCode, String clientKey,
                      String clientKeyFile, String demoAppCode, String demoClientKey) {
        boolean demoCredentials = demoAppCode.equals(appCode) || demoClientKey.equals(clientKey)
                || fileHoldsKey(clientKeyFile, demoClientKey);
        if (!demoCredentials) {
            return;
        }
        if (!sandboxEnabled || !sameOrigin(baseUrl, sandboxBaseUrl)) {
            throw new IllegalStateException("payme.base-url is " + baseUrl + " but camel.component.payme.app-code, "
                    + "camel.component.payme.client-key or the file named by camel.component.payme.client-key-file "
                    + "still holds the embedded sandbox's demo credentials. "
                    + "Set your QFPay app code and client key for that host (for example with the environment "
                    + "variables CAMEL_COMPONENT_PAYME_APP_CODE and CAMEL_COMPONENT_PAYME_CLIENT_KEY_FILE or "
                    + "CAMEL_COMPONENT_PAYME_CLIENT_KEY), or point payme.base-url back at the sandbox.");
        }
    }

    /** Whether the file holds {@code key}, once trimmed and without a byte order mark, as the component reads it. */
    private static boolean fileHoldsKey(String file, String key) {
        if (file == null || file.isBlank()) {
            return false;
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(Path.of(file.trim()))) {
            bytes = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
        } catch (IOException | InvalidPathException | SecurityException unreadable) {
            return false;
        }
        if (bytes.length > MAX_KEY_FILE_BYTES) {
            return false;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        return (text.startsWith("\uFEFF") ? text.substring(1) : text).strip().equals(key);
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

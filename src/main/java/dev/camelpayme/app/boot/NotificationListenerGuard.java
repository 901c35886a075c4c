package dev.camelpayme.app.boot;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Refuses to start when the notification listener is reachable from other hosts while the embedded sandbox is on:
 * the sandbox's client key is public, so anyone could sign a notification that marks an order PAID.
 */
final class NotificationListenerGuard {

    private NotificationListenerGuard() {
    }

    static void check(String notifyHost, boolean sandboxEnabled) {
        if (sandboxEnabled && !isLoopback(notifyHost)) {
            throw new IllegalStateException("payme.notify.host is " + notifyHost + ", not a loopback address, while "
                    + "payme.sandbox.enabled is true: notifications signed with the sandbox's public demo key would be "
                    + "accepted from other hosts. Set payme.sandbox.enabled=false with your QFPay credentials, or "
                    + "payme.notify.host=127.0.0.1.");
        }
    }

    /** Whether the name or address is this host's loopback only; one that does not resolve is not. */
    static boolean isLoopback(String host) {
        String h = host == null ? "" : host.trim();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.isEmpty()) {
            return false;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(h)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | SecurityException unresolved) {
            return false;
        }
    }
}

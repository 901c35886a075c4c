package dev.camelpayme.app.boot;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Refuses to start when a port the application is about to listen on is taken: Camel's HTTP servers would otherwise
 * fail on a background thread with stack traces, and the API one would even leave the application running without
 * its API. Checked once everything else is configured, right before the first listener opens.
 */
final class ListenerPorts {

    private ListenerPorts() {
    }

    /** @param properties resolves a property key to its value, as Camel's properties component does */
    static void checkFree(Function<String, Optional<String>> properties) {
        for (Map.Entry<String, String> listener : listeners(properties).entrySet()) {
            String portKey = listener.getKey();
            int port = Integer.parseInt(value(properties, portKey).orElse("0"));
            if (port > 0 && !free(listener.getValue(), port)) {
                throw new StartupRefusal("Port " + port + " (" + portKey + ") is already in use, by another program "
                        + "or another instance of camel-payme: stop it, or set " + portKey + " to a free port.");
            }
        }
    }

    /** The port key of each listener this configuration opens, with the host it binds. */
    private static Map<String, String> listeners(Function<String, Optional<String>> properties) {
        Map<String, String> listeners = new LinkedHashMap<>();
        if (on(properties, "camel.server.enabled")) {
            listeners.put("camel.server.port", value(properties, "camel.server.host").orElse("0.0.0.0"));
        }
        if (on(properties, "camel.management.enabled")) {
            listeners.put("camel.management.port", value(properties, "camel.management.host").orElse("0.0.0.0"));
        }
        listeners.put("payme.notify.port", value(properties, "payme.notify.host").orElse("0.0.0.0"));
        if (on(properties, "payme.sandbox.enabled")) {
            listeners.put("payme.sandbox.port", InetAddress.getLoopbackAddress().getHostAddress());
        }
        if (on(properties, "payme.broker.embedded")) {
            listeners.put("payme.broker.port", value(properties, "payme.broker.host").orElse("0.0.0.0"));
        }
        return listeners;
    }

    private static boolean free(String host, int port) {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            // not a busy port: the listener itself reports a host it cannot resolve
            return true;
        }
        try (ServerSocket probe = new ServerSocket()) {
            // as the listeners themselves bind: a port still in TIME_WAIT after a restart counts as free
            probe.setReuseAddress(true);
            probe.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean on(Function<String, Optional<String>> properties, String key) {
        return value(properties, key).map(Boolean::parseBoolean).orElse(false);
    }

    private static Optional<String> value(Function<String, Optional<String>> properties, String key) {
        return properties.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    }
}

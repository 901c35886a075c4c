package dev.camelpayme.app.boot;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.camelpayme.app.api.ApiUsers;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Refuses to start an API listener (Camel Main's HTTP server, which serves the REST intakes) that anyone could use
 * without credentials, or reach over the network without TLS: Camel itself starts such a server silently (with
 * {@code authentication-enabled=true} and no credentials file it serves everything openly). Returns the users of the
 * credentials file, whose roles authorize each request.
 */
final class ApiListenerGuard {

    /** The users of demo-api-users.properties, the sandbox's quick start: refused whenever the sandbox is off. */
    static final Set<String> DEMO_USERS = Set.of("demo-payments", "demo-refunds", "demo-reconciliation");
    static final String DEMO_PASSWORD = "demo-password";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private ApiListenerGuard() {
    }

    static ApiUsers check(PropertiesComponent properties) {
        return check(properties::resolveProperty);
    }

    /** @param properties resolves a property key to its value, as Camel's properties component does */
    static ApiUsers check(Function<String, Optional<String>> properties) {
        Options options = new Options(properties);
        if (!options.flag("camel.server.enabled", false)) {
            return ApiUsers.none();
        }
        if (!options.flag(server("authenticationEnabled"), false)) {
            throw refused("The API listener must authenticate every request: set camel.server.authentication-enabled"
                    + "=true, and payme.api.users-file to your API users file (README \"Security\").");
        }
        String usersFile = options.text(server("basicPropertiesFile"));
        if (usersFile == null) {
            throw refused("camel.server.authentication-enabled=true but camel.server.basic-properties-file is not set: "
                    + "Camel would start the API listener open to anyone"
                    + (options.text(server("jwtKeystoreType")) == null ? "" : " (JWT alone is not enough here: the "
                    + "API's roles are read from the users file)")
                    + ". Set it to your API users file (application.properties sets it from payme.api.users-file), "
                    + "with lines user.NAME = PASSWORD,ROLE and the roles payments, refunds and reconciliation (README \"Security\").");
        }
        checkAuthenticationPath(options);
        ApiUsers users = readUsers(usersFile);
        boolean sandbox = options.flag("payme.sandbox.enabled", false);
        if (!sandbox && users.anyOf(DEMO_USERS, Set.of(DEMO_PASSWORD))) {
            throw refused("payme.sandbox.enabled=false but the file named by camel.server.basic-properties-file still "
                    + "holds a demo API user (demo-payments, demo-refunds, demo-reconciliation, or the demo password). Set "
                    + "payme.api.users-file to your own API users file, with passwords of your own.");
        }
        String host = Optional.ofNullable(options.text("camel.server.host")).orElse("0.0.0.0");
        if (!isLoopback(host)) {
            if (sandbox) {
                throw refused("camel.server.host is " + host + ", not a loopback address, while the embedded sandbox "
                        + "and its demo API users are on (payme.sandbox.enabled=true). Set camel.server.host=127.0.0.1, "
                        + "or switch the sandbox off and give your own users and QFPay credentials.");
            }
            boolean tls = options.flag(server("useGlobalSslContextParameters"), false)
                    && options.flag("camel.ssl.enabled", false);
            if (!tls && !options.flag("payme.api.behind-tls-proxy", false)) {
                throw refused("camel.server.host is " + host + ", not a loopback address, and the API listener has no "
                        + "TLS: passwords would cross the network in clear. Either set camel.ssl.enabled=true with "
                        + "camel.ssl.key-store and camel.ssl.keystore-password, and "
                        + "camel.server.use-global-ssl-context-parameters=true; or, when a TLS-terminating reverse proxy "
                        + "is the only way in, set payme.api.behind-tls-proxy=true. Or bind it to 127.0.0.1.");
            }
        }
        return users;
    }

    /** CVE-2026-40022: left unset, sub-paths of a non-root camel.server.path are served without authentication. */
    private static void checkAuthenticationPath(Options options) {
        String basePath = Optional.ofNullable(options.text("payme.rest.base-path")).orElse("")
                .replaceAll("/+$", "");
        String path = options.text(server("authenticationPath"));
        if (path == null || !(path.equals("/*") || path.equals(basePath + "/*"))) {
            throw refused("camel.server.authentication-path is " + (path == null ? "not set" : path) + ": set it to "
                    + basePath + "/* (or /*) so that every path of the REST API needs credentials (Camel 4.18.0 "
                    + "skips authentication on sub-paths when it is left unset, CVE-2026-40022).");
        }
    }

    private static ApiUsers readUsers(String file) {
        ApiUsers users;
        try {
            users = ApiUsers.read(Path.of(file));
        } catch (IOException | InvalidPathException | SecurityException e) {
            throw refused("camel.server.basic-properties-file names " + file + ", which cannot be read ("
                    + e.getClass().getSimpleName() + "). Create it with your API users (user.NAME = PASSWORD,ROLE "
                    + "with the roles payments, refunds and reconciliation, readable by this user only), or set payme.api.users-file "
                    + "to the path of yours.");
        }
        if (users.isEmpty()) {
            throw refused("camel.server.basic-properties-file names " + file + ", which holds no user. Add your API "
                    + "users to it (user.NAME = PASSWORD,ROLE with the roles payments, refunds and reconciliation).");
        }
        return users;
    }

    static boolean isLoopback(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        // literals only: a name is never resolved here, it could point anywhere
        if (!IPV4.matcher(h).matches() && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }

    private static IllegalStateException refused(String message) {
        return new IllegalStateException(message);
    }

    /** camel.server.NAME as Camel Main reads it: in camelCase or in kebab-case. */
    private static String server(String camelCase) {
        return "camel.server." + camelCase;
    }

    /** Typed access to the properties; a camel.server option may be spelled two ways, and must not differ. */
    private record Options(Function<String, Optional<String>> properties) {

        String text(String key) {
            String kebab = key.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            String value = value(key);
            String other = kebab.equals(key) ? null : value(kebab);
            if (value != null && other != null && !value.equals(other)) {
                throw refused(key + " and " + kebab + " are both set, to different values: keep one of them.");
            }
            return value != null ? value : other;
        }

        boolean flag(String key, boolean unset) {
            String value = text(key);
            if (value == null) {
                return unset;
            }
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw refused("Property " + key + " must be true or false");
            }
            return Boolean.parseBoolean(value);
        }

        private String value(String key) {
            return properties.apply(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(null);
        }
    }
}

package dev.camelpayme.app.boot;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.camelpayme.app.api.ApiUsers;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Refuses to start a management server (health and metrics, {@code camel.management.*}) that other hosts could use
 * without credentials: Camel binds it to 0.0.0.0 by default and serves it openly, and its metrics tell how the
 * business goes. On loopback it may stay open (a local agent scrapes it); anywhere else it needs Camel's own
 * authentication with a users file. Also refused: sharing the API listener's port.
 */
final class ManagementServerGuard {

    private static final Set<String> PROTECTING_PATHS = Set.of("/*", "/observe/*");

    private ManagementServerGuard() {
    }

    static void check(PropertiesComponent properties) {
        check(properties::resolveProperty);
    }

    /** @param properties resolves a property key to its value, as Camel's properties component does */
    static void check(Function<String, Optional<String>> properties) {
        Options options = new Options(properties);
        if (!options.flag("enabled")) {
            return;
        }
        String port = Optional.ofNullable(options.text("port")).orElse("8080");
        String apiPort = properties.apply("camel.server.port").map(String::trim).orElse("8080");
        if (port.equals(apiPort) && properties.apply("camel.server.enabled").map(String::trim)
                .filter("true"::equalsIgnoreCase).isPresent()) {
            throw refused("camel.management.port is " + port + ", the API listener's port (camel.server.port): set "
                    + "camel.management.port to a port of its own, e.g. 9876.");
        }
        String host = Optional.ofNullable(options.text("host")).orElse("0.0.0.0");
        if (ApiListenerGuard.isLoopback(host)) {
            return;
        }
        if (!options.flag("authenticationEnabled")) {
            throw refused("camel.management.host is " + host + ", not a loopback address, and the management server "
                    + "has no authentication: set camel.management.authentication-enabled=true, "
                    + "camel.management.authentication-path=/* and camel.management.basic-properties-file to a users "
                    + "file of its own (user.NAME = PASSWORD,ROLE), or camel.management.host=127.0.0.1.");
        }
        String path = options.text("authenticationPath");
        if (path == null || !PROTECTING_PATHS.contains(path)) {
            throw refused("camel.management.authentication-path is " + (path == null ? "not set" : path) + ": set "
                    + "camel.management.authentication-path=/* so that health and metrics need credentials.");
        }
        String usersFile = options.text("basicPropertiesFile");
        if (usersFile == null) {
            throw refused("camel.management.authentication-enabled=true but camel.management.basic-properties-file is "
                    + "not set: Camel would serve health and metrics to anyone. Set it to a users file of its own "
                    + "(user.NAME = PASSWORD,ROLE).");
        }
        ApiUsers users = readUsers(usersFile);
        if (users.anyOf(ApiListenerGuard.DEMO_USERS, Set.of(ApiListenerGuard.DEMO_PASSWORD))) {
            throw refused("camel.management.basic-properties-file names " + usersFile + ", which holds a demo user or "
                    + "the demo password: give the management server users and passwords of your own.");
        }
    }

    private static ApiUsers readUsers(String file) {
        ApiUsers users;
        try {
            users = ApiUsers.read(Path.of(file));
        } catch (IOException | InvalidPathException | SecurityException e) {
            throw refused("camel.management.basic-properties-file names " + file + ", which cannot be read ("
                    + e.getClass().getSimpleName() + "): create it with the management users (user.NAME = "
                    + "PASSWORD,ROLE, readable by this user only), or set the key to the path of yours.");
        }
        if (users.isEmpty()) {
            throw refused("camel.management.basic-properties-file names " + file + ", which holds no user: add the "
                    + "management users to it (user.NAME = PASSWORD,ROLE).");
        }
        return users;
    }

    private static IllegalStateException refused(String message) {
        return new IllegalStateException(message);
    }

    /** camel.management.NAME as Camel Main reads it: in camelCase or in kebab-case, which must not differ. */
    private record Options(Function<String, Optional<String>> properties) {

        String text(String camelCase) {
            String key = "camel.management." + camelCase;
            String kebab = key.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            String value = value(key);
            String other = kebab.equals(key) ? null : value(kebab);
            if (value != null && other != null && !value.equals(other)) {
                throw refused(key + " and " + kebab + " are both set, to different values: keep one of them.");
            }
            return value != null ? value : other;
        }

        boolean flag(String camelCase) {
            String value = text(camelCase);
            if (value != null && !value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw refused("Property camel.management." + camelCase + " must be true or false");
            }
            return Boolean.parseBoolean(value);
        }

        private String value(String key) {
            return properties.apply(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(null);
        }
    }
}

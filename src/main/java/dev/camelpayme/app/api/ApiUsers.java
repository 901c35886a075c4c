package dev.camelpayme.app.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The API's users and their roles, read from the credentials file that Camel Main's HTTP server authenticates with
 * ({@code camel.server.basic-properties-file}, Vert.x properties format: {@code user.NAME = PASSWORD,ROLE,...}).
 * Lines are read as Vert.x reads them, so that the roles seen here belong to the users the server lets in; the server
 * authenticates, these roles authorize. Passwords are kept only to recognise the demo users, and never shown.
 */
public final class ApiUsers {

    private static final String USER_PREFIX = "user.";

    private final Map<String, User> users;

    private ApiUsers(Map<String, User> users) {
        this.users = Collections.unmodifiableMap(users);
    }

    /** No user at all: every request is refused. */
    public static ApiUsers none() {
        return new ApiUsers(Map.of());
    }

    /** Reads the file once; a change needs a restart, as it does for the server, which also reads it once. */
    public static ApiUsers read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    static ApiUsers parse(String text) {
        Map<String, User> users = new LinkedHashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.trim();
            int equals = line.indexOf('=');
            if (!line.startsWith(USER_PREFIX) || equals < 0) {
                continue;
            }
            String name = line.substring(USER_PREFIX.length(), equals).trim();
            String[] values = line.substring(equals + 1).trim().split(",");
            if (name.isEmpty()) {
                continue;
            }
            // as in Vert.x: the first value is the password, the others are roles, and a later line replaces an earlier
            Set<String> roles = Arrays.stream(values).skip(1).map(String::trim).filter(r -> !r.isEmpty())
                    .collect(Collectors.toUnmodifiableSet());
            users.put(name, new User(values[0].trim(), roles));
        }
        return new ApiUsers(users);
    }

    public boolean isEmpty() {
        return users.isEmpty();
    }

    public Set<String> names() {
        return users.keySet();
    }

    public boolean hasRole(String user, String role) {
        User found = users.get(user);
        return found != null && found.roles().contains(role);
    }

    /** Whether any user has one of these names, or one of these passwords. */
    public boolean anyOf(Set<String> names, Set<String> passwords) {
        return users.entrySet().stream()
                .anyMatch(u -> names.contains(u.getKey()) || passwords.contains(u.getValue().password()));
    }

    private record User(String password, Set<String> roles) {

        @Override
        public String toString() {
            return "User" + roles;
        }
    }
}

package dev.camelpayme.app.boot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who may log in to the embedded broker: the application itself (an internal user with a password drawn at every
 * start, known only to this process) and the external clients, each with the role that names the one intake queue
 * it may send to. No password is ever put in a message or a {@code toString()}.
 */
public final class BrokerUsers {

    /** The application's own role: every queue. */
    static final String INTERNAL_ROLE = "payme-internal";
    /** May send to the orders queue (and read its own temporary reply queues). */
    public static final String ORDERS_ROLE = "orders";
    /** May send to the refunds queue (and read its own temporary reply queues). */
    public static final String REFUNDS_ROLE = "refunds";

    /** The embedded sandbox's demo clients: not secrets, and refused at start-up unless the sandbox is on. */
    public static final String DEMO_ORDERS_USERNAME = "payme-demo-orders";
    public static final String DEMO_ORDERS_PASSWORD = "payme-demo-orders-NOT-A-SECRET";
    public static final String DEMO_REFUNDS_USERNAME = "payme-demo-refunds";
    public static final String DEMO_REFUNDS_PASSWORD = "payme-demo-refunds-NOT-A-SECRET";

    static final String INTERNAL_USERNAME = "payme-app";
    /** A password is a short line; a larger file is not a password file. */
    private static final int MAX_PASSWORD_FILE_BYTES = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String internalUsername;
    private final String internalPassword;
    private final Map<String, Client> clients;

    private BrokerUsers(String internalUsername, String internalPassword, Map<String, Client> clients) {
        this.internalUsername = internalUsername;
        this.internalPassword = internalPassword;
        this.clients = clients;
    }

    /** The application's internal user with a fresh random password, and no external client yet. */
    public static BrokerUsers withGeneratedInternalPassword() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new BrokerUsers(INTERNAL_USERNAME, Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                Map.of());
    }

    /** An internal user with a password of the caller's choosing: for a broker the application reaches over TCP. */
    public static BrokerUsers withInternalUser(String username, String password) {
        return new BrokerUsers(required(username, "internal username"), required(password, "internal password"),
                Map.of());
    }

    /**
     * The same users plus an external client in {@code role}. A client with neither username nor password is left
     * out (nobody of that role may log in); a user given two roles must have one password.
     *
     * @param keyPrefix the configuration keys the values came from, named in every error
     */
    public BrokerUsers withClient(String role, String username, String password, String keyPrefix) {
        boolean noUsername = username == null || username.isBlank();
        boolean noPassword = password == null || password.isEmpty();
        if (noUsername && noPassword) {
            return this;
        }
        if (noUsername || noPassword) {
            throw new IllegalStateException(keyPrefix + "-username and a password (" + keyPrefix + "-password-file or "
                    + keyPrefix + "-password) must be set together, or both left empty so that no " + role
                    + " client may log in");
        }
        String name = username.trim();
        if (name.equals(internalUsername)) {
            throw new IllegalStateException(keyPrefix + "-username must not be " + internalUsername
                    + ", the application's own broker user");
        }
        Map<String, Client> more = new LinkedHashMap<>(clients);
        Client known = more.get(name);
        if (known != null && !known.password.equals(password)) {
            throw new IllegalStateException(keyPrefix + "-username names a user that another role's key gives "
                    + "another password: give each role its own user, or the same password to both");
        }
        Set<String> roles = new LinkedHashSet<>(known == null ? Set.of() : known.roles);
        roles.add(role);
        more.put(name, new Client(password, Collections.unmodifiableSet(roles)));
        return new BrokerUsers(internalUsername, internalPassword, Collections.unmodifiableMap(more));
    }

    /**
     * Refuses the demo clients' credentials unless the embedded sandbox is on: a configuration half switched to
     * production must not leave a well-known password on the broker's TCP port.
     */
    public BrokerUsers refuseDemoCredentialsUnless(boolean sandboxEnabled) {
        if (sandboxEnabled) {
            return this;
        }
        boolean demo = clients.entrySet().stream().anyMatch(client -> isDemo(client.getKey())
                || isDemo(client.getValue().password));
        if (demo) {
            throw new IllegalStateException("payme.sandbox.enabled is false but payme.broker.clients.* still holds "
                    + "the embedded sandbox's demo broker credentials. Set your own for each role that sends over TCP "
                    + "(for example with the environment variables PAYME_BROKER_CLIENTS_ORDERS_USERNAME and "
                    + "PAYME_BROKER_CLIENTS_ORDERS_PASSWORD_FILE, and the same for REFUNDS), or leave them empty so "
                    + "that no external client may log in.");
        }
        return this;
    }

    /**
     * The password configured for a client: the content of {@code file} (trimmed, without a byte order mark) when a
     * file is named, else {@code value}.
     *
     * @param fileKey the key that named the file, for the error when it cannot be read
     */
    public static String password(String value, String file, String fileKey) {
        if (file == null || file.isBlank()) {
            return value;
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(Path.of(file.trim()))) {
            bytes = in.readNBytes(MAX_PASSWORD_FILE_BYTES + 1);
        } catch (IOException | InvalidPathException | SecurityException unreadable) {
            throw new IllegalStateException(fileKey + " names " + file.trim() + ", which cannot be read");
        }
        if (bytes.length > MAX_PASSWORD_FILE_BYTES) {
            throw new IllegalStateException(fileKey + " names " + file.trim() + ", which is larger than "
                    + MAX_PASSWORD_FILE_BYTES + " bytes: not a password file");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String password = (text.startsWith("\uFEFF") ? text.substring(1) : text).strip();
        if (password.isEmpty()) {
            throw new IllegalStateException(fileKey + " names " + file.trim() + ", which is empty");
        }
        return password;
    }

    public String internalUsername() {
        return internalUsername;
    }

    public String internalPassword() {
        return internalPassword;
    }

    /** Each external client's username, with its password and roles. */
    Map<String, Client> clients() {
        return clients;
    }

    private static boolean isDemo(String value) {
        return DEMO_ORDERS_USERNAME.equals(value) || DEMO_ORDERS_PASSWORD.equals(value)
                || DEMO_REFUNDS_USERNAME.equals(value) || DEMO_REFUNDS_PASSWORD.equals(value);
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The broker's " + what + " must not be empty");
        }
        return value;
    }

    @Override
    public String toString() {
        return "BrokerUsers[internal=" + internalUsername + ", clients=" + clients.keySet() + "]";
    }

    /** An external client's password and roles. */
    static final class Client {

        final String password;
        final Set<String> roles;

        Client(String password, Set<String> roles) {
            this.password = password;
            this.roles = roles;
        }

        @Override
        public String toString() {
            return "Client[roles=" + roles + "]";
        }
    }
}

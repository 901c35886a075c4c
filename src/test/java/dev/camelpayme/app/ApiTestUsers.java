package dev.camelpayme.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;

/**
 * The API users of the tests, in a credentials file of their own (not the demo users, which the app refuses once the
 * sandbox is off): one per role, one with both, and the HTTP Basic header of each.
 */
enum ApiTestUsers {

    /** May create payments only. */
    PAYMENTS("test-payments", "test-payments-pw-4d1f", "payments"),
    /** May refund only. */
    REFUNDS("test-refunds", "test-refunds-pw-9b2c", "refunds"),
    /** May reconcile a day with QFPay only. */
    RECONCILIATION("test-reconciliation", "test-reconciliation-pw-3a8e", "reconciliation"),
    /** Payments and refunds: what the tests of the flows use, to reach them without caring about roles. */
    OPERATOR("test-operator", "test-operator-pw-7e5a", "payments,refunds");

    private static final Path FILE = Path.of("target", "test-api-users.properties").toAbsolutePath();

    final String name;
    final String password;
    private final String roles;

    ApiTestUsers(String name, String password, String roles) {
        this.name = name;
        this.password = password;
        this.roles = roles;
    }

    /** The value of an Authorization header for this user. */
    String authorization() {
        return basic(name, password);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The credentials file holding every user here, written on first use; its absolute path. */
    static synchronized Path file() {
        StringBuilder text = new StringBuilder("# written by ApiTestUsers\n");
        for (ApiTestUsers user : values()) {
            text.append("user.").append(user.name).append(" = ").append(user.password).append(',')
                    .append(user.roles).append('\n');
        }
        try {
            Files.createDirectories(FILE.getParent());
            if (!Files.exists(FILE) || !Files.readString(FILE).contentEquals(text)) {
                // written aside, then renamed: another test JVM may be reading it
                Path tmp = Files.createTempFile(FILE.getParent(), "test-api-users", ".tmp");
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, FILE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return FILE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.camelpayme.app.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order store's password. A configured one is used as is. An H2 file store with none configured gets one
 * generated on its first start, kept in an owner-only file beside it ({@code payme.password} next to
 * {@code payme.mv.db}) and read from there on every later start. An H2 file store still opened with the empty
 * password (made by a version before this one) is moved to the password in use, once.
 */
public final class StorePassword {

    /** H2's ErrorCode.WRONG_USER_OR_PASSWORD. */
    static final int WRONG_USER_OR_PASSWORD = 28000;
    private static final Logger LOG = LoggerFactory.getLogger(StorePassword.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private StorePassword() {
    }

    /** The password to open the store at {@code url} with; {@code configured} is null when none is configured. */
    public static String resolve(String url, String username, String configured) throws IOException, SQLException {
        Optional<H2FileStore> h2 = H2FileStore.of(url);
        if (h2.isEmpty()) {
            return configured;
        }
        H2FileStore store = h2.get();
        String password = configured != null ? configured : generatedPassword(store);
        if (Files.exists(store.databaseFile())) {
            moveFromEmptyPassword(store, url, username == null ? "" : username, password, configured == null);
        }
        return password;
    }

    private static String generatedPassword(H2FileStore store) throws IOException {
        if (Files.exists(store.passwordFile())) {
            String password = Files.readString(store.passwordFile(), StandardCharsets.UTF_8).trim();
            if (password.isEmpty()) {
                throw new IllegalStateException("The store password file " + store.passwordFile() + " is empty: "
                        + "restore it, or set payme.store.password-file");
            }
            return password;
        }
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        // written before the store gets it: a crash in between leaves a store that still takes the empty password
        OwnerOnlyFiles.writeSecret(store.passwordFile(), password + "\n");
        LOG.info("Generated a password for the order store, kept in {}", store.passwordFile());
        return password;
    }

    /** Checks the store takes {@code password}; if it refuses it but takes the empty password, sets it. */
    private static void moveFromEmptyPassword(H2FileStore store, String url, String username, String password,
            boolean generated) throws SQLException {
        try (Connection ignored = DriverManager.getConnection(url, username, password)) {
            return;
        } catch (SQLException refused) {
            if (refused.getErrorCode() != WRONG_USER_OR_PASSWORD) {
                throw refused;
            }
        }
        try (Connection connection = DriverManager.getConnection(url, username, "")) {
            String user;
            try (Statement statement = connection.createStatement();
                 ResultSet current = statement.executeQuery("SELECT CURRENT_USER")) {
                current.next();
                user = current.getString(1);
            }
            // a parameter, so that no error message or trace of H2 can ever hold the password
            try (PreparedStatement alter = connection.prepareStatement(
                    "ALTER USER " + quotedName(user) + " SET PASSWORD ?")) {
                alter.setString(1, password);
                alter.execute();
            }
        } catch (SQLException refused) {
            if (refused.getErrorCode() != WRONG_USER_OR_PASSWORD) {
                throw refused;
            }
            throw new IllegalStateException("The order store " + store.databaseFile() + " refuses the "
                    + (generated ? "password in " + store.passwordFile() : "configured password")
                    + " and the empty password: set payme.store.password-file to a file with its password");
        }
        LOG.info("The order store {} had an empty password: it now has the {}", store.databaseFile(),
                generated ? "password generated in " + store.passwordFile() : "configured password");
    }

    private static String quotedName(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}

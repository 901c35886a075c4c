package dev.camelpayme.app.boot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The order store's password: generated, reused, configured, and an old store's empty password moved to it. */
class StorePasswordTest {

    @TempDir
    Path dir;

    @Test
    void anOldStoreWithTheEmptyPasswordIsMovedToAGeneratedPasswordAndKeepsItsData() throws Exception {
        String url = url("store/payme");
        oldStoreWithOneRow(url);

        String password = StorePassword.resolve(url, "sa", null);

        Path file = dir.resolve("store/payme.password");
        assertThat(Files.readString(file, StandardCharsets.UTF_8).trim()).isEqualTo(password);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertRefusesEmptyPassword(url);
        assertThat(rows(url, password)).as("the old store's data, opened with the generated password").isEqualTo(1);
        assertThat(StorePassword.resolve(url, "sa", null)).as("the next start").isEqualTo(password);
    }

    @Test
    void aStoreStillOnTheEmptyPasswordBesideAWrittenPasswordFileIsMovedToIt() throws Exception {
        String url = url("store/payme");
        oldStoreWithOneRow(url);
        // a crash after the password file was written and before the store got it
        Files.writeString(dir.resolve("store/payme.password"), "written-before-the-crash\n");

        assertThat(StorePassword.resolve(url, "sa", null)).isEqualTo("written-before-the-crash");

        assertRefusesEmptyPassword(url);
        assertThat(rows(url, "written-before-the-crash")).isEqualTo(1);
    }

    @Test
    void aConfiguredPasswordIsUsedAsIsAndNothingIsGenerated() throws Exception {
        String url = url("store/payme");
        oldStoreWithOneRow(url);

        assertThat(StorePassword.resolve(url, "sa", "configured-pw")).isEqualTo("configured-pw");

        assertThat(dir.resolve("store/payme.password")).doesNotExist();
        assertRefusesEmptyPassword(url);
        assertThat(rows(url, "configured-pw")).isEqualTo(1);
        assertThat(StorePassword.resolve("jdbc:postgresql://db:5432/payme", "payme", "pg-pw")).isEqualTo("pg-pw");
        assertThat(StorePassword.resolve("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1", "sa", null)).isNull();
    }

    @Test
    void aStoreThatRefusesBothItsPasswordAndTheEmptyOneStopsTheStartSayingWhatToSet() throws Exception {
        String url = url("store/payme");
        try (Connection ignored = DriverManager.getConnection(url, "sa", "a-forgotten-password")) {
            // creates the store with a password nobody configured
        }

        assertThatThrownBy(() -> StorePassword.resolve(url, "sa", null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("payme.store.password-file")
                .hasMessageNotContaining("a-forgotten-password");
    }

    @Test
    void onlyLocalH2FilesAreFileStores() {
        assertThat(H2FileStore.of("jdbc:h2:file:./data/store/payme;WRITE_DELAY=0")).get()
                .extracting(H2FileStore::passwordFile).isEqualTo(Path.of("data/store/payme.password").toAbsolutePath());
        assertThat(H2FileStore.of("jdbc:h2:./data/store/payme")).isPresent();
        assertThat(H2FileStore.of("jdbc:h2:~/payme")).get().extracting(H2FileStore::base)
                .isEqualTo(Path.of(System.getProperty("user.home"), "payme"));
        assertThat(H2FileStore.of("jdbc:h2:mem:payme")).isEmpty();
        assertThat(H2FileStore.of("jdbc:h2:tcp://db/payme")).isEmpty();
        assertThat(H2FileStore.of("jdbc:postgresql://db:5432/payme")).isEmpty();
    }

    private String url(String base) {
        return "jdbc:h2:file:" + dir.resolve(base).toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    private static void oldStoreWithOneRow(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE old_order (id VARCHAR(20))");
            statement.execute("INSERT INTO old_order VALUES ('old-1')");
        }
    }

    private static void assertRefusesEmptyPassword(String url) {
        assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", "").close())
                .isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(StorePassword.WRONG_USER_OR_PASSWORD));
    }

    private static long rows(String url, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "sa", password);
             ResultSet count = connection.createStatement().executeQuery("SELECT COUNT(*) FROM old_order")) {
            count.next();
            return count.getLong(1);
        }
    }
}

package dev.camelpayme.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.camelpayme.app.boot.Secrets;
import dev.camelpayme.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Store and broker credentials: from a file (trimmed), from the configuration, refused when ambiguous or unreadable. */
class StoreAndBrokerSecretsTest {

    @TempDir
    Path dir;

    @Test
    void aPasswordFileIsReadTrimmed() throws Exception {
        Path file = Files.writeString(dir.resolve("broker"), "  broker-pw \n");

        assertThat(Secrets.read("payme.broker.password", null, "payme.broker.password-file", file.toString(), false))
                .isEqualTo("broker-pw");
        assertThat(Secrets.read("payme.broker.password", null, "payme.broker.password-file", null, false)).isNull();
    }

    @Test
    void aPasswordAndAPasswordFileTogetherOrAnUnreadableOrEmptyFileStopTheStart() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), " \n");

        assertThatThrownBy(() -> Secrets.read("payme.store.password", "pw", "payme.store.password-file",
                empty.toString(), false)).hasMessageContaining("payme.store.password")
                .hasMessageContaining("payme.store.password-file").hasMessageNotContaining("pw,");
        assertThatThrownBy(() -> Secrets.read("payme.store.password", null, "payme.store.password-file",
                dir.resolve("missing").toString(), false)).hasMessageContaining("payme.store.password-file")
                .hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> Secrets.read("payme.store.password", null, "payme.store.password-file",
                empty.toString(), false)).hasMessageContaining("is empty");
    }

    @Test
    void outsideTheSandboxAPasswordWrittenInAPropertiesFileGetsOneWarningThatNamesTheFileKey() {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (LogCapture ignored = LogCapture.of(Secrets.class, lines)) {
            Secrets.read("payme.test-sandbox.password", "plain-pw", "payme.test-sandbox.password-file", null, true);
            assertThat(lines).as("with the sandbox on").isEmpty();

            for (int i = 0; i < 2; i++) {
                assertThat(Secrets.read("payme.test-live.password", "plain-pw", "payme.test-live.password-file",
                        null, false)).isEqualTo("plain-pw");
            }
            assertThat(lines).singleElement().asString().startsWith("WARN payme.test-live.password is written")
                    .contains("PAYME_TEST_LIVE_PASSWORD_FILE").doesNotContain("plain-pw");

            System.setProperty("payme.test-sys.password", "plain-pw");
            try {
                Secrets.read("payme.test-sys.password", "plain-pw", "payme.test-sys.password-file", null, false);
            } finally {
                System.clearProperty("payme.test-sys.password");
            }
            assertThat(lines).as("given as a -D system property").hasSize(1);
        }
    }
}

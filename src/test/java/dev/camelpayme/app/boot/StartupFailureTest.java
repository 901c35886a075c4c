package dev.camelpayme.app.boot;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

import dev.camelpayme.sandbox.QfpaySandbox;
import dev.camelpayme.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class StartupFailureTest {

    private static final Path NO_CONFIGURATION_HERE = Path.of("target", "no-such-folder").toAbsolutePath();

    @Test
    void anH2DatabaseInUseDeepInTheCausesIsExplainedAsAnotherInstance() {
        Exception failure = new RuntimeException("pool", new SQLException("Database may be already in use", "90020",
                90020));

        assertThat(StartupFailure.explain(failure, NO_CONFIGURATION_HERE, false)).hasValueSatisfying(line ->
                assertThat(line).contains("held by another instance of camel-payme"));
    }

    @Test
    void aSandboxDataDirHeldByAnotherSandboxNamesTheKey(@TempDir Path dir) {
        try (QfpaySandbox first = QfpaySandbox.builder().port(0).dataDir(dir).build().start()) {
            Throwable failure = catchThrowable(() -> QfpaySandbox.builder().port(0).dataDir(dir).build().start());

            assertThat(StartupFailure.explain(new RuntimeException("service", failure), NO_CONFIGURATION_HERE, false))
                    .hasValueSatisfying(line -> assertThat(line).contains("is in use by another running sandbox")
                            .contains("payme.sandbox.data-dir").contains(dir.toAbsolutePath().normalize().toString()));
        }
    }

    @Test
    void aMissingPropertyWithoutApplicationPropertiesSaysWhereItLooked() {
        Exception failure = new IllegalArgumentException("Property payme.sandbox.enabled is required");

        assertThat(StartupFailure.explain(failure, NO_CONFIGURATION_HERE, false)).hasValueSatisfying(line ->
                assertThat(line).contains("No application.properties in " + NO_CONFIGURATION_HERE)
                        .contains("-Dcamel.main.property-placeholder-location="));
        assertThat(StartupFailure.explain(failure, NO_CONFIGURATION_HERE, true)).hasValueSatisfying(line ->
                assertThat(line).doesNotContain("application.properties"));
    }

    @Test
    void anUnknownFailureIsLeftToBeReportedWhole() {
        assertThat(StartupFailure.explain(new RuntimeException("boom"), NO_CONFIGURATION_HERE, false)).isEmpty();
    }

    @Test
    void aBusyPortOfAListenerSwitchedOffIsNotChecked() throws Exception {
        int port = FreePorts.next();
        try (ServerSocket taken = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            Map<String, String> sandboxOff = Map.of("payme.sandbox.enabled", "false", "payme.sandbox.port", "" + port);
            Map<String, String> sandboxOn = Map.of("payme.sandbox.enabled", "true", "payme.sandbox.port", "" + port);

            assertThatNoException().isThrownBy(() -> ListenerPorts.checkFree(key -> Optional.ofNullable(
                    sandboxOff.get(key))));
            assertThatThrownBy(() -> ListenerPorts.checkFree(key -> Optional.ofNullable(sandboxOn.get(key))))
                    .isInstanceOf(StartupRefusal.class).hasMessageContaining("(payme.sandbox.port)");
        }
    }
}

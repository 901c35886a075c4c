package dev.camelpayme.app.boot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The management server's start-up checks, on properties as Camel resolves them (a real start: MonitoringTest). */
class ManagementServerGuardTest {

    private final Map<String, String> properties = new HashMap<>();
    private Path ownUsers;

    @BeforeEach
    void theShippedConfiguration(@TempDir Path dir) throws Exception {
        ownUsers = Files.writeString(dir.resolve("management-users.properties"),
                "user.prometheus = s3cret-scraper,monitoring\n", StandardCharsets.UTF_8);
        properties.put("camel.server.enabled", "true");
        properties.put("camel.server.port", "8080");
        properties.put("camel.management.enabled", "true");
        properties.put("camel.management.host", "127.0.0.1");
        properties.put("camel.management.port", "9876");
        properties.put("camel.management.authentication-enabled", "false");
        properties.put("camel.management.authentication-path", "/*");
        properties.put("camel.management.basic-properties-file", dir.resolve("not-there.properties").toString());
    }

    private void check() {
        ManagementServerGuard.check(key -> Optional.ofNullable(properties.get(key)));
    }

    @Test
    void loopbackWithoutCredentialsStarts() {
        assertThatCode(this::check).doesNotThrowAnyException();
        properties.put("camel.management.host", "localhost");
        assertThatCode(this::check).doesNotThrowAnyException();
    }

    @Test
    void aSwitchedOffServerIsNotChecked() {
        properties.put("camel.management.enabled", "false");
        properties.put("camel.management.host", "0.0.0.0");

        assertThatCode(this::check).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "10.1.2.3", "monitoring.example.com", "::"})
    void aNetworkAddressWithoutAuthenticationIsRefusedSayingWhatToSet(String host) {
        properties.put("camel.management.host", host);

        assertThatThrownBy(this::check).hasMessageContaining("camel.management.host is " + host + ", not a loopback")
                .hasMessageContaining("camel.management.authentication-enabled=true")
                .hasMessageContaining("camel.management.basic-properties-file")
                .hasMessageContaining("camel.management.host=127.0.0.1")
                .satisfies(refusal -> assertThat(refusal.getMessage()).as("one line").doesNotContain("\n"));
    }

    @Test
    void camelsDefaultHostIsTheNetwork() {
        properties.remove("camel.management.host");

        assertThatThrownBy(this::check).hasMessageContaining("camel.management.host is 0.0.0.0");
    }

    @Test
    void aNetworkAddressWithAuthenticationAndItsOwnUsersStarts() {
        properties.put("camel.management.host", "0.0.0.0");
        properties.put("camel.management.authentication-enabled", "true");
        properties.put("camel.management.basic-properties-file", ownUsers.toString());

        assertThatCode(this::check).doesNotThrowAnyException();
    }

    @Test
    void authenticationWithoutAReadableUsersFileIsRefused() {
        properties.put("camel.management.host", "0.0.0.0");
        properties.put("camel.management.authentication-enabled", "true");

        assertThatThrownBy(this::check).hasMessageContaining("which cannot be read (NoSuchFileException)");
        properties.remove("camel.management.basic-properties-file");
        assertThatThrownBy(this::check).hasMessageContaining("camel.management.basic-properties-file is not set");
    }

    @Test
    void theDemoUsersAreRefused() {
        properties.put("camel.management.host", "0.0.0.0");
        properties.put("camel.management.authentication-enabled", "true");
        properties.put("camel.management.basic-properties-file", "demo-api-users.properties");

        assertThatThrownBy(this::check).hasMessageContaining("holds a demo user or the demo password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/observe/metrics", "/api/*"})
    void anAuthenticationPathThatLeavesHealthOrMetricsOpenIsRefused(String path) {
        properties.put("camel.management.host", "0.0.0.0");
        properties.put("camel.management.authentication-enabled", "true");
        properties.put("camel.management.basic-properties-file", ownUsers.toString());
        properties.put("camel.management.authentication-path", path);

        assertThatThrownBy(this::check).hasMessageContaining("camel.management.authentication-path=/*");
    }

    @Test
    void theApiListenersPortIsRefused() {
        properties.put("camel.management.port", "8080");

        assertThatThrownBy(this::check).hasMessageContaining("camel.management.port is 8080, the API listener's port");
        properties.remove("camel.management.port");
        assertThatThrownBy(this::check).as("Camel's default").hasMessageContaining("the API listener's port");
    }
}

package dev.camelpayme.app.boot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.camelpayme.app.api.ApiUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The API listener's start-up checks, on properties as Camel resolves them (the real starts: ApiStartupRefusalTest). */
class ApiListenerGuardTest {

    private final Map<String, String> properties = new HashMap<>();
    private Path ownUsers;

    @BeforeEach
    void productionLikeConfiguration(@TempDir Path dir) throws Exception {
        ownUsers = Files.writeString(dir.resolve("api-users.properties"), """
                # our own
                user.shop = s3cret-shop,payments
                user.ops = s3cret-ops,payments,refunds
                """, StandardCharsets.UTF_8);
        properties.put("camel.server.enabled", "true");
        properties.put("camel.server.host", "127.0.0.1");
        properties.put("camel.server.authentication-enabled", "true");
        properties.put("camel.server.authentication-path", "/api/*");
        properties.put("camel.server.basic-properties-file", ownUsers.toString());
        properties.put("payme.rest.base-path", "/api");
        properties.put("payme.sandbox.enabled", "false");
    }

    private ApiUsers check() {
        return ApiListenerGuard.check(key -> Optional.ofNullable(properties.get(key)));
    }

    @Test
    void loopbackListenerWithItsOwnUsersStartsAndTheirRolesAreKnown() {
        ApiUsers users = check();

        assertThat(users.hasRole("shop", "payments")).isTrue();
        assertThat(users.hasRole("shop", "refunds")).isFalse();
        assertThat(users.hasRole("ops", "refunds")).isTrue();
        assertThat(users.hasRole("nobody", "payments")).isFalse();
    }

    @Test
    void theDemoUsersStartWithTheSandboxOnLoopback() {
        properties.put("camel.server.basic-properties-file", "demo-api-users.properties");
        properties.put("payme.sandbox.enabled", "true");

        ApiUsers users = check();

        assertThat(users.names()).containsExactlyInAnyOrderElementsOf(ApiListenerGuard.DEMO_USERS);
        assertThat(users.hasRole("demo-payments", "payments")).isTrue();
        assertThat(users.hasRole("demo-payments", "refunds")).isFalse();
        assertThat(users.hasRole("demo-refunds", "refunds")).isTrue();
        assertThat(users.hasRole("demo-reconciliation", "reconciliation")).isTrue();
    }

    @Test
    void theDemoUsersAreRefusedWithTheSandboxOff() {
        properties.put("camel.server.basic-properties-file", "demo-api-users.properties");

        assertThatThrownBy(this::check).hasMessageContaining("still holds a demo API user")
                .hasMessageContaining("payme.api.users-file").hasMessageNotContaining("demo-password");
    }

    @Test
    void theDemoPasswordUnderAnotherNameIsRefusedWithTheSandboxOff(@TempDir Path dir) throws Exception {
        Path users = Files.writeString(dir.resolve("users.properties"), "user.shop = demo-password,payments\n");
        properties.put("camel.server.basic-properties-file", users.toString());

        assertThatThrownBy(this::check).hasMessageContaining("still holds a demo API user");
    }

    @Test
    void authenticationOffIsRefused() {
        properties.put("camel.server.authentication-enabled", "false");

        assertThatThrownBy(this::check).hasMessageContaining("must authenticate every request");
        properties.remove("camel.server.authentication-enabled");
        assertThatThrownBy(this::check).as("Camel's default is off").hasMessageContaining("must authenticate");
    }

    @Test
    void authenticationWithoutAUsersFileIsRefused() {
        properties.remove("camel.server.basic-properties-file");

        assertThatThrownBy(this::check).hasMessageContaining("camel.server.basic-properties-file is not set")
                .hasMessageContaining("open to anyone").hasMessageNotContaining("JWT");
        properties.put("camel.server.jwt-keystore-type", "jks");
        assertThatThrownBy(this::check).hasMessageContaining("JWT alone is not enough");
    }

    @Test
    void aUsersFileWithoutUsersIsRefused(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("users.properties"), "# nobody\nrole.payments = x\n");
        properties.put("camel.server.basic-properties-file", empty.toString());

        assertThatThrownBy(this::check).hasMessageContaining("which holds no user");
    }

    @Test
    void anUnreadableUsersFileIsRefused(@TempDir Path dir) {
        properties.put("camel.server.basic-properties-file", dir.resolve("missing.properties").toString());

        assertThatThrownBy(this::check).hasMessageContaining("which cannot be read (NoSuchFileException)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/api", "/api/payments/*", "/other/*", "/*/refunds"})
    void anAuthenticationPathThatLeavesPartOfTheApiOpenIsRefused(String path) {
        if (path.isEmpty()) {
            properties.remove("camel.server.authentication-path");
        } else {
            properties.put("camel.server.authentication-path", path);
        }

        assertThatThrownBy(this::check).hasMessageContaining("set it to /api/* (or /*)")
                .hasMessageContaining("CVE-2026-40022");
    }

    @Test
    void theWholeServerOrTheBasePathWithATrailingSlashIsCovered() {
        properties.put("camel.server.authentication-path", "/*");
        check();
        properties.put("camel.server.authentication-path", "/v1/*");
        properties.put("payme.rest.base-path", "/v1/");
        check();
    }

    @Test
    void aNetworkAddressNeedsTlsOrAnAcknowledgedProxy() {
        properties.put("camel.server.host", "0.0.0.0");
        assertThatThrownBy(this::check).hasMessageContaining("camel.server.host is 0.0.0.0, not a loopback address")
                .hasMessageContaining("payme.api.behind-tls-proxy=true");

        // the server option alone gives no TLS: without camel.ssl.enabled Camel serves plain HTTP
        properties.put("camel.server.use-global-ssl-context-parameters", "true");
        assertThatThrownBy(this::check).hasMessageContaining("has no TLS");

        properties.put("camel.ssl.enabled", "true");
        check();

        properties.remove("camel.server.use-global-ssl-context-parameters");
        properties.put("payme.api.behind-tls-proxy", "true");
        check();
    }

    @Test
    void anUnsetHostIsCamelsDefaultWhichIsEveryAddress() {
        properties.remove("camel.server.host");

        assertThatThrownBy(this::check).hasMessageContaining("camel.server.host is 0.0.0.0");
    }

    @Test
    void theSandboxIsRefusedOnANetworkAddressEvenBehindAProxyOrWithTls() {
        properties.put("camel.server.basic-properties-file", "demo-api-users.properties");
        properties.put("payme.sandbox.enabled", "true");
        properties.put("camel.server.host", "192.168.1.20");
        properties.put("payme.api.behind-tls-proxy", "true");
        properties.put("camel.server.use-global-ssl-context-parameters", "true");
        properties.put("camel.ssl.enabled", "true");

        assertThatThrownBy(this::check).hasMessageContaining("while the embedded sandbox and its demo API users are on");
    }

    @Test
    void anOptionSpelledInCamelCaseCountsAndTwoSpellingsMustAgree() {
        properties.remove("camel.server.basic-properties-file");
        properties.put("camel.server.basicPropertiesFile", ownUsers.toString());
        check();

        properties.put("camel.server.basic-properties-file", "demo-api-users.properties");
        assertThatThrownBy(this::check).hasMessageContaining(
                "camel.server.basicPropertiesFile and camel.server.basic-properties-file are both set, to different "
                        + "values");
    }

    @Test
    void noServerNothingToGuard() {
        properties.put("camel.server.enabled", "false");
        properties.put("camel.server.authentication-enabled", "false");

        assertThat(check().isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.1.1", "localhost", "LOCALHOST", "::1", "[::1]", "0:0:0:0:0:0:0:1"})
    void loopbackAddresses(String host) {
        assertThat(ApiListenerGuard.isLoopback(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "example.com", "localhost.example.com",
            "127.0.0.1.nip.io", "[::]"})
    void otherAddressesAndAnyNameAreNotLoopback(String host) {
        assertThat(ApiListenerGuard.isLoopback(host)).isFalse();
    }
}

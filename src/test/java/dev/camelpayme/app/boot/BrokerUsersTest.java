package dev.camelpayme.app.boot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerUsersTest {

    private static final String KEYS = "payme.broker.clients.orders";

    @Test
    void theInternalPasswordIsDrawnAtEveryStartAndNeverPrinted() {
        BrokerUsers first = BrokerUsers.withGeneratedInternalPassword();
        BrokerUsers second = BrokerUsers.withGeneratedInternalPassword();

        assertThat(first.internalPassword()).hasSizeGreaterThanOrEqualTo(40).isNotEqualTo(second.internalPassword());
        assertThat(first.toString()).doesNotContain(first.internalPassword());
    }

    @Test
    void aClientWithoutUsernameAndPasswordIsLeftOut() {
        BrokerUsers users = BrokerUsers.withGeneratedInternalPassword()
                .withClient(BrokerUsers.ORDERS_ROLE, null, null, KEYS)
                .withClient(BrokerUsers.REFUNDS_ROLE, " ", "", "payme.broker.clients.refunds");

        assertThat(users.clients()).isEmpty();
    }

    @Test
    void aUsernameWithoutPasswordOrAPasswordWithoutUsernameIsRefusedNamingTheKeys() {
        BrokerUsers users = BrokerUsers.withGeneratedInternalPassword();

        assertThatThrownBy(() -> users.withClient(BrokerUsers.ORDERS_ROLE, "shop", null, KEYS))
                .hasMessageContaining(KEYS + "-username").hasMessageContaining(KEYS + "-password-file");
        assertThatThrownBy(() -> users.withClient(BrokerUsers.ORDERS_ROLE, null, "secret-1", KEYS))
                .hasMessageContaining(KEYS + "-username").hasMessageNotContaining("secret-1");
    }

    @Test
    void oneUserMayHoldBothRolesWithOnePassword() {
        BrokerUsers users = BrokerUsers.withGeneratedInternalPassword()
                .withClient(BrokerUsers.ORDERS_ROLE, "shop", "secret-1", KEYS)
                .withClient(BrokerUsers.REFUNDS_ROLE, "shop", "secret-1", "payme.broker.clients.refunds");

        assertThat(users.clients().get("shop").roles).containsExactly(BrokerUsers.ORDERS_ROLE, BrokerUsers.REFUNDS_ROLE);
        assertThat(users.toString()).doesNotContain("secret-1");
        assertThatThrownBy(() -> BrokerUsers.withGeneratedInternalPassword()
                .withClient(BrokerUsers.ORDERS_ROLE, "shop", "secret-1", KEYS)
                .withClient(BrokerUsers.REFUNDS_ROLE, "shop", "secret-2", "payme.broker.clients.refunds"))
                .hasMessageContaining("payme.broker.clients.refunds-username").hasMessageNotContaining("secret-");
    }

    @Test
    void noClientMayTakeTheApplicationsOwnUser() {
        assertThatThrownBy(() -> BrokerUsers.withGeneratedInternalPassword()
                .withClient(BrokerUsers.ORDERS_ROLE, BrokerUsers.INTERNAL_USERNAME, "secret-1", KEYS))
                .hasMessageContaining(KEYS + "-username");
    }

    @Test
    void demoCredentialsStartOnlyWithTheSandbox() {
        BrokerUsers demo = BrokerUsers.withGeneratedInternalPassword().withClient(BrokerUsers.ORDERS_ROLE,
                BrokerUsers.DEMO_ORDERS_USERNAME, BrokerUsers.DEMO_ORDERS_PASSWORD, KEYS);
        BrokerUsers demoPassword = BrokerUsers.withGeneratedInternalPassword().withClient(BrokerUsers.REFUNDS_ROLE,
                "shop", BrokerUsers.DEMO_REFUNDS_PASSWORD, "payme.broker.clients.refunds");

        assertThatCode(() -> demo.refuseDemoCredentialsUnless(true)).doesNotThrowAnyException();
        assertThatThrownBy(() -> demo.refuseDemoCredentialsUnless(false))
                .hasMessageContaining("payme.sandbox.enabled is false")
                .hasMessageContaining("PAYME_BROKER_CLIENTS_ORDERS_USERNAME")
                .hasMessageContaining("PAYME_BROKER_CLIENTS_ORDERS_PASSWORD_FILE")
                .hasMessageNotContaining(BrokerUsers.DEMO_ORDERS_PASSWORD);
        assertThatThrownBy(() -> demoPassword.refuseDemoCredentialsUnless(false)).as("the demo password alone")
                .isInstanceOf(IllegalStateException.class);
        assertThatCode(() -> BrokerUsers.withGeneratedInternalPassword()
                .withClient(BrokerUsers.ORDERS_ROLE, "shop", "real-secret", KEYS).refuseDemoCredentialsUnless(false))
                .doesNotThrowAnyException();
    }

    @Test
    void aPasswordFileWinsOverThePasswordKey(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("orders.password"), "\uFEFF  from-the-file\r\n", StandardCharsets.UTF_8);

        assertThat(BrokerUsers.password("from-the-key", file.toString(), KEYS + "-password-file"))
                .isEqualTo("from-the-file");
        assertThat(BrokerUsers.password("from-the-key", " ", KEYS + "-password-file")).isEqualTo("from-the-key");
    }

    @Test
    void anUnreadableOrEmptyPasswordFileStopsTheStartWithoutPrintingAPassword(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> BrokerUsers.password(null, dir.resolve("missing").toString(), KEYS + "-password-file"))
                .hasMessageContaining(KEYS + "-password-file").hasMessageContaining("cannot be read");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> BrokerUsers.password("from-the-key", empty.toString(), KEYS + "-password-file"))
                .hasMessageContaining("is empty").hasMessageNotContaining("from-the-key");
        Path large = Files.writeString(dir.resolve("large"), "x".repeat(5000));
        assertThatThrownBy(() -> BrokerUsers.password(null, large.toString(), KEYS + "-password-file"))
                .hasMessageContaining("not a password file").hasMessageNotContaining("xxxx");
    }

    @Test
    void applicationRefusesToStartWithDemoBrokerCredentialsWithoutTheSandbox() throws Exception {
        // API users of its own, so that the start gets past the API listener's checks to the broker's
        Path apiUsers = Files.createDirectories(Path.of("target", "broker-users-test")).resolve("api-users.properties");
        Files.writeString(apiUsers, "user.shop = a-long-random-test-password,payments\n");
        Main main = new Main(PaymeApplication.class);
        main.setDefaultPropertyPlaceholderLocation("file:application.properties");
        main.addOverrideProperty("payme.sandbox.enabled", "false");
        main.addOverrideProperty("payme.api.users-file", apiUsers.toString());
        main.addOverrideProperty("payme.base-url", "https://test-openapi-hk.qfapi.com");
        main.addOverrideProperty("camel.component.payme.app-code", "REAL-APP");
        main.addOverrideProperty("camel.component.payme.client-key", "REAL-KEY-0123456789");
        main.addOverrideProperty("payme.broker.clients.orders-username", BrokerUsers.DEMO_ORDERS_USERNAME);
        main.addOverrideProperty("payme.broker.clients.orders-password", BrokerUsers.DEMO_ORDERS_PASSWORD);
        try {
            assertThatThrownBy(main::start)
                    .hasStackTraceContaining("demo broker credentials")
                    .hasStackTraceContaining("PAYME_BROKER_CLIENTS_ORDERS_PASSWORD_FILE");
        } finally {
            main.stop();
        }
    }
}

package dev.camelpayme.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.camel.util.FileUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application refuses to start an API listener that Camel would run open, or reachable over the network in
 * clear, or with the demo users in production: each case is the real main class in a JVM of its own, which must stop
 * by itself with one message saying what to set. (The attacks on a running listener are in {@link ApiAttackTest}.)
 */
class ApiStartupRefusalTest {

    private static final Path ROOT = Path.of("target", "api-startup-refusal");

    @Test
    void demoUsersAreRefusedWithTheSandboxOff(TestInfo test) throws Exception {
        String output = refusedStart(withRealQfpayCredentials(app(test))
                .property("camel.server.basic-properties-file", "demo-api-users.properties"));

        assertThat(output).contains("payme.sandbox.enabled=false but the file named by "
                + "camel.server.basic-properties-file still holds a demo API user");
    }

    @Test
    void authenticationWithoutACredentialsFileIsRefused(TestInfo test) throws Exception {
        // Camel itself would start this listener open to anyone
        String output = refusedStart(withRealQfpayCredentials(app(test))
                .withoutProperty("camel.server.basic-properties-file")
                .property("camel.main.property-placeholder-location",
                        "file:" + configurationWithout("camel.server.basic-properties-file", test)));

        assertThat(output).contains("camel.server.authentication-enabled=true but camel.server.basic-properties-file "
                + "is not set: Camel would start the API listener open to anyone");
    }

    @Test
    void aUsersFileThatIsNotThereIsRefused(TestInfo test) throws Exception {
        Path missing = ROOT.resolve("no-such-api-users.properties");

        String output = refusedStart(withRealQfpayCredentials(app(test))
                .withoutProperty("camel.server.basic-properties-file")
                .property("payme.api.users-file", missing));

        assertThat(output).contains("camel.server.basic-properties-file names " + missing + ", which cannot be read")
                .contains("set payme.api.users-file to the path of yours");
    }

    @Test
    void authenticationSwitchedOffIsRefused(TestInfo test) throws Exception {
        String output = refusedStart(withRealQfpayCredentials(app(test))
                .property("camel.server.authentication-enabled", false));

        assertThat(output).contains("The API listener must authenticate every request: set "
                + "camel.server.authentication-enabled=true");
    }

    @Test
    void authenticationPathLeftUnsetIsRefused(TestInfo test) throws Exception {
        String output = refusedStart(withRealQfpayCredentials(app(test))
                .property("camel.main.property-placeholder-location",
                        "file:" + configurationWithout("camel.server.authentication-path", test)));

        assertThat(output).contains("camel.server.authentication-path is not set: set it to /api/* (or /*)")
                .contains("CVE-2026-40022");
    }

    @Test
    void networkAddressWithoutTlsOrAcknowledgedProxyIsRefused(TestInfo test) throws Exception {
        String output = refusedStart(withRealQfpayCredentials(app(test)).property("camel.server.host", "0.0.0.0"));

        assertThat(output).contains("camel.server.host is 0.0.0.0, not a loopback address, and the API listener has "
                + "no TLS").contains("camel.server.use-global-ssl-context-parameters=true")
                .contains("payme.api.behind-tls-proxy=true");
    }

    @Test
    void networkAddressWhileTheSandboxIsOnIsRefusedEvenBehindAProxy(TestInfo test) throws Exception {
        // the quick start's own configuration, opened to the network
        String output = refusedStart(app(test)
                .property("camel.server.basic-properties-file", "demo-api-users.properties")
                .property("camel.server.host", "0.0.0.0")
                .property("payme.api.behind-tls-proxy", true));

        assertThat(output).contains("camel.server.host is 0.0.0.0, not a loopback address, while the embedded "
                + "sandbox and its demo API users are on (payme.sandbox.enabled=true)");
    }

    @Test
    void managementServerOnTheNetworkWithoutCredentialsIsRefused(TestInfo test) throws Exception {
        String output = refusedStart(withRealQfpayCredentials(app(test)).property("camel.management.host", "0.0.0.0"));

        assertThat(output).contains("camel.management.host is 0.0.0.0, not a loopback address, and the management "
                + "server has no authentication: set camel.management.authentication-enabled=true");
    }

    /** The application with its folders and ports moved into the test's own; nothing else changed. */
    private static ChildApp app(TestInfo test) {
        Path dir = ROOT.resolve(test.getTestMethod().orElseThrow().getName());
        FileUtil.removeDir(dir.toFile());
        return new ChildApp(dir.resolve("app-output.log")).portsAndFoldersUnder(dir);
    }

    /** The application's own application.properties without the line that sets {@code key}: its path. */
    private static Path configurationWithout(String key, TestInfo test) throws Exception {
        Path copy = ROOT.resolve(test.getTestMethod().orElseThrow().getName()).resolve("application.properties");
        Files.createDirectories(copy.getParent());
        List<String> lines = Files.readAllLines(Path.of("application.properties"), StandardCharsets.UTF_8);
        assertThat(lines).anyMatch(line -> line.startsWith(key + " "));
        Files.write(copy, lines.stream().filter(line -> !line.startsWith(key + " ")).toList(), StandardCharsets.UTF_8);
        return copy;
    }

    /** A production configuration as far as QFPay goes, so that only the API listener's settings are refused. */
    private static ChildApp withRealQfpayCredentials(ChildApp app) {
        return app.property("payme.sandbox.enabled", false)
                .property("payme.base-url", "https://test-openapi-hk.qfapi.com")
                .property("camel.component.payme.app-code", "REAL-APP")
                .property("camel.component.payme.client-key", "REAL-KEY-OF-A-TEST")
                .property("payme.broker.embedded", false);
    }

    /** Starts the application, which must stop by itself and with a failure: its output. */
    private static String refusedStart(ChildApp app) throws Exception {
        try (app) {
            int exitCode = app.startExpectingRefusal();
            String output = app.output();
            assertThat(exitCode).as(output).isNotZero();
            assertThat(output).doesNotContain("(camel-payme) started in")
                    .doesNotContain("Vert.x HttpServer started");
            return output;
        }
    }
}

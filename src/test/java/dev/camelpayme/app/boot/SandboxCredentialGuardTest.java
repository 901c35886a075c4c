package dev.camelpayme.app.boot;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.camelpayme.sandbox.SandboxCredentials;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxCredentialGuardTest {

    private static final String DEMO_APP = "DEMO-APP";
    private static final String DEMO_KEY = "DEMO-KEY-VALUE";
    private static final String DEMO_KEY_OF_THE_APP = SandboxCredentials.CLIENT_KEY;

    @Test
    void demoCredentialsAgainstTheSandboxStart() {
        assertThatCode(() -> SandboxCredentialGuard.check("http://localhost:8090", "http://localhost:8090", true,
                DEMO_APP, DEMO_KEY, DEMO_APP, DEMO_KEY)).doesNotThrowAnyException();
        assertThatCode(() -> SandboxCredentialGuard.check("http://127.0.0.1:8090/", "http://localhost:8090", true,
                DEMO_APP, DEMO_KEY, DEMO_APP, DEMO_KEY)).doesNotThrowAnyException();
    }

    @Test
    void demoCredentialsAgainstAnotherHostAreRefusedWithoutPrintingTheKey() {
        assertThatThrownBy(() -> SandboxCredentialGuard.check("https://openapi-hk.qfapi.com", "http://localhost:8090",
                true, DEMO_APP, DEMO_KEY, DEMO_APP, DEMO_KEY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("payme.base-url is https://openapi-hk.qfapi.com")
                .hasMessageContaining("camel.component.payme.client-key")
                .hasMessageNotContaining(DEMO_KEY);
    }

    @Test
    void demoKeyAloneIsEnoughToRefuse() {
        assertThatThrownBy(() -> SandboxCredentialGuard.check("https://test-openapi-hk.qfapi.com",
                "http://localhost:8090", true, "REAL-APP", DEMO_KEY, DEMO_APP, DEMO_KEY))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void demoCredentialsWithTheSandboxSwitchedOffAreRefused() {
        assertThatThrownBy(() -> SandboxCredentialGuard.check("http://localhost:8090", "http://localhost:8090", false,
                DEMO_APP, DEMO_KEY, DEMO_APP, DEMO_KEY)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void realCredentialsGoAnywhere() {
        assertThatCode(() -> SandboxCredentialGuard.check("https://openapi-hk.qfapi.com", "http://localhost:8090",
                true, "REAL-APP", "REAL-KEY", DEMO_APP, DEMO_KEY)).doesNotThrowAnyException();
    }

    @Test
    void demoKeyInTheKeyFileIsRefusedWithoutPrintingIt(@TempDir Path dir) throws Exception {
        // as the component reads it: surrounding whitespace, newlines and a byte order mark do not count
        Path keyFile = Files.writeString(dir.resolve("client.key"), "\uFEFF  " + DEMO_KEY + "\r\n",
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SandboxCredentialGuard.check("https://openapi-hk.qfapi.com", "http://localhost:8090",
                true, "REAL-APP", null, keyFile.toString(), DEMO_APP, DEMO_KEY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("camel.component.payme.client-key-file")
                .hasMessageNotContaining(DEMO_KEY)
                .hasMessageNotContaining(keyFile.toString());
        assertThatCode(() -> SandboxCredentialGuard.check("http://localhost:8090", "http://localhost:8090", true,
                "REAL-APP", null, keyFile.toString(), DEMO_APP, DEMO_KEY)).doesNotThrowAnyException();
    }

    @Test
    void realKeyInTheKeyFileGoesAnywhere(@TempDir Path dir) throws Exception {
        Path keyFile = Files.writeString(dir.resolve("client.key"), "REAL-KEY\n", StandardCharsets.UTF_8);
        assertThatCode(() -> SandboxCredentialGuard.check("https://openapi-hk.qfapi.com", "http://localhost:8090",
                false, "REAL-APP", null, keyFile.toString(), DEMO_APP, DEMO_KEY)).doesNotThrowAnyException();
        // a key file that merely contains the demo key among other text is not the demo key
        Files.writeString(keyFile, DEMO_KEY + "-AND-MORE", StandardCharsets.UTF_8);
        assertThatCode(() -> SandboxCredentialGuard.check("https://openapi-hk.qfapi.com", "http://localhost:8090",
                false, "REAL-APP", null, keyFile.toString(), DEMO_APP, DEMO_KEY)).doesNotThrowAnyException();
    }

    @Test
    void unreadableKeyFileIsLeftToTheComponent(@TempDir Path dir) {
        // the component stops the start with an error naming the path; the guard neither throws nor guesses
        assertThatCode(() -> SandboxCredentialGuard.check("https://openapi-hk.qfapi.com", "http://localhost:8090",
                false, "REAL-APP", null, dir.resolve("missing.key").toString(), DEMO_APP, DEMO_KEY))
                .doesNotThrowAnyException();
        assertThatCode(() -> SandboxCredentialGuard.check("https://openapi-hk.qfapi.com", "http://localhost:8090",
                false, "REAL-APP", null, dir.toString(), DEMO_APP, DEMO_KEY)).doesNotThrowAnyException();
    }

    @Test
    void applicationRefusesToStartWithTheDemoKeyFileAgainstQfpaysHost(@TempDir Path dir) throws Exception {
        Path keyFile = Files.writeString(dir.resolve("client.key"), DEMO_KEY_OF_THE_APP + "\n", StandardCharsets.UTF_8);
        Main main = new Main(PaymeApplication.class);
        main.setDefaultPropertyPlaceholderLocation("file:application.properties");
        main.addOverrideProperty("payme.base-url", "https://test-openapi-hk.qfapi.com");
        main.addOverrideProperty("payme.sandbox.enabled", "false");
        main.addOverrideProperty("payme.broker.embedded", "false");
        main.addOverrideProperty("camel.component.payme.app-code", "REAL-APP");
        main.addOverrideProperty("camel.component.payme.client-key-file", keyFile.toString());
        try {
            assertThatThrownBy(main::start)
                    .hasStackTraceContaining("payme.base-url is https://test-openapi-hk.qfapi.com")
                    .hasStackTraceContaining("demo credentials")
                    .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(DEMO_KEY_OF_THE_APP));
        } finally {
            main.stop();
        }
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void applicationRefusesToStartWithDemoCredentialsAgainstQfpaysHost() {
        Main main = new Main(PaymeApplication.class);
        main.setDefaultPropertyPlaceholderLocation("file:application.properties");
        main.addOverrideProperty("payme.base-url", "https://test-openapi-hk.qfapi.com");
        try {
            assertThatThrownBy(main::start)
                    .hasStackTraceContaining("payme.base-url is https://test-openapi-hk.qfapi.com")
                    .hasStackTraceContaining("demo credentials");
        } finally {
            main.stop();
        }
    }
}

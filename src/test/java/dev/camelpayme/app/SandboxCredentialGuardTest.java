package dev.camelpayme.app;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxCredentialGuardTest {

    private static final String DEMO_APP = "DEMO-APP";
    private static final String DEMO_KEY = "DEMO-KEY-VALUE";

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

package dev.camelpayme.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.camelpayme.app.boot.PaymeApplication;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Environment variables override keys of application.properties (PAYME_BASE_URL for payme.base-url), seen from a
 * real launch of the application's main class in a child JVM.
 */
class EnvironmentOverrideTest {

    @Test
    void environmentVariableOverridesBaseUrlAndTheDemoCredentialGuardStopsTheStart() throws Exception {
        ProcessBuilder launch = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                PaymeApplication.class.getName()))
                .redirectErrorStream(true);
        launch.environment().put("PAYME_BASE_URL", "https://test-openapi-hk.qfapi.com");
        launch.environment().put("PAYME_SANDBOX_ENABLED", "false");
        launch.environment().put("PAYME_BROKER_EMBEDDED", "false");

        Process app = launch.start();
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("the app stops by itself").isTrue();
        String output = read(app);

        assertThat(app.exitValue()).as(output).isNotZero();
        assertThat(output).contains("payme.base-url is https://test-openapi-hk.qfapi.com")
                .doesNotContain("PAYME-SANDBOX-DEMO-KEY-NOT-A-SECRET");
    }

    private static String read(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}

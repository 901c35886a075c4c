package dev.camelpayme.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import dev.camelpayme.testing.FreePorts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The management server bound to every address, as the README's Monitoring section sets it up: health and metrics
 * need a user of its own users file; without one, or with a wrong password, the answer is 401 and tells nothing.
 */
class ManagementAuthenticationTest extends PaymeRouteTestSupport {

    private static final String USER = "prometheus";
    private static final String PASSWORD = "a-long-scraper-password";
    private int managementPort;

    @Override
    protected Map<String, String> extraProperties() {
        managementPort = FreePorts.next();
        Path users = dataDir.resolve("management-users.properties");
        try {
            Files.createDirectories(dataDir);
            Files.writeString(users, "user." + USER + " = " + PASSWORD + ",monitoring\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("camel.management.port", String.valueOf(managementPort),
                "camel.management.host", "0.0.0.0",
                "camel.management.authentication-enabled", "true",
                "payme.management.users-file", users.toString());
    }

    @Test
    void healthAndMetricsNeedTheManagementUsersCredentials() throws Exception {
        String good = basic(USER, PASSWORD);
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/observe/health/ready", good).statusCode() == 200);

        for (String path : new String[] {"/observe/health", "/observe/health/ready", "/observe/health/live",
                "/observe/metrics"}) {
            HttpResponse<String> anonymous = get(path, null);
            HttpResponse<String> wrong = get(path, basic(USER, "not-the-password"));
            HttpResponse<String> demo = get(path, basic("demo-payments", "demo-password"));
            assertThat(anonymous.statusCode()).as(path + " without credentials").isEqualTo(401);
            assertThat(wrong.statusCode()).as(path + " with a wrong password").isEqualTo(401);
            assertThat(demo.statusCode()).as(path + " as an API user").isEqualTo(401);
            assertThat(anonymous.body() + wrong.body()).doesNotContain("payme", "UP");
            assertThat(anonymous.body()).as("the listener's own refusal, not worded for the API")
                    .contains("\"status\":401").doesNotContain("API");
            assertThat(get(path, good).statusCode()).as(path + " as the management user").isEqualTo(200);
        }
        assertThat(get("/observe/metrics", good).body()).contains("payme_qfpay_reachable");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

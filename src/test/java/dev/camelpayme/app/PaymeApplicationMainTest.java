package dev.camelpayme.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelpayme.app.boot.PaymeApplication;
import dev.camelpayme.testing.FreePorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.util.FileUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Boots the application's own configuration (application.properties, routes/, the embedded broker and sandbox)
 * with only ports and folders moved, the way an operator would: by -D system properties.
 */
@CamelMainTest(mainClass = PaymeApplication.class, propertyPlaceholderLocations = "file:application.properties")
class PaymeApplicationMainTest {

    private static final Path DATA = Path.of("target", "main-test");
    private static final int REST_PORT = FreePorts.next();
    private static final List<String> OVERRIDDEN = List.of("camel.server.port", "camel.management.port",
            "payme.notify.port", "payme.sandbox.port", "payme.sandbox.data-dir",
            "payme.broker.port", "payme.broker.data-dir", "payme.inbox", "payme.route.success-uri",
            "payme.route.error-uri", "payme.store.url");

    static {
        FileUtil.removeDir(DATA.toFile());
        System.setProperty("camel.server.port", String.valueOf(REST_PORT));
        System.setProperty("camel.management.port", String.valueOf(FreePorts.next()));
        System.setProperty("payme.notify.port", String.valueOf(FreePorts.next()));
        System.setProperty("payme.sandbox.port", String.valueOf(FreePorts.next()));
        System.setProperty("payme.sandbox.data-dir", DATA.resolve("sandbox").toString());
        System.setProperty("payme.broker.port", String.valueOf(FreePorts.next()));
        System.setProperty("payme.broker.data-dir", DATA.resolve("broker").toString());
        System.setProperty("payme.inbox", DATA.resolve("inbox").toString());
        System.setProperty("payme.route.success-uri", "file:" + DATA.resolve("success"));
        System.setProperty("payme.route.error-uri", "file:" + DATA.resolve("error"));
        System.setProperty("payme.store.url", "jdbc:h2:file:./" + DATA.resolve("store").resolve("payme"));
    }

    @AfterAll
    static void clearOverrides() {
        OVERRIDDEN.forEach(System::clearProperty);
    }

    @Test
    void restOrderEndsAsCreatedOutcomeFileInTheSuccessFolder() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + REST_PORT + "/api/payments"))
                        .header("Content-Type", "application/json")
                        // the quick start's demo user, which application.properties gives while the sandbox is on
                        .header("Authorization", ApiTestUsers.basic("demo-payments", "demo-password"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"order_id\":\"main-1\",\"txamt\":2500}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode outcome = new ObjectMapper().readTree(response.body());
        Path written = DATA.resolve("success").resolve(outcome.path("out_trade_no").asText() + ".json");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(written));
        assertThat(new ObjectMapper().readTree(Files.readString(written)).path("outcome").asText()).isEqualTo("CREATED");
    }

    @Test
    void fileOrderEndsInTheErrorFolderWhenInvalid() throws Exception {
        Files.createDirectories(DATA.resolve("inbox"));
        Files.writeString(DATA.resolve("inbox").resolve("bad.json"), "{\"order_id\":\"main-2\",\"txamt\":-1}");

        Path written = DATA.resolve("error").resolve("rejected-main-2.json");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(written));
        assertThat(Files.readString(written)).contains("\"outcome\":\"REJECTED\"").contains("txamt");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(DATA.resolve("inbox/.failed/bad.json")));
    }
}

package dev.camelpayme.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.camelpayme.sandbox.QfpaySandbox;
import dev.camelpayme.testing.FreePorts;
import org.apache.camel.util.FileUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API listener during a real start, watched from the first moment its port accepts: Camel opens the server
 * before the REST routes exist, so it must answer 503 until they do, never a 404 for a path that exists a moment
 * later (a load balancer or a retrying client would take that as final).
 */
class ApiReadinessTest {

    private static final String APP_CODE = "READINESS-TEST-APP";
    private static final String KEY = "READINESS-TEST-CLIENT-KEY-0123456789";

    private final Path dir = Path.of("target", "readiness-test");
    private final QfpaySandbox sandbox = QfpaySandbox.builder().appCode(APP_CODE).clientKey(KEY).build().start();
    private final int restPort = FreePorts.next();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ChildApp app;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null) {
            app.close();
        }
        sandbox.stop();
    }

    @Test
    void fromItsFirstAnswerTheApiSays503UntilTheRoutesAreUpThenServesTheOrder() throws Exception {
        FileUtil.removeDir(dir.toFile());
        app = new ChildApp(dir.resolve("app.log"))
                .againstSandboxUnder(dir, sandbox, APP_CODE, KEY, restPort, FreePorts.next(), 61)
                .property("payme.store.url", "jdbc:h2:file:./" + dir.resolve("store").resolve("payme"))
                .launchWithoutWaiting();

        Map<Integer, Integer> seen = new LinkedHashMap<>();
        int status = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int attempt = 0;
        while (status != 201 && System.nanoTime() < deadline && app.isAlive()) {
            status = postOrder("READY-" + attempt++);
            if (status != 0) {
                seen.merge(status, 1, Integer::sum);
            }
        }

        assertThat(status).as("the order is served once started; answers seen: %s; see %s", seen, dir)
                .isEqualTo(201);
        assertThat(seen.keySet()).as("every answer before that").isSubsetOf(503, 201);
    }

    /** The status of one order, or 0 while nothing accepts connections on the port. */
    private int postOrder(String orderId) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + "/api/payments"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Authorization", ApiTestUsers.OPERATOR.authorization())
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"order_id\":\"" + orderId + "\",\"txamt\":2500,\"txcurrcd\":\"HKD\"}"))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notListeningYet) {
            Thread.sleep(5);
            return 0;
        }
    }
}

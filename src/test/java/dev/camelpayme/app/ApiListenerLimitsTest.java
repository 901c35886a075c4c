package dev.camelpayme.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.camelpayme.testing.LogCapture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API listener's limits, as a slow or malicious client meets them: a body that never finishes, a connection that
 * never sends a request or stays idle, and credentials Vert.x cannot even decode (each used to log an ERROR stack
 * trace).
 */
class ApiListenerLimitsTest extends PaymeRouteTestSupport {

    private static final long READ_TIMEOUT_MS = 1500;
    private static final long IDLE_TIMEOUT_MS = 2500;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("payme.api.read-timeout-ms", String.valueOf(READ_TIMEOUT_MS),
                "payme.api.idle-timeout-ms", String.valueOf(IDLE_TIMEOUT_MS));
    }

    @Test
    void aClientThatNeverFinishesItsBodyIsAnswered408AndCutOffAfterTheReadTimeout() throws Exception {
        String orderId = newOrderId("SLOWBODY");
        String order = "{\"order_id\":\"" + orderId + "\",\"txamt\":2500,\"txcurrcd\":\"HKD\"";
        try (Socket slow = new Socket("127.0.0.1", restPort)) {
            slow.setSoTimeout(20_000);
            long start = System.nanoTime();
            slow.getOutputStream().write(ascii("POST /api/payments HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: " + ApiTestUsers.OPERATOR.authorization() + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 400\r\n\r\n" + order));
            slow.getOutputStream().flush();

            RawHttp.Answer answer = RawHttp.read(slow.getInputStream());
            Duration held = Duration.ofNanos(System.nanoTime() - start);

            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.headers().get("content-type")).containsExactly("application/json");
            assertThat(ErrorAnswers.assertErrorBody(answer.body(), 408)).startsWith("Request Timeout");
            assertThat(answer.closedByServer()).isTrue();
            assertThat(held).isBetween(Duration.ofMillis(READ_TIMEOUT_MS - 100),
                    Duration.ofMillis(READ_TIMEOUT_MS + 3000));
        }
        assertThat(paymentsSentFor(orderId)).isEmpty();
    }

    @Test
    void aConnectionThatNeverFinishesItsHeadersOrSendsNothingIsClosedAfterTheIdleTimeout() throws Exception {
        for (String sent : List.of("POST /api/payments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le", "")) {
            try (Socket slow = new Socket("127.0.0.1", restPort)) {
                slow.setSoTimeout(20_000);
                long start = System.nanoTime();
                slow.getOutputStream().write(ascii(sent));
                slow.getOutputStream().flush();

                assertThat(readToEnd(slow.getInputStream())).as("nothing is answered").isEmpty();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as(sent).isBetween(
                        Duration.ofMillis(IDLE_TIMEOUT_MS - 100), Duration.ofMillis(IDLE_TIMEOUT_MS + 3000));
            }
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedAfterTheIdleTimeoutOnceAnswered() {
        long start = System.nanoTime();
        RawHttp.Answer answer = RawHttp.send(restPort, RawHttp.request("POST", "/api/payments",
                List.of("Host: 127.0.0.1", "Content-Type: application/json", "Content-Length: 2"), ascii("{}")));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.closedByServer()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(IDLE_TIMEOUT_MS - 100), Duration.ofMillis(IDLE_TIMEOUT_MS + 3000));
    }

    @Test
    void undecodableCredentialsAreAnswered400WithOneQuietLineNotAStackTrace() throws Exception {
        List<String> vertxLines = Collections.synchronizedList(new ArrayList<>());
        List<String> listenerLines = Collections.synchronizedList(new ArrayList<>());
        try (LogCapture vertx = LogCapture.of("io.vertx", vertxLines);
                LogCapture listener = LogCapture.of("dev.camelpayme.app.boot", listenerLines)) {
            for (String authorization : List.of("Basic not-base64-at-all", "Basic ====", "Basic")) {
                RawHttp.Answer answer = RawHttp.send(restPort, RawHttp.request("POST", "/api/payments",
                        List.of("Host: 127.0.0.1", "Authorization: " + authorization, "Connection: close",
                                "Content-Type: application/json", "Content-Length: 2"), ascii("{}")));

                assertThat(answer.status()).as(authorization).isIn(400, 401);
                ErrorAnswers.assertErrorBody(answer.body(), answer.status());
                assertThat(answer.body()).doesNotContain("base64", "Exception");
            }
        }
        assertThat(vertxLines).as("Vert.x logs nothing for a refused request").isEmpty();
        assertThat(listenerLines).as("nothing at INFO or above either").isEmpty();
    }

    @Test
    void theShippedListenerLimitsAreSecondsAndUploadsAreOff() throws IOException {
        Properties shipped = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("application.properties"))) {
            shipped.load(in);
        }
        assertThat(Long.parseLong(shipped.getProperty("payme.api.read-timeout-ms").trim())).isBetween(1000L, 30_000L);
        assertThat(Long.parseLong(shipped.getProperty("payme.api.idle-timeout-ms").trim())).isBetween(1000L, 60_000L);
        assertThat(shipped.getProperty("camel.server.file-upload-enabled").trim()).isEqualTo("false");
    }

    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        in.transferTo(read);
        return read.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}

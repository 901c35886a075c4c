package dev.camelpayme.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.app.boot.PaymeApplication;
import dev.camelpayme.testing.FreePorts;
import org.apache.camel.main.Main;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The notification listener, attacked as the internet can: it is the one listener operators expose, so it serves
 * POST {@value #PATH} and nothing else, answers only SUCCESS or a short fixed JSON error, never 500, echoes nothing of
 * a request, holds no
 * connection longer than its timeouts, and takes QFPay's raw bytes whatever they claim to be.
 */
class NotificationListenerAttackTest extends PaymeRouteTestSupport {

    private static final String PATH = "/payme/notify";
    private static final int MAX_BODY = 16 * 1024;
    private static final long READ_TIMEOUT_MS = 1500;
    private static final long IDLE_TIMEOUT_MS = 2500;
    private static final String NOT_FOUND = "{\"error\":\"Not Found: nothing is served at this path\",\"status\":404}";
    /** The only headers an answer may carry: none of them can come from the request. */
    private static final Set<String> ANSWER_HEADERS = Set.of("content-type", "content-length", "connection");

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("payme.sandbox.notify-url", "",
                "payme.notify.read-timeout-ms", String.valueOf(READ_TIMEOUT_MS),
                "payme.notify.idle-timeout-ms", String.valueOf(IDLE_TIMEOUT_MS));
    }

    @Test
    void onlyPostToTheNotificationPathIsServedAnythingElseIsNotFound() {
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD", "PROPFIND")) {
            RawHttp.Answer answer = RawHttp.send(notifyPort, request(method, PATH, List.of(), new byte[0]));
            assertThat(answer.status()).as(method).isEqualTo(404);
            assertThat(answer.headers().get("content-type")).as(method).containsExactly("application/json");
            assertThat(answer.body()).as(method).isEqualTo(NOT_FOUND);
        }
        for (String target : List.of("/", "/api/payments", "/api/refunds", PATH + "/", PATH + "/x", PATH + "x",
                "/PAYME/NOTIFY", "/payme", "/payme/../payme/notify", "http://evil.example" + PATH, "*")) {
            RawHttp.Answer answer = RawHttp.send(notifyPort, request("POST", target, List.of(), "{}".getBytes()));
            assertThat(answer.status()).as(target).isEqualTo(404);
            assertThat(answer.body()).as(target).isEqualTo(NOT_FOUND);
        }
    }

    @Test
    void theApiServerNoLongerTakesNotifications() throws Exception {
        JsonNode created = json(postOrder(order(newOrderId("A"), 2500)).body());
        String body = notification(created);

        HttpResponse<String> onTheApiServer = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + restPort + PATH))
                .header("X-QF-SIGN", sign(body)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(onTheApiServer.statusCode()).isEqualTo(404);
        awaitEverythingQueuedBeforeIsRouted();
        assertThat(outcomesFor(created.path("order_id").asText(), "mock:paid")).isEmpty();
    }

    @Test
    void theListenerIsBoundToLoopbackByDefault() throws Exception {
        Optional<InetAddress> otherAddress = nonLoopbackAddress();
        assumeThat(otherAddress).as("this host has a non-loopback address").isPresent();

        try (Socket loopback = new Socket("127.0.0.1", notifyPort)) {
            assertThat(loopback.isConnected()).isTrue();
        }
        assertThatThrownBy(() -> {
            try (Socket outside = new Socket()) {
                outside.connect(new InetSocketAddress(otherAddress.get(), notifyPort), 2000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Test
    void aSignedNotificationIsTakenAsRawBytesWhateverItsContentType() throws Exception {
        JsonNode created = json(postOrder(order(newOrderId("A"), 2600)).body());
        byte[] body = notification(created).getBytes(StandardCharsets.UTF_8);
        String signature = sign(notification(created));

        for (String contentType : List.of("Content-Type: application/x-www-form-urlencoded",
                "Content-Type: multipart/form-data", "Content-Type: application/json; charset=no-such-charset",
                "Content-Type: text/plain; charset=UTF-16", "Content-Type: ")) {
            RawHttp.Answer answer = RawHttp.send(notifyPort,
                    request("POST", PATH, List.of(contentType, "X-QF-SIGN: " + signature), body));
            assertThat(answer.status()).as(contentType).isEqualTo(200);
            assertThat(answer.body()).as(contentType).isEqualTo("SUCCESS");
        }
        RawHttp.Answer noContentType = RawHttp.send(notifyPort,
                request("POST", PATH, List.of("X-QF-SIGN: " + signature), body));
        assertThat(noContentType.body()).isEqualTo("SUCCESS");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> !outcomesFor(created.path("order_id").asText(), "mock:paid").isEmpty());
        awaitEverythingQueuedBeforeIsRouted();
        assertThat(outcomesFor(created.path("order_id").asText(), "mock:paid")).hasSize(1);
    }

    @Test
    void aFormEncodedOrEmptyBodyIsAFailedSignatureLoggedInOneLine() {
        List<byte[]> requests = List.of(
                request("POST", PATH, List.of("Content-Type: application/x-www-form-urlencoded", "X-QF-SIGN: ABC"),
                        "status=1&txamt=1&notify_type=payment".getBytes()),
                request("POST", PATH, List.of("Content-Type: application/x-www-form-urlencoded", "X-QF-SIGN: ABC"),
                        "=&&=%zz&a".getBytes()),
                request("POST", PATH, List.of("Content-Type: application/x-www-form-urlencoded"),
                        "status=1".getBytes()),
                request("POST", PATH, List.of("X-QF-SIGN: ABC"), new byte[0]),
                request("POST", PATH, List.of(), new byte[0]));

        for (byte[] attack : requests) {
            try (AllLogs logs = AllLogs.capture()) {
                RawHttp.Answer answer = RawHttp.send(notifyPort, attack);

                assertThat(answer.status()).isEqualTo(401);
                assertThat(answer.headers().get("content-type")).containsExactly("application/json");
                assertThat(ErrorAnswers.assertErrorBody(answer.body(), 401)).startsWith("Unauthorized");
                await().atMost(Duration.ofSeconds(2)).until(() -> logs.on("dev.camelpayme.security").size() == 1);
                assertThat(logs.on("dev.camelpayme.security").get(0).getLevel()).isEqualTo(Level.WARN);
                logs.assertNoStackTraceAndNoError();
            }
        }
    }

    @Test
    void noAnswerCarriesAQueryParameterOrHeaderOfTheRequestBack() throws Exception {
        JsonNode created = json(postOrder(order(newOrderId("A"), 2700)).body());
        String valid = notification(created);
        String query = "?Set-Cookie=session%3Dattacker&Location=https://evil.example&X-QF-SIGN=ABC";
        List<String> planted = List.of("Set-Cookie: session=attacker", "Location: https://evil.example",
                "X-Echo: attacker", "Access-Control-Allow-Origin: https://evil.example");

        List<RawHttp.Answer> answers = new ArrayList<>();
        answers.add(RawHttp.send(notifyPort, request("POST", PATH + query, List.of("X-QF-SIGN: ABC"), "{}".getBytes())));
        answers.add(RawHttp.send(notifyPort, request("POST", PATH + query, withSignature(planted, sign(valid)),
                valid.getBytes(StandardCharsets.UTF_8))));
        answers.add(RawHttp.send(notifyPort, request("POST", PATH + query,
                List.of("Content-Type: application/x-www-form-urlencoded", "X-QF-SIGN: ABC"),
                "Set-Cookie=session%3Dattacker&Location=https%3A%2F%2Fevil.example".getBytes())));
        answers.add(RawHttp.send(notifyPort, request("GET", "/other" + query, planted, new byte[0])));

        for (RawHttp.Answer answer : answers) {
            assertThat(answer.headers().toString()).doesNotContain("attacker").doesNotContain("evil");
            assertThat(answer.headers().keySet()).isSubsetOf(ANSWER_HEADERS);
        }
        assertThat(answers).extracting(RawHttp.Answer::status).containsExactly(401, 200, 401, 404);
    }

    @Test
    void oddBodiesContentTypesAndHeadersAreNeverA500AndEchoNothing() {
        String marker = "ATTACKER-MARKER";
        byte[] invalidUtf8 = { (byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0, 0x7B };
        List<byte[]> attacks = List.of(
                request("POST", PATH, List.of("Content-Type: application/x-www-form-urlencoded",
                        "X-QF-SIGN: " + marker), (marker + "=%zz&=&" + marker).getBytes()),
                request("POST", PATH, List.of("X-QF-SIGN: " + marker), invalidUtf8),
                request("POST", PATH, List.of("X-QF-SIGN: " + marker), ("[\"" + marker + "\"]").getBytes()),
                request("POST", PATH, List.of("X-QF-SIGN: " + marker), ("{\"" + marker + "\":").getBytes()),
                request("POST", PATH, List.of("X-QF-SIGN: " + marker), "[".repeat(10_000).getBytes()),
                request("POST", PATH, List.of("X-QF-SIGN: " + marker), "{\"txamt\":1e999999}".getBytes()),
                request("POST", PATH, List.of("X-QF-SIGN: " + marker, "X-QF-SIGN: " + marker), "{}".getBytes()),
                request("POST", PATH, List.of("X-QF-SIGN: " + marker.repeat(200)), "{}".getBytes()),
                request("POST", PATH, List.of("X-QF-SIGN: " + marker, "Content-Encoding: gzip"), "{}".getBytes()),
                request("POST", PATH, List.of("Content-Type: multipart/form-data; boundary=" + marker,
                        "X-QF-SIGN: " + marker), ("--" + marker + "\r\n" + marker).getBytes()),
                request("POST", PATH, List.of("Content-Type: " + marker.repeat(300), "X-QF-SIGN: a"), "{}".getBytes()),
                request("POST", PATH, List.of("Expect: 100-continue", "X-QF-SIGN: " + marker), "{}".getBytes()),
                request("POST", PATH, List.of("X-" + marker + ": " + "v".repeat(9000)), "{}".getBytes()),
                raw("POST " + PATH + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: abc\r\n\r\n{}"),
                raw("POST " + PATH + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: -5\r\n\r\n{}"),
                raw("POST " + PATH + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n"
                        + "\r\nzz\r\n" + marker + "\r\n0\r\n\r\n"),
                raw("POST " + PATH + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n"
                        + "Content-Length: 3\r\nX-QF-SIGN: a\r\n\r\n2\r\n{}\r\n0\r\n\r\n"),
                raw("POST " + PATH + " HTTP/1.1\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}"),
                raw("POST " + PATH + "?" + marker + " HTTP/1.0\r\nContent-Length: 2\r\n\r\n{}"),
                raw(marker + "\r\n\r\n"));

        for (byte[] attack : attacks) {
            String what = new String(attack, 0, Math.min(attack.length, 120), StandardCharsets.ISO_8859_1);
            RawHttp.Answer answer = RawHttp.send(notifyPort, attack);
            // 0: a line that is no HTTP request at all is not answered, and the connection closes when idle
            assertThat(answer.status()).as(what).isIn(0, 400, 401, 404, 413);
            assertThat(answer.closedByServer()).as(what).isTrue();
            if (answer.status() == 0) {
                assertThat(answer.body()).as(what).isEmpty();
            } else {
                ErrorAnswers.assertErrorBody(answer.body(), answer.status());
            }
            assertThat(answer.body()).as(what).doesNotContain(marker);
            assertThat(answer.headers().keySet()).as(what).isSubsetOf(ANSWER_HEADERS);
            assertThat(answer.headers().toString()).as(what).doesNotContain(marker);
        }
    }

    @Test
    void anOversizedNotificationIsAnswered413WithTheConnectionClosedAndOneLogLine() {
        byte[] justTooLarge = new byte[MAX_BODY + 1];
        Arrays.fill(justTooLarge, (byte) 'x');
        byte[] chunkedTooLarge = raw("POST " + PATH + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "X-QF-SIGN: a\r\n\r\n" + ("2800\r\n" + "y".repeat(0x2800) + "\r\n").repeat(2) + "0\r\n\r\n");
        byte[] announcedOnly = raw("POST " + PATH + " HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n"
                + "X-QF-SIGN: a\r\n\r\n");

        for (byte[] attack : List.of(request("POST", PATH, List.of("X-QF-SIGN: a"), justTooLarge), chunkedTooLarge,
                announcedOnly)) {
            try (AllLogs logs = AllLogs.capture()) {
                RawHttp.Answer answer = RawHttp.send(notifyPort, attack);

                assertThat(answer.status()).isEqualTo(413);
                assertThat(ErrorAnswers.assertErrorBody(answer.body(), 413)).startsWith("Payload Too Large");
                assertThat(answer.closedByServer()).as("the connection is closed").isTrue();
                assertThat(logs.on("dev.camelpayme.security")).hasSize(1);
                assertThat(logs.all()).as("nothing logged beyond that line")
                        .filteredOn(e -> e.getLevel().isMoreSpecificThan(Level.WARN)
                                || e.getLoggerName().startsWith("io.netty")
                                || e.getLoggerName().startsWith("org.apache.camel.component.netty"))
                        .hasSize(1);
            }
        }
        byte[] atTheLimit = new byte[MAX_BODY];
        Arrays.fill(atTheLimit, (byte) 'x');
        assertThat(RawHttp.send(notifyPort, request("POST", PATH, List.of("X-QF-SIGN: a"), atTheLimit)).status())
                .as("16 KiB is still read and checked").isEqualTo(401);
    }

    @Test
    void aClientThatNeverFinishesItsBodyIsCutOffAfterTheReadTimeout() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", notifyPort)) {
            slow.setSoTimeout(20_000);
            long start = System.nanoTime();
            slow.getOutputStream().write(raw("POST " + PATH + " HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n"
                    + "X-QF-SIGN: a\r\n\r\n" + "{".repeat(100)));
            slow.getOutputStream().flush();

            RawHttp.Answer answer = RawHttp.read(slow.getInputStream());
            Duration held = Duration.ofNanos(System.nanoTime() - start);

            assertThat(answer.status()).isEqualTo(408);
            assertThat(ErrorAnswers.assertErrorBody(answer.body(), 408)).startsWith("Request Timeout");
            assertThat(answer.closedByServer()).isTrue();
            assertThat(held).isBetween(Duration.ofMillis(READ_TIMEOUT_MS - 100), Duration.ofMillis(READ_TIMEOUT_MS + 3000));
        }
    }

    @Test
    void aConnectionThatNeverFinishesItsHeadersOrStaysIdleIsClosedAfterTheIdleTimeout() throws Exception {
        for (String sent : List.of("POST " + PATH + " HTTP/1.1\r\nHost: x\r\nX-QF-SIGN: a", "")) {
            try (Socket slow = new Socket("127.0.0.1", notifyPort)) {
                slow.setSoTimeout(20_000);
                long start = System.nanoTime();
                slow.getOutputStream().write(raw(sent));
                slow.getOutputStream().flush();

                assertThat(readToEnd(slow.getInputStream())).as("nothing is answered").isEmpty();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as(sent)
                        .isBetween(Duration.ofMillis(IDLE_TIMEOUT_MS - 100), Duration.ofMillis(IDLE_TIMEOUT_MS + 3000));
            }
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedAfterTheIdleTimeoutOnceAnswered() {
        long start = System.nanoTime();
        RawHttp.Answer answer = RawHttp.send(notifyPort, RawHttp.request("POST", PATH,
                List.of("Host: 127.0.0.1", "Content-Length: 2", "X-QF-SIGN: a"), "{}".getBytes()));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.closedByServer()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(IDLE_TIMEOUT_MS - 100), Duration.ofMillis(IDLE_TIMEOUT_MS + 3000));
    }

    @Test
    void theShippedTimeoutsAreAFewSeconds() throws IOException {
        Properties shipped = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("application.properties"))) {
            shipped.load(in);
        }
        assertThat(Long.parseLong(shipped.getProperty("payme.notify.read-timeout-ms").trim())).isBetween(1000L, 10_000L);
        assertThat(Long.parseLong(shipped.getProperty("payme.notify.idle-timeout-ms").trim())).isBetween(1000L, 30_000L);
        assertThat(Integer.parseInt(shipped.getProperty("payme.notify.max-body-bytes").trim())).isEqualTo(MAX_BODY);
        assertThat(shipped.getProperty("payme.notify.host").trim()).isEqualTo("127.0.0.1");
    }

    @Test
    void theSandboxBehindAListenerOthersCanReachRefusesToStart() {
        Main main = new Main(PaymeApplication.class);
        main.setDefaultPropertyPlaceholderLocation("file:application.properties");
        main.addOverrideProperty("camel.server.port", String.valueOf(FreePorts.next()));
        main.addOverrideProperty("camel.management.port", String.valueOf(FreePorts.next()));
        main.addOverrideProperty("payme.notify.port", String.valueOf(FreePorts.next()));
        main.addOverrideProperty("payme.notify.host", "0.0.0.0");
        try {
            assertThatThrownBy(main::start)
                    .hasStackTraceContaining("payme.notify.host is 0.0.0.0")
                    .hasStackTraceContaining("payme.sandbox.enabled");
        } finally {
            main.stop();
        }
    }

    private static byte[] request(String method, String target, List<String> headers, byte[] body) {
        List<String> lines = new ArrayList<>(List.of("Host: 127.0.0.1", "Connection: close",
                "Content-Length: " + body.length));
        lines.addAll(headers);
        return RawHttp.request(method, target, lines, body);
    }

    private static List<String> withSignature(List<String> headers, String signature) {
        List<String> lines = new ArrayList<>(headers);
        lines.add("X-QF-SIGN: " + signature);
        return lines;
    }

    private static byte[] raw(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String readToEnd(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (IOException e) {
                        return false;
                    }
                })
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .findFirst();
    }

    /** A payment notification for {@code order} as QFPay serialises it. */
    private static String notification(JsonNode order) {
        return "{\"status\": \"1\", \"pay_type\": \"805814\", \"sysdtm\": \"2026-01-01 12:00:01\", "
                + "\"paydtm\": \"2026-01-01 12:01:30\", \"txcurrcd\": \"HKD\", \"txdtm\": \"" + order.path("txdtm").asText()
                + "\", \"txamt\": \"" + order.path("txamt").asText() + "\", \"out_trade_no\": \""
                + order.path("out_trade_no").asText() + "\", \"syssn\": \"" + order.path("syssn").asText()
                + "\", \"cancel\": \"0\", \"respcd\": \"0000\", \"notify_type\": \"payment\"}";
    }

    /** Everything any logger writes at INFO or above while it is open. */
    private static final class AllLogs implements AutoCloseable {

        private final List<LogEvent> events = Collections.synchronizedList(new ArrayList<>());
        private final LoggerContext logContext = (LoggerContext) LogManager.getContext(false);
        private final AbstractAppender appender = new AbstractAppender("capture-all", null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                events.add(event.toImmutable());
            }
        };

        static AllLogs capture() {
            AllLogs logs = new AllLogs();
            logs.appender.start();
            logs.logContext.getConfiguration().getRootLogger().addAppender(logs.appender, Level.INFO, null);
            logs.logContext.updateLoggers();
            return logs;
        }

        List<LogEvent> all() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }

        List<LogEvent> on(String logger) {
            return all().stream().filter(e -> e.getLoggerName().equals(logger)).toList();
        }

        void assertNoStackTraceAndNoError() {
            assertThat(all()).allSatisfy(e -> {
                assertThat(e.getThrown()).as(e.getMessage().getFormattedMessage()).isNull();
                assertThat(e.getLevel().isMoreSpecificThan(Level.ERROR)).as(e.getMessage().getFormattedMessage())
                        .isFalse();
            });
        }

        @Override
        public void close() {
            logContext.getConfiguration().getRootLogger().removeAppender(appender.getName());
            logContext.updateLoggers();
            appender.stop();
        }
    }

    /**
     * Notifications are routed in order, from one queue by one consumer: once a valid notification sent now is routed,
     * anything queued before it has been routed too.
     */
    private void awaitEverythingQueuedBeforeIsRouted() throws Exception {
        JsonNode marker = json(postOrder(order(newOrderId("MARK"), 2500)).body());
        String body = notification(marker);
        assertThat(notify(body, sign(body)).body()).isEqualTo("SUCCESS");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !outcomesFor(marker.path("order_id").asText(), "mock:paid").isEmpty());
    }
}

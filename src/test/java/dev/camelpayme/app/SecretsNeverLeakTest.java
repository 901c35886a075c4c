package dev.camelpayme.app;

import java.io.IOException;
import java.lang.reflect.Array;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelpayme.app.boot.PaymeApplication;
import dev.camelpayme.sandbox.QfpaySandbox;
import dev.camelpayme.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client key never shows: the real application runs in a JVM of its own with its key read from a file, every
 * logger at DEBUG, JMX and Camel's developer console on, and handles a created, a rejected, a pending-then-paid and
 * a failing (HTTP 500, recovered by queries, attempted again) order. Then the key must appear in none of: the whole
 * DEBUG output, the HTTP answers, every attribute (and every dump/information operation) of every Camel MBean, every
 * page of the developer console, and every file the application wrote (outcomes, order store, broker journal).
 * <p>
 * The developer console is only there when camel-console is on the classpath. The application does not depend on it,
 * so today its pages only say it is not included; with camel-console added (for example by
 * {@code -Dmaven.test.additionalClasspath=.../camel-console-4.18.0.jar}) every page is read and searched.
 * <p>
 * The key can also come from the environment: {@code CAMEL_COMPONENT_PAYME_CLIENT_KEY_FILE} naming the file (checked
 * at DEBUG as well), or {@code CAMEL_COMPONENT_PAYME_CLIENT_KEY} holding the key itself (checked at the application's
 * own INFO logging: a key that is a Camel property value is printed by Camel's own DEBUG logging).
 */
class SecretsNeverLeakTest {

    /** Made up, and distinctive enough that any occurrence is a leak. */
    private static final String KEY = "S3CRET-KEY-0123456789abcdef-LEAKCHECK";
    /** A key printed in part (cut, or partly masked) is a leak as well. */
    private static final List<String> NEEDLES = List.of(KEY, "S3CRET-KEY-0123456789", "0123456789abcdef-LEAKCHECK");
    private static final String APP_CODE = "LEAK-APP";
    private static final Path ROOT = Path.of("target", "secrets-test");
    /** Pages that act (send, receive, evaluate, reload, debug) are not called; everything else is. */
    private static final Set<String> ACTING_CONSOLES = Set.of("send", "receive", "eval-language", "reload", "debug");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Everything the application answered over HTTP (REST intake and developer console), searched for the key. */
    private final StringBuilder answers = new StringBuilder();

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void theClientKeyReadFromAFileShowsNowhere() throws Exception {
        deleteTree(ROOT);
        Files.createDirectories(ROOT);
        Path keyFile = Files.writeString(ROOT.resolve("qfpay-client.key"), KEY + "\n", StandardCharsets.UTF_8);
        Path log4j = debugLogConfiguration(ROOT);
        Path output = ROOT.resolve("app-output.log");
        int restPort = FreePorts.next();
        int managementPort = FreePorts.next();
        int jmxPort = FreePorts.next();

        try (QfpaySandbox sandbox = QfpaySandbox.builder().appCode(APP_CODE).clientKey(KEY).build().start();
             ChildApp app = new ChildApp(output)) {
            app.jvmOption("-Dcom.sun.management.jmxremote.port=" + jmxPort)
                    .jvmOption("-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort)
                    .jvmOption("-Dcom.sun.management.jmxremote.host=127.0.0.1")
                    .jvmOption("-Djava.rmi.server.hostname=127.0.0.1")
                    .jvmOption("-Dcom.sun.management.jmxremote.authenticate=false")
                    .jvmOption("-Dcom.sun.management.jmxremote.ssl=false")
                    .property("log4j2.configurationFile", log4j.toAbsolutePath())
                    // QFPay is the sandbox of this test JVM, which knows only LEAK-APP and the key of the file
                    .property("payme.sandbox.enabled", "false")
                    .property("payme.base-url", sandbox.baseUrl())
                    .property("camel.component.payme.app-code", APP_CODE)
                    .property("camel.component.payme.client-key-file", keyFile.toAbsolutePath())
                    .property("camel.server.port", restPort)
                    .property("payme.notify.port", FreePorts.next())
                    .property("payme.broker.port", FreePorts.next())
                    .property("payme.broker.vm-id", 700 + restPort % 1000)
                    .property("payme.broker.data-dir", ROOT.resolve("broker"))
                    .property("payme.store.url", "jdbc:h2:file:./target/secrets-test/store/payme")
                    .property("payme.inbox", ROOT.resolve("inbox"))
                    .property("payme.inbox.poll-delay-ms", 100)
                    .property("payme.inbox.read-lock-check-ms", 100)
                    .property("payme.route.success-uri", "file:target/secrets-test/success")
                    .property("payme.route.error-uri", "file:target/secrets-test/error")
                    .property("payme.route.paid-uri", "file:target/secrets-test/paid")
                    .property("payme.route.expired-uri", "file:target/secrets-test/expired")
                    .property("payme.retry.interval-ms", 200)
                    .property("payme.retry.max-interval-ms", 400)
                    .property("payme.attempts.backoff-ms", 100)
                    .property("payme.attempts.max-backoff-ms", 300)
                    .property("payme.recovery.delay-ms", 200)
                    .property("payme.orders.redelivery-delay-ms", 100)
                    // JMX and the developer console, on the management server's port
                    .property("camel.main.jmx-enabled", "true")
                    .property("camel.main.dev-console-enabled", "true")
                    .property("camel.management.enabled", "true")
                    .property("camel.management.port", managementPort)
                    .property("camel.management.dev-console-enabled", "true")
                    .start(restPort);

            // the whole flow: created, rejected, pending then paid, HTTP 500 then recovered and failed; and a file
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("leak-created", "CREATED");
            expected.put("leak-rejected", "REJECTED");
            expected.put("leak-pending", "PAID");
            expected.put("leak-http500", "FAILED");
            expected.put("leak-file", "CREATED");
            assertThat(post(restPort, order("leak-created", 2500)).statusCode()).isEqualTo(201);
            assertThat(post(restPort, "{\"order_id\":\"leak-rejected\",\"txamt\":-5}").statusCode()).isEqualTo(400);
            assertThat(post(restPort, order("leak-pending", 91143)).statusCode()).isEqualTo(202);
            assertThat(post(restPort, order("leak-http500", 90500)).statusCode()).isIn(202, 502);
            Path inbox = Files.createDirectories(ROOT.resolve("inbox"));
            Files.move(Files.writeString(inbox.resolve("leak-file.tmp"), order("leak-file", 1800)),
                    inbox.resolve("leak-file.json"));
            assertThat(awaitOutcomes(expected.keySet(), Duration.ofSeconds(40)))
                    .as("each order's final outcome (CREATED and PAID prove the key of the file signed them)")
                    .isEqualTo(expected);

            JmxCapture jmx = readCamelMBeans(jmxPort);
            DevConsoleCapture console = readDevConsole(managementPort);
            String monitoring = monitoringPage(managementPort, "/observe/metrics")
                    + monitoringPage(managementPort, "/observe/health?data=true");

            app.close();
            String log = app.output();

            System.out.printf("searched: %d chars of DEBUG output, %d Camel MBeans with %d attributes read, developer "
                    + "console %s (%d pages answered)%n", log.length(), jmx.mbeans, jmx.attributes,
                    console.included ? "included" : "not included (no camel-console)", console.pagesAnswered);
            // the captures are real, so that a leak would have been seen
            // (checked as booleans: a failure must not print what was captured, which could hold the key)
            assertThat(log.length()).as("DEBUG output size").isGreaterThan(200_000);
            for (String expectedText : List.of(" DEBUG [main] org.apache.camel.", "camel.component.payme.clientKeyFile",
                    "DEBUG [main] org.apache.camel.component.properties.", "is shutdown")) {
                assertThat(log.contains(expectedText)).as("the DEBUG output contains '%s'", expectedText).isTrue();
            }
            assertThat(jmx.mbeans).as("Camel MBeans").isGreaterThan(50);
            assertThat(jmx.attributes).as("attributes read").isGreaterThan(500);
            assertThat(jmx.text.contains("payme://payment") && jmx.text.contains("payme-payment"))
                    .as("JMX shows the payme endpoints and routes").isTrue();
            if (console.included) {
                assertThat(console.pagesAnswered).as("developer console pages answered 200").isGreaterThan(10);
                assertThat(console.text.contains("camel.component.payme.client-key-file")
                        && console.text.contains("payme-payment")).as("the console shows properties and routes")
                        .isTrue();
            } else {
                assertThat(console.text.contains("Developer Console is not included"))
                        .as("without camel-console the console says so").isTrue();
            }
            assertThat(sandbox.requests("/trade/v1/payment")).isNotEmpty();
            assertThat(monitoring.contains("payme_qfpay_calls_seconds_count{api=\"payment\"")
                    && monitoring.contains("payme-qfpay")).as("metrics and health detail were read").isTrue();

            // every place is searched before failing, so that one run names all the leaks
            List<String> leaks = new ArrayList<>();
            leaks.addAll(findKey("the application's DEBUG output", log));
            leaks.addAll(findKey("the HTTP answers (REST intake and developer console)", answers.toString()));
            leaks.addAll(findKey("the metrics and health detail of the management server", monitoring));
            leaks.addAll(findKey("the Camel MBeans' attributes and dump operations over JMX", jmx.text));
            leaks.addAll(findKey("the developer console", console.text));
            leaks.addAll(findKeyInFilesUnder(ROOT, Set.of(keyFile.toAbsolutePath().normalize(),
                    output.toAbsolutePath().normalize(), log4j.toAbsolutePath().normalize()), 6));
            // kept for whoever investigates a failure (written after the search, which they would otherwise join)
            Files.writeString(ROOT.resolve("captured-jmx.txt"), jmx.text);
            Files.writeString(ROOT.resolve("captured-dev-console.txt"), console.text);
            Files.writeString(ROOT.resolve("captured-http-answers.txt"), answers);
            assertThat(leaks).as("places where the client key (or part of it, in any case) appears").isEmpty();
        }
    }

    /** A page of the management server (metrics, health), answered 200: its text. */
    private String monitoringPage(int managementPort, String path) throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(path).isEqualTo(200);
        return page.body();
    }

    /** How the key reaches an application launched with an environment of its own. */
    enum FromTheEnvironment {
        /** CAMEL_COMPONENT_PAYME_CLIENT_KEY_FILE names the file: the key is never a Camel property; checked at DEBUG. */
        KEY_FILE_VARIABLE(true),
        /**
         * CAMEL_COMPONENT_PAYME_CLIENT_KEY holds the key: the application hands it to the component itself, never as
         * a Camel property (which Camel's own DEBUG logging would print); checked at DEBUG.
         */
        KEY_VARIABLE(true);

        final boolean debug;

        FromTheEnvironment(boolean debug) {
            this.debug = debug;
        }
    }

    @ParameterizedTest
    @EnumSource(FromTheEnvironment.class)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void theClientKeyCanComeFromTheEnvironment(FromTheEnvironment source) throws Exception {
        Path dir = ROOT.resolve("env-" + source.name().toLowerCase(Locale.ROOT));
        deleteTree(dir);
        Files.createDirectories(dir);
        Path keyFile = Files.writeString(dir.resolve("qfpay-client.key"), KEY + "\n", StandardCharsets.UTF_8);
        Path output = dir.resolve("app-output.log");
        int restPort = FreePorts.next();
        try (QfpaySandbox sandbox = QfpaySandbox.builder().appCode(APP_CODE).clientKey(KEY).build().start()) {
            Map<String, String> environment = new LinkedHashMap<>();
            if (source == FromTheEnvironment.KEY_FILE_VARIABLE) {
                environment.put("CAMEL_COMPONENT_PAYME_CLIENT_KEY_FILE", keyFile.toAbsolutePath().toString());
            } else {
                environment.put("CAMEL_COMPONENT_PAYME_CLIENT_KEY", KEY);
            }
            environment.put("PAYME_SANDBOX_ENABLED", "false");
            environment.put("PAYME_BASE_URL", sandbox.baseUrl());
            List<String> properties = new ArrayList<>(List.of(
                    "camel.component.payme.app-code=" + APP_CODE,
                    "camel.server.port=" + restPort,
                    "camel.management.port=" + FreePorts.next(),
                    "camel.server.basic-properties-file=" + ApiTestUsers.file(),
                    "payme.notify.port=" + FreePorts.next(),
                    "payme.broker.port=" + FreePorts.next(),
                    "payme.broker.vm-id=" + (800 + restPort % 1000),
                    "payme.broker.persistent=false",
                    "payme.broker.data-dir=" + dir.resolve("broker"),
                    "payme.store.url=jdbc:h2:file:./" + dir.resolve("store").resolve("payme"),
                    "payme.inbox=" + dir.resolve("inbox"),
                    "payme.route.success-uri=file:" + dir.resolve("success"),
                    "payme.route.error-uri=file:" + dir.resolve("error")));
            if (source.debug) {
                properties.add("log4j2.configurationFile=" + debugLogConfiguration(dir).toAbsolutePath());
            }
            Process app = launch(environment, properties, output, restPort);
            try {
                HttpResponse<String> created = post(restPort, order("leak-env", 2500));
                // the sandbox checks every signature with KEY: CREATED proves the key from the environment was used
                assertThat(created.statusCode()).as("answer %s", redacted(created.body())).isEqualTo(201);
                assertThat(JSON.readTree(created.body()).path("outcome").asText()).isEqualTo("CREATED");
            } finally {
                app.destroy();
                if (!app.waitFor(30, TimeUnit.SECONDS)) {
                    app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            String log = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(log.contains("is shutdown")).as("the application's output was captured").isTrue();
            if (source.debug) {
                assertThat(log.contains(" DEBUG [main] org.apache.camel.")).as("the output is at DEBUG").isTrue();
            }
            List<String> leaks = new ArrayList<>();
            leaks.addAll(findKey("the application's output" + (source.debug ? " (DEBUG)" : " (INFO)"), log));
            leaks.addAll(findKey("the HTTP answers", answers.toString()));
            leaks.addAll(findKeyInFilesUnder(dir, Set.of(keyFile.toAbsolutePath().normalize(),
                    output.toAbsolutePath().normalize()), 2));
            assertThat(leaks).as("places where the client key (or part of it, in any case) appears").isEmpty();
        }
    }

    /** The real main class in a JVM of its own, with an environment of its own (which ChildApp does not give). */
    private static Process launch(Map<String, String> environment, List<String> properties, Path output,
                                  int restPort) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        properties.forEach(property -> command.add("-D" + property));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PaymeApplication.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(output.toFile()));
        // nothing of the test JVM's own environment may choose the key
        builder.environment().keySet().removeIf(name -> name.startsWith("CAMEL_") || name.startsWith("PAYME_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the application stopped at start-up; see " + output);
            }
            // the port opens before the routes (it answers 503 until then): Camel's own "started" line says ready
            if (Files.readString(output, StandardCharsets.UTF_8).contains("(camel-payme) started in")) {
                try (Socket ignored = new Socket("localhost", restPort)) {
                    return process;
                } catch (IOException notYet) {
                    // falls through to the next try
                }
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the application did not start on port " + restPort + " within 60 s");
    }

    private static Path debugLogConfiguration(Path dir) throws IOException {
        return Files.writeString(dir.resolve("log4j2-debug.properties"), """
                appender.console.type = Console
                appender.console.name = console
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5level [%t] %c - %msg%n%throwable
                rootLogger.level = DEBUG
                rootLogger.appenderRef.console.ref = console
                """, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------ the flow

    private static String order(String orderId, long txamt) {
        return "{\"order_id\":\"" + orderId + "\",\"txamt\":" + txamt + ",\"goods_name\":\"Leak\"}";
    }

    /** Posts an order; a 404 means the HTTP server is up but the REST route not yet, so it is posted again. */
    private HttpResponse<String> post(int restPort, String json) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + restPort + "/api/payments"))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                    .header("Authorization", ApiTestUsers.PAYMENTS.authorization())
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            record(response);
            if (response.statusCode() != 404 || System.nanoTime() > deadline) {
                return response;
            }
            Thread.sleep(100);
        }
    }

    /** Final outcome of each order, read from the outcome files; returns what it has at the deadline. */
    private static Map<String, String> awaitOutcomes(Set<String> orderIds, Duration within) throws Exception {
        Map<String, String> outcomes = new LinkedHashMap<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            outcomes.clear();
            for (String folder : List.of("success", "error", "paid", "expired")) {
                Path dir = ROOT.resolve(folder);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                        try {
                            JsonNode outcome = JSON.readTree(Files.readString(file));
                            outcomes.put(outcome.path("order_id").asText(), outcome.path("outcome").asText());
                        } catch (IOException halfWritten) {
                            // read again on the next round
                        }
                    }
                }
            }
            if (outcomes.keySet().containsAll(orderIds)) {
                break;
            }
            Thread.sleep(200);
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        orderIds.forEach(id -> ordered.put(id, outcomes.get(id)));
        return ordered;
    }

    // ------------------------------------------------------------------------------------------------ JMX

    private record JmxCapture(int mbeans, int attributes, String text) {
    }

    /** Every readable attribute of every MBean of the org.apache.camel domain, plus its no-argument dumps. */
    private static JmxCapture readCamelMBeans(int jmxPort) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
        StringBuilder text = new StringBuilder();
        int attributes = 0;
        Set<ObjectName> names;
        try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            names = server.queryNames(new ObjectName("org.apache.camel:*"), null);
            for (ObjectName name : names) {
                text.append(name).append('\n');
                MBeanInfo info;
                try {
                    info = server.getMBeanInfo(name);
                } catch (Exception gone) {
                    text.append("  (info: ").append(gone).append(")\n");
                    continue;
                }
                for (MBeanAttributeInfo attribute : info.getAttributes()) {
                    if (!attribute.isReadable()) {
                        continue;
                    }
                    text.append("  ").append(attribute.getName()).append(" = ");
                    try {
                        text.append(render(server.getAttribute(name, attribute.getName())));
                        attributes++;
                    } catch (Exception thrown) {
                        // an attribute that throws on read is tolerated, but its message is searched as well
                        text.append("(threw ").append(thrown).append(')');
                    }
                    text.append('\n');
                }
                for (MBeanOperationInfo operation : info.getOperations()) {
                    String op = operation.getName();
                    if (operation.getSignature().length == 0 && operation.getImpact() == MBeanOperationInfo.INFO
                            && (op.startsWith("dump") || op.startsWith("information") || op.startsWith("explain"))) {
                        text.append("  ").append(op).append("() = ");
                        try {
                            text.append(render(server.invoke(name, op, new Object[0], new String[0])));
                        } catch (Exception thrown) {
                            text.append("(threw ").append(thrown).append(')');
                        }
                        text.append('\n');
                    }
                }
            }
        }
        return new JmxCapture(names.size(), attributes, text.toString());
    }

    private static String render(Object value) {
        if (value != null && value.getClass().isArray()) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < Array.getLength(value); i++) {
                out.append(i == 0 ? "" : ", ").append(render(Array.get(value, i)));
            }
            return out.append(']').toString();
        }
        // CompositeData and TabularData print their contents
        return String.valueOf(value);
    }

    // ------------------------------------------------------------------------------------------------ dev console

    private record DevConsoleCapture(boolean included, int pagesAnswered, String text) {
    }

    /** The console's index, then each page it lists (text and JSON), or the usual pages if it lists none. */
    private DevConsoleCapture readDevConsole(int managementPort) throws Exception {
        String base = "http://localhost:" + managementPort + "/q/dev";
        StringBuilder text = new StringBuilder();
        HttpResponse<String> index = get(base, "text/plain");
        text.append(index.body()).append('\n');
        boolean included = index.statusCode() == 200 && !index.body().contains("Developer Console is not included");
        List<String> pages = new ArrayList<>(List.of("properties", "route", "endpoint", "context", "health",
                "main-configuration", "bean", "bean-model", "system-properties"));
        for (String line : index.body().split("\n")) {
            int colon = line.indexOf(':');
            String id = colon > 0 ? line.substring(0, colon).trim() : "";
            if (id.matches("[a-z0-9-]+") && !pages.contains(id)) {
                pages.add(id);
            }
        }
        pages.removeAll(ACTING_CONSOLES);
        int answered = 0;
        for (String page : pages) {
            for (String accept : List.of("text/plain", "application/json")) {
                HttpResponse<String> response = get(base + "/" + page, accept);
                text.append("== ").append(page).append(" (").append(accept).append(") ")
                        .append(response.statusCode()).append('\n').append(response.body()).append('\n');
                if (response.statusCode() == 200 && !response.body().isBlank()) {
                    answered++;
                }
            }
        }
        return new DevConsoleCapture(included, answered, text.toString());
    }

    private HttpResponse<String> get(String url, String accept) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20)).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        record(response);
        return response;
    }

    private synchronized void record(HttpResponse<String> response) {
        answers.append(response.request().method()).append(' ').append(response.uri()).append(" -> ")
                .append(response.statusCode()).append('\n').append(response.headers().map()).append('\n')
                .append(response.body()).append('\n');
    }

    // ------------------------------------------------------------------------------------------------ the search

    /** For failure messages: the text with any occurrence of the key masked. */
    private static String redacted(String text) {
        return text.replaceAll("(?i)" + Pattern.quote(KEY), "<the key>");
    }

    /** Where the key appears in {@code text}: the place and offset, never the text around it (the key itself). */
    private static List<String> findKey(String where, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        for (String needle : NEEDLES) {
            int at = lower.indexOf(needle.toLowerCase(Locale.ROOT));
            if (at >= 0) {
                found.add(where + ", at offset " + at + " (line " + (text.substring(0, at).split("\n", -1).length)
                        + ")");
                break;
            }
        }
        return found;
    }

    /** Every file the application wrote, as UTF-8 and UTF-16 (a JMS text body is stored as UTF-16). */
    private static List<String> findKeyInFilesUnder(Path root, Set<Path> except, int atLeast) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(f -> !except.contains(f.toAbsolutePath().normalize())).toList();
        }
        assertThat(files.size()).as("files written by the application").isGreaterThanOrEqualTo(atLeast);
        List<byte[]> needles = new ArrayList<>();
        for (String needle : NEEDLES) {
            for (String variant : new LinkedHashSet<>(List.of(needle, needle.toUpperCase(Locale.ROOT),
                    needle.toLowerCase(Locale.ROOT)))) {
                for (Charset charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE,
                        StandardCharsets.UTF_16BE)) {
                    needles.add(variant.getBytes(charset));
                }
            }
        }
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            for (byte[] needle : needles) {
                int at = indexOf(content, needle);
                if (at >= 0) {
                    found.add("file " + file + ", at byte " + at);
                    break;
                }
            }
        }
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

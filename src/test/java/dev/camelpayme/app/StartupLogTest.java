package dev.camelpayme.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.camelpayme.sandbox.SandboxCredentials;
import dev.camelpayme.testing.FreePorts;
import org.apache.camel.util.FileUtil;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The start-up log as a newcomer sees it: the application on its embedded defaults, from a folder holding what the
 * quick start needs, its output captured in a file (not a terminal). From launch to the "camel-payme ready" line it is
 * a screenful of plain text: no colour codes, no property summary, no unresolved placeholder, no WARN, and the ready
 * line names every listener at its port and the endpoint of every outcome, secrets masked.
 */
class StartupLogTest {

    private static final Path RUN = Path.of("target", "startup-log").toAbsolutePath();
    /** 11 or 12 on a first start (the store's password and the checkout secret are generated then), and a margin. */
    private static final int MOST_LINES_UNTIL_READY = 14;
    private static final String SECRET_PROBE = "PROBE-token-6d0e";

    @Test
    void aFirstStartLogsAShortPlainLogEndingInAReadyLineThatNamesEveryListenerAndOutcomeEndpoint() throws Exception {
        Path folder = quickStartFolder();
        int api = FreePorts.next();
        int notifications = FreePorts.next();
        int sandbox = FreePorts.next();
        int broker = FreePorts.next();
        int management = FreePorts.next();
        try (ChildApp app = new ChildApp(RUN.resolve("app-output.log")).workingDirectory(folder)
                .withoutProperty("camel.server.basic-properties-file")
                .property("camel.server.port", api).property("payme.notify.port", notifications)
                .property("payme.sandbox.port", sandbox).property("payme.broker.port", broker)
                .property("camel.management.port", management)
                // an outcome endpoint with a secret in its options, never called (nothing expires in this test)
                .property("payme.route.expired-uri", "https://hooks.example.invalid/expired?token=" + SECRET_PROBE)) {
            app.start(api);
            await().atMost(Duration.ofSeconds(10)).until(() -> app.output().contains("camel-payme ready: "));

            String output = app.output();
            List<String> untilReady = untilReady(output);
            String ready = untilReady.get(untilReady.size() - 1);

            assertThat(output).as("ANSI escape codes").doesNotContain("\u001B");
            assertThat(output).as("unresolved placeholders").doesNotContain("{{");
            assertThat(output).doesNotContain("Property-placeholders summary")
                    .doesNotContain("Auto-configuration summary")
                    .doesNotContain("[application.properties]");
            assertThat(output).doesNotContain("HTTP endpoints summary").doesNotContain("0.0.0.0");
            assertThat(output).doesNotContain(SandboxCredentials.CLIENT_KEY).doesNotContain(SECRET_PROBE);
            assertThat(untilReady).as(output).hasSizeLessThanOrEqualTo(MOST_LINES_UNTIL_READY)
                    .allMatch(line -> line.contains(" INFO "));
            assertThat(ready).contains("API http://127.0.0.1:" + api + "/api")
                    .contains("notification listener http://127.0.0.1:" + notifications + " (/checkout, /payme/notify)")
                    .contains("management http://127.0.0.1:" + management + " (/observe/health, /observe/metrics)")
                    .contains("JMS broker tcp://localhost:" + broker + " (CORE, AMQP, STOMP)")
                    .contains("QFPay sandbox http://localhost:" + sandbox)
                    .contains("store jdbc:h2:file:./data/store/payme")
                    .contains("CREATED file:data/success?chmod=600&chmodDirectory=700")
                    .contains("PAID file:data/paid?")
                    .contains("EXPIRED https://hooks.example.invalid/expired?token=xxxxxx")
                    .contains("REFUNDED file:data/refunded?")
                    .contains("REJECTED and FAILED file:data/error?");
        }
    }

    /** The lines from the first to the ready line, which must be the last of the start. */
    private static List<String> untilReady(String output) {
        List<String> lines = output.lines().toList();
        int ready = 0;
        while (!lines.get(ready).contains("camel-payme ready: ")) {
            ready++;
        }
        return lines.subList(0, ready + 1);
    }

    /** What the quick start runs in: application.properties, routes/ and the demo users, and nothing else. */
    private static Path quickStartFolder() throws IOException {
        FileUtil.removeDir(RUN.toFile());
        Path folder = Files.createDirectories(RUN.resolve("app"));
        Files.copy(Path.of("application.properties"), folder.resolve("application.properties"));
        Files.copy(Path.of("demo-api-users.properties"), folder.resolve("demo-api-users.properties"));
        Files.createDirectories(folder.resolve("routes"));
        try (var routes = Files.list(Path.of("routes"))) {
            for (Path route : routes.toList()) {
                Files.copy(route, folder.resolve("routes").resolve(route.getFileName()));
            }
        }
        return folder;
    }
}

package dev.camelpayme.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.camel.util.FileUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's quick start walked as a newcomer walks it, with the commands read from README.md: its run command
 * against the jar this build packaged, in a folder holding what a clone holds, then every example of "Send an order
 * through each intake", "Play the shopper" and the notifications' "Try it", in order, each in a shell of its own.
 * What the README shows them print must be printed, and the outcome files they promise must appear; the README
 * cannot drift from the product. Runs after {@code package} (failsafe), on the README's own ports.
 */
class ReadmeQuickStartIT {

    private static final Path README = Path.of("README.md");
    private static final String PACKAGE = "mvn -B -q package -DskipTests";
    private static final Duration EXAMPLE_TIMEOUT = Duration.ofSeconds(90);

    private final Path folder = Path.of("target", "readme-walk");
    private Process app;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theQuickStartRunsAsWritten() throws Exception {
        ReadmeExamples readme = new ReadmeExamples(Files.readString(README));
        List<String> quickStart = readme.commandLines("## Quick start", "### When it does not start");
        assertThat(quickStart).as("the quick start: run, then test").hasSize(2);
        assertThat(quickStart.get(0)).as("the run command").startsWith(PACKAGE + " && ");
        assertThat(Files.readAllLines(Path.of(".ci", "run"))).as("CI runs the README's test command, exactly")
                .contains(quickStart.get(1));

        prepareFolderAsAClone();
        // the package half of the command is this build's own `package` phase: the jar under test is its result
        app = new ProcessBuilder("bash", "-c", quickStart.get(0).substring(PACKAGE.length() + 4))
                .directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(folder.resolve("app.log").toFile()).start();
        awaitReady();

        List<String> examples = readme.blocks("### Send an order through each intake", "### Where each outcome appears");
        examples.addAll(readme.blocks("### Play the shopper", "### Checkout page"));
        examples.addAll(readme.blocks("**Try it.**", "### The life of a payment"));
        assertThat(examples).as("REST, status, file, STOMP, pay, notification").hasSize(6);
        for (String example : examples) {
            Set<String> shown = ReadmeExamples.expectedFragments(example);
            assertThat(shown).as("what the README shows this example print:%n%s", example).isNotEmpty();
            String printed = run(example);
            for (String expected : shown) {
                assertThat(printed).as("what this README example prints:%n%s", example).contains(expected);
            }
        }

        assertThat(outcome("success", "shop-1001")).contains("\"outcome\":\"CREATED\"");
        assertThat(outcome("paid", "shop-1001")).contains("\"outcome\":\"PAID\"", "verified QFPay notification");
        assertThat(outcome("paid", "shop-1002")).contains("\"outcome\":\"PAID\"");
        assertThat(folder.resolve("data/inbox/.done/shop-1002.json")).exists();
        assertThat(outcome("success", "shop-1003")).contains("\"outcome\":\"CREATED\"");
        assertThat(outcome("paid", "shop-1003")).contains("\"outcome\":\"PAID\"");

        // Ctrl-C's path: the app stops by itself, without an error
        app.toHandle().descendants().forEach(ProcessHandle::destroy);
        app.destroy();
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
        assertThat(Files.readAllLines(folder.resolve("app.log"))).as("the app's log")
                .noneMatch(line -> line.contains(" ERROR "));
    }

    /** A fresh folder with what a clone has that the app reads (the config and the routes) and the packaged jar. */
    private void prepareFolderAsAClone() throws IOException {
        FileUtil.removeDir(folder.toFile());
        Files.createDirectories(folder.resolve("target"));
        for (String file : List.of("application.properties", "demo-api-users.properties")) {
            Files.copy(Path.of(file), folder.resolve(file));
        }
        copyTree(Path.of("routes"), folder.resolve("routes"));
        Files.copy(Path.of("target", "camel-payme.jar"), folder.resolve("target/camel-payme.jar"));
        copyTree(Path.of("target", "lib"), folder.resolve("target/lib"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    /** Ready as the README's Monitoring section says: readiness 200 on the management server. */
    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:9876/observe/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .failFast("the app exited; its log: " + folder.resolve("app.log").toAbsolutePath(), () -> !app.isAlive())
                .ignoreExceptions()
                .until(() -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    /** Runs one example in a shell of its own in the app's folder; returns what it printed on standard output. */
    private String run(String example) throws IOException, InterruptedException {
        Path printed = Files.createTempFile(folder, "example", ".out");
        Process shell = new ProcessBuilder("bash", "-c", example).directory(folder.toFile())
                .redirectOutput(printed.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(shell.waitFor(EXAMPLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("finished: %s", example).isTrue();
        return Files.readString(printed, StandardCharsets.UTF_8);
    }

    private String outcome(String outcomeFolder, String orderId) throws IOException {
        try (Stream<Path> files = Files.list(folder.resolve("data").resolve(outcomeFolder))) {
            Path file = files.filter(f -> f.getFileName().toString().startsWith(orderId + "-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no outcome of " + orderId + " in data/" + outcomeFolder));
            return Files.readString(file);
        }
    }
}

package dev.camelpayme.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.camelpayme.app.boot.PaymeApplication;
import dev.camelpayme.sandbox.QfpaySandbox;
import dev.camelpayme.testing.FreePorts;

/**
 * The application's real main class in a JVM of its own, started from the project root as a user would, with
 * -D overrides: for tests that kill it (kill -9), restart it, or read everything it writes.
 */
final class ChildApp implements AutoCloseable {

    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final Path output;
    private Path workingDirectory;
    private Duration startTimeout = Duration.ofSeconds(60);
    private Process process;

    /** The tests' own API users unless a test gives another file: the demo users are refused with the sandbox off. */
    ChildApp(Path output) {
        this.output = output;
        properties.put("camel.server.basic-properties-file", ApiTestUsers.file().toString());
        properties.put("camel.management.port", String.valueOf(FreePorts.next()));
    }

    /**
     * The settings the kill -9 and SIGTERM tests share: QFPay is {@code sandbox} (outside the child, so its record
     * survives the child), the broker and the folders live under {@code dir}, and every outcome endpoint appends, so
     * a second delivery of an outcome shows.
     */
    ChildApp againstSandboxUnder(Path dir, QfpaySandbox sandbox, String appCode, String clientKey, int restPort,
                                 int brokerPort, int brokerVmId) {
        jvmOption("-Xmx256m");
        property("camel.server.port", restPort);
        property("payme.notify.port", FreePorts.next());
        property("payme.sandbox.enabled", false);
        property("payme.base-url", sandbox.baseUrl());
        property("camel.component.payme.app-code", appCode);
        property("camel.component.payme.client-key", clientKey);
        property("payme.broker.port", brokerPort);
        property("payme.broker.vm-id", brokerVmId);
        property("payme.broker.data-dir", dir.resolve("broker"));
        property("payme.inbox", dir.resolve("inbox"));
        property("payme.inbox.poll-delay-ms", 100);
        for (String outcome : List.of("success", "error", "paid", "expired", "refunded")) {
            property("payme.route." + outcome + "-uri", "file:" + dir.resolve(outcome) + "?fileExist=Append");
        }
        return this;
    }

    /**
     * Every port a free one and every folder under {@code dir} (sandbox, broker, store, inbox, the success and error
     * outcomes): an application of the test's own beside any other; nothing else changed.
     */
    ChildApp portsAndFoldersUnder(Path dir) {
        return property("camel.server.port", FreePorts.next())
                .property("payme.notify.port", FreePorts.next())
                .property("payme.sandbox.port", FreePorts.next())
                .property("payme.sandbox.data-dir", dir.resolve("sandbox"))
                .property("payme.broker.port", FreePorts.next())
                .property("payme.broker.data-dir", dir.resolve("broker"))
                .property("payme.store.url", "jdbc:h2:file:./" + dir.resolve("store").resolve("payme"))
                .property("payme.inbox", dir.resolve("inbox"))
                .property("payme.route.success-uri", "file:" + dir.resolve("success"))
                .property("payme.route.error-uri", "file:" + dir.resolve("error"));
    }

    /**
     * Timers of a few hundred milliseconds where the defaults wait seconds (leases, sweeps, polls, backoffs), and a
     * 5 s answer timeout: for the kill -9 tests, whose orders must settle after the restart within the test's time.
     */
    ChildApp quickTimers() {
        return property("payme.http.response-timeout-ms", 5000)
                .property("payme.store.lease-ms", 3000)
                .property("payme.store.sweep-interval-ms", 500)
                .property("payme.retry.interval-ms", 200)
                .property("payme.retry.max-interval-ms", 500)
                .property("payme.retry.deadline-ms", 30000)
                .property("payme.attempts.backoff-ms", 200)
                .property("payme.attempts.max-backoff-ms", 500)
                .property("payme.recovery.delay-ms", 200);
    }

    ChildApp property(String key, Object value) {
        properties.put(key, String.valueOf(value));
        return this;
    }

    /** Passes no -D for this key: the application's own configuration decides. */
    ChildApp withoutProperty(String key) {
        properties.remove(key);
        return this;
    }

    /** Runs it from another folder (default: the project root), which holds its application.properties and routes. */
    ChildApp workingDirectory(Path directory) {
        workingDirectory = directory;
        return this;
    }

    /** How long a start may take (every logger at DEBUG makes a start much slower). */
    ChildApp startTimeout(Duration timeout) {
        startTimeout = timeout;
        return this;
    }

    ChildApp jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    /** Starts the application and waits until Camel reports it started and its REST port accepts connections. */
    ChildApp start(int restPort) {
        launch();
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the application stopped at start-up; see " + output);
            }
            // the HTTP server opens before the routes and the broker: wait for Camel's own "started" line
            if (output().contains("(camel-payme) started in")) {
                try (Socket ignored = new Socket("localhost", restPort)) {
                    return this;
                } catch (IOException notYet) {
                    // falls through to the next try
                }
            }
            sleep(100);
        }
        throw new IllegalStateException("the application did not start within " + startTimeout.toSeconds()
                + " s; see " + output);
    }

    /**
     * Starts the application expecting it to refuse: returns its exit code once it stopped by itself, or fails as
     * soon as Camel reports it started.
     */
    int startExpectingRefusal() throws InterruptedException {
        launch();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
            if (output().contains("(camel-payme) started in")) {
                throw new IllegalStateException("the application started instead of refusing; see " + output);
            }
        }
        throw new IllegalStateException("the application neither started nor stopped within 60 s; see " + output);
    }

    /** Starts the application without waiting for anything: for tests that watch its start from the first moment. */
    ChildApp launchWithoutWaiting() {
        launch();
        return this;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    private void launch() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PaymeApplication.class.getName());
        try {
            Files.createDirectories(output.getParent());
            process = new ProcessBuilder(command).directory(workingDirectory == null ? null : workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kill -9: no shutdown hook, no flush, no acknowledgement. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * SIGTERM, as a container stop or {@code kill} sends it (Ctrl-C's SIGINT takes the same path): returns whether
     * the process then ended by itself within the bound.
     */
    boolean terminate(Duration bound) throws InterruptedException {
        process.destroy();
        return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
    }

    String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

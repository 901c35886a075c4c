package dev.camelpayme.app;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.camelpayme.testing.FreePorts;
import org.apache.camel.util.FileUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each known start-up failure, met by the real main class in a JVM of its own, ends the process with a failure status
 * and one line saying what happened and what to do: no stack trace, no shutdown hook "triggered by SIGTERM".
 */
class StartupFailureLineTest {

    private static final Path ROOT = Path.of("target", "startup-failure-line");
    /** Camel's banner, the metrics binders, the store opening: a failure adds its one line, not a screenful. */
    private static final int MOST_LINES = 10;

    @ParameterizedTest
    @ValueSource(strings = {"camel.server.port", "payme.notify.port", "payme.sandbox.port", "payme.broker.port",
            "camel.management.port"})
    void aBusyPortIsNamedWithItsKey(String portKey) throws Exception {
        ChildApp app = app(ROOT.resolve("busy-" + portKey));
        int port = FreePorts.next();
        try (ServerSocket taken = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            String output = refusedStart(app.property(portKey, port));

            assertThat(output).contains("ERROR").contains("Port " + port + " (" + portKey + ") is already in use")
                    .contains("set " + portKey + " to a free port");
        }
    }

    @Test
    void theCauseIsLoggedAtDebug() throws Exception {
        Path dir = ROOT.resolve("cause-at-debug");
        ChildApp app = app(dir);
        Files.createDirectories(dir);
        Path logging = Files.writeString(dir.resolve("log4j2.properties"), String.join("\n",
                "appender.console.type = Console", "appender.console.name = console",
                "appender.console.layout.type = PatternLayout", "appender.console.layout.pattern = %-5level %msg%n%ex",
                "rootLogger.level = INFO", "rootLogger.appenderRef.console.ref = console",
                "logger.application.name = dev.camelpayme.app.boot.PaymeApplication",
                "logger.application.level = DEBUG"));
        int port = FreePorts.next();
        try (app; ServerSocket taken = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            app.jvmOption("-Dlog4j2.configurationFile=" + logging.toAbsolutePath()).property("payme.broker.port", port);

            assertThat(app.startExpectingRefusal()).isNotZero();
            assertThat(app.output()).contains("ERROR camel-payme did not start: Port " + port)
                    .contains("DEBUG The cause").contains("StartupRefusal").contains("\tat ");
        }
    }

    @Test
    void aSecondInstanceOnTheSameDataFolderIsToldAnotherInstanceHoldsIt() throws Exception {
        Path data = ROOT.resolve("second-instance");
        FileUtil.removeDir(data.toFile());
        int restPort = FreePorts.next();
        try (ChildApp first = app(data, "first-output.log").property("camel.server.port", restPort)) {
            first.start(restPort);

            String output = refusedStart(app(data, "second-output.log"));

            assertThat(output).contains("is held by another instance of camel-payme running on the same data folder "
                    + "(H2 file lock)");
            assertThat(first.isAlive()).isTrue();
        }
    }

    @Test
    void startedWithoutApplicationPropertiesItSaysWhereItLookedAndHowToPointAtAFile() throws Exception {
        Path run = ROOT.resolve("no-configuration");
        FileUtil.removeDir(run.toFile());
        Path empty = Files.createDirectories(run.resolve("empty-folder")).toAbsolutePath();

        String output = refusedStart(new ChildApp(run.resolve("app-output.log")).workingDirectory(empty));

        assertThat(output).contains("No application.properties in " + empty + " (the working directory)")
                .contains("-Dcamel.main.property-placeholder-location=file:");
    }

    private static ChildApp app(Path dir) {
        FileUtil.removeDir(dir.toFile());
        return app(dir, "app-output.log");
    }

    /** The application with its folders under {@code dir} and every listener on a free port of its own. */
    private static ChildApp app(Path dir, String outputName) {
        return new ChildApp(dir.resolve(outputName)).portsAndFoldersUnder(dir);
    }

    /** Starts the application, which must stop by itself with a failure status and a short output: that output. */
    private static String refusedStart(ChildApp app) throws Exception {
        try (app) {
            int exitCode = app.startExpectingRefusal();
            String output = app.output();
            assertThat(exitCode).as(output).isNotZero();
            assertThat(output).as("one line, no stack trace").doesNotContain("\tat ").doesNotContain("Caused by")
                    .doesNotContain("SIGTERM");
            assertThat(output.lines().filter(line -> line.contains(" ERROR ")).count()).as(output).isEqualTo(1);
            assertThat(output.lines().count()).as(output).isLessThan(MOST_LINES);
            return output;
        }
    }
}

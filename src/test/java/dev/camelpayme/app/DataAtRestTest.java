package dev.camelpayme.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import dev.camelpayme.testing.FreePorts;
import org.apache.camel.util.FileUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Data at rest, as an attacker with another account on the same machine would look for it: the real application,
 * installed in a fresh folder (its application.properties and routes, nothing else) and started there in a JVM of
 * its own with its shipped defaults, keeps every folder it writes owner-only (0700) and every outcome file 0600, and
 * its H2 order store locked with a generated password that only its own account can read.
 */
class DataAtRestTest {

    private static final String OWNER_ONLY_FOLDER = "rwx------";
    private static final String OWNER_ONLY_FILE = "rw-------";
    /** Folders the application writes with its default configuration. */
    private static final List<String> FOLDERS = List.of("data", "data/inbox", "data/inbox/.done",
            "data/inbox/.failed", "data/success", "data/error", "data/paid", "data/refunded", "data/expired",
            "data/reconciliation", "data/store", "data/broker", "data/sandbox");

    @Test
    @Timeout(value = 240, unit = java.util.concurrent.TimeUnit.SECONDS)
    void aFreshInstallKeepsItsFoldersOutcomesAndStoreToItsOwnAccount() throws Exception {
        Path install = freshInstall("fresh");
        Path data = install.resolve("data");
        String password;
        try (ChildApp app = launch(install, "first.log")) {
            drop(data, "dar-1", "{\"order_id\":\"dar-1\",\"txamt\":2500,\"goods_name\":\"DataAtRest\"}");
            drop(data, "dar-bad", "{\"order_id\":");
            awaitFile(data.resolve("success"), "dar-1-");
            awaitFile(data.resolve("error"), "rejected-");
            awaitFile(data.resolve("inbox/.done"), "dar-1.json");
            awaitFile(data.resolve("inbox/.failed"), "dar-bad.json");

            for (String folder : FOLDERS) {
                assertThat(permissions(install.resolve(folder))).as(folder).isEqualTo(OWNER_ONLY_FOLDER);
            }
            for (String outcomes : List.of("success", "error")) {
                try (Stream<Path> files = Files.list(data.resolve(outcomes))) {
                    assertThat(files.filter(Files::isRegularFile).map(DataAtRestTest::permissions))
                            .as("outcome files in %s", outcomes).isNotEmpty().allMatch(OWNER_ONLY_FILE::equals);
                }
            }
            Path passwordFile = data.resolve("store/payme.password");
            assertThat(permissions(passwordFile)).as("the generated store password file").isEqualTo(OWNER_ONLY_FILE);
            password = Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
            assertThat(password).hasSizeGreaterThanOrEqualTo(32);
            assertThat(app.terminate(Duration.ofSeconds(45))).as("stopped").isTrue();
        }

        String url = "jdbc:h2:file:" + data.resolve("store/payme").toAbsolutePath();
        assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", "").close())
                .as("the store opened with the empty password")
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(28000));
        assertThat(ordersIn(url, password)).as("orders in the store, opened with the generated password").isPositive();

        try (ChildApp again = launch(install, "second.log")) {
            drop(data, "dar-2", "{\"order_id\":\"dar-2\",\"txamt\":2500,\"goods_name\":\"DataAtRest\"}");
            Path outcome = awaitFile(data.resolve("success"), "dar-2-");
            assertThat(Files.readString(data.resolve("store/payme.password"), StandardCharsets.UTF_8).trim())
                    .as("the restart reuses the generated password").isEqualTo(password);
            assertThat(again.output()).doesNotContain(password).doesNotContain("Generated a password");
            assertThat(permissions(outcome)).isEqualTo(OWNER_ONLY_FILE);
        }
    }

    @Test
    @Timeout(value = 300, unit = java.util.concurrent.TimeUnit.SECONDS)
    void passwordsReadFromFilesAreUsedTrimmedAndNeverLogged() throws Exception {
        Path install = freshInstall("password-files");
        String storePassword = "STORE-PW-4f1c9e-LEAKCHECK";
        String brokerPassword = "BROKER-PW-7d2a0b-LEAKCHECK";
        Path secrets = Files.createDirectories(install.resolve("secrets"));
        Path storeFile = Files.writeString(secrets.resolve("store"), "  " + storePassword + " \n");
        Path brokerFile = Files.writeString(secrets.resolve("broker"), brokerPassword + "\n");
        Path log4j = Files.writeString(install.resolve("log4j2-debug.properties"), """
                appender.console.type = Console
                appender.console.name = console
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5level [%t] %c - %msg%n%throwable
                rootLogger.level = DEBUG
                rootLogger.appenderRef.console.ref = console
                """, StandardCharsets.UTF_8);
        Path data = install.resolve("data");
        String log;
        try (ChildApp app = configured(install, "debug.log").startTimeout(Duration.ofSeconds(180))
                .property("log4j2.configurationFile", log4j.toAbsolutePath())
                .property("payme.store.password-file", storeFile.toAbsolutePath())
                .property("payme.broker.username", "payme")
                .property("payme.broker.password-file", brokerFile.toAbsolutePath())) {
            app.start(port(install));
            drop(data, "dar-pw", "{\"order_id\":\"dar-pw\",\"txamt\":2500,\"goods_name\":\"DataAtRest\"}");
            awaitFile(data.resolve("success"), "dar-pw-");
            assertThat(app.terminate(Duration.ofSeconds(45))).as("stopped").isTrue();
            log = app.output();
        }

        assertThat(log).as("the output is at DEBUG").contains(" DEBUG [main] org.apache.camel.")
                .contains("payme.store.password-file");
        for (String secret : List.of(storePassword, brokerPassword, "PW-4f1c9e", "PW-7d2a0b")) {
            assertThat(log).as("the application's DEBUG output").doesNotContain(secret);
            try (Stream<Path> written = Files.walk(data)) {
                for (Path file : written.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as("%s", file)
                            .doesNotContain(secret);
                }
            }
        }
        String url = "jdbc:h2:file:" + data.resolve("store/payme").toAbsolutePath();
        assertThat(ordersIn(url, storePassword)).as("the store has the file's password, trimmed").isPositive();
        assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", "").close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(28000));
        assertThat(data.resolve("store/payme.password")).as("no password generated beside it").doesNotExist();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A folder holding only what an install ships (application.properties and routes/) and a test's free ports. */
    private static Path freshInstall(String name) throws IOException {
        Path install = Path.of("target", "data-at-rest", name).toAbsolutePath();
        FileUtil.removeDir(install.toFile());
        Files.createDirectories(install.resolve("routes"));
        Files.copy(Path.of("application.properties"), install.resolve("application.properties"));
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path route : routes.toList()) {
                Files.copy(route, install.resolve("routes").resolve(route.getFileName()));
            }
        }
        Files.writeString(install.resolve("ports"), FreePorts.next() + " " + FreePorts.next() + " " + FreePorts.next());
        return install;
    }

    private static int port(Path install) throws IOException {
        return Integer.parseInt(Files.readString(install.resolve("ports")).split(" ")[0]);
    }

    /** The application with its shipped configuration, but free ports and a quick inbox. */
    private static ChildApp configured(Path install, String logName) throws IOException {
        String[] ports = Files.readString(install.resolve("ports")).split(" ");
        return new ChildApp(install.resolve(logName)).workingDirectory(install)
                .property("camel.server.port", ports[0])
                .property("payme.broker.port", ports[1])
                .property("payme.broker.vm-id", 900 + Integer.parseInt(ports[1]) % 1000)
                .property("payme.sandbox.port", ports[2])
                .property("payme.inbox.poll-delay-ms", 100)
                .property("payme.inbox.read-lock-check-ms", 100);
    }

    private static ChildApp launch(Path install, String logName) throws IOException {
        return configured(install, logName).start(port(install));
    }

    private static void drop(Path data, String name, String json) throws IOException {
        Path inbox = data.resolve("inbox");
        Path part = Files.writeString(inbox.resolve(name + ".part"), json, StandardCharsets.UTF_8);
        Files.move(part, inbox.resolve(name + ".json"));
    }

    /** The first file in {@code folder} whose name starts with {@code prefix}, once there is one. */
    private static Path awaitFile(Path folder, String prefix) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            try (Stream<Path> files = Files.list(folder)) {
                return files.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst().orElse(null);
            } catch (IOException notYet) {
                return null;
            }
        }, java.util.Objects::nonNull);
    }

    private static String permissions(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            return "missing: " + path;
        }
    }

    private static long ordersIn(String url, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "sa", password);
             ResultSet count = connection.createStatement().executeQuery("SELECT COUNT(*) FROM payme_order")) {
            count.next();
            return count.getLong(1);
        }
    }
}

package dev.camelpayme.bench.e2e;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;

import dev.camelpayme.testing.FreePorts;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The packaged application ({@code target/camel-payme.jar} with {@code target/lib/}) in a JVM of its own, with the
 * JVM's default settings, run as an operator would go live: in a working directory of its own holding a copy of
 * application.properties and routes/, the sandbox off, QFPay at the stand-in, its own app code, client key (in an
 * owner-only file) and API users file, the merchant rate limit lifted (unless {@link #keepShippedRateLimit kept}),
 * and otherwise the shipped configuration.
 */
final class ChildApplication implements AutoCloseable {

    static final String API_USER = "bench";
    private static final String[] TABLES = { "payme_order", "payme_attempt", "payme_notification", "payme_refund",
            "payme_refund_limit" };
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path project;
    private final Path directory;
    private final String postgresUrl;
    private final String apiPassword = secret();
    private final int restPort = FreePorts.next();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    // Ctrl-C or a failure of the benchmark: the child is killed and its folder deleted all the same
    private final Thread cleanup = new Thread(this::closeQuietly, "bench-child-cleanup");
    private Process process;
    private long launchedAt;
    private Answered firstAnswer;
    private final TreeSet<Integer> statusesBeforeReady = new TreeSet<>();

    /** The first HTTP answer the intake gave during start-up, and when (since launch). */
    record Answered(int status, Duration after) {
    }

    /**
     * @param postgresUrl the PostgreSQL store (its payme tables are dropped first), or null for the default H2 store
     */
    ChildApplication(Path project, String postgresUrl, String qfpayBaseUrl, String appCode, String clientKey)
            throws IOException, SQLException {
        this.project = project;
        this.postgresUrl = postgresUrl;
        this.directory = Files.createTempDirectory("payme-bench-app-");
        try {
            configure(qfpayBaseUrl, appCode, clientKey);
        } catch (IOException | SQLException | RuntimeException e) {
            deleteDirectory();
            throw e;
        }
    }

    private void configure(String qfpayBaseUrl, String appCode, String clientKey) throws IOException, SQLException {
        Files.copy(project.resolve("application.properties"), directory.resolve("application.properties"));
        Files.createDirectories(directory.resolve("routes"));
        try (Stream<Path> routes = Files.list(project.resolve("routes"))) {
            for (Path route : routes.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(route, directory.resolve("routes").resolve(route.getFileName()));
            }
        }
        Path keyFile = ownerOnly(directory.resolve("secrets").resolve("payme-client-key"), clientKey + "\n");
        Path usersFile = ownerOnly(directory.resolve("secrets").resolve("api-users.properties"),
                "user." + API_USER + " = " + apiPassword + ",payments\n");

        properties.put("payme.sandbox.enabled", "false");
        properties.put("payme.base-url", qfpayBaseUrl);
        properties.put("camel.component.payme.app-code", appCode);
        properties.put("payme.api.users-file", usersFile.toString());
        properties.put("camel.server.port", Integer.toString(restPort));
        properties.put("camel.management.port", Integer.toString(FreePorts.next()));
        properties.put("payme.notify.port", Integer.toString(FreePorts.next()));
        properties.put("payme.broker.port", Integer.toString(FreePorts.next()));
        // lifted far above any rate reached here; the limiter keeps a ring of per-minute longs (4.8 MB at this value)
        properties.put("payme.rate-limit.per-second", "100000");
        properties.put("payme.rate-limit.per-minute", "600000");
        if (postgresUrl != null) {
            properties.put("payme.store.url", postgresUrl);
            // the URL names its user; the shipped "sa" is H2's
            properties.put("payme.store.username", "");
        }
        environment.put("CAMEL_COMPONENT_PAYME_CLIENT_KEY_FILE", keyFile.toString());
        if (postgresUrl != null) {
            dropTables();
        }
    }

    /** The shipped merchant rate limit (100 a second, 400 a minute) instead of the lifted one; before {@link #start}. */
    void keepShippedRateLimit() {
        properties.remove("payme.rate-limit.per-second");
        properties.remove("payme.rate-limit.per-minute");
    }

    /** Where the shipped payme.route.paid-uri writes an outcome of this name (its out_trade_no). */
    Path paidOutcome(String name) {
        return directory.resolve("data").resolve("paid").resolve(name + ".json");
    }

    String storeName() {
        return postgresUrl == null ? "H2" : "PostgreSQL";
    }

    int restPort() {
        return restPort;
    }

    String apiPassword() {
        return apiPassword;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /**
     * The order store as the application opens it: for the default H2 store, the file under data/store with the
     * password the application keeps beside it (written here first when the store is seeded before the first start).
     */
    DataSource store() throws IOException {
        if (postgresUrl != null) {
            PGSimpleDataSource postgres = new PGSimpleDataSource();
            postgres.setURL(postgresUrl);
            postgres.setReWriteBatchedInserts(true);
            return postgres;
        }
        Path passwordFile = directory.resolve("data").resolve("store").resolve("payme.password");
        if (!Files.exists(passwordFile)) {
            ownerOnly(passwordFile, secret() + "\n");
        }
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + directory.resolve("data").resolve("store").resolve("payme")
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        h2.setUser("sa");
        h2.setPassword(Files.readString(passwordFile, StandardCharsets.UTF_8).trim());
        return h2;
    }

    void start() throws IOException {
        Path jar = project.resolve("target").resolve("camel-payme.jar");
        if (!Files.exists(jar) || !Files.isDirectory(project.resolve("target").resolve("lib"))) {
            throw new IllegalStateException(jar + " or target/lib is missing: run mvn -B -Pbench-e2e verify, which "
                    + "packages the application first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // e.g. -Dbench.app-jvm-options="-XX:StartFlightRecording=filename=/tmp/app.jfr" to profile the application
        String jvmOptions = System.getProperty("bench.app-jvm-options", "").trim();
        if (!jvmOptions.isEmpty()) {
            command.addAll(List.of(jvmOptions.split("\\s+")));
        }
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        // the run depends on nothing of the caller's own PayMe or Camel settings
        builder.environment().keySet().removeIf(name -> name.startsWith("PAYME_") || name.startsWith("CAMEL_"));
        builder.environment().putAll(environment);
        Runtime.getRuntime().addShutdownHook(cleanup);
        launchedAt = System.nanoTime();
        process = builder.start();
    }

    /**
     * Waits until a real order posted to the REST intake is answered 2xx: an open port is not enough (it answers 404
     * or 503 until the routes are started). Returns the time from launch to that answer.
     */
    Duration awaitRouted(Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        IntakeCalls probe = new IntakeCalls(client, restPort, API_USER, apiPassword, "ready-" + pid() + "-");
        long deadline = launchedAt + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the application stopped at start-up (exit " + process.exitValue()
                        + "); the end of its log:\n" + logTail(40));
            }
            try {
                Reply reply = probe.newOrder();
                Duration since = Duration.ofNanos(System.nanoTime() - launchedAt);
                if (firstAnswer == null) {
                    firstAnswer = new Answered(reply.status(), since);
                }
                if (reply.ok()) {
                    return since;
                }
                statusesBeforeReady.add(reply.status());
            } catch (IOException notListeningYet) {
                // connection refused: the HTTP server is not open yet
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception other) {
                statusesBeforeReady.add(-1);
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the application was not routed within " + timeout.toSeconds()
                + " s; the end of its log:\n" + logTail(40));
    }

    Answered firstAnswer() {
        return firstAnswer;
    }

    /** The non-2xx answers the intake gave while it was starting (-1: a request that failed otherwise). */
    TreeSet<Integer> statusesBeforeReady() {
        return statusesBeforeReady;
    }

    /** SIGTERM, as an operator stops it; returns how long it took to exit (its graceful shutdown). */
    Duration stop() throws InterruptedException {
        long begin = System.nanoTime();
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    Path log() {
        return directory.resolve("app.log");
    }

    /** Lines of the application's log at this level (WARN, ERROR). */
    long logLines(String level) throws IOException {
        return logLinesWith(" " + level + " ").size();
    }

    /** The lines of the application's log that contain this text. */
    List<String> logLinesWith(String text) throws IOException {
        try (Stream<String> lines = Files.lines(log(), StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(text)).toList();
        }
    }

    private String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log(), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    void keepLog(Path to) throws IOException {
        if (!Files.exists(log())) {
            return;
        }
        Files.createDirectories(to.getParent());
        Files.copy(log(), to, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws IOException {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverStarted) {
            // the hook is running now, or was never added: nothing to remove
        }
        deleteDirectory();
    }

    private void deleteDirectory() throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            System.err.println("could not delete " + directory + ": " + e);
        }
    }

    private void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void dropTables() throws SQLException, IOException {
        try (Connection c = store().getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    private static Path ownerOnly(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))), content, StandardCharsets.UTF_8);
        return file;
    }

    private static String secret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

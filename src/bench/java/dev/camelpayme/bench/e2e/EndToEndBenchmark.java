package dev.camelpayme.bench.e2e;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import dev.camelpayme.component.PaymeSigner;
import dev.camelpayme.component.SignType;

/**
 * The end-to-end benchmark of issue 9, in one run: a fast local QFPay stand-in; the raw JDK HttpClient posting
 * signed payments to it; then the packaged application against the same stand-in, driven through its REST intake,
 * on the default H2 store and, when {@code PAYME_BENCH_POSTGRES_URL} names one, on PostgreSQL. Every row is
 * closed-loop at each client count ({@code bench.clients}, 1 and 8). With {@code bench.tracking} set, a last run of
 * the application tracks that many CREATED orders at the shipped interval and rate limit ({@link TrackingCheck}).
 * Run it with {@code mvn -B -Pbench-e2e verify}; the options are in {@link BenchOptions} and the README, "Benchmarks".
 */
public final class EndToEndBenchmark {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final BenchOptions options;
    private final Results results;
    // a run's order ids never meet an earlier run's; app code and key are the run's own, never the sandbox's demo ones
    private final String token = randomHex(3);
    private final String appCode = "BENCH-" + token.toUpperCase(Locale.ROOT);
    private final String clientKey = randomHex(16);

    private EndToEndBenchmark(BenchOptions options) {
        this.options = options;
        this.results = new Results(options);
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.fromSystemProperties();
        long begin = System.nanoTime();
        EndToEndBenchmark benchmark = new EndToEndBenchmark(options);
        benchmark.run();
        benchmark.results.finished((System.nanoTime() - begin) / 1e9);
        System.out.println();
        System.out.println(benchmark.results.markdown());
        benchmark.results.write(options.output());
        System.out.println("Written to " + options.output().resolve("results.md") + " and results.json");
        if (benchmark.results.anyFailed()) {
            System.exit(1);
        }
    }

    private void run() throws Exception {
        try (QfpayStandIn standIn = QfpayStandIn.start(appCode, clientKey, 16)) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            RawPaymentCalls raw = new RawPaymentCalls(client, standIn.baseUrl(), appCode,
                    new PaymeSigner(clientKey, SignType.MD5), "raw-" + token + "-");
            warmUp("raw JDK HttpClient", () -> raw::pay);
            for (int clients : options.clients()) {
                log("raw JDK HttpClient, %d client(s)", clients);
                results.addRaw(ClosedLoop.run("raw@" + clients, clients, options.warmup(), options.measure(),
                        () -> raw::pay, null));
            }
            results.addApp(runApplication(standIn, null));
            if (options.postgresUrl() != null) {
                results.addApp(runApplication(standIn, options.postgresUrl()));
            }
            if (options.tracking() > 0) {
                results.setTracking(runTracking(standIn));
            }
        }
    }

    /** The tracking check on an H2 store of CREATED orders; a failure is reported with the results (log kept). */
    private TrackingResult runTracking(QfpayStandIn standIn) throws Exception {
        TrackingResult result = new TrackingResult(options.tracking(), ShippedTracking.read(options.project()));
        Path logFile = options.output().resolve("app-tracking.log");
        try (ChildApplication app = new ChildApplication(options.project(), null, standIn.baseUrl(), appCode,
                clientKey)) {
            app.keepShippedRateLimit();
            try {
                log("tracking check: seeding the H2 store with %,d CREATED orders", options.tracking());
                result.seedSeconds = StoreSeeder.allCreated(options.tracking()).seed(app.store()).toNanos() / 1e9;
                CallLog calls = standIn.logCalls();
                long refused = standIn.refused();
                log("starting the application (shipped tracking interval and rate limit)");
                app.start();
                result.startupSeconds = app.awaitRouted(Duration.ofSeconds(180)).toNanos() / 1e9;
                long routedAt = System.nanoTime();
                log("routed after %.2f s; watching %d tracking cycles", result.startupSeconds, TrackingCheck.CYCLES);
                try (ProcessCpu cpu = ProcessCpu.sample(app.pid())) {
                    new TrackingCheck(standIn, app, calls, cpu, result).run(routedAt);
                }
                result.refusedCalls = standIn.refused() - refused;
                log("stopping the application");
                result.stopSeconds = app.stop().toNanos() / 1e9;
                result.logWarnings = app.logLines("WARN");
                result.logErrors = app.logLines("ERROR");
                result.failedQueryLines = app.logLinesWith("Tracking query failed");
                result.overdueMillis = StoreQueries.trackerOverdue(app.store(), result.shipped);
            } catch (RuntimeException | IOException | SQLException e) {
                log("the tracking check failed: %s", e.getMessage());
                result.failure = String.valueOf(e.getMessage());
            } finally {
                standIn.stopLogging();
                app.keepLog(logFile);
            }
        }
        return result;
    }

    /** One store's run; a failure is reported with the results (and the log kept), the other stores still run. */
    private AppRun runApplication(QfpayStandIn standIn, String postgresUrl) throws Exception {
        try (ChildApplication app = new ChildApplication(options.project(), postgresUrl, standIn.baseUrl(), appCode,
                clientKey)) {
            AppRun run = new AppRun(app.storeName());
            try {
                return measure(app, run, standIn);
            } catch (RuntimeException | IOException | SQLException e) {
                log("the %s run failed: %s", app.storeName(), e.getMessage());
                run.failure = String.valueOf(e.getMessage());
                app.keepLog(logFile(app));
                return run;
            }
        }
    }

    private Path logFile(ChildApplication app) {
        return options.output().resolve("app-" + app.storeName().toLowerCase(Locale.ROOT) + ".log");
    }

    /** Seeds the store if asked, starts the application, and measures each row and the single requests. */
    private AppRun measure(ChildApplication app, AppRun run, QfpayStandIn standIn) throws Exception {
        StoreSeeder seeder = options.seed() > 0 ? new StoreSeeder(options.seed()) : null;
        if (seeder != null) {
            log("seeding the %s store with %,d orders", app.storeName(), options.seed());
            run.seededOrders = options.seed();
            run.seedSeconds = seeder.seed(app.store()).toNanos() / 1e9;
        }
        long payments = standIn.payments();
        long queries = standIn.queries();
        long refused = standIn.refused();
        log("starting the application (%s store)", app.storeName());
        app.start();
        run.startupSeconds = app.awaitRouted(Duration.ofSeconds(180)).toNanos() / 1e9;
        run.firstAnswer = app.firstAnswer();
        run.statusesBeforeReady = new ArrayList<>(app.statusesBeforeReady());
        run.idleRssMb = ResidentMemory.kilobytes(app.pid()) / 1024;
        log("routed after %.2f s", run.startupSeconds);

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        IntakeCalls calls = new IntakeCalls(client, app.restPort(), ChildApplication.API_USER, app.apiPassword(),
                "b" + token + app.storeName().charAt(0) + "-");
        warmUp("camel-payme REST, " + app.storeName(), () -> calls::newOrder);
        for (int clients : options.clients()) {
            log("camel-payme REST, %s, %d client(s)", app.storeName(), clients);
            run.rows.add(clients == options.mostClients() ? loadWatched(run, app, calls, clients)
                    : ClosedLoop.run("app@" + clients, clients, options.warmup(), options.measure(),
                            () -> calls::newOrder, null));
        }
        log("single requests");
        run.singleRequests.add(ClosedLoop.sequence("repeat lookup of an order of this run", options.lookups(),
                () -> calls.repeat(calls.anyCreated())));
        if (seeder != null && seeder.hasPaidOrders()) {
            run.singleRequests.add(ClosedLoop.sequence("repeat lookup of a seeded PAID order",
                    options.lookups(), () -> calls.repeat(seeder.anyPaidOrderId())));
        }
        run.singleRequests.add(ClosedLoop.sequence("new claim (a new order)", options.lookups(),
                calls::newOrder));
        run.qfpayPayments = standIn.payments() - payments;
        run.qfpayQueries = standIn.queries() - queries;
        run.qfpayRefused = standIn.refused() - refused;

        log("stopping the application");
        run.stopSeconds = app.stop().toNanos() / 1e9;
        run.logWarnings = app.logLines("WARN");
        run.logErrors = app.logLines("ERROR");
        app.keepLog(logFile(app));
        run.storeQueries = StoreQueries.time(app.store(), calls.anyCreated());
        return run;
    }

    /** The first, unmeasured load of a target, at the most clients: the JIT compiles what the rows then measure. */
    private void warmUp(String target, Supplier<Reply.Call> perClient) throws InterruptedException {
        if (!options.firstWarmup().isZero()) {
            log("%s: warming up for %d s", target, options.firstWarmup().toSeconds());
            ClosedLoop.run("warm-up", options.mostClients(), options.firstWarmup(), Duration.ZERO, perClient, null);
        }
    }

    /** The largest load: resident memory sampled throughout, thread dumps taken once the window is measured. */
    private LoadResult loadWatched(AppRun run, ChildApplication app, IntakeCalls calls, int clients) throws Exception {
        List<String> dumps = new ArrayList<>();
        ResidentMemory memory = ResidentMemory.sample(app.pid());
        LoadResult row = ClosedLoop.run("app@" + clients, clients, options.warmup(), options.measure(),
                () -> calls::newOrder, () -> {
                    try {
                        memory.close();
                        for (int i = 0; options.threadDumps() && i < 3; i++) {
                            dumps.add(ThreadDumps.take(app.pid()));
                            Thread.sleep(1000);
                        }
                    } catch (Exception e) {
                        log("thread dump failed: %s", e);
                    }
                });
        memory.close();
        run.loadedRssMb = memory.largestMegabytes();
        run.loadedRssClients = clients;
        if (!dumps.isEmpty()) {
            Files.createDirectories(options.output());
            Files.writeString(options.output().resolve("threads-" + app.storeName().toLowerCase(Locale.ROOT)
                    + ".txt"), String.join("\n\n==========\n\n", dumps), StandardCharsets.UTF_8);
            run.threadSummary = ThreadDumps.summary(dumps, 15);
        }
        return row;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static void log(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
    }
}

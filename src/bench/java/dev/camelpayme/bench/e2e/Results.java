package dev.camelpayme.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The results of one benchmark run: one table (raw client and application, at each client count, with the app/raw
 * ratios), what else each application run measured, the tracking check if run, and the machine it ran on. Printed
 * as markdown and written to target/bench-e2e/results.md and results.json.
 */
final class Results {

    private final BenchOptions options;
    private final String date = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    private final String loadAtStart = loadAverage();
    private final List<LoadResult> raw = new ArrayList<>();
    private final List<AppRun> apps = new ArrayList<>();
    private TrackingResult tracking;
    private double totalSeconds;

    Results(BenchOptions options) {
        this.options = options;
    }

    void addRaw(LoadResult row) {
        raw.add(row);
    }

    void addApp(AppRun run) {
        apps.add(run);
    }

    void setTracking(TrackingResult tracking) {
        this.tracking = tracking;
    }

    boolean anyFailed() {
        return apps.stream().anyMatch(app -> app.failure != null) || tracking != null && tracking.failure != null;
    }

    void finished(double seconds) {
        totalSeconds = seconds;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "End-to-end benchmark, %s: %d s per row after a %d s warm-up (%d s before "
                + "the first row of each target)%s%n%n", date, options.measure().toSeconds(), options.warmup().toSeconds(),
                options.firstWarmup().toSeconds(),
                options.seed() > 0 ? String.format(Locale.ROOT, ", store seeded with %,d orders", options.seed()) : ""));
        md.append("| row | orders/s | p50 ms | p99 ms | errors | app/raw orders/s | p50 - raw p50 (ms) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (LoadResult row : raw) {
            md.append(String.format(Locale.ROOT, "| raw JDK HttpClient, %d client%s | %,.0f | %.2f | %.2f | %d | | |%n",
                    row.clients(), row.clients() == 1 ? "" : "s", row.perSecond(), row.p50Millis(), row.p99Millis(),
                    row.errors()));
        }
        for (AppRun app : apps) {
            for (LoadResult row : app.rows) {
                LoadResult baseline = rawWith(row.clients());
                md.append(String.format(Locale.ROOT, "| camel-payme REST, %s, %d client%s | %,.0f | %.2f | %.2f | %d | %s | %s |%n",
                        app.store, row.clients(), row.clients() == 1 ? "" : "s", row.perSecond(), row.p50Millis(),
                        row.p99Millis(), row.errors(),
                        baseline == null ? "" : String.format(Locale.ROOT, "%.3f", row.perSecond() / baseline.perSecond()),
                        baseline == null ? "" : String.format(Locale.ROOT, "%+.2f", row.p50Millis() - baseline.p50Millis())));
            }
        }
        for (AppRun app : apps) {
            md.append(String.format(Locale.ROOT, "%n**%s store**%n%n", app.store));
            if (app.failure != null) {
                md.append("- FAILED: ").append(app.failure.lines().findFirst().orElse("")).append('\n');
            }
            if (app.seededOrders > 0) {
                md.append(String.format(Locale.ROOT, "- seeded: %,d orders in %.0f s%n", app.seededOrders, app.seedSeconds));
            }
            md.append(String.format(Locale.ROOT, "- startup to routed (first 2xx from the REST intake, from launch): %.2f s", app.startupSeconds));
            if (app.firstAnswer != null && app.firstAnswer.status() != 201) {
                md.append(String.format(Locale.ROOT, "; the port answered from %.2f s, first with HTTP %d; answers before routed: %s",
                        app.firstAnswer.after().toNanos() / 1e9, app.firstAnswer.status(), app.statusesBeforeReady));
            }
            md.append(String.format(Locale.ROOT, "%n- resident memory: %d MB idle after start, at most %d MB under the %d-client load%n",
                    app.idleRssMb, app.loadedRssMb, app.loadedRssClients));
            for (LoadResult single : app.singleRequests) {
                md.append(String.format(Locale.ROOT, "- %s, %d sequential: p50 %.2f ms, p99 %.2f ms, errors %d%n",
                        single.name(), single.completed(), single.p50Millis(), single.p99Millis(), single.errors()));
            }
            if (!app.storeQueries.isEmpty()) {
                md.append("- store queries after the run (median of 5, ms): ");
                List<String> queries = new ArrayList<>();
                app.storeQueries.forEach((query, ms) -> queries.add(String.format(Locale.ROOT, "%s %.2f", query, ms)));
                md.append(String.join("; ", queries)).append('\n');
            }
            md.append(String.format(Locale.ROOT, "- calls at the QFPay stand-in during the run: %,d payments, %,d queries, %,d refused%n",
                    app.qfpayPayments, app.qfpayQueries, app.qfpayRefused));
            md.append(String.format(Locale.ROOT, "- application log: %d WARN, %d ERROR lines; SIGTERM to exit: %.1f s%n",
                    app.logWarnings, app.logErrors, app.stopSeconds));
            if (!app.threadSummary.isEmpty()) {
                md.append(String.format(Locale.ROOT, "- threads with a Camel frame under the %d-client load (per dump, of 3; state, top frame <- first library frame <- first camel-payme frame):%n%n```%n",
                        app.loadedRssClients));
                app.threadSummary.forEach(line -> md.append(line).append('\n'));
                md.append("```\n");
            }
        }
        if (tracking != null) {
            md.append(tracking.markdown());
        }
        md.append(String.format(Locale.ROOT, "%nMachine: %d CPUs (%s), %s; load average at start %s, at end %s. Whole run: %.0f s.%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), javaVersion(), loadAtStart, loadAverage(),
                totalSeconds));
        return md.toString();
    }

    void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("results.md"), markdown(), StandardCharsets.UTF_8);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", date);
        json.put("cpus", Runtime.getRuntime().availableProcessors());
        json.put("cpu_model", cpuModel());
        json.put("java", javaVersion());
        json.put("load_average_at_start", loadAtStart);
        json.put("load_average_at_end", loadAverage());
        json.put("first_warmup_seconds", options.firstWarmup().toSeconds());
        json.put("warmup_seconds", options.warmup().toSeconds());
        json.put("measure_seconds", options.measure().toSeconds());
        json.put("seed", options.seed());
        json.put("tracking_orders", options.tracking());
        json.put("total_seconds", AppRun.round(totalSeconds));
        json.put("raw", raw.stream().map(LoadResult::toMap).toList());
        json.put("apps", apps.stream().map(AppRun::toMap).toList());
        if (tracking != null) {
            json.put("tracking", tracking.toMap());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(directory.resolve("results.json").toFile(), json);
    }

    private LoadResult rawWith(int clients) {
        return raw.stream().filter(r -> r.clients() == clients).findFirst().orElse(null);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String javaVersion() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }
}

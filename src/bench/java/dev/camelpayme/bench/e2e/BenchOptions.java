package dev.camelpayme.bench.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's options, from system properties (the {@code bench-e2e} Maven profile passes each one on).
 *
 * @param firstWarmup load before the first row of each target (the raw client, each application run), not counted:
 *                    on a shared 2-core machine the JIT needs tens of seconds before the numbers settle
 * @param warmup      load before each measured row, not counted
 * @param measure     how long each row is measured
 * @param clients     the concurrent closed-loop clients of each row (1 and 8 by default)
 * @param seed        orders written into the store before the application starts (0: an empty store)
 * @param tracking    CREATED orders of the tracking check, a run of its own at the shipped tracking interval and rate
 *                    limit (0: no tracking check)
 * @param lookups     sequential requests of each single-request timing (repeat lookup, new claim)
 * @param threadDumps whether to take thread dumps of the application under the largest load
 * @param project     the project root: its target/ holds the packaged application, and the results are written there
 * @param postgresUrl a PostgreSQL database the benchmark may wipe, or null: then only the H2 store is measured
 */
record BenchOptions(Duration firstWarmup, Duration warmup, Duration measure, List<Integer> clients, int seed,
                    int tracking, int lookups, boolean threadDumps, Path project, String postgresUrl) {

    static final String POSTGRES_VARIABLE = "PAYME_BENCH_POSTGRES_URL";

    static BenchOptions fromSystemProperties() {
        String postgres = System.getenv(POSTGRES_VARIABLE);
        return new BenchOptions(
                Duration.ofSeconds(Long.getLong("bench.first-warmup", 30)),
                Duration.ofSeconds(Long.getLong("bench.warmup", 5)),
                Duration.ofSeconds(Long.getLong("bench.seconds", 10)),
                Arrays.stream(System.getProperty("bench.clients", "1,8").split("\\s*,\\s*")).map(Integer::valueOf)
                        .toList(),
                Integer.getInteger("bench.seed", 0),
                Integer.getInteger("bench.tracking", 0),
                Integer.getInteger("bench.lookups", 500),
                Boolean.parseBoolean(System.getProperty("bench.thread-dumps", "true")),
                Path.of(System.getProperty("bench.project", ".")).toAbsolutePath().normalize(),
                postgres == null || postgres.isBlank() ? null : postgres.trim());
    }

    Path output() {
        return project.resolve("target").resolve("bench-e2e");
    }

    int mostClients() {
        return clients.stream().mapToInt(Integer::intValue).max().orElse(1);
    }
}

package dev.camelpayme.bench.e2e;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The shipped tracking settings and merchant rate limit, read from the project's application.properties: the
 * tracking check runs the application with these, and judges its calls against them.
 */
record ShippedTracking(long intervalMillis, long deadlineMillis, long graceMillis, int perSecond, int perMinute) {

    static ShippedTracking read(Path project) throws IOException {
        Properties shipped = new Properties();
        try (Reader in = Files.newBufferedReader(project.resolve("application.properties"), StandardCharsets.UTF_8)) {
            shipped.load(in);
        }
        return new ShippedTracking(Long.parseLong(shipped.getProperty("payme.tracking.interval-ms").trim()),
                Long.parseLong(shipped.getProperty("payme.tracking.deadline-ms").trim()),
                Long.parseLong(shipped.getProperty("payme.tracking.grace-ms").trim()),
                Integer.parseInt(shipped.getProperty("payme.rate-limit.per-second").trim()),
                Integer.parseInt(shipped.getProperty("payme.rate-limit.per-minute").trim()));
    }
}

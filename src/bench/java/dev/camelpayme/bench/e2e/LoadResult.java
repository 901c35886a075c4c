package dev.camelpayme.bench.e2e;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured row: how many requests completed inside the measured window, how many of them failed, and their
 * latencies (sorted, nanoseconds).
 */
record LoadResult(String name, int clients, double seconds, long[] sortedNanos, long errors,
                  Map<Integer, Long> statuses, String firstError) {

    long completed() {
        return sortedNanos.length;
    }

    /** Requests that succeeded, per second of the measured window. */
    double perSecond() {
        return (completed() - errors) / seconds;
    }

    double p50Millis() {
        return percentileMillis(0.50);
    }

    double p99Millis() {
        return percentileMillis(0.99);
    }

    double percentileMillis(double quantile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(quantile * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, index)] / 1_000_000.0;
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("clients", clients);
        map.put("seconds", seconds);
        map.put("completed", completed());
        map.put("errors", errors);
        map.put("orders_per_second", Math.round(perSecond() * 10) / 10.0);
        map.put("p50_ms", Math.round(p50Millis() * 1000) / 1000.0);
        map.put("p99_ms", Math.round(p99Millis() * 1000) / 1000.0);
        map.put("statuses", statuses);
        if (firstError != null) {
            map.put("first_error", firstError);
        }
        return map;
    }
}

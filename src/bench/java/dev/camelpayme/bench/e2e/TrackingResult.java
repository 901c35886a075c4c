package dev.camelpayme.bench.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What the tracking check measured (issue 9: tracking N CREATED orders within QFPay's limits, payments by query). */
final class TrackingResult {

    /** One tracking cycle as the stand-in saw it; seconds since the application was routed. */
    record Cycle(double startSeconds, int calls, int syssns, int mostSyssnsInACall, double callsSeconds) {
    }

    /**
     * One payment: the order paid at the stand-in in cycle {@code paidInCycle} (1 = the first), that many seconds
     * after the cycle's first call; its PAID outcome file appeared {@code latencySeconds} later (-1: never), in cycle
     * {@code seenInCycle}.
     */
    record Payment(String orderId, int paidInCycle, double secondsIntoCycle, double latencySeconds, int seenInCycle,
                   boolean outcomePaid) {
        boolean seen() {
            return latencySeconds >= 0;
        }
    }

    final int orders;
    final ShippedTracking shipped;
    final List<Cycle> cycles = new ArrayList<>();
    final List<Payment> payments = new ArrayList<>();
    List<String> failedQueryLines = List.of();
    double seedSeconds;
    double startupSeconds;
    long paymentCalls;
    long queryCalls;
    long refusedCalls;
    int mostCallsInAMinute;
    int mostCallsInASecond;
    int callsOverPerMinute;
    int callsOverPerSecond;
    /** The application's CPU seconds in the first half of a cycle period (the cycle's work) and the second (idle). */
    double cpuFirstHalfSeconds = -1;
    double cpuSecondHalfSeconds = -1;
    /** The tracker's own store work after a cycle's calls, timed on the store left behind (ms, median of 3). */
    double overdueMillis = -1;
    long logWarnings;
    long logErrors;
    double stopSeconds;
    /** Why the check ended early or failed, or null. */
    String failure;

    TrackingResult(int orders, ShippedTracking shipped) {
        this.orders = orders;
        this.shipped = shipped;
    }

    double maxLatencySeconds() {
        return payments.stream().filter(Payment::seen).mapToDouble(Payment::latencySeconds).max().orElse(-1);
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("store", "H2");
        if (failure != null) {
            map.put("failure", failure);
        }
        map.put("created_orders", orders);
        map.put("tracking_interval_ms", shipped.intervalMillis());
        map.put("rate_limit_per_second", shipped.perSecond());
        map.put("rate_limit_per_minute", shipped.perMinute());
        map.put("seed_seconds", AppRun.round(seedSeconds));
        map.put("startup_to_routed_seconds", AppRun.round(startupSeconds));
        map.put("cycles", cycles.stream().map(c -> {
            Map<String, Object> cycle = new LinkedHashMap<>();
            cycle.put("start_seconds", AppRun.round(c.startSeconds()));
            cycle.put("query_calls", c.calls());
            cycle.put("syssns", c.syssns());
            cycle.put("most_syssns_in_a_call", c.mostSyssnsInACall());
            cycle.put("calls_seconds", AppRun.round(c.callsSeconds()));
            return cycle;
        }).toList());
        map.put("qfpay_payment_calls", paymentCalls);
        map.put("qfpay_query_calls", queryCalls);
        map.put("qfpay_refused_calls", refusedCalls);
        map.put("most_calls_in_any_60s", mostCallsInAMinute);
        map.put("most_calls_in_any_1s", mostCallsInASecond);
        map.put("calls_over_per_minute_limit", callsOverPerMinute);
        map.put("calls_over_per_second_limit", callsOverPerSecond);
        map.put("app_cpu_seconds_first_half_of_cycle_period", AppRun.round(cpuFirstHalfSeconds));
        map.put("app_cpu_seconds_second_half_of_cycle_period", AppRun.round(cpuSecondHalfSeconds));
        map.put("tracker_overdue_ms", AppRun.round(overdueMillis));
        map.put("payments", payments.stream().map(p -> {
            Map<String, Object> payment = new LinkedHashMap<>();
            payment.put("order_id", p.orderId());
            payment.put("paid_in_cycle", p.paidInCycle());
            payment.put("seconds_into_cycle", AppRun.round(p.secondsIntoCycle()));
            payment.put("latency_seconds", p.seen() ? AppRun.round(p.latencySeconds()) : null);
            payment.put("seen_in_cycle", p.seen() ? p.seenInCycle() : null);
            payment.put("outcome_file_says_paid", p.outcomePaid());
            return payment;
        }).toList());
        map.put("max_latency_seconds", AppRun.round(maxLatencySeconds()));
        map.put("failed_tracking_query_log_lines", failedQueryLines.size());
        map.put("log_warn_lines", logWarnings);
        map.put("log_error_lines", logErrors);
        map.put("stop_seconds", AppRun.round(stopSeconds));
        return map;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%n**Tracking %,d CREATED orders** (H2 store; shipped "
                + "payme.tracking.interval-ms %d and rate limit %d a second, %d a minute; no notifications: a payment "
                + "is seen by query only)%n%n", orders, shipped.intervalMillis(), shipped.perSecond(),
                shipped.perMinute()));
        if (failure != null) {
            md.append("- FAILED: ").append(failure.lines().findFirst().orElse("")).append('\n');
        }
        md.append(String.format(Locale.ROOT, "- seeded in %.1f s; startup to routed %.2f s%n", seedSeconds,
                startupSeconds));
        if (!cycles.isEmpty()) {
            md.append(String.format(Locale.ROOT, "- %d cycles; query calls per cycle: %s; syssn per cycle: %s; at most "
                    + "%d syssn in a call; a cycle's calls took %s s; cycles started at %s s after routed%n",
                    cycles.size(), join(cycles, c -> Integer.toString(c.calls())),
                    join(cycles, c -> String.format(Locale.ROOT, "%,d", c.syssns())),
                    cycles.stream().mapToInt(Cycle::mostSyssnsInACall).max().orElse(0),
                    join(cycles, c -> String.format(Locale.ROOT, "%.2f", c.callsSeconds())),
                    join(cycles, c -> String.format(Locale.ROOT, "%.1f", c.startSeconds()))));
        }
        md.append(String.format(Locale.ROOT, "- calls at the stand-in: %,d queries, %,d payments, %,d refused; at most "
                + "%d in any 60 s (limit %d) and %d in any 1 s (limit %d); calls over either limit: %d; tracking "
                + "queries the application logged as failed: %d%n", queryCalls, paymentCalls, refusedCalls,
                mostCallsInAMinute, shipped.perMinute(), mostCallsInASecond, shipped.perSecond(),
                callsOverPerMinute + callsOverPerSecond, failedQueryLines.size()));
        if (cpuFirstHalfSeconds >= 0) {
            md.append(String.format(Locale.ROOT, "- application CPU time (all its threads) per cycle period, on "
                    + "average: %.2f s in the first half (the cycle's work), %.2f s in the second (idle)%n",
                    cpuFirstHalfSeconds, cpuSecondHalfSeconds));
        }
        if (overdueMillis >= 0) {
            md.append(String.format(Locale.ROOT, "- the tracker's deadline pass over the CREATED orders after each "
                    + "cycle's calls (PaymentTracker.overdue(), none due), timed on the store left behind: %.0f ms%n",
                    overdueMillis));
        }
        md.append("\n| payment | paid in cycle | seconds into the cycle | paid at the stand-in -> PAID outcome file (s) "
                + "| seen in cycle |\n|---|---:|---:|---:|---:|\n");
        for (Payment p : payments) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %s | %s |%n", p.orderId(), p.paidInCycle(),
                    p.secondsIntoCycle(), p.seen() ? String.format(Locale.ROOT, "%.2f", p.latencySeconds())
                            + (p.outcomePaid() ? "" : " (file not PAID)") : "not seen",
                    p.seen() ? Integer.toString(p.seenInCycle()) : ""));
        }
        md.append(String.format(Locale.ROOT, "%n- largest latency: %.2f s; application log: %d WARN, %d ERROR lines; "
                + "SIGTERM to exit: %.1f s%n", maxLatencySeconds(), logWarnings, logErrors, stopSeconds));
        return md.toString();
    }

    private static String join(List<Cycle> cycles, Function<Cycle, String> each) {
        return cycles.stream().map(each).collect(Collectors.joining(", "));
    }
}

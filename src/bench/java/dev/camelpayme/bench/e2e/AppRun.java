package dev.camelpayme.bench.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one run of the application measured, on one store. */
final class AppRun {

    final String store;
    final List<LoadResult> rows = new ArrayList<>();
    final List<LoadResult> singleRequests = new ArrayList<>();
    Map<String, Double> storeQueries = Map.of();
    List<String> threadSummary = List.of();
    int seededOrders;
    double seedSeconds;
    double startupSeconds;
    ChildApplication.Answered firstAnswer;
    List<Integer> statusesBeforeReady = List.of();
    long idleRssMb;
    long loadedRssMb;
    int loadedRssClients;
    long qfpayPayments;
    long qfpayQueries;
    long qfpayRefused;
    long logWarnings;
    long logErrors;
    double stopSeconds;
    /** Why this run ended early, or null. */
    String failure;

    AppRun(String store) {
        this.store = store;
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("store", store);
        if (failure != null) {
            map.put("failure", failure);
        }
        map.put("seeded_orders", seededOrders);
        map.put("seed_seconds", round(seedSeconds));
        map.put("startup_to_routed_seconds", round(startupSeconds));
        if (firstAnswer != null) {
            map.put("first_answer_status", firstAnswer.status());
            map.put("first_answer_seconds", round(firstAnswer.after().toNanos() / 1e9));
        }
        map.put("statuses_before_routed", statusesBeforeReady);
        map.put("idle_rss_mb", idleRssMb);
        map.put("max_rss_mb_under_load", loadedRssMb);
        map.put("max_rss_load_clients", loadedRssClients);
        map.put("rows", rows.stream().map(LoadResult::toMap).toList());
        map.put("single_requests", singleRequests.stream().map(LoadResult::toMap).toList());
        map.put("store_queries_ms", storeQueries);
        map.put("qfpay_payment_calls", qfpayPayments);
        map.put("qfpay_query_calls", qfpayQueries);
        map.put("qfpay_refused_calls", qfpayRefused);
        map.put("log_warn_lines", logWarnings);
        map.put("log_error_lines", logErrors);
        map.put("stop_seconds", round(stopSeconds));
        map.put("thread_dump_summary", threadSummary);
        return map;
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}

package dev.camelpayme.bench.e2e;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The calls a QFPay stand-in received while it kept a log: when each arrived ({@link System#nanoTime()}), whether it
 * was a query, and how many syssn it asked for. Grouped afterwards into the application's tracking cycles.
 */
final class CallLog {

    /** One call as it arrived. */
    record Call(long atNanos, boolean query, int syssns) {
    }

    /** One tracking cycle: consecutive query calls, each less than the gap after the one before. */
    record Cycle(long startNanos, long endNanos, int calls, int syssns, int mostSyssnsInACall) {
    }

    private final List<Call> calls = new ArrayList<>();

    synchronized void add(Call call) {
        calls.add(call);
    }

    /** In order of arrival (the stand-in's workers add them concurrently). */
    synchronized List<Call> calls() {
        return calls.stream().sorted(Comparator.comparingLong(Call::atNanos)).toList();
    }

    /** The arrival of every call, queries and payments alike (QFPay's limits count them together), in order. */
    long[] arrivals() {
        return calls().stream().mapToLong(Call::atNanos).sorted().toArray();
    }

    /** The query calls grouped into cycles: a new cycle starts at a query more than {@code gapNanos} after the last. */
    List<Cycle> cycles(long gapNanos) {
        List<Cycle> cycles = new ArrayList<>();
        long start = 0;
        long end = 0;
        int count = 0;
        int syssns = 0;
        int most = 0;
        for (Call call : calls()) {
            if (!call.query()) {
                continue;
            }
            if (count > 0 && call.atNanos() - end > gapNanos) {
                cycles.add(new Cycle(start, end, count, syssns, most));
                count = 0;
                syssns = 0;
                most = 0;
            }
            if (count == 0) {
                start = call.atNanos();
            }
            end = call.atNanos();
            count++;
            syssns += call.syssns();
            most = Math.max(most, call.syssns());
        }
        if (count > 0) {
            cycles.add(new Cycle(start, end, count, syssns, most));
        }
        return cycles;
    }

    /** The arrival of the last query call, or -1 before the first. */
    synchronized long lastQueryNanos() {
        return calls.stream().filter(Call::query).mapToLong(Call::atNanos).max().orElse(-1);
    }

    /** The most calls that arrived within any window of this length (sorted arrivals). */
    static int mostWithin(long[] arrivals, long windowNanos) {
        int most = 0;
        for (int first = 0, last = 0; last < arrivals.length; last++) {
            while (arrivals[last] - arrivals[first] >= windowNanos) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }

    /** Calls that found {@code limit} calls or more already within the window before them: over the limit. */
    static int overLimit(long[] arrivals, long windowNanos, int limit) {
        int over = 0;
        for (int first = 0, last = 0; last < arrivals.length; last++) {
            while (arrivals[last] - arrivals[first] >= windowNanos) {
                first++;
            }
            if (last - first + 1 > limit) {
                over++;
            }
        }
        return over;
    }
}

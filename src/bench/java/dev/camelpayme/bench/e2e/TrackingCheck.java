package dev.camelpayme.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.camelpayme.app.PaymeJson;
import dev.camelpayme.app.payment.OutcomeStatus;
import dev.camelpayme.app.payment.PaymentOutcome;

/**
 * Issue 9's tracking claim, measured on a running application whose store holds N CREATED orders (seeded) and whose
 * tracking interval and rate limit are the shipped ones: the stand-in logs every call, and at a random moment of
 * each of the first {@link #PAYMENTS} cycles one seeded order, drawn at random, becomes paid there. No notification
 * is ever sent, so only the application's tracking queries can find it; its latency runs from that moment to the
 * appearance of the order's PAID outcome file. The check ends once every payment is seen (or overdue) and
 * {@link #CYCLES} cycles are over.
 */
final class TrackingCheck {

    static final int PAYMENTS = 3;
    static final int CYCLES = PAYMENTS + 2;
    private static final long TICK_MILLIS = 10;

    private final QfpayStandIn standIn;
    private final ChildApplication app;
    private final CallLog calls;
    private final ProcessCpu cpu;
    private final TrackingResult result;
    private final long intervalNanos;
    // a cycle's calls follow each other within milliseconds; cycles are an interval apart
    private final long gapNanos;
    private final List<Watched> watched = new ArrayList<>();

    /** A paid order: when it became paid at the stand-in, and when its PAID outcome file appeared (0: not yet). */
    private static final class Watched {
        final int index;
        final Path file;
        final long paidAt;
        final int paidInCycle;
        final long cycleStart;
        long seenAt;

        Watched(int index, Path file, long paidAt, int paidInCycle, long cycleStart) {
            this.index = index;
            this.file = file;
            this.paidAt = paidAt;
            this.paidInCycle = paidInCycle;
            this.cycleStart = cycleStart;
        }
    }

    TrackingCheck(QfpayStandIn standIn, ChildApplication app, CallLog calls, ProcessCpu cpu, TrackingResult result) {
        this.standIn = standIn;
        this.app = app;
        this.calls = calls;
        this.cpu = cpu;
        this.result = result;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(result.shipped.intervalMillis());
        this.gapNanos = intervalNanos / 3;
    }

    /** From the moment the application is routed: the payments, then the cycles' calls, into the result. */
    void run(long routedAt) throws InterruptedException, IOException {
        int[] picks = ThreadLocalRandom.current().ints(0, result.orders).distinct()
                .limit(Math.min(PAYMENTS, result.orders)).toArray();
        for (int p = 0; p < picks.length; p++) {
            int cycle = p + 1;
            long cycleStart = awaitCycle(cycle, routedAt + (cycle + 1) * intervalNanos + gapNanos);
            long payAt = cycleStart + ThreadLocalRandom.current().nextLong(intervalNanos);
            pauseUntil(() -> System.nanoTime() >= payAt, payAt + intervalNanos);
            int i = picks[p];
            long paidAt = standIn.pay(StoreSeeder.syssn(i), StoreSeeder.outTradeNo(i));
            log("%s paid at the stand-in, %.1f s into cycle %d", StoreSeeder.orderId(i),
                    (paidAt - cycleStart) / 1e9, cycle);
            watched.add(new Watched(i, app.paidOutcome(StoreSeeder.outTradeNo(i)), paidAt, cycle, cycleStart));
        }
        long lastPaid = watched.get(watched.size() - 1).paidAt;
        if (!pauseUntil(() -> watched.stream().allMatch(w -> w.seenAt != 0), lastPaid + 3 * intervalNanos)) {
            result.failure = "a payment's PAID outcome did not appear within " + 3 * intervalNanos / 1_000_000_000
                    + " s of the payment";
        }
        long cyclesOver = routedAt + (CYCLES + 2) * intervalNanos;
        pauseUntil(() -> calls.cycles(gapNanos).size() >= CYCLES
                && System.nanoTime() - calls.lastQueryNanos() > gapNanos, cyclesOver);
        summarize(routedAt, calls.cycles(gapNanos));
    }

    /**
     * The application's CPU seconds in the first and in the second half of each whole cycle period (one cycle's start
     * to the next's), on average: the cycle's work falls in the first half, the second is the idle application.
     */
    private double[] cpuByHalf(List<CallLog.Cycle> cycles) {
        double first = 0;
        double second = 0;
        int periods = 0;
        for (int c = 0; c + 1 < cycles.size(); c++) {
            long start = cycles.get(c).startNanos();
            long half = start + intervalNanos / 2;
            long next = cycles.get(c + 1).startNanos();
            double a = cpu.between(start, half);
            double b = cpu.between(half, next);
            if (a >= 0 && b >= 0) {
                first += a;
                second += b;
                periods++;
            }
        }
        return periods == 0 ? null : new double[] { first / periods, second / periods };
    }

    private void summarize(long routedAt, List<CallLog.Cycle> cycles) throws IOException {
        double[] halves = cpuByHalf(cycles);
        if (halves != null) {
            result.cpuFirstHalfSeconds = halves[0];
            result.cpuSecondHalfSeconds = halves[1];
        }
        for (CallLog.Cycle cycle : cycles) {
            result.cycles.add(new TrackingResult.Cycle((cycle.startNanos() - routedAt) / 1e9, cycle.calls(),
                    cycle.syssns(), cycle.mostSyssnsInACall(), (cycle.endNanos() - cycle.startNanos()) / 1e9));
        }
        for (Watched w : watched) {
            boolean seen = w.seenAt != 0;
            result.payments.add(new TrackingResult.Payment(StoreSeeder.orderId(w.index), w.paidInCycle,
                    (w.paidAt - w.cycleStart) / 1e9, seen ? (w.seenAt - w.paidAt) / 1e9 : -1,
                    seen ? cycleAt(cycles, w.seenAt) : 0, seen && isPaidOutcome(w)));
        }
        List<CallLog.Call> all = calls.calls();
        result.queryCalls = all.stream().filter(CallLog.Call::query).count();
        result.paymentCalls = all.size() - result.queryCalls;
        long[] arrivals = calls.arrivals();
        long second = TimeUnit.SECONDS.toNanos(1);
        long minute = TimeUnit.MINUTES.toNanos(1);
        result.mostCallsInASecond = CallLog.mostWithin(arrivals, second);
        result.mostCallsInAMinute = CallLog.mostWithin(arrivals, minute);
        result.callsOverPerSecond = CallLog.overLimit(arrivals, second, result.shipped.perSecond());
        result.callsOverPerMinute = CallLog.overLimit(arrivals, minute, result.shipped.perMinute());
    }

    /** The number (from 1) of the last cycle that started at or before this moment. */
    private static int cycleAt(List<CallLog.Cycle> cycles, long at) {
        int number = 0;
        for (int c = 0; c < cycles.size() && cycles.get(c).startNanos() <= at; c++) {
            number = c + 1;
        }
        return number;
    }

    private boolean isPaidOutcome(Watched w) throws IOException {
        PaymentOutcome outcome = PaymeJson.read(Files.readString(w.file, StandardCharsets.UTF_8),
                PaymentOutcome.class);
        return outcome.getOutcome() == OutcomeStatus.PAID && StoreSeeder.orderId(w.index).equals(outcome.getOrderId());
    }

    /** The moment the given cycle (from 1) started: its first query call at the stand-in. */
    private long awaitCycle(int cycle, long deadline) throws InterruptedException {
        if (!pauseUntil(() -> calls.cycles(gapNanos).size() >= cycle, deadline)) {
            throw new IllegalStateException("tracking cycle " + cycle + " did not start in time: "
                    + calls.cycles(gapNanos).size() + " cycles seen");
        }
        return calls.cycles(gapNanos).get(cycle - 1).startNanos();
    }

    /** Waits until the condition holds (true) or the deadline passes (false), looking for paid outcomes meanwhile. */
    private boolean pauseUntil(BooleanSupplier condition, long deadline) throws InterruptedException {
        while (true) {
            lookForPaidOutcomes();
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            if (!app.alive()) {
                throw new IllegalStateException("the application stopped during the tracking check");
            }
            Thread.sleep(TICK_MILLIS);
        }
    }

    private void lookForPaidOutcomes() {
        for (Watched w : watched) {
            if (w.seenAt == 0 && Files.exists(w.file)) {
                w.seenAt = System.nanoTime();
                log("%s: PAID outcome after %.2f s", StoreSeeder.orderId(w.index), (w.seenAt - w.paidAt) / 1e9);
            }
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
    }
}

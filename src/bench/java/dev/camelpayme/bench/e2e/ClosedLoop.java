package dev.camelpayme.bench.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Closed-loop load: each client sends its next request as soon as its previous one is answered. Only requests that
 * start and end inside the measured window count, so neither the warm-up nor the stop skews a row.
 */
final class ClosedLoop {

    private ClosedLoop() {
    }

    /**
     * @param perClient   makes each client's call
     * @param afterWindow run once the measured window is over, while the clients still load the target (thread dumps
     *                    are taken there, so they do not disturb the numbers); may be null
     */
    static LoadResult run(String name, int clients, Duration warmup, Duration measure, Supplier<Reply.Call> perClient,
                          Runnable afterWindow) throws InterruptedException {
        long measureStart = System.nanoTime() + warmup.toNanos();
        long measureEnd = measureStart + measure.toNanos();
        AtomicBoolean stop = new AtomicBoolean();
        List<Recorder> recorders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Recorder recorder = new Recorder();
            Reply.Call call = perClient.get();
            recorders.add(recorder);
            threads.add(new Thread(() -> {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    Reply reply = recorder.send(call);
                    long end = System.nanoTime();
                    if (start >= measureStart && end <= measureEnd) {
                        recorder.record(end - start, reply);
                    }
                }
            }, "bench-client-" + i));
        }
        threads.forEach(Thread::start);
        sleepUntil(measureEnd);
        if (afterWindow != null) {
            afterWindow.run();
        }
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        return Recorder.merge(name, clients, measure.toNanos() / 1e9, recorders);
    }

    /** {@code count} requests one after the other: the latency of a single request, the target otherwise idle. */
    static LoadResult sequence(String name, int count, Reply.Call call) {
        Recorder recorder = new Recorder();
        long begin = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            Reply reply = recorder.send(call);
            recorder.record(System.nanoTime() - start, reply);
        }
        return Recorder.merge(name, 1, (System.nanoTime() - begin) / 1e9, List.of(recorder));
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }

    /** One client's measurements; only its own thread writes them. */
    private static final class Recorder {

        private long[] nanos = new long[4096];
        private int size;
        private long errors;
        private final Map<Integer, Long> statuses = new TreeMap<>();
        private String firstError;

        Reply send(Reply.Call call) {
            try {
                return call.call();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Reply.failed();
            } catch (Exception e) {
                if (firstError == null) {
                    firstError = e.toString();
                }
                return Reply.failed();
            }
        }

        void record(long latency, Reply reply) {
            if (size == nanos.length) {
                nanos = Arrays.copyOf(nanos, size * 2);
            }
            nanos[size++] = latency;
            statuses.merge(reply.status(), 1L, Long::sum);
            if (!reply.ok()) {
                errors++;
            }
        }

        static LoadResult merge(String name, int clients, double seconds, List<Recorder> recorders) {
            long[] all = new long[recorders.stream().mapToInt(r -> r.size).sum()];
            int at = 0;
            long errors = 0;
            Map<Integer, Long> statuses = new TreeMap<>();
            String firstError = null;
            for (Recorder r : recorders) {
                System.arraycopy(r.nanos, 0, all, at, r.size);
                at += r.size;
                errors += r.errors;
                r.statuses.forEach((status, n) -> statuses.merge(status, n, Long::sum));
                firstError = firstError != null ? firstError : r.firstError;
            }
            Arrays.sort(all);
            return new LoadResult(name, clients, seconds, all, errors, statuses, firstError);
        }
    }
}

package dev.camelpayme.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The CPU time a process used (user plus system, /proc/<pid>/stat, Linux), sampled every 100 ms until closed. */
final class ProcessCpu implements AutoCloseable {

    // the clock tick of /proc/<pid>/stat (USER_HZ): 100 on every common kernel
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    private record Sample(long atNanos, double cpuSeconds) {
    }

    private final long pid;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean stopped;

    private ProcessCpu(long pid) {
        this.pid = pid;
        this.sampler = new Thread(this::sample, "bench-cpu-sampler");
        sampler.setDaemon(true);
    }

    static ProcessCpu sample(long pid) {
        ProcessCpu cpu = new ProcessCpu(pid);
        cpu.sampler.start();
        return cpu;
    }

    /** CPU seconds used between two moments ({@link System#nanoTime()}), from the samples nearest to them; -1 if none. */
    synchronized double between(long fromNanos, long toNanos) {
        Sample from = nearest(fromNanos);
        Sample to = nearest(toNanos);
        return from == null || to == null ? -1 : to.cpuSeconds() - from.cpuSeconds();
    }

    private Sample nearest(long atNanos) {
        Sample best = null;
        for (Sample s : samples) {
            if (best == null || Math.abs(s.atNanos() - atNanos) < Math.abs(best.atNanos() - atNanos)) {
                best = s;
            }
        }
        return best;
    }

    /** User and system CPU time of the process so far, -1 where /proc cannot tell. */
    static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the fields after the command name, which may hold spaces: state is the 3rd field, utime the 14th
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    private void sample() {
        while (!stopped) {
            double seconds = seconds(pid);
            if (seconds >= 0) {
                synchronized (this) {
                    samples.add(new Sample(System.nanoTime(), seconds));
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        sampler.join();
    }
}

package dev.camelpayme.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** The resident memory of a process (VmRSS in /proc, Linux), sampled while it is under load; the largest kept. */
final class ResidentMemory implements AutoCloseable {

    private final long pid;
    private final AtomicLong largestKb = new AtomicLong();
    private final Thread sampler;
    private volatile boolean stopped;

    private ResidentMemory(long pid) {
        this.pid = pid;
        this.sampler = new Thread(this::sample, "bench-rss-sampler");
        sampler.setDaemon(true);
    }

    /** Samples every 100 ms until closed. */
    static ResidentMemory sample(long pid) {
        ResidentMemory memory = new ResidentMemory(pid);
        memory.sampler.start();
        return memory;
    }

    /** The resident set now, in kB; -1 where /proc cannot tell. */
    static long kilobytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException gone) {
            return -1;
        }
        return -1;
    }

    long largestMegabytes() {
        return largestKb.get() / 1024;
    }

    private void sample() {
        while (!stopped) {
            largestKb.accumulateAndGet(kilobytes(pid), Math::max);
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

package dev.camelpayme.app.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a probe of a remote resource on a thread of its own and waits for it at most {@code timeout}: a lost
 * database or broker may make a connection attempt hang (a connection pool waits for its whole connection timeout),
 * and a health check must answer quickly. While one probe still hangs, the next call waits on that one instead of
 * starting another, so probes never pile up.
 */
final class BoundedProbe {

    /** A probe: returns normally when the resource works, throws when it does not. */
    interface Probe {
        void run() throws Exception;
    }

    private final String name;
    private final Probe probe;
    private final Duration timeout;
    private CompletableFuture<Void> running;

    BoundedProbe(String name, Probe probe, Duration timeout) {
        this.name = name;
        this.probe = probe;
        this.timeout = timeout;
    }

    /** Empty when the resource works; otherwise why not, in a few words (an exception's class, never its message). */
    String check() {
        CompletableFuture<Void> current = current();
        try {
            current.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException slow) {
            return "no answer within " + timeout.toMillis() + " ms";
        } catch (ExecutionException failed) {
            return failed.getCause().getClass().getSimpleName();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private synchronized CompletableFuture<Void> current() {
        if (running == null || running.isDone()) {
            running = new CompletableFuture<>();
            CompletableFuture<Void> result = running;
            Thread thread = new Thread(() -> {
                try {
                    probe.run();
                    result.complete(null);
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            }, "payme-health-" + name);
            thread.setDaemon(true);
            thread.start();
        }
        return running;
    }
}

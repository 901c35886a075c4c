package dev.camelpayme.app.health;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a probe of a remote resource on a thread of its own, so that a health check never holds its caller (Camel's
 * management server calls the checks on a Vert.x event loop) for long: a lost database or broker may make a
 * connection attempt hang, a pool waiting its whole connection timeout. The caller waits for a fresh probe at most
 * {@link #QUICK_WAIT}; past that it gets the last finished probe's result, until the probe under way has taken
 * {@code timeout}: then the resource counts as lost. While a probe runs no other starts, so probes never pile up.
 */
final class BoundedProbe {

    /** How long a caller waits for a fresh probe before it is answered with the last one's result. */
    static final Duration QUICK_WAIT = Duration.ofMillis(200);

    /** A probe: returns normally when the resource works, throws when it does not. */
    interface Probe {
        void run() throws Exception;
    }

    private record Run(CompletableFuture<Optional<String>> result, long startedNanos) {
    }

    private final String name;
    private final Probe probe;
    private final Duration timeout;
    private Run running;
    private volatile Optional<String> last = Optional.of("not probed yet");

    BoundedProbe(String name, Probe probe, Duration timeout) {
        this.name = name;
        this.probe = probe;
        this.timeout = timeout;
    }

    /** Empty when the resource works; otherwise why not, in a few words (an exception's class, never its message). */
    Optional<String> check() {
        Run run = current();
        try {
            return run.result().get(Math.min(QUICK_WAIT.toMillis(), timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            boolean overdue = System.nanoTime() - run.startedNanos() >= timeout.toNanos();
            return overdue ? Optional.of("no answer within " + timeout.toMillis() + " ms") : last;
        } catch (ExecutionException unexpected) {
            return Optional.of(unexpected.getCause().getClass().getSimpleName());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    private synchronized Run current() {
        if (running == null || running.result().isDone()) {
            Run run = new Run(new CompletableFuture<>(), System.nanoTime());
            Thread thread = new Thread(() -> {
                Optional<String> outcome;
                try {
                    probe.run();
                    outcome = Optional.empty();
                } catch (Throwable failed) {
                    outcome = Optional.of(failed.getClass().getSimpleName());
                }
                last = outcome;
                run.result().complete(outcome);
            }, "payme-health-" + name);
            thread.setDaemon(true);
            running = run;
            thread.start();
        }
        return running;
    }
}

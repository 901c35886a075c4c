package dev.camelpayme.app.metrics;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A value that is costly or slow to learn (a count in the store, a queue's depth at the broker), read without ever
 * waiting: a read returns the last value learnt and, once that is older than {@code maxAgeMillis}, starts learning
 * it again on a thread of its own. Prometheus scrapes run on the management server's event loop, and a lost database
 * can hold a connection attempt for the pool's whole timeout.
 */
final class RefreshedInBackground<T> {

    private final String name;
    private final Supplier<T> source;
    private final Clock clock;
    private final long maxAgeMillis;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile T value;
    private volatile long learntAt = Long.MIN_VALUE;

    /** @param unknown what a read returns before the value was first learnt */
    RefreshedInBackground(String name, Supplier<T> source, T unknown, Clock clock, long maxAgeMillis) {
        this.name = name;
        this.source = source;
        this.value = unknown;
        this.clock = clock;
        this.maxAgeMillis = maxAgeMillis;
    }

    T get() {
        long now = clock.millis();
        if ((learntAt == Long.MIN_VALUE || now - learntAt >= maxAgeMillis) && refreshing.compareAndSet(false, true)) {
            Thread thread = new Thread(this::refresh, "payme-metrics-" + name);
            thread.setDaemon(true);
            thread.start();
        }
        return value;
    }

    private void refresh() {
        try {
            value = source.get();
            learntAt = clock.millis();
        } finally {
            refreshing.set(false);
        }
    }
}

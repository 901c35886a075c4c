package dev.camelpayme.app.metrics;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One gauge per dead-letter queue: the messages on it now (payme.orders.DLQ, where a JMS order goes after its
 * redeliveries, and the broker's own DLQ). Any message there needs a person. The depth is asked of the broker at most
 * once per {@code cacheMillis} per queue, in the background (a scrape never waits for the broker); NaN when the broker
 * cannot tell.
 */
public class DeadLetterGauges {

    private final List<String> queues;
    private final ToDoubleFunction<String> depthOf;
    private final Clock clock;
    private final long cacheMillis;
    private final Map<String, RefreshedInBackground<Double>> depths = new ConcurrentHashMap<>();

    /** @param depthOf the messages on a queue now, NaN if unknown (embedded broker, or a management request) */
    public DeadLetterGauges(List<String> queues, ToDoubleFunction<String> depthOf, Clock clock, long cacheMillis) {
        this.queues = List.copyOf(queues);
        this.depthOf = depthOf;
        this.clock = clock;
        this.cacheMillis = cacheMillis;
    }

    public void bindTo(MeterRegistry registry) {
        for (String queue : queues) {
            Gauge.builder("payme.dead.letter.messages", this, g -> g.depth(queue)).tag("queue", queue)
                    .description("Messages on a dead-letter queue: each needs a person")
                    .strongReference(true).register(registry);
        }
    }

    private double depth(String queue) {
        return depths.computeIfAbsent(queue, q -> new RefreshedInBackground<>("dead-letters", () -> safely(q),
                Double.NaN, clock, cacheMillis)).get();
    }

    private double safely(String queue) {
        try {
            return depthOf.applyAsDouble(queue);
        } catch (RuntimeException unknown) {
            return Double.NaN;
        }
    }
}

package dev.camelpayme.app.boot;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;

import dev.camelpayme.app.health.BrokerHealthCheck;
import dev.camelpayme.app.health.QfpayHealthCheck;
import dev.camelpayme.app.health.StoreHealthCheck;
import dev.camelpayme.app.metrics.ArtemisQueueDepth;
import dev.camelpayme.app.metrics.DeadLetterGauges;
import dev.camelpayme.app.metrics.PaymeMetrics;
import dev.camelpayme.app.metrics.QfpayCalls;
import dev.camelpayme.app.metrics.QfpayReachability;
import dev.camelpayme.app.metrics.StoreGauges;
import dev.camelpayme.app.payment.PaymentState;
import dev.camelpayme.app.payment.PaymentTracker;
import dev.camelpayme.app.refund.RefundState;
import dev.camelpayme.app.store.PaymentStore;
import dev.camelpayme.app.store.RefundStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Wires health and metrics: the meter registry Camel's metrics use (bound before Camel makes its own, so the
 * business metrics are scraped with Camel's on /observe/metrics), the business metrics and gauges, the count of QFPay
 * calls, and the readiness checks of the store and the broker with QFPay's reachability as detail.
 */
final class Monitoring {

    /** The name under which Camel's micrometer support looks up the registry before creating one. */
    private static final String CAMEL_METRICS_REGISTRY = "metricsRegistry";
    private static final Set<PaymentState> FINAL_ORDER_STATES =
            Set.of(PaymentState.CREATED, PaymentState.PAID, PaymentState.FAILED, PaymentState.EXPIRED);
    private static final Set<RefundState> FINAL_REFUND_STATES =
            Set.of(RefundState.REFUNDED, RefundState.FAILED, RefundState.UNKNOWN);

    /** What is watched: the store, the broker (its own factory, and the embedded one if any), the tracker. */
    record Watched(DataSource store, PaymentStore orders, RefundStore refunds, ConnectionFactory broker,
                   EmbeddedBroker embeddedBroker, PaymentTracker tracker) {
    }

    private Monitoring() {
    }

    static void install(CamelContext context, Watched watched, long cacheMillis, Duration probeTimeout,
                        String deadLetterQueues) throws Exception {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType(CAMEL_METRICS_REGISTRY, MeterRegistry.class);
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind(CAMEL_METRICS_REGISTRY, registry);
        }
        PaymeMetrics metrics = new PaymeMetrics(registry);
        context.getRegistry().bind(PaymeMetrics.BEAN, metrics);

        watched.orders().listen(event -> {
            if (FINAL_ORDER_STATES.contains((PaymentState) event.to())) {
                metrics.order(event.to().name(), event.name());
            }
        });
        watched.refunds().listen(event -> {
            if (FINAL_REFUND_STATES.contains((RefundState) event.to())) {
                metrics.refund(event.to().name(), event.name());
            }
        });

        QfpayReachability reachability = new QfpayReachability(Clock.systemUTC());
        context.getManagementStrategy().addEventNotifier(new QfpayCalls(metrics, reachability));
        Gauge.builder("payme.qfpay.reachable", reachability, r -> r.reachable() ? 1 : 0)
                .description("1 while QFPay answered the last call made to it, 0 after a call got no usable answer")
                .strongReference(true).register(registry);
        FunctionCounter.builder("payme.tracking.errors", watched.tracker(), PaymentTracker::failedQueries)
                .description("Tracking queries that failed (asked again next cycle)").register(registry);
        new StoreGauges(watched.store(), Clock.systemUTC(), cacheMillis).bindTo(registry);
        ToDoubleFunction<String> depth = watched.embeddedBroker() != null ? watched.embeddedBroker()::messageCount
                : new ArtemisQueueDepth(watched.broker(), probeTimeout);
        new DeadLetterGauges(queues(deadLetterQueues), depth, Clock.systemUTC(), cacheMillis).bindTo(registry);

        context.addService(new HealthChecks(context, List.of(
                new StoreHealthCheck(watched.store(), probeTimeout),
                new BrokerHealthCheck(watched.broker(), probeTimeout),
                new QfpayHealthCheck(reachability))), true, true);
    }

    private static List<String> queues(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(q -> !q.isEmpty()).distinct()
                .toList();
    }

    /** Registers the application's checks with Camel's health check registry when the context starts. */
    private static final class HealthChecks extends ServiceSupport {

        private final CamelContext context;
        private final List<HealthCheck> checks;

        HealthChecks(CamelContext context, List<HealthCheck> checks) {
            this.context = context;
            this.checks = checks;
        }

        @Override
        protected void doStart() {
            HealthCheckRegistry registry = HealthCheckRegistry.get(context);
            if (registry != null) {
                checks.forEach(registry::register);
            }
        }
    }
}

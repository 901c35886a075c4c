package dev.camelpayme.app.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.camelpayme.component.PaymeSignatureException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * The business metrics, on the meter registry Camel's own metrics use (so they appear beside them on
 * /observe/metrics). Each fact is counted in one place: an order or refund when its life-cycle event reaching a final
 * state is stored (or, never stored, when its REJECTED outcome is delivered), a notification where it is verified and
 * kept or refused, a QFPay call when it returns ({@link QfpayCalls}), a rate-limiter wait where a call waits.
 * No label ever holds an id, an amount or anything the caller sent: only fixed words and QFPay's 4-digit codes.
 */
public class PaymeMetrics {

    /** The registry name of the application's instance. */
    public static final String BEAN = "paymeMetrics";
    /** Counts nothing: for code run without the application (unit tests of a flow class). */
    private static final PaymeMetrics NONE = new PaymeMetrics(new CompositeMeterRegistry());

    /** The latency histogram's buckets: from a fast answer to the longest response timeout worth telling apart. */
    private static final Duration[] LATENCY_BUCKETS = Stream.of(25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000,
            30_000).map(Duration::ofMillis).toArray(Duration[]::new);

    private final MeterRegistry registry;

    public PaymeMetrics(MeterRegistry registry) {
        this.registry = registry;
        // the series the README's alerts watch exist from the start, at 0: Prometheus's increase() cannot see the
        // first count of a series that appears with it
        checkByHand();
        notifications("forged");
        refunds("UNKNOWN", "GAVE_UP");
    }

    /** The application's metrics, or ones that count nothing when the context has none. */
    public static PaymeMetrics of(CamelContext context) {
        PaymeMetrics bound = context == null ? null
                : context.getRegistry().lookupByNameAndType(BEAN, PaymeMetrics.class);
        return bound != null ? bound : NONE;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** An order reached a final outcome (CREATED, PAID, EXPIRED, FAILED, REJECTED) through {@code event}. */
    public void order(String outcome, String event) {
        Counter.builder("payme.orders").description("Orders that reached an outcome, by outcome and by the event")
                .tag("outcome", outcome).tag("event", event).register(registry).increment();
    }

    /** A refund reached a final outcome (REFUNDED, FAILED, UNKNOWN, REJECTED) through {@code event}. */
    public void refund(String outcome, String event) {
        refunds(outcome, event).increment();
    }

    private Counter refunds(String outcome, String event) {
        return Counter.builder("payme.refunds")
                .description("Refunds that reached an outcome, by outcome and by the event")
                .tag("outcome", outcome).tag("event", event).register(registry);
    }

    /** A payment whose result stayed unknown after every recovery query: FAILED, to be checked by hand. */
    public void paymentUnknown() {
        checkByHand().increment();
    }

    private Counter checkByHand() {
        return Counter.builder("payme.orders.check.by.hand")
                .description("Payments FAILED because their result at QFPay stayed unknown: check each by hand")
                .register(registry);
    }

    /** A notification arrived: verified (first time), duplicate (kept before), forged (bad signature) or invalid. */
    public void notification(String result) {
        notifications(result).increment();
    }

    private Counter notifications(String result) {
        return Counter.builder("payme.notifications")
                .description("QFPay notifications received, by what became of them")
                .tag("result", result).register(registry);
    }

    /** The notification route refused a notification: a bad signature is forged, anything else invalid. */
    public void notificationRefused(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        notification(cause instanceof PaymeSignatureException ? "forged" : "invalid");
    }

    /** A call to QFPay returned: its API (payment, query, refund), its respcd (or why there is none) and its time. */
    public void qfpayCall(String api, String respcd, long nanos) {
        Timer.builder("payme.qfpay.calls").description("Calls to QFPay, by API and respcd")
                .tag("api", api).tag("respcd", respcd)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A call to QFPay waited for room in the merchant's rate limit. */
    public void rateLimitWait(long nanos) {
        Timer.builder("payme.ratelimit.waits").description("Calls that waited for room in the merchant's rate limit")
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A call to QFPay was not made: the merchant's rate limit had no room within the longest wait. */
    public void rateLimitRefusal() {
        Counter.builder("payme.ratelimit.refusals")
                .description("Calls not made: the merchant's rate limit had no room within the longest wait")
                .register(registry).increment();
    }
}

package dev.camelpayme.app.qfpay;

import java.util.concurrent.TimeUnit;

import dev.camelpayme.app.metrics.PaymeMetrics;
import dev.camelpayme.component.PaymeConstants;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rate limiter's hook for metrics: a call that waited for room, and one refused, are each counted once. */
class RateLimiterMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private DefaultCamelContext context;

    @BeforeEach
    void contextWithMetrics() {
        context = new DefaultCamelContext();
        context.getRegistry().bind(PaymeMetrics.BEAN, new PaymeMetrics(registry));
    }

    @AfterEach
    void stop() throws Exception {
        context.close();
    }

    private Exchange call() {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader(PaymeConstants.APPCODE, "APP");
        return exchange;
    }

    @Test
    void aCallWithRoomIsNeitherAWaitNorARefusal() throws Exception {
        new MerchantRateLimiter(10, 100, 0).acquire(call());

        assertThat(registry.find("payme.ratelimit.waits").timer()).isNull();
        assertThat(registry.find("payme.ratelimit.refusals").counter()).isNull();
    }

    @Test
    void aCallPastTheLimitWithNoWaitAllowedIsCountedAsRefused() throws Exception {
        MerchantRateLimiter limiter = new MerchantRateLimiter(1, 100, 0);
        limiter.acquire(call());

        assertThatThrownBy(() -> limiter.acquire(call())).isInstanceOf(MerchantRateLimiter.RateLimitedException.class);
        assertThat(registry.get("payme.ratelimit.refusals").counter().count()).isEqualTo(1);
        assertThat(registry.find("payme.ratelimit.waits").timer()).isNull();
    }

    @Test
    void aCallThatWaitsForTheNextSecondIsCountedWithItsWait() throws Exception {
        MerchantRateLimiter limiter = new MerchantRateLimiter(1, 100, 2_000);
        limiter.acquire(call());

        limiter.acquire(call());

        assertThat(registry.get("payme.ratelimit.waits").timer().count()).isEqualTo(1);
        assertThat(registry.get("payme.ratelimit.waits").timer().totalTime(TimeUnit.MILLISECONDS))
                .isGreaterThan(500);
        assertThat(registry.find("payme.ratelimit.refusals").counter()).isNull();
    }
}

package dev.camelpayme.app;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MerchantRateLimiterTest {

    private final AtomicLong nanos = new AtomicLong();
    private final MerchantRateLimiter limiter = new MerchantRateLimiter(100, 400, 0, nanos::get, millis -> { });

    @Test
    void aSecondHoldsAtMostOneHundredCalls() throws Exception {
        for (int i = 0; i < 100; i++) {
            limiter.acquire("app");
        }
        assertThatThrownBy(() -> limiter.acquire("app")).isInstanceOf(MerchantRateLimiter.RateLimitedException.class)
                .hasMessageContaining("app");
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(10));
        limiter.acquire("app");
    }

    @Test
    void aMinuteHoldsAtMostFourHundredCalls() throws Exception {
        int granted = 0;
        for (int second = 0; second < 60; second++) {
            for (int i = 0; i < 100; i++) {
                try {
                    limiter.acquire("app");
                    granted++;
                } catch (MerchantRateLimiter.RateLimitedException full) {
                    break;
                }
            }
            nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        }
        // 400 at once, then the minute bucket refills at 400/60 per second
        assertThat(granted).isBetween(400, 400 + 400 * 59 / 60 + 1);
        assertThat(granted).isLessThanOrEqualTo(800);
    }

    @Test
    void merchantsHaveTheirOwnLimits() throws Exception {
        for (int i = 0; i < 100; i++) {
            limiter.acquire("app/A");
        }
        limiter.acquire("app/B");
        assertThatThrownBy(() -> limiter.acquire("app/A")).isInstanceOf(MerchantRateLimiter.RateLimitedException.class);
    }

    @Test
    void aCallerWaitsBrieflyForTheNextToken() throws Exception {
        AtomicLong slept = new AtomicLong();
        MerchantRateLimiter patient = new MerchantRateLimiter(1, 400, 2000, nanos::get, millis -> {
            slept.addAndGet(millis);
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
        });
        patient.acquire("app");
        patient.acquire("app");
        assertThat(slept.get()).isBetween(1000L, 1001L);
        MerchantRateLimiter impatient = new MerchantRateLimiter(1, 400, 500, nanos::get, millis -> { });
        impatient.acquire("app");
        assertThatThrownBy(() -> impatient.acquire("app")).hasMessageContaining("1001 ms");
    }
}

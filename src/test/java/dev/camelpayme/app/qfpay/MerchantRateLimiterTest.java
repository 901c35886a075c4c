package dev.camelpayme.app.qfpay;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The limiter against a fake clock: every granted call is recorded at the instant it was granted, and every sliding
 * one-second and one-minute window ending at a grant (the fullest windows) is checked against the limits.
 */
class MerchantRateLimiterTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final AtomicLong nanos = new AtomicLong();
    private final MerchantRateLimiter limiter = new MerchantRateLimiter(100, 400, 0, nanos::get, millis -> { });

    /** A limiter that waits by moving the fake clock forward, as a real caller's sleep would. */
    private MerchantRateLimiter patientLimiter(long maxWaitMillis) {
        return new MerchantRateLimiter(100, 400, maxWaitMillis, nanos::get,
                millis -> nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis)));
    }

    /** Acquires once, returning the grant instant, or -1 when refused. */
    private long tryAcquire(MerchantRateLimiter rateLimiter) throws InterruptedException {
        try {
            rateLimiter.acquire("app");
            return nanos.get();
        } catch (MerchantRateLimiter.RateLimitedException refused) {
            return -1;
        }
    }

    /** The most calls in any window (t - windowNanos, t] over the sorted grant instants. */
    private static int busiestWindow(List<Long> granted, long windowNanos) {
        int busiest = 0;
        int first = 0;
        for (int last = 0; last < granted.size(); last++) {
            while (granted.get(last) - granted.get(first) >= windowNanos) {
                first++;
            }
            busiest = Math.max(busiest, last - first + 1);
        }
        return busiest;
    }

    private static void assertWithinLimits(List<Long> granted, int perSecond, int perMinute) {
        List<Long> sorted = new ArrayList<>(granted);
        Collections.sort(sorted);
        assertThat(busiestWindow(sorted, SECOND)).as("calls in the busiest sliding second").isLessThanOrEqualTo(perSecond);
        assertThat(busiestWindow(sorted, MINUTE)).as("calls in the busiest sliding minute").isLessThanOrEqualTo(perMinute);
    }

    @Test
    void aSecondHoldsAtMostOneHundredCalls() throws Exception {
        for (int i = 0; i < 100; i++) {
            limiter.acquire("app");
        }
        assertThatThrownBy(() -> limiter.acquire("app")).isInstanceOf(MerchantRateLimiter.RateLimitedException.class)
                .hasMessageContaining("app");
        nanos.addAndGet(SECOND - 1);
        assertThatThrownBy(() -> limiter.acquire("app")).isInstanceOf(MerchantRateLimiter.RateLimitedException.class);
        nanos.addAndGet(1);
        limiter.acquire("app");
    }

    @Test
    void noSlidingMinuteHoldsMoreThanFourHundredCallsAfterAnIdlePeriod() throws Exception {
        List<Long> granted = new ArrayList<>();
        for (int tick = 0; tick < 120 * 10; tick++) {
            for (int i = 0; i < 100; i++) {
                long at = tryAcquire(limiter);
                if (at < 0) {
                    break;
                }
                granted.add(at);
            }
            nanos.addAndGet(SECOND / 10);
        }

        assertWithinLimits(granted, 100, 400);
        // the first window is used in full at once, the next one only opens a minute after the first call
        assertThat(granted.stream().filter(at -> at < MINUTE)).hasSize(400);
        assertThat(granted).hasSize(800);
    }

    @Test
    void aSteadyCallerGetsFourHundredCallsInItsFirstMinuteWithoutARefusal() throws Exception {
        MerchantRateLimiter steady = patientLimiter(2000);
        List<Long> granted = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            steady.acquire("app");
            granted.add(nanos.get());
        }

        assertThat(granted.get(399)).isLessThan(4 * SECOND);
        assertWithinLimits(granted, 100, 400);
        assertThatThrownBy(() -> steady.acquire("app")).isInstanceOf(MerchantRateLimiter.RateLimitedException.class)
                .hasMessageContaining("next call is possible in");
    }

    @Test
    void aCallerWaitingLongEnoughGetsTheFullRateForTenMinutes() throws Exception {
        MerchantRateLimiter steady = patientLimiter(TimeUnit.MINUTES.toMillis(1));
        List<Long> granted = new ArrayList<>();
        while (nanos.get() < 10 * MINUTE) {
            steady.acquire("app");
            granted.add(nanos.get());
        }

        assertWithinLimits(granted, 100, 400);
        assertThat(granted.stream().filter(at -> at < 10 * MINUTE)).hasSize(10 * 400);
    }

    @Test
    void burstsAfterRandomIdlePeriodsStayWithinEverySlidingWindow() throws Exception {
        Random random = new Random(20240501L);
        MerchantRateLimiter bursty = patientLimiter(5000);
        List<Long> granted = new ArrayList<>();
        int refused = 0;
        for (int burst = 0; burst < 300; burst++) {
            nanos.addAndGet(random.nextInt(3) == 0 ? (long) (random.nextDouble() * 2 * MINUTE)
                    : (long) (random.nextDouble() * 5 * SECOND));
            int calls = 1 + random.nextInt(250);
            for (int i = 0; i < calls; i++) {
                long at = tryAcquire(bursty);
                if (at < 0) {
                    refused++;
                } else {
                    granted.add(at);
                }
                nanos.addAndGet(random.nextInt(4) == 0 ? random.nextInt(20_000_000) : 0);
            }
        }

        assertWithinLimits(granted, 100, 400);
        assertThat(granted).hasSizeGreaterThan(10_000);
        assertThat(refused).isPositive();
    }

    @Test
    void callsWithRandomGapsStayWithinEverySlidingWindow() throws Exception {
        Random random = new Random(7L);
        List<Long> granted = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            long at = tryAcquire(limiter);
            if (at >= 0) {
                granted.add(at);
            }
            nanos.addAndGet((long) (-Math.log(1 - random.nextDouble()) * 50_000_000));
        }

        assertWithinLimits(granted, 100, 400);
        // about 20 calls a second are offered, so the minute limit is what refuses
        assertThat(granted.size()).isGreaterThan(400 * (int) (nanos.get() / MINUTE));
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
    void aCallerWaitsBrieflyForTheNextCall() throws Exception {
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

    @Test
    void aCallerOvertakenWhileWaitingIsRefusedOnceItsWaitWouldExceedMaxWait() throws Exception {
        AtomicLong slept = new AtomicLong();
        AtomicBoolean overtaken = new AtomicBoolean();
        MerchantRateLimiter[] shared = new MerchantRateLimiter[1];
        // while the caller sleeps the first time, another caller of the merchant takes the call it was waiting for
        shared[0] = new MerchantRateLimiter(1, 400, 1500, nanos::get, millis -> {
            slept.addAndGet(millis);
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
            if (overtaken.compareAndSet(false, true)) {
                try {
                    shared[0].acquire("app");
                } catch (MerchantRateLimiter.RateLimitedException unexpected) {
                    throw new AssertionError("the overtaking call must pass", unexpected);
                }
            }
        });
        shared[0].acquire("app");

        assertThatThrownBy(() -> shared[0].acquire("app")).isInstanceOf(MerchantRateLimiter.RateLimitedException.class);
        assertThat(slept.get()).isLessThanOrEqualTo(1500);
    }

    @Test
    void aRefusedCallTakesNothingFromTheLimit() throws Exception {
        MerchantRateLimiter small = new MerchantRateLimiter(100, 4, 0, nanos::get, millis -> { });
        for (int i = 0; i < 4; i++) {
            small.acquire("app");
            nanos.addAndGet(SECOND);
        }
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> small.acquire("app")).isInstanceOf(MerchantRateLimiter.RateLimitedException.class);
        }
        nanos.set(MINUTE);
        small.acquire("app");
        assertThatThrownBy(() -> small.acquire("app")).isInstanceOf(MerchantRateLimiter.RateLimitedException.class);
    }

    @Test
    void concurrentCallersNeverExceedEitherLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            // a race shows only now and then, so the contest is run several times
            for (int round = 0; round < 10; round++) {
                List<Long> granted = grantsOfConcurrentCallers(pool, 8, 2000);

                assertWithinLimits(granted, 100, 400);
                assertThat(granted).hasSizeGreaterThan(1000);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The grant instants of {@code threads} callers of one merchant, each trying {@code calls} times at once. */
    private static List<Long> grantsOfConcurrentCallers(ExecutorService pool, int threads, int calls) throws Exception {
        // each thread remembers the last instant it read, which for a granted call is the instant of the grant
        ThreadLocal<Long> lastRead = new ThreadLocal<>();
        AtomicLong clock = new AtomicLong();
        MerchantRateLimiter shared = new MerchantRateLimiter(100, 400, 3000, () -> {
            long now = clock.addAndGet(1000);
            lastRead.set(now);
            return now;
        }, millis -> {
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis) / threads);
            Thread.yield();
        });
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            results.add(pool.submit(() -> {
                List<Long> granted = new ArrayList<>();
                start.await();
                for (int i = 0; i < calls; i++) {
                    try {
                        shared.acquire("app");
                        granted.add(lastRead.get());
                    } catch (MerchantRateLimiter.RateLimitedException refused) {
                        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
                    }
                }
                return granted;
            }));
        }
        start.countDown();
        List<Long> granted = new ArrayList<>();
        for (Future<List<Long>> result : results) {
            granted.addAll(result.get(30, TimeUnit.SECONDS));
        }
        return granted;
    }
}

package dev.camelpayme.app.qfpay;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.camelpayme.testing.TestDatabases;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two limiters, as two instances would hold them (each with a DataSource of its own), over one PostgreSQL: together
 * they never let more than 100 calls into a sliding second or 400 into a sliding minute. Most tests share a fake
 * clock that a waiting caller moves forward, so every window is checked exactly. Runs when PAYME_TEST_POSTGRES_URL
 * is set (.ci/run sets it).
 */
@EnabledIfEnvironmentVariable(named = "PAYME_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class SharedRateLimitOnPostgresTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    // a wall-clock-like start: Bucket4j keeps the clock's instants in the bucket's state
    private final AtomicLong nanos = new AtomicLong(TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()));
    private final TimeMeter clock = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    };
    private final long start = nanos.get();
    private HikariDataSource first;
    private HikariDataSource second;

    @BeforeEach
    void emptyDatabase() throws Exception {
        TestDatabases.emptiedPostgres();
        first = pool();
        second = pool();
    }

    @AfterEach
    void closePools() {
        first.close();
        second.close();
    }

    /** A pool of its own, as each instance has (a connection per call would make the test slow, not different). */
    private static HikariDataSource pool() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(System.getenv(TestDatabases.POSTGRES_URL));
        pool.setMaximumPoolSize(4);
        return pool;
    }

    /** An instance's limiter on its own DataSource; waiting moves the shared fake clock, as a real sleep would. */
    private MerchantRateLimiter instance(DataSource database, long maxWaitMillis) throws Exception {
        BlockingStrategy movesTheClock = nanosToPark -> nanos.addAndGet(nanosToPark);
        SharedRateLimit shared = new SharedRateLimit(database, 100, 400, maxWaitMillis, clock, movesTheClock);
        shared.createTable();
        return new MerchantRateLimiter(100, 400, maxWaitMillis, shared);
    }

    /** The most calls in any window [t, t + windowNanos) over the sorted grant instants. */
    private static int busiestWindow(List<Long> granted, long windowNanos) {
        List<Long> sorted = new ArrayList<>(granted);
        Collections.sort(sorted);
        int busiest = 0;
        int first = 0;
        for (int last = 0; last < sorted.size(); last++) {
            while (sorted.get(last) - sorted.get(first) >= windowNanos) {
                first++;
            }
            busiest = Math.max(busiest, last - first + 1);
        }
        return busiest;
    }

    @Test
    void twoInstancesTogetherGetFiftyCallsAtOnceThenFiftyASecond() throws Exception {
        MerchantRateLimiter a = instance(first, 0);
        MerchantRateLimiter b = instance(second, 0);
        for (int i = 0; i < 25; i++) {
            a.acquire("app");
            b.acquire("app");
        }
        assertThatThrownBy(() -> a.acquire("app")).isInstanceOf(MerchantRateLimiter.RateLimitedException.class)
                .hasMessageContaining("next call is possible in");
        assertThatThrownBy(() -> b.acquire("app")).isInstanceOf(MerchantRateLimiter.RateLimitedException.class);

        nanos.addAndGet(SECOND / 10);
        for (int i = 0; i < 5; i++) {
            (i % 2 == 0 ? a : b).acquire("app");
        }
        assertThatThrownBy(() -> b.acquire("app")).isInstanceOf(MerchantRateLimiter.RateLimitedException.class);
    }

    @Test
    void aCallerWaitsAtMostMaxWaitForRoomLeftByTheOtherInstance() throws Exception {
        MerchantRateLimiter a = instance(first, 0);
        for (int i = 0; i < 50; i++) {
            a.acquire("app");
        }
        // one token comes back every 20 ms (50 a second): more than a 10 ms wait, refused at once and nothing taken
        long before = nanos.get();
        assertThatThrownBy(() -> instance(second, 10).acquire("app"))
                .isInstanceOf(MerchantRateLimiter.RateLimitedException.class);
        assertThat(nanos.get()).isEqualTo(before);

        instance(second, 100).acquire("app");
        assertThat(nanos.get() - before).isBetween(TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(21));
    }

    @Test
    void randomBurstsFromTwoInstancesStayWithinEverySlidingSecondAndMinute() throws Exception {
        Random random = new Random(20261202L);
        MerchantRateLimiter a = instance(first, 5000);
        MerchantRateLimiter b = instance(second, 5000);
        List<Long> granted = new ArrayList<>();
        while (nanos.get() - start < 4 * MINUTE) {
            nanos.addAndGet(random.nextInt(4) == 0 ? (long) (random.nextDouble() * 30 * SECOND)
                    : (long) (random.nextDouble() * 2 * SECOND));
            int calls = 1 + random.nextInt(150);
            for (int i = 0; i < calls; i++) {
                try {
                    (random.nextBoolean() ? a : b).acquire("app");
                    granted.add(nanos.get());
                } catch (MerchantRateLimiter.RateLimitedException refused) {
                    break;
                }
            }
        }

        assertThat(busiestWindow(granted, SECOND)).as("calls in the busiest sliding second").isLessThanOrEqualTo(100);
        assertThat(busiestWindow(granted, MINUTE)).as("calls in the busiest sliding minute").isLessThanOrEqualTo(400);
        // and the limits are used: a steady 300 a minute at least, beside the first minute's burst
        assertThat(granted.size()).isGreaterThanOrEqualTo(4 * 300);
    }

    @Test
    void manyThreadsOfTwoInstancesOnTheRealClockGetOnlyTheMinutesShare() throws Exception {
        MerchantRateLimiter a = new MerchantRateLimiter(100, 400, 0, withTable(new SharedRateLimit(first, 100, 400, 0)));
        MerchantRateLimiter b = new MerchantRateLimiter(100, 400, 0, withTable(new SharedRateLimit(second, 100, 400, 0)));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        long end = System.nanoTime() + 2 * SECOND;
        List<Future<Integer>> counts = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            MerchantRateLimiter limiter = t % 2 == 0 ? a : b;
            counts.add(threads.submit(() -> {
                int granted = 0;
                while (System.nanoTime() < end) {
                    try {
                        limiter.acquire("app");
                        granted++;
                    } catch (MerchantRateLimiter.RateLimitedException refused) {
                        Thread.onSpinWait();
                    }
                }
                return granted;
            }));
        }
        int total = 0;
        for (Future<Integer> count : counts) {
            total += count.get(30, TimeUnit.SECONDS);
        }
        threads.shutdown();

        // the minute's burst of 100 plus 5 a second refilled, not twice that as two separate limiters would allow
        assertThat(total).isBetween(100, 100 + 2 * 5 + 2);
    }

    private static SharedRateLimit withTable(SharedRateLimit limit) throws Exception {
        limit.createTable();
        return limit;
    }
}

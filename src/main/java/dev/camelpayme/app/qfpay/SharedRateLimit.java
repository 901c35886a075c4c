package dev.camelpayme.app.qfpay;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;

/**
 * The merchant's rate limits kept in the shared PostgreSQL, so all instances together stay within them: one Bucket4j
 * bucket per merchant (table payme_rate_limit), each call taking its token under SELECT ... FOR UPDATE.
 * <p>
 * A token bucket of capacity C refilled greedily by R per window lets through at most C + R calls in any window of
 * that length, wherever it starts. So each limit L is split into a burst C and a refill L - C per window: 50 at once
 * plus 50 a second for 100/s; 100 at once plus 300 a minute for 400/min. No sliding second or minute ever exceeds
 * QFPay's limits; the price is a steady rate of 300 calls a minute, not 400 (a larger burst would lower it further).
 */
public final class SharedRateLimit {

    static final String TABLE = "payme_rate_limit";

    private final DataSource database;
    private final ProxyManager<String> buckets;
    private final BucketConfiguration configuration;
    private final String limitsTag;
    private final long maxWaitMillis;
    private final BlockingStrategy waiting;
    private final Map<String, BucketProxy> merchants = new ConcurrentHashMap<>();

    public SharedRateLimit(DataSource database, int perSecond, int perMinute, long maxWaitMillis) {
        this(database, perSecond, perMinute, maxWaitMillis, null, BlockingStrategy.PARKING);
    }

    /** With a clock of the test's own ({@code null}: the system's) and a way of waiting that may move it. */
    SharedRateLimit(DataSource database, int perSecond, int perMinute, long maxWaitMillis, TimeMeter clock,
                    BlockingStrategy waiting) {
        if (perSecond < 2 || perMinute < 2 || maxWaitMillis < 0) {
            throw new IllegalArgumentException("with a shared rate limit payme.rate-limit.per-second and per-minute "
                    + "must be 2 or more, max-wait-ms zero or more");
        }
        this.database = database;
        var builder = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(database)
                .primaryKeyMapper(PrimaryKeyMapper.STRING).table(TABLE);
        this.buckets = (clock == null ? builder : builder.clientClock(clock)).build();
        this.configuration = BucketConfiguration.builder()
                .addLimit(window(perSecond / 2, perSecond, Duration.ofSeconds(1)))
                .addLimit(window(perMinute / 4, perMinute, Duration.ofMinutes(1)))
                .build();
        // the limits are part of the key: a bucket created under other limits is never reused with these
        this.limitsTag = " " + perSecond + "/s " + perMinute + "/min";
        this.maxWaitMillis = maxWaitMillis;
        this.waiting = waiting;
    }

    /** At most {@code limit} calls in any window of {@code window}: a burst of {@code burst}, the rest refilled. */
    private static Bandwidth window(int burst, int limit, Duration window) {
        int capacity = Math.max(1, burst);
        return Bandwidth.builder().capacity(capacity).refillGreedy(limit - capacity, window).build();
    }

    /** Creates the buckets' table unless it exists. */
    public void createTable() throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                    + " (id VARCHAR(300) PRIMARY KEY, state BYTEA, expires_at BIGINT)");
        }
    }

    /** Takes one call of {@code merchant}, waiting up to max-wait-ms for room across all instances. */
    void acquire(String merchant) throws MerchantRateLimiter.RateLimitedException, InterruptedException {
        BucketProxy bucket = merchants.computeIfAbsent(merchant,
                m -> buckets.builder().build(m + limitsTag, () -> configuration));
        boolean granted = maxWaitMillis == 0 ? bucket.tryConsume(1)
                : bucket.asBlocking().tryConsume(1, Duration.ofMillis(maxWaitMillis), waiting);
        if (!granted) {
            long waitNanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
            throw new MerchantRateLimiter.RateLimitedException(merchant, TimeUnit.NANOSECONDS.toMillis(waitNanos) + 1);
        }
    }
}

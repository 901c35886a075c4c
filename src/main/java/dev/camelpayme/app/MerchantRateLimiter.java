package dev.camelpayme.app;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.camelpayme.component.PaymeConstants;
import org.apache.camel.Exchange;

/**
 * QFPay's rate limits, per merchant (app code plus mchid), shared by payment, query and refund calls: by default
 * 100 requests a second and 400 a minute (reference section 1.5). Each limit is a token bucket. A call waits for a
 * token at most {@code maxWaitMillis}; past that it is refused with {@link RateLimitedException}, which the routes
 * treat like a 429: nothing was sent, try again later.
 * <p>
 * The buckets live in this JVM: several instances sharing one merchant must split the limits between them
 * (see the README, "Guarantees").
 */
public class MerchantRateLimiter {

    /** The call was not made: the merchant's rate limit has no room in the time a caller may wait. */
    public static class RateLimitedException extends Exception {
        private static final long serialVersionUID = 1L;

        RateLimitedException(String merchant, long waitMillis) {
            super("rate limit of merchant " + merchant + " reached; the next call is possible in " + waitMillis + " ms");
        }
    }

    private final int perSecond;
    private final int perMinute;
    private final long maxWaitMillis;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final Map<String, Bucket[]> merchants = new ConcurrentHashMap<>();

    /** How the limiter waits; tests replace it to move a fake clock instead. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    public MerchantRateLimiter(int perSecond, int perMinute, long maxWaitMillis) {
        this(perSecond, perMinute, maxWaitMillis, System::nanoTime, Thread::sleep);
    }

    MerchantRateLimiter(int perSecond, int perMinute, long maxWaitMillis, LongSupplier nanoClock, Sleeper sleeper) {
        if (perSecond <= 0 || perMinute <= 0 || maxWaitMillis < 0) {
            throw new IllegalArgumentException("payme.rate-limit.per-second and per-minute must be positive, "
                    + "max-wait-ms zero or more");
        }
        this.perSecond = perSecond;
        this.perMinute = perMinute;
        this.maxWaitMillis = maxWaitMillis;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    /** Takes one call of the merchant that signed the exchange's request, waiting briefly if needed. */
    public void acquire(Exchange exchange) throws RateLimitedException, InterruptedException {
        Map<?, ?> fields = exchange.getMessage().getHeader(PaymeConstants.REQUEST_FIELDS, Map.class);
        Object mchid = fields == null ? null : fields.get("mchid");
        acquire(exchange.getMessage().getHeader(PaymeConstants.APPCODE, "", String.class)
                + (mchid == null ? "" : "/" + mchid));
    }

    void acquire(String merchant) throws RateLimitedException, InterruptedException {
        Bucket[] buckets = merchants.computeIfAbsent(merchant, m -> new Bucket[] {
                new Bucket(perSecond, TimeUnit.SECONDS.toNanos(1)), new Bucket(perMinute, TimeUnit.MINUTES.toNanos(1)) });
        while (true) {
            long waitNanos;
            synchronized (buckets) {
                long now = nanoClock.getAsLong();
                waitNanos = Math.max(buckets[0].waitFor(now), buckets[1].waitFor(now));
                if (waitNanos == 0) {
                    buckets[0].take();
                    buckets[1].take();
                    return;
                }
            }
            long waitMillis = TimeUnit.NANOSECONDS.toMillis(waitNanos) + 1;
            if (waitMillis > maxWaitMillis) {
                throw new RateLimitedException(merchant, waitMillis);
            }
            sleeper.sleep(waitMillis);
        }
    }

    /** A token bucket holding up to {@code capacity} calls, refilled evenly over {@code periodNanos}. */
    private static final class Bucket {
        private final int capacity;
        private final double nanosPerToken;
        private double tokens;
        private long refilledAt = Long.MIN_VALUE;

        Bucket(int capacity, long periodNanos) {
            this.capacity = capacity;
            this.nanosPerToken = (double) periodNanos / capacity;
            this.tokens = capacity;
        }

        long waitFor(long now) {
            if (refilledAt != Long.MIN_VALUE) {
                tokens = Math.min(capacity, tokens + (now - refilledAt) / nanosPerToken);
            }
            refilledAt = now;
            return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) * nanosPerToken);
        }

        void take() {
            tokens -= 1;
        }
    }
}

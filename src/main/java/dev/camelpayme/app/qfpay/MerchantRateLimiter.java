package dev.camelpayme.app.qfpay;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.camelpayme.app.metrics.PaymeMetrics;
import dev.camelpayme.component.PaymeConstants;
import org.apache.camel.Exchange;

/**
 * QFPay's rate limits, per merchant (app code plus mchid), shared by payment, query and refund calls: by default
 * 100 requests a second and 400 a minute (reference section 1.5). Both are sliding windows: no second and no minute,
 * wherever it starts, holds more calls than its limit. A call waits for room at most {@code maxWaitMillis} in all;
 * past that it is refused with {@link RateLimitedException}, which the routes treat like a 429: nothing was sent,
 * try again later.
 * <p>
 * The windows live in this JVM, unless a {@link SharedRateLimit} keeps them in the shared database for several
 * instances (see the README, "Several instances").
 */
public class MerchantRateLimiter {

    private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

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
    private final Map<String, RecentCalls> merchants = new ConcurrentHashMap<>();
    private final SharedRateLimit shared;

    /** How the limiter waits; tests replace it to move a fake clock instead. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    public MerchantRateLimiter(int perSecond, int perMinute, long maxWaitMillis) {
        this(perSecond, perMinute, maxWaitMillis, System::nanoTime, Thread::sleep, null);
    }

    /** The limits kept by {@code shared} for all instances together, instead of in this JVM. */
    public MerchantRateLimiter(int perSecond, int perMinute, long maxWaitMillis, SharedRateLimit shared) {
        this(perSecond, perMinute, maxWaitMillis, System::nanoTime, Thread::sleep, shared);
    }

    MerchantRateLimiter(int perSecond, int perMinute, long maxWaitMillis, LongSupplier nanoClock, Sleeper sleeper) {
        this(perSecond, perMinute, maxWaitMillis, nanoClock, sleeper, null);
    }

    private MerchantRateLimiter(int perSecond, int perMinute, long maxWaitMillis, LongSupplier nanoClock,
                                Sleeper sleeper, SharedRateLimit shared) {
        if (perSecond <= 0 || perMinute <= 0 || maxWaitMillis < 0) {
            throw new IllegalArgumentException("payme.rate-limit.per-second and per-minute must be positive, "
                    + "max-wait-ms zero or more");
        }
        this.perSecond = perSecond;
        this.perMinute = perMinute;
        this.maxWaitMillis = maxWaitMillis;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.shared = shared;
    }

    /** Takes one call of the merchant that signed the exchange's request, waiting briefly if needed. */
    public void acquire(Exchange exchange) throws RateLimitedException, InterruptedException {
        Map<?, ?> fields = exchange.getMessage().getHeader(PaymeConstants.REQUEST_FIELDS, Map.class);
        Object mchid = fields == null ? null : fields.get("mchid");
        long started = System.nanoTime();
        try {
            acquire(exchange.getMessage().getHeader(PaymeConstants.APPCODE, "", String.class)
                    + (mchid == null ? "" : "/" + mchid));
        } catch (RateLimitedException refused) {
            PaymeMetrics.of(exchange.getContext()).rateLimitRefusal();
            throw refused;
        }
        long took = System.nanoTime() - started;
        // a call that found room returns within microseconds; one that slept waited at least a millisecond
        if (took >= TimeUnit.MILLISECONDS.toNanos(1)) {
            PaymeMetrics.of(exchange.getContext()).rateLimitWait(took);
        }
    }

    void acquire(String merchant) throws RateLimitedException, InterruptedException {
        if (shared != null) {
            shared.acquire(merchant);
            return;
        }
        RecentCalls calls = merchants.computeIfAbsent(merchant, m -> new RecentCalls(perMinute));
        long waitedMillis = 0;
        while (true) {
            long waitNanos;
            synchronized (calls) {
                long now = nanoClock.getAsLong();
                waitNanos = Math.max(calls.waitFor(perSecond, SECOND_NANOS, now),
                        calls.waitFor(perMinute, MINUTE_NANOS, now));
                if (waitNanos == 0) {
                    calls.record(now);
                    return;
                }
            }
            long waitMillis = TimeUnit.NANOSECONDS.toMillis(waitNanos) + 1;
            // counted over all rounds: a caller overtaken by others while it slept still waits maxWaitMillis at most
            if (waitedMillis + waitMillis > maxWaitMillis) {
                throw new RateLimitedException(merchant, waitMillis);
            }
            sleeper.sleep(waitMillis);
            waitedMillis += waitMillis;
        }
    }

    /** The instants of a merchant's last {@code capacity} granted calls, oldest first, in a ring. */
    private static final class RecentCalls {
        private final long[] grantedAt;
        private int newest = -1;
        private int count;

        RecentCalls(int capacity) {
            this.grantedAt = new long[capacity];
        }

        /** Nanos until fewer than {@code limit} recorded calls lie within the last {@code windowNanos}; 0 if now. */
        long waitFor(int limit, long windowNanos, long now) {
            if (count < limit) {
                return 0;
            }
            // the limit-th newest call; the calls before it are older still, so it alone decides
            long oldestThatCounts = grantedAt[Math.floorMod(newest - (limit - 1), grantedAt.length)];
            long age = now - oldestThatCounts;
            return age >= windowNanos ? 0 : windowNanos - age;
        }

        void record(long now) {
            newest = (newest + 1) % grantedAt.length;
            grantedAt[newest] = now;
            count = Math.min(count + 1, grantedAt.length);
        }
    }
}

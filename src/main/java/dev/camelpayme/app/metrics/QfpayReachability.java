package dev.camelpayme.app.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether QFPay answered the last call made to it, learnt from the calls the routes make anyway (no probe spends
 * the merchant's rate limit). Shown in health detail and as the gauge {@code payme_qfpay_reachable}; it never makes
 * the instance unready: an instance that cannot reach QFPay still takes orders, parks them and recovers them later.
 */
public class QfpayReachability {

    private final Clock clock;
    private final AtomicLong consecutiveFailures = new AtomicLong();
    private volatile Instant lastAnswer;
    private volatile Instant lastFailure;
    private volatile String lastFailureCause;

    public QfpayReachability(Clock clock) {
        this.clock = clock;
    }

    void answered() {
        lastAnswer = clock.instant();
        consecutiveFailures.set(0);
    }

    /** {@code cause} is a fixed word (transport_error, http_503, not_json...), never a message or a URL. */
    void failed(String api, String cause) {
        lastFailure = clock.instant();
        lastFailureCause = api + ": " + cause;
        consecutiveFailures.incrementAndGet();
    }

    /** False once the last call to QFPay got no usable answer; true before any call was made. */
    public boolean reachable() {
        return consecutiveFailures.get() == 0;
    }

    public long consecutiveFailures() {
        return consecutiveFailures.get();
    }

    public Instant lastAnswer() {
        return lastAnswer;
    }

    public Instant lastFailure() {
        return lastFailure;
    }

    public String lastFailureCause() {
        return lastFailureCause;
    }
}

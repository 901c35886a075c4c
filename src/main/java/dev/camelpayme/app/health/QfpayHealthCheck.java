package dev.camelpayme.app.health;

import java.util.Map;

import dev.camelpayme.app.metrics.QfpayReachability;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Shows in health detail whether QFPay answered the last call, and is always UP: an instance that cannot reach QFPay
 * still takes orders and parks them for later, and taking it out of a load balancer would help nobody (every
 * instance reaches QFPay the same way). Alert on the metric payme_qfpay_reachable instead.
 */
public class QfpayHealthCheck extends AbstractHealthCheck {

    private final QfpayReachability reachability;

    public QfpayHealthCheck(QfpayReachability reachability) {
        super("payme", "payme-qfpay");
        this.reachability = reachability;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("qfpay.reachable", reachability.reachable());
        builder.detail("qfpay.consecutive.failures", reachability.consecutiveFailures());
        if (reachability.lastAnswer() != null) {
            builder.detail("qfpay.last.answer", reachability.lastAnswer().toString());
        }
        if (reachability.lastFailure() != null) {
            builder.detail("qfpay.last.failure", reachability.lastFailure().toString());
            builder.detail("qfpay.last.failure.cause", reachability.lastFailureCause());
        }
        builder.message(reachability.reachable() ? "QFPay answered the last call"
                : "QFPay did not answer the last call: orders are parked and recovered later").up();
    }
}

package dev.camelpayme.app.health;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** A readiness check that is DOWN, with the probe's failure as detail, while its {@link BoundedProbe} fails. */
abstract class ProbedReadinessCheck extends AbstractHealthCheck {

    private final String what;
    private BoundedProbe probe;

    /** @param what what is lost when the probe fails, for the message ("The order store") */
    ProbedReadinessCheck(String id, String what) {
        super("payme", id);
        this.what = what;
    }

    /** Set once by the subclass's constructor: the probe is made from the subclass's own resources. */
    final void probeWith(BoundedProbe probe) {
        this.probe = probe;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        probe.check().ifPresentOrElse(
                failure -> builder.detail("failure", failure).message(what + " cannot be reached: " + failure).down(),
                builder::up);
    }
}

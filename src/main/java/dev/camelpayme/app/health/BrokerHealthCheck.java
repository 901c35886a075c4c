package dev.camelpayme.app.health;

import java.time.Duration;
import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the JMS broker (embedded or external) takes a connection. A new connection from the broker's own
 * factory, not the routes' cached one, which would look alive until its next use fails.
 */
public class BrokerHealthCheck extends AbstractHealthCheck {

    private final BoundedProbe probe;

    public BrokerHealthCheck(ConnectionFactory broker, Duration timeout) {
        super("payme", "payme-broker");
        this.probe = new BoundedProbe("broker", () -> {
            try (Connection connection = broker.createConnection()) {
                connection.getMetaData();
            }
        }, timeout);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        probe.check().ifPresentOrElse(
                failure -> builder.detail("failure", failure).message("The JMS broker cannot be reached: " + failure).down(),
                builder::up);
    }
}

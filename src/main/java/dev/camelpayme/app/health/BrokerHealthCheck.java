package dev.camelpayme.app.health;

import java.time.Duration;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;

/**
 * Readiness: the JMS broker (embedded or external) takes a connection. A new connection from the broker's own
 * factory, not the routes' cached one, which would look alive until its next use fails.
 */
public class BrokerHealthCheck extends ProbedReadinessCheck {

    public BrokerHealthCheck(ConnectionFactory broker, Duration timeout) {
        super("payme-broker", "The JMS broker");
        probeWith(new BoundedProbe("broker", () -> {
            try (Connection connection = broker.createConnection()) {
                connection.getMetaData();
            }
        }, timeout));
    }
}

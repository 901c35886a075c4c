package dev.camelpayme.app.health;

import java.time.Duration;

import dev.camelpayme.testing.FreePorts;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker check is DOWN, and says why in a few words, when no broker listens (a running one: MonitoringTest). */
class BrokerHealthCheckTest {

    @Test
    void aBrokerThatCannotBeReachedIsDownForReadinessOnly() {
        ActiveMQConnectionFactory nobody = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + FreePorts.next()
                + "?reconnectAttempts=0&initialConnectAttempts=1", "app", "a-password");
        BrokerHealthCheck check = new BrokerHealthCheck(nobody, Duration.ofSeconds(5));

        HealthCheck.Result result = check.call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).hasValueSatisfying(message -> assertThat(message)
                .startsWith("The JMS broker cannot be reached").doesNotContain("a-password"));
        assertThat(check.isReadiness()).isTrue();
        assertThat(check.isLiveness()).isFalse();
    }
}

package dev.camelpayme.app.health;

import java.time.Duration;

import dev.camelpayme.testing.FreePorts;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The broker check follows a broker over TCP: UP while it runs, DOWN once it is gone, saying why in a few words. */
class BrokerHealthCheckTest {

    @Test
    void readinessFollowsTheBrokerAndLivenessIsNotItsConcern() throws Exception {
        int port = FreePorts.next();
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl()
                .setPersistenceEnabled(false).setSecurityEnabled(false)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port)).start();
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port
                + "?reconnectAttempts=0&initialConnectAttempts=1", "app", "a-password");
        BrokerHealthCheck check = new BrokerHealthCheck(factory, Duration.ofSeconds(5));
        try {
            // a probe that has not answered within the quick wait answers the next call
            await().atMost(Duration.ofSeconds(10)).until(() -> check.call().getState() == HealthCheck.State.UP);
        } finally {
            broker.stop();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> check.call().getState() == HealthCheck.State.DOWN);
        HealthCheck.Result lost = check.call();

        assertThat(lost.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(lost.getMessage()).hasValueSatisfying(message -> assertThat(message)
                .startsWith("The JMS broker cannot be reached").doesNotContain("a-password"));
        assertThat(check.isReadiness()).isTrue();
        assertThat(check.isLiveness()).isFalse();
    }
}

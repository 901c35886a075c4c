package dev.camelpayme.app;

import java.nio.file.Path;
import java.util.List;

import dev.camelpayme.app.boot.BrokerUsers;
import dev.camelpayme.app.boot.EmbeddedBroker;
import dev.camelpayme.testing.FreePorts;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityRuntimeException;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.proton.engine.Sasl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded broker with no external client configured, as after a production start that set none: its TCP port
 * still demands a login, and nobody has one. The application's own user, in-VM, uses every queue.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedBrokerTest {

    private static final int VM_ID = 78;
    private final int port = FreePorts.next();
    private final BrokerUsers users = BrokerUsers.withGeneratedInternalPassword();
    private final EmbeddedBroker broker = new EmbeddedBroker("localhost", port, VM_ID, false,
            Path.of("target", "route-tests", "embedded-broker"), users,
            new EmbeddedBroker.Queues("payme.orders", "payme.refunds", List.of("payme.pending")));

    @BeforeAll
    void start() {
        broker.start();
    }

    @AfterAll
    void stop() {
        broker.stop();
    }

    @Test
    void withNoExternalClientConfiguredNobodyGetsInOverTcp() throws Exception {
        for (String[] login : List.of(new String[] { null, null },
                new String[] { BrokerUsers.DEMO_ORDERS_USERNAME, BrokerUsers.DEMO_ORDERS_PASSWORD },
                new String[] { users.internalUsername(), "guessed" })) {
            try (StompClient stomp = new StompClient(port)) {
                assertThat(stomp.connect(login[0], login[1]).command()).as("STOMP as " + login[0]).isEqualTo("ERROR");
            }
            assertThatThrownBy(() -> {
                try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://localhost:" + port,
                        login[0], login[1]); JMSContext ignored = factory.createContext()) {
                    // logging in is the whole attempt
                }
            }).as("CORE as " + login[0]).isInstanceOf(JMSSecurityRuntimeException.class);
        }
        assertThat(AmqpLogin.attempt(port, BrokerUsers.DEMO_ORDERS_USERNAME, BrokerUsers.DEMO_ORDERS_PASSWORD))
                .isEqualTo(Sasl.PN_SASL_AUTH);
    }

    @Test
    void theApplicationsOwnUserUsesEveryQueueInVm() {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://" + VM_ID,
                users.internalUsername(), users.internalPassword());
             JMSContext jms = factory.createContext()) {
            for (String queue : List.of("payme.pending", "payme.notifications", "payme.orders", "DLQ")) {
                jms.createProducer().send(jms.createQueue(queue), "to " + queue);
                assertThat(jms.createConsumer(jms.createQueue(queue)).receiveBody(String.class, 5000))
                        .isEqualTo("to " + queue);
            }
        }
    }
}

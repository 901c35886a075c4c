package dev.camelpayme.app.metrics;

import java.time.Duration;
import java.util.function.ToDoubleFunction;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.ActiveMQJMSClient;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;

/**
 * The messages on a queue of an external Artemis broker, asked through Artemis's management address
 * ({@code activemq.management}) with the application's own broker user, which needs the manage permission there;
 * NaN when the broker does not answer within the timeout or refuses.
 */
public class ArtemisQueueDepth implements ToDoubleFunction<String> {

    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    private final ConnectionFactory broker;
    private final Duration timeout;

    public ArtemisQueueDepth(ConnectionFactory broker, Duration timeout) {
        this.broker = broker;
        this.timeout = timeout;
    }

    @Override
    public double applyAsDouble(String queue) {
        try (Connection connection = broker.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageConsumer answers = session.createConsumer(replies);
            MessageProducer requests = session.createProducer(ActiveMQJMSClient.createQueue(MANAGEMENT_ADDRESS));
            connection.start();
            Message request = session.createMessage();
            request.setJMSReplyTo(replies);
            JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, "messageCount");
            requests.send(request);
            Message answer = answers.receive(timeout.toMillis());
            if (answer == null || !JMSManagementHelper.hasOperationSucceeded(answer)) {
                return Double.NaN;
            }
            return ((Number) JMSManagementHelper.getResult(answer)).doubleValue();
        } catch (Exception unknown) {
            return Double.NaN;
        }
    }
}

package dev.camelpayme.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.camelpayme.app.boot.BrokerUsers;
import jakarta.jms.JMSContext;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's quick start on the broker, as written, with the demo credentials the sandbox ships: its bash STOMP
 * example is read from the README and replayed byte for byte, and its demo users send orders and refunds over JMS.
 */
class BrokerQuickStartTest extends PaymeRouteTestSupport {

    private static final Pattern STOMP_EXAMPLE = Pattern.compile(
            "exec 3<>/dev/tcp/localhost/61616\\nprintf '([^']*)' >&3");

    @Test
    void theReadmesStompExampleSendsItsOrder() throws Exception {
        Matcher example = STOMP_EXAMPLE.matcher(Files.readString(Path.of("README.md")));
        assertThat(example.find()).as("the README's STOMP example").isTrue();
        String frames = example.group(1).replace("\\n", "\n").replace("\\0", "\0");

        try (Socket socket = new Socket("localhost", brokerPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(frames.getBytes(StandardCharsets.UTF_8));
            String answer = readUntilReceiptOrEnd(socket.getInputStream());
            assertThat(answer).startsWith("CONNECTED").contains("receipt-id:bye").doesNotContain("ERROR");
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> !allOutcomesFor("shop-1003").isEmpty());
    }

    @Test
    void theDemoClientsSendOrdersAndRefundsOverJms() {
        String orderId = newOrderId("QS");

        String created = requestReply(BrokerUsers.DEMO_ORDERS_USERNAME, BrokerUsers.DEMO_ORDERS_PASSWORD,
                "payme.orders", order(orderId, 1500));
        String refused = requestReply(BrokerUsers.DEMO_REFUNDS_USERNAME, BrokerUsers.DEMO_REFUNDS_PASSWORD,
                "payme.refunds", "{\"order_id\":\"" + orderId + "\",\"txamt\":100}");

        assertThat(json(created).path("outcome").asText()).isEqualTo("CREATED");
        assertThat(json(refused).path("outcome").asText()).as("not paid yet: refused, but heard").isEqualTo("REJECTED");
    }

    private String requestReply(String user, String password, String queue, String body) {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://localhost:" + brokerPort(),
                user, password);
             JMSContext jms = factory.createContext()) {
            TemporaryQueue replies = jms.createTemporaryQueue();
            jms.createProducer().setJMSReplyTo(replies).send(jms.createQueue(queue), body);
            return jms.createConsumer(replies).receiveBody(String.class, 20_000);
        }
    }

    /** What the broker answers until the DISCONNECT's receipt, or until it closes the connection (after an ERROR). */
    private static String readUntilReceiptOrEnd(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            read.write(b);
            if (b == 0 && read.toString(StandardCharsets.UTF_8).contains("receipt-id:bye")) {
                break;
            }
        }
        return read.toString(StandardCharsets.UTF_8);
    }

    private int brokerPort() {
        return Integer.parseInt(context.getPropertiesComponent().resolveProperty("payme.broker.port").orElseThrow());
    }
}

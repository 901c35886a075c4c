package dev.camelpayme.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.camelpayme.app.boot.BrokerUsers;
import dev.camelpayme.app.boot.EmbeddedBroker;
import dev.camelpayme.testing.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded broker switched off and the routes pointed at another broker over TCP, as in production. That broker
 * is an Artemis instance started by the test; a non-Java client sends an order to it over STOMP.
 */
class ExternalBrokerTest extends PaymeRouteTestSupport {

    private static final int BROKER_PORT = FreePorts.next();
    /** The application's account on that broker, given to it as payme.broker.username and password. */
    private static final String APP_USER = "payme-on-mq";
    private static final String APP_PASSWORD = "external-broker-app-password";
    private static final EmbeddedBroker BROKER = new EmbeddedBroker("localhost", BROKER_PORT, 77, false,
            Path.of("target", "route-tests", "external-broker"),
            BrokerUsers.withInternalUser(APP_USER, APP_PASSWORD)
                    .withClient(BrokerUsers.ORDERS_ROLE, "shop", "shop-password", "test"),
            new EmbeddedBroker.Queues("payme.orders", "payme.refunds", List.of()));

    static {
        BROKER.start();
    }

    @AfterAll
    static void stopBroker() {
        BROKER.stop();
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of(
                "payme.broker.embedded", "false",
                "payme.broker.url", "tcp://localhost:" + BROKER_PORT,
                "payme.broker.username", APP_USER,
                "payme.broker.password", APP_PASSWORD);
    }

    @Test
    void ordersFlowThroughTheExternalBroker() {
        String reply = template.requestBody("jms:queue:payme.orders", order("ext-1", 1500), String.class);

        assertThat(json(reply).path("outcome").asText()).isEqualTo("CREATED");
    }

    @Test
    void nonJavaClientSendsAnOrderOverStomp() throws IOException {
        String frames = "CONNECT\naccept-version:1.2\nhost:localhost\nlogin:shop\npasscode:shop-password\n\n\0"
                + "SEND\ndestination:payme.orders\ndestination-type:ANYCAST\ncontent-type:application/json\n\n"
                + order("stomp-1", 1600) + "\0"
                + "DISCONNECT\nreceipt:bye\n\n\0";
        try (Socket socket = new Socket("localhost", BROKER_PORT)) {
            OutputStream out = socket.getOutputStream();
            out.write(frames.getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.setSoTimeout(5000);
            String answer = new String(readUntilReceipt(socket.getInputStream()), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("CONNECTED").contains("receipt-id:bye");
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> getMockEndpoint("mock:success").getExchanges().stream()
                .anyMatch(e -> e.getMessage().getBody(String.class).contains("\"order_id\":\"stomp-1\"")));
    }

    private static byte[] readUntilReceipt(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            read.write(b);
            if (read.toString(StandardCharsets.UTF_8).contains("receipt-id:bye")) {
                break;
            }
        }
        return read.toByteArray();
    }
}

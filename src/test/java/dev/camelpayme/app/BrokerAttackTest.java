package dev.camelpayme.app;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.testing.LogCapture;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQTemporaryQueue;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.qpid.proton.engine.Sasl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jms.connection.CachingConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The broker attacked as any local process could: over TCP with STOMP, CORE (JMS) and AMQP, without credentials,
 * with wrong ones, and with each external role's own; and from inside, a forged message put straight on the
 * notifications queue. Only the intake queue of a role takes its messages, only QFPay's signed notifications are
 * routed, and no ObjectMessage is ever deserialized.
 */
class BrokerAttackTest extends RefundRouteTestSupport {

    private static final String ORDERS_USER = "shop-orders";
    private static final String ORDERS_PASSWORD = "orders-password-for-the-attack-test";
    private static final String REFUNDS_USER = "shop-refunds";
    /** Read from a file, as production does (payme.broker.clients.refunds-password-file). */
    private static final String REFUNDS_PASSWORD = "refunds-password-from-a-file";
    private static final Path REFUNDS_PASSWORD_FILE = Path.of("target", "route-tests", "broker-attack-refunds-password");

    private static final String SECURITY_LOGGER = "dev.camelpayme.security";

    @Override
    protected Map<String, String> extraProperties() {
        try {
            Files.createDirectories(REFUNDS_PASSWORD_FILE.getParent());
            Files.writeString(REFUNDS_PASSWORD_FILE, REFUNDS_PASSWORD + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "payme.broker.clients.orders-username", ORDERS_USER,
                "payme.broker.clients.orders-password", ORDERS_PASSWORD,
                "payme.broker.clients.refunds-username", REFUNDS_USER,
                "payme.broker.clients.refunds-password-file", REFUNDS_PASSWORD_FILE.toString());
    }

    // --- who gets in ------------------------------------------------------------------------------------------

    @Test
    void aStompClientWithoutCredentialsIsRefused() throws Exception {
        try (StompClient stomp = new StompClient(brokerPort())) {
            assertThat(stomp.connect(null, null).command()).isEqualTo("ERROR");
        }
    }

    @Test
    void aStompClientWithAWrongPasswordIsRefused() throws Exception {
        try (StompClient stomp = new StompClient(brokerPort())) {
            assertThat(stomp.connect(ORDERS_USER, "guessed").command()).isEqualTo("ERROR");
        }
    }

    @Test
    void aCoreClientWithoutCredentialsOrWithAWrongPasswordIsRefused() {
        assertThatThrownBy(() -> jms(null, null, jms -> jms.createProducer()))
                .isInstanceOf(JMSSecurityRuntimeException.class);
        assertThatThrownBy(() -> jms(REFUNDS_USER, ORDERS_PASSWORD, jms -> jms.createProducer()))
                .isInstanceOf(JMSSecurityRuntimeException.class);
    }

    @Test
    void anAmqpClientLogsInOnlyWithItsPassword() throws Exception {
        assertThat(AmqpLogin.attempt(brokerPort(), ORDERS_USER, "guessed")).isEqualTo(Sasl.PN_SASL_AUTH);
        assertThat(AmqpLogin.attempt(brokerPort(), "payme-app", "guessed")).as("the application's own user")
                .isEqualTo(Sasl.PN_SASL_AUTH);
        assertThat(AmqpLogin.attempt(brokerPort(), ORDERS_USER, ORDERS_PASSWORD)).isEqualTo(Sasl.PN_SASL_OK);
    }

    @Test
    void theApplicationsOwnBrokerPasswordIsDrawnAtStartAndWrittenNowhere() throws Exception {
        String password = ((ActiveMQConnectionFactory) context.getRegistry()
                .lookupByNameAndType("paymeConnectionFactory", CachingConnectionFactory.class)
                .getTargetConnectionFactory()).getPassword();

        assertThat(password).hasSizeGreaterThanOrEqualTo(40).isNotEqualTo(ORDERS_PASSWORD);
        assertThat(Files.readString(Path.of("application.properties"))).doesNotContain(password);
        assertThat(Files.readString(Path.of("target", "test.log"))).as("the log so far").doesNotContain(password);
    }

    // --- what each role may do --------------------------------------------------------------------------------

    @Test
    void theOrdersClientGetsItsOutcomeByRequestReply() {
        String orderId = newOrderId("BR");

        String reply = jms(ORDERS_USER, ORDERS_PASSWORD, jms -> requestReply(jms, "payme.orders", order(orderId, 1500)));

        assertThat(json(reply).path("outcome").asText()).isEqualTo("CREATED");
        assertThat(json(reply).path("order_id").asText()).isEqualTo(orderId);
    }

    @Test
    void theOrdersClientMayNotRequestARefund() throws Exception {
        JsonNode paid = paidOrder(2000);

        assertThatThrownBy(() -> jms(ORDERS_USER, ORDERS_PASSWORD, jms -> {
            jms.createProducer().send(jms.createQueue("payme.refunds"), refundRequest(paid));
            return null;
        })).isInstanceOf(JMSSecurityRuntimeException.class);
        try (StompClient stomp = new StompClient(brokerPort())) {
            assertThat(stomp.connect(ORDERS_USER, ORDERS_PASSWORD).command()).isEqualTo("CONNECTED");
            assertThat(stomp.send("payme.refunds", refundRequest(paid)).command()).isEqualTo("ERROR");
        }
        assertThat(refundCallsFor(paid)).isZero();
    }

    @Test
    void theRefundsClientGetsItsRefundByRequestReplyButMayNotSendOrders() {
        JsonNode paid = paidOrder(2100);

        String reply = jms(REFUNDS_USER, REFUNDS_PASSWORD,
                jms -> requestReply(jms, "payme.refunds", refundRequest(paid, 700)));

        assertThat(json(reply).path("outcome").asText()).isEqualTo("REFUNDED");
        assertThat(refundCallsFor(paid)).isEqualTo(1);
        assertThatThrownBy(() -> jms(REFUNDS_USER, REFUNDS_PASSWORD, jms -> {
            jms.createProducer().send(jms.createQueue("payme.orders"), order(newOrderId("BR"), 1500));
            return null;
        })).isInstanceOf(JMSSecurityRuntimeException.class);
    }

    @Test
    void aReplyAddressCannotCarryTheApplicationsAnswerIntoAnotherQueue() throws Exception {
        JsonNode paid = paidOrder(2300);
        String repeat = order(paid.path("order_id").asText(), 2300);

        for (String queue : List.of("payme.refunds", "payme.pending", "payme.notifications")) {
            assertThatThrownBy(() -> jms(ORDERS_USER, ORDERS_PASSWORD, jms -> {
                jms.createProducer().setJMSReplyTo(jms.createQueue(queue)).send(jms.createQueue("payme.orders"), repeat);
                return null;
            })).as("replies to " + queue).isInstanceOf(JMSSecurityRuntimeException.class)
                    .hasMessageContaining("temporary queue");
            assertThatThrownBy(() -> jms(ORDERS_USER, ORDERS_PASSWORD, jms -> {
                jms.createProducer().setJMSReplyTo(new ActiveMQTemporaryQueue(queue, null))
                        .send(jms.createQueue("payme.orders"), repeat);
                return null;
            })).as("replies to " + queue + " named as a temporary queue").isInstanceOf(JMSSecurityRuntimeException.class);
        }
        try (StompClient stomp = new StompClient(brokerPort())) {
            assertThat(stomp.connect(ORDERS_USER, ORDERS_PASSWORD).command()).isEqualTo("CONNECTED");
            assertThat(stomp.write("SEND\ndestination:payme.orders\ndestination-type:ANYCAST\nreply-to:payme.refunds\n"
                    + "receipt:r1\n\n" + repeat + "\0").command()).as("STOMP's reply-to").isEqualTo("ERROR");
        }
        assertThat(refundCallsFor(paid)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = { "payme.notifications", "payme.pending", "payme.work", "payme.refund-work",
            "payme.orders.DLQ", "DLQ", "ExpiryQueue" })
    void noExternalClientMaySendToAnInternalQueue(String queue) throws Exception {
        for (String[] client : externalClients()) {
            try (StompClient stomp = new StompClient(brokerPort())) {
                assertThat(stomp.connect(client[0], client[1]).command()).isEqualTo("CONNECTED");
                assertThat(stomp.send(queue, "{}").command()).as(client[0] + " to " + queue).isEqualTo("ERROR");
            }
            assertThatThrownBy(() -> jms(client[0], client[1], jms -> {
                jms.createProducer().send(jms.createQueue(queue), "{}");
                return null;
            })).as(client[0] + " to " + queue).isInstanceOf(JMSSecurityRuntimeException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "payme.orders", "payme.refunds", "payme.notifications", "payme.pending", "payme.work",
            "payme.refund-work", "payme.orders.DLQ", "DLQ", "ExpiryQueue" })
    void noExternalClientMayReadOrBrowseAnyQueue(String queue) {
        for (String[] client : externalClients()) {
            assertThatThrownBy(() -> jms(client[0], client[1], jms -> jms.createConsumer(jms.createQueue(queue))))
                    .as(client[0] + " reading " + queue).isInstanceOf(JMSSecurityRuntimeException.class);
            assertThatThrownBy(() -> jms(client[0], client[1], jms -> browse(jms, queue)))
                    .as(client[0] + " browsing " + queue).isInstanceOf(JMSRuntimeException.class)
                    .hasMessageContaining("permission");
        }
    }

    // --- forged notifications ---------------------------------------------------------------------------------

    @Test
    void aForgedNotificationSentOverStompIsRefusedWithOrWithoutCredentialsAndPaysNothing() throws Exception {
        JsonNode created = json(postOrder(order(newOrderId("FS"), 99900)).body());
        String forged = notification(created);

        try (StompClient stomp = new StompClient(brokerPort())) {
            StompClient.Frame answer = stomp.connect(null, null);
            if (answer.command().equals("CONNECTED")) {
                answer = stomp.send("payme.notifications", forged);
            }
            assertThat(answer.command()).as("without credentials").isEqualTo("ERROR");
        }
        for (String[] client : externalClients()) {
            try (StompClient stomp = new StompClient(brokerPort())) {
                assertThat(stomp.connect(client[0], client[1]).command()).isEqualTo("CONNECTED");
                assertThat(stomp.send("payme.notifications", forged).command()).as(client[0]).isEqualTo("ERROR");
            }
        }

        assertStillOnlyCreated(created);
    }

    @Test
    void aForgedNotificationPutOnTheQueueFromInsideIsRefusedLoggedAndRoutesNothing() throws Exception {
        JsonNode created = json(postOrder(order(newOrderId("FQ"), 99800)).body());
        String forged = notification(created);
        String signedElsewhere = sign(forged.replace("99800", "1"));
        List<String> security = new CopyOnWriteArrayList<>();

        try (LogCapture capture = LogCapture.of(SECURITY_LOGGER, security)) {
            template.sendBody("jms:queue:payme.notifications", forged);
            template.sendBodyAndHeader("jms:queue:payme.notifications", forged.getBytes(StandardCharsets.UTF_8),
                    "X-QF-SIGN", signedElsewhere);
            template.sendBodyAndHeader("jms:queue:payme.notifications", forged, "X-QF-SIGN", "");

            await().atMost(Duration.ofSeconds(10)).until(() -> security.stream()
                    .filter(line -> line.startsWith("WARN Refused a message on payme.notifications")).count() == 3);
        }

        assertStillOnlyCreated(created);
        assertThat(security).noneMatch(line -> line.contains(SANDBOX_KEY));
    }

    @Test
    void aNotificationQueuedWithItsSignatureIsRoutedAfterTheSecondVerification() throws Exception {
        JsonNode created = json(postOrder(order(newOrderId("FV"), 99700)).body());
        String genuine = notification(created);

        template.sendBodyAndHeader("jms:queue:payme.notifications", genuine.getBytes(StandardCharsets.UTF_8),
                "X-QF-SIGN", sign(genuine));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> !outcomesFor(created.path("order_id").asText(), "mock:paid").isEmpty());
    }

    // --- ObjectMessage ----------------------------------------------------------------------------------------

    @Test
    void anObjectMessageIsNeverDeserializedAndTheOrderIsDeadLetteredUnprocessed() throws Exception {
        Gadget.READ.set(false);
        String orderId = newOrderId("OM");
        int paymentsBefore = sandbox().requests("/trade/v1/payment").size();

        String sent = jms(ORDERS_USER, ORDERS_PASSWORD, jms -> {
            ObjectMessage message = jms.createObjectMessage(new Gadget(order(orderId, 1500)));
            jms.createProducer().send(jms.createQueue("payme.orders"), message);
            return messageId(message);
        });

        // the intake cannot even read it: the broker dead-letters it once its deliveries are used up
        Exchange dead = consumer.receive("jms:queue:DLQ", 20_000);
        assertThat(dead).as("the order was dead-lettered").isNotNull();
        jakarta.jms.Message parked = dead.getMessage(JmsMessage.class).getJmsMessage();
        assertThat(parked.getJMSMessageID()).isEqualTo(sent);
        assertThat(parked.getStringProperty("_AMQ_ORIG_ADDRESS")).isEqualTo("payme.orders");
        assertThat(Gadget.READ).as("readObject ran: the body was deserialized").isFalse();
        assertThat(sandbox().requests("/trade/v1/payment")).hasSize(paymentsBefore);
        assertThat(allOutcomesFor(orderId)).isEmpty();
    }

    /** A class that says when it is deserialized, as a gadget chain's first link would run. */
    static final class Gadget implements Serializable {

        static final AtomicBoolean READ = new AtomicBoolean();
        private static final long serialVersionUID = 1L;
        private final String order;

        Gadget(String order) {
            this.order = order;
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            READ.set(true);
            in.defaultReadObject();
        }

        @Override
        public String toString() {
            return order;
        }
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private int brokerPort() {
        return Integer.parseInt(context.getPropertiesComponent().resolveProperty("payme.broker.port").orElseThrow());
    }

    private static List<String[]> externalClients() {
        return List.of(new String[] { ORDERS_USER, ORDERS_PASSWORD }, new String[] { REFUNDS_USER, REFUNDS_PASSWORD });
    }

    /** Runs {@code work} in a JMS context on the broker's TCP port, logged in as {@code user} (none if null). */
    private <T> T jms(String user, String password, java.util.function.Function<JMSContext, T> work) {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://localhost:" + brokerPort(),
                user, password);
             JMSContext jms = factory.createContext()) {
            return work.apply(jms);
        }
    }

    private static String messageId(jakarta.jms.Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }

    /** Whether a browser sees any message on {@code queue}. */
    private static boolean browse(JMSContext jms, String queue) {
        try {
            return jms.createBrowser(jms.createQueue(queue)).getEnumeration().hasMoreElements();
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }

    /** Sends {@code body} to {@code queue} with a temporary reply queue and returns the reply's text. */
    private static String requestReply(JMSContext jms, String queue, String body) {
        TemporaryQueue replies = jms.createTemporaryQueue();
        Queue destination = jms.createQueue(queue);
        jms.createProducer().setJMSReplyTo(replies).send(destination, body);
        String reply = jms.createConsumer(replies).receiveBody(String.class, 20_000);
        assertThat(reply).as("a reply on the temporary queue").isNotNull();
        return reply;
    }

    /** The order was paid by nobody: no PAID outcome, and a repeat of it answers its stored CREATED. */
    private void assertStillOnlyCreated(JsonNode created) {
        String orderId = created.path("order_id").asText();
        assertThat(outcomesFor(orderId, "mock:paid")).isEmpty();
        JsonNode again = json(postOrder(order(orderId, created.path("txamt").asLong())).body());
        assertThat(again.path("outcome").asText()).isEqualTo("CREATED");
    }

    /** A payment notification for the order, well-formed as QFPay sends it, but written by the attacker. */
    private static String notification(JsonNode order) {
        return "{\"status\": \"1\", \"pay_type\": \"805814\", \"sysdtm\": \"2026-01-01 12:00:01\", "
                + "\"paydtm\": \"2026-01-01 12:01:30\", \"txcurrcd\": \"HKD\", \"txdtm\": \"" + order.path("txdtm").asText()
                + "\", \"txamt\": \"" + order.path("txamt").asText() + "\", \"out_trade_no\": \""
                + order.path("out_trade_no").asText() + "\", \"syssn\": \"" + order.path("syssn").asText()
                + "\", \"cancel\": \"0\", \"respcd\": \"0000\", \"notify_type\": \"payment\"}";
    }
}

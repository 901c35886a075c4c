package dev.camelpayme.app.boot;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ActiveMQ Artemis broker of the first run, inside the JVM: reachable in-VM (vm://ID) by the routes and on a
 * TCP port with the CORE, AMQP and STOMP protocols, so other processes, also non-Java ones, can send orders.
 * Started and stopped as a Camel service, before the JMS consumers and after them.
 * <p>
 * Security is on, with Artemis's own JAAS security manager and role permissions: every connection logs in. The
 * application's internal user may use every queue; an external client may only send to the intake queue of its role
 * and read its own temporary reply queues (request-reply). Nobody else may send to, read or browse anything, so with
 * no external client configured the TCP port lets nobody in. An external client's reply address must be a temporary
 * queue: the application sends replies with its own rights, and would otherwise carry them into any queue.
 */
public class EmbeddedBroker extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    static final String DEAD_LETTER_QUEUE = "DLQ";
    static final String EXPIRY_QUEUE = "ExpiryQueue";
    /** What clients may speak on the TCP port. */
    private static final List<String> PROTOCOLS = List.of("CORE", "AMQP", "STOMP");

    private final String host;
    private final int port;
    private final int vmId;
    private final boolean persistent;
    private final Path dataDir;
    private final BrokerUsers users;
    private final Queues queues;
    private volatile EmbeddedActiveMQ broker;
    private CompletableFuture<Void> starting;

    /**
     * The queues the permissions name: the intake queues external clients may send to, and the application's
     * internal ones (every other queue is internal too; these are named so that a one-word name is never taken for
     * a temporary reply queue).
     */
    public record Queues(String orders, String refunds, List<String> internal) {
    }

    public EmbeddedBroker(String host, int port, int vmId, boolean persistent, Path dataDir, BrokerUsers users,
                          Queues queues) {
        this.host = host;
        this.port = port;
        this.vmId = vmId;
        this.persistent = persistent;
        this.dataDir = dataDir;
        this.users = users;
        this.queues = queues;
    }

    /**
     * Starts the broker on a thread of its own (about a second, journal and acceptors), while Camel goes on loading
     * the routes; {@link #doStart()} then waits for it, and a failure (a busy port, say) is thrown there.
     */
    void startEarly() {
        starting = CompletableFuture.runAsync(() -> {
            try {
                startBroker();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, task -> {
            Thread thread = new Thread(task, "payme-broker-start");
            thread.setDaemon(true);
            thread.start();
        });
    }

    @Override
    protected void doStart() throws Exception {
        if (starting == null) {
            startBroker();
            return;
        }
        try {
            starting.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private void startBroker() throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("payme-embedded-broker")
                .setSecurityEnabled(true)
                .setJMXManagementEnabled(false)
                .setPersistenceEnabled(persistent)
                // NIO: AIO needs libaio, which a fresh machine may not have
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large-messages").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                .addAcceptorConfiguration("in-vm", "vm://" + vmId)
                .addAcceptorConfiguration("tcp",
                        "tcp://" + host + ":" + port + "?protocols=" + String.join(",", PROTOCOLS))
                // a message that keeps failing is parked on DLQ, never dropped
                .addAddressSetting("#", new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of(DEAD_LETTER_QUEUE))
                        .setExpiryAddress(SimpleString.of(EXPIRY_QUEUE)))
                .addQueueConfiguration(QueueConfiguration.of(DEAD_LETTER_QUEUE).setRoutingType(RoutingType.ANYCAST))
                .addQueueConfiguration(QueueConfiguration.of(EXPIRY_QUEUE).setRoutingType(RoutingType.ANYCAST))
                // there before any consumer, so a client may send without the right to create anything
                .addQueueConfiguration(QueueConfiguration.of(queues.orders()).setRoutingType(RoutingType.ANYCAST))
                .addQueueConfiguration(QueueConfiguration.of(queues.refunds()).setRoutingType(RoutingType.ANYCAST));
        grantPermissions(config);
        config.registerBrokerPlugin(new RepliesOnlyToTemporaryQueues(users.internalUsername()));
        broker = new EmbeddedActiveMQ().setConfiguration(config).setSecurityManager(securityManager());
        broker.start();
        LOG.info("Embedded JMS broker started: vm://{} and {}, persistent={}, security on, external clients {}", vmId,
                address(), persistent, users.clients().keySet());
    }

    /** Where external clients reach it, with the protocols they may speak. */
    String address() {
        return "tcp://" + host + ":" + port + " (" + String.join(", ", PROTOCOLS) + ")";
    }

    /** The users and their roles, held in memory only: the internal password changes at every start. */
    private ActiveMQJAASSecurityManager securityManager() {
        SecurityConfiguration logins = new SecurityConfiguration();
        logins.addUser(users.internalUsername(), users.internalPassword());
        logins.addRole(users.internalUsername(), BrokerUsers.INTERNAL_ROLE);
        users.clients().forEach((username, client) -> {
            logins.addUser(username, client.password);
            client.roles.forEach(role -> logins.addRole(username, role));
        });
        return new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), logins);
    }

    /**
     * Each match holds every role allowed there (the most specific match wins): the internal role everywhere; an
     * intake role sending to its queue only; and, on one-word addresses ("*", which the random names of temporary
     * reply queues are), the intake roles creating and reading their reply queues. The internal queues are named
     * one by one so that none is a one-word address open to them.
     */
    private void grantPermissions(Configuration config) {
        Role internal = role(BrokerUsers.INTERNAL_ROLE, Permission.values());
        config.putSecurityRoles("#", Set.of(internal));
        Set<String> internalQueues = new LinkedHashSet<>(queues.internal());
        internalQueues.add(DEAD_LETTER_QUEUE);
        internalQueues.add(EXPIRY_QUEUE);
        internalQueues.forEach(queue -> config.putSecurityRoles(queue, Set.of(internal)));
        config.putSecurityRoles(queues.orders(), Set.of(internal, role(BrokerUsers.ORDERS_ROLE, Permission.SEND)));
        config.putSecurityRoles(queues.refunds(), Set.of(internal, role(BrokerUsers.REFUNDS_ROLE, Permission.SEND)));
        Permission[] replies = { Permission.CREATE_ADDRESS, Permission.CREATE_NON_DURABLE_QUEUE,
                Permission.DELETE_NON_DURABLE_QUEUE, Permission.DELETE_ADDRESS, Permission.CONSUME };
        config.putSecurityRoles("*", Set.of(internal, role(BrokerUsers.ORDERS_ROLE, replies),
                role(BrokerUsers.REFUNDS_ROLE, replies)));
    }

    /**
     * Refuses a message from anyone but the application whose reply address (JMSReplyTo, AMQP and STOMP reply-to) is
     * not an existing temporary queue: the application replies with its own rights, so a reply to payme.refunds, say,
     * would put a message where the sender may not. Role permissions cannot say this, as they judge the sender only.
     */
    private static final class RepliesOnlyToTemporaryQueues implements ActiveMQServerMessagePlugin {

        private final String internalUsername;
        private volatile ActiveMQServer server;

        RepliesOnlyToTemporaryQueues(String internalUsername) {
            this.internalUsername = internalUsername;
        }

        @Override
        public void registered(ActiveMQServer server) {
            this.server = server;
        }

        @Override
        public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
                               boolean noAutoCreateQueue) throws ActiveMQException {
            if (message.getReplyTo() == null || internalUsername.equals(session.getValidatedUser())) {
                return;
            }
            // a client names it as it likes (temp-queue://payme.refunds too): only the queue it resolves to counts
            String replyTo = message.getReplyTo().toString();
            int scheme = replyTo.indexOf("://");
            Queue queue = server.locateQueue(scheme < 0 ? replyTo : replyTo.substring(scheme + 3));
            if (queue == null || !queue.isTemporary()) {
                throw new ActiveMQSecurityException("A reply may only go to a temporary queue of the sender's");
            }
        }
    }

    /** What a role may do on the addresses of a match. */
    private enum Permission {
        SEND, CONSUME, BROWSE, CREATE_ADDRESS, DELETE_ADDRESS, CREATE_DURABLE_QUEUE, DELETE_DURABLE_QUEUE,
        CREATE_NON_DURABLE_QUEUE, DELETE_NON_DURABLE_QUEUE, MANAGE
    }

    private static Role role(String name, Permission... permissions) {
        Set<Permission> granted = Set.of(permissions);
        Role role = new Role();
        role.setName(name);
        role.setSend(granted.contains(Permission.SEND));
        role.setConsume(granted.contains(Permission.CONSUME));
        role.setBrowse(granted.contains(Permission.BROWSE));
        role.setCreateAddress(granted.contains(Permission.CREATE_ADDRESS));
        role.setDeleteAddress(granted.contains(Permission.DELETE_ADDRESS));
        role.setCreateDurableQueue(granted.contains(Permission.CREATE_DURABLE_QUEUE));
        role.setDeleteDurableQueue(granted.contains(Permission.DELETE_DURABLE_QUEUE));
        role.setCreateNonDurableQueue(granted.contains(Permission.CREATE_NON_DURABLE_QUEUE));
        role.setDeleteNonDurableQueue(granted.contains(Permission.DELETE_NON_DURABLE_QUEUE));
        role.setManage(granted.contains(Permission.MANAGE));
        return role;
    }

    /** The messages on {@code queue} now (the dead-letter queues' gauges); NaN while the broker is not running. */
    public double messageCount(String queue) {
        EmbeddedActiveMQ running = broker;
        ActiveMQServer server = running == null ? null : running.getActiveMQServer();
        if (server == null || !server.isActive()) {
            return Double.NaN;
        }
        // a queue nothing was ever sent to may not exist yet: it holds nothing
        Queue found = server.locateQueue(SimpleString.of(queue));
        return found == null ? 0 : found.getMessageCount();
    }

    /** The name of the broker's own dead-letter queue, where messages go after their redeliveries. */
    public static String deadLetterQueue() {
        return DEAD_LETTER_QUEUE;
    }

    @Override
    protected void doStop() throws Exception {
        if (starting != null) {
            // a start still under way finishes first, or its broker would outlive this stop
            starting.handle((started, failed) -> null).join();
        }
        if (broker != null) {
            broker.stop();
            broker = null;
            LOG.info("Embedded JMS broker stopped");
        }
    }
}

package dev.camelpayme.app.boot;

import java.nio.file.Path;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ActiveMQ Artemis broker of the first run, inside the JVM: reachable in-VM (vm://ID) by the routes and on a
 * TCP port with the CORE, AMQP and STOMP protocols, so other processes, also non-Java ones, can send orders.
 * Started and stopped as a Camel service, before the JMS consumers and after them.
 */
public class EmbeddedBroker extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    static final String DEAD_LETTER_QUEUE = "DLQ";
    static final String EXPIRY_QUEUE = "ExpiryQueue";

    private final String host;
    private final int port;
    private final int vmId;
    private final boolean persistent;
    private final Path dataDir;
    private EmbeddedActiveMQ broker;

    public EmbeddedBroker(String host, int port, int vmId, boolean persistent, Path dataDir) {
        this.host = host;
        this.port = port;
        this.vmId = vmId;
        this.persistent = persistent;
        this.dataDir = dataDir;
    }

    @Override
    protected void doStart() throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("payme-embedded-broker")
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .setPersistenceEnabled(persistent)
                // NIO: AIO needs libaio, which a fresh machine may not have
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large-messages").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                .addAcceptorConfiguration("in-vm", "vm://" + vmId)
                .addAcceptorConfiguration("tcp", "tcp://" + host + ":" + port + "?protocols=CORE,AMQP,STOMP")
                // a message that keeps failing is parked on DLQ, never dropped
                .addAddressSetting("#", new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of(DEAD_LETTER_QUEUE))
                        .setExpiryAddress(SimpleString.of(EXPIRY_QUEUE)))
                .addQueueConfiguration(QueueConfiguration.of(DEAD_LETTER_QUEUE).setRoutingType(RoutingType.ANYCAST))
                .addQueueConfiguration(QueueConfiguration.of(EXPIRY_QUEUE).setRoutingType(RoutingType.ANYCAST));
        broker = new EmbeddedActiveMQ().setConfiguration(config);
        broker.start();
        LOG.info("Embedded JMS broker started: vm://{} and tcp://{}:{} (CORE, AMQP, STOMP), persistent={}", vmId,
                host, port, persistent);
    }

    @Override
    protected void doStop() throws Exception {
        if (broker != null) {
            broker.stop();
            broker = null;
            LOG.info("Embedded JMS broker stopped");
        }
    }
}

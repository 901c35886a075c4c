package dev.camelpayme.app;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.camelpayme.app.boot.BrokerUsers;
import dev.camelpayme.app.boot.EmbeddedBroker;

/**
 * An Artemis broker (EmbeddedActiveMQ, as the application embeds it) alone in a JVM of its own: the external broker
 * that several application instances share. Arguments: port, data folder, the applications' user and password, the
 * shop's user and password (allowed both intake queues). Prints {@value #READY} once it accepts connections.
 */
public final class StandaloneBroker {

    static final String READY = "standalone broker ready";

    private StandaloneBroker() {
    }

    public static void main(String[] args) throws InterruptedException {
        BrokerUsers users = BrokerUsers.withInternalUser(args[2], args[3])
                .withClient(BrokerUsers.ORDERS_ROLE, args[4], args[5], "shop")
                .withClient(BrokerUsers.REFUNDS_ROLE, args[4], args[5], "shop");
        EmbeddedBroker broker = new EmbeddedBroker("localhost", Integer.parseInt(args[0]), 0, true, Path.of(args[1]),
                users, new EmbeddedBroker.Queues("payme.orders", "payme.refunds", List.of()));
        broker.start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::stop));
        System.out.println(READY);
        new CountDownLatch(1).await();
    }
}

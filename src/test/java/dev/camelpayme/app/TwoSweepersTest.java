package dev.camelpayme.app;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import dev.camelpayme.app.notification.NotificationInbox;
import dev.camelpayme.app.payment.PaymentEvent;
import dev.camelpayme.app.payment.PaymentFlow;
import dev.camelpayme.app.payment.PaymentOutcome;
import dev.camelpayme.app.payment.PaymentState;
import dev.camelpayme.app.refund.RefundFlow;
import dev.camelpayme.app.store.PaymentStore.Row;
import dev.camelpayme.app.store.PaymentStore;
import dev.camelpayme.app.store.PaymentStoreTest;
import dev.camelpayme.app.store.RefundStore;
import dev.camelpayme.app.store.Transitions.Write;
import dev.camelpayme.testing.TestDatabases;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Camel contexts, as two instances would run them, share one store and run the real sweeper routes
 * (routes/payme-sweepers.yaml) every few milliseconds over the same stale orders and undelivered outcomes: each
 * order is taken over once and each outcome handed on for delivery once. {@link TwoSweepersOnPostgresTest} runs the
 * same race on PostgreSQL.
 */
class TwoSweepersTest {

    private static final int ORDERS = 60;
    private final List<CamelContext> contexts = new ArrayList<>();

    protected DataSource freshDatabase() throws Exception {
        return TestDatabases.freshH2();
    }

    @AfterEach
    void stopContexts() {
        contexts.forEach(CamelContext::stop);
    }

    @Test
    void twoSweepersTakeOverEachStaleOrderAndDeliverEachOutcomeOnce() throws Exception {
        DataSource database = freshDatabase();
        // the orders were written a minute ago: their lease has long run out
        AtomicLong then = new AtomicLong(System.currentTimeMillis() - 60_000);
        PaymentStore past = new PaymentStore(database, PaymentStoreTest.fixedClock(then), 1_000);
        past.createSchema();
        new RefundStore(database, Clock.systemUTC()).createSchema();
        List<String> stale = new ArrayList<>();
        List<String> undelivered = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            String inFlight = "stale-" + i;
            past.claim(inFlight, inFlight + "-a", "{\"txamt\":\"100\",\"txcurrcd\":\"HKD\"}", false, row -> "{}");
            stale.add(inFlight);
            String failed = "undelivered-" + i;
            past.claim(failed, failed + "-a", "{\"txamt\":\"100\"}", false, row -> "{}");
            past.apply(failed, PaymentEvent.FAILED_AT_QFPAY,
                    Write.outcome("{\"order_id\":\"" + failed + "\",\"outcome\":\"FAILED\"}"));
            undelivered.add(failed);
        }

        CyclicBarrier bothRead = new CyclicBarrier(2);
        CamelContext first = sweeper(new RacingStore(database, bothRead), database);
        CamelContext second = sweeper(new RacingStore(database, bothRead), database);
        first.start();
        second.start();
        bothStarted.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> received("mock:taken-over").size() >= ORDERS
                && received("mock:redelivered").size() >= ORDERS);
        // both sweepers have run ten more times over the same rows since: whatever they could repeat, they would have
        List<NotifyBuilder> tenMoreSweeps = contexts.stream().map(c -> new NotifyBuilder(c)
                .fromRoute("payme-redelivery-sweep").whenCompleted(10).create()).toList();
        assertThat(tenMoreSweeps).allMatch(sweeps -> sweeps.matches(10, TimeUnit.SECONDS));

        assertThat(received("mock:taken-over")).as("each stale order taken over once")
                .containsExactlyInAnyOrderElementsOf(stale);
        assertThat(received("mock:redelivered")).as("each undelivered outcome handed on once")
                .containsExactlyInAnyOrderElementsOf(undelivered);
        assertThat(refusedTakeOvers.get()).as("the second sweeper's takeovers of the rows both read were refused")
                .isEqualTo(ORDERS);
        PaymentStore now = new PaymentStore(database, Clock.systemUTC(), 1_000);
        for (String orderId : stale) {
            assertThat(now.find(orderId).orElseThrow().state()).isEqualTo(PaymentState.WAITING);
            assertThat(now.find(orderId).orElseThrow().outcome()).as("an outcome the repeat path can read").contains(orderId);
        }
    }

    private final AtomicInteger refusedTakeOvers = new AtomicInteger();
    private final CountDownLatch bothStarted = new CountDownLatch(1);

    /**
     * The store as a sweeper sees it, except that its first read of the stale orders waits until the other sweeper
     * has read them too: both then hold the same rows, and only the compare-and-set decides who takes each.
     */
    private final class RacingStore extends PaymentStore {
        private final CyclicBarrier bothRead;
        private final AtomicBoolean first = new AtomicBoolean(true);

        RacingStore(DataSource database, CyclicBarrier bothRead) {
            // the seeded rows are a minute old: past the lease; what a sweeper hands on is not stale again here
            super(database, Clock.systemUTC(), 30_000, 600_000);
            this.bothRead = bothRead;
        }

        @Override
        public List<Row> stale(int limit) throws SQLException {
            boolean firstRead = first.getAndSet(false);
            try {
                if (firstRead) {
                    // a context can take seconds to start on a busy machine: no sweep reads before both run
                    assertThat(bothStarted.await(60, TimeUnit.SECONDS)).as("both sweepers started").isTrue();
                }
                List<Row> rows = super.stale(limit);
                if (firstRead) {
                    bothRead.await(60, TimeUnit.SECONDS);
                }
                return rows;
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException("the other sweeper never read", e);
            }
        }

        @Override
        public Optional<Row> apply(String orderId, PaymentEvent event, Write write) throws SQLException {
            Optional<Row> applied = super.apply(orderId, event, write);
            if (applied.isEmpty() && event == PaymentEvent.TAKEN_OVER) {
                refusedTakeOvers.incrementAndGet();
            }
            return applied;
        }
    }

    private CamelContext sweeper(PaymentStore store, DataSource database) throws Exception {
        CamelContext context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.put("payme.store.sweep-interval-ms", "20");
        context.getPropertiesComponent().setInitialProperties(properties);
        RefundStore refunds = new RefundStore(database, Clock.systemUTC());
        context.getRegistry().bind("paymentFlow", new PaymentFlow(store, Clock.systemUTC(), 3, 100, 400, 100, 5));
        context.getRegistry().bind("refundFlow", new RefundFlow(store, refunds, 3, 5, 100, 30_000));
        context.getRegistry().bind("notificationInbox", new NotificationInbox(store, refunds));
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveMandatoryResource(context, "file:routes/payme-sweepers.yaml"));
        // a lambda, not a RouteBuilder subclass in this package: Camel Main's package scan would pick that one up
        RouteBuilder.addRoutes(context, routes -> {
            routes.from("direct:payme-taken-over").setBody(routes.simple("${body[orderId]}")).to("mock:taken-over");
            routes.from("direct:payme-redeliver").bean("paymentFlow", "resumeOutcome")
                    .process(e -> e.getMessage().setBody(
                            e.getVariable(FlowVariables.OUTCOME, PaymentOutcome.class).getOrderId()))
                    .to("mock:redelivered");
            routes.from("direct:payme-refund-taken-over").to("mock:refunds-taken-over");
            routes.from("direct:payme-refund-deliver-again").to("mock:refunds-redelivered");
            routes.from("direct:payme-notification-resend").to("mock:notifications-resent");
        });
        contexts.add(context);
        return context;
    }

    private List<String> received(String mock) {
        List<String> bodies = new ArrayList<>();
        for (CamelContext context : contexts) {
            context.getEndpoint(mock, MockEndpoint.class).getExchanges()
                    .forEach(e -> bodies.add(e.getMessage().getBody(String.class)));
        }
        return bodies;
    }
}

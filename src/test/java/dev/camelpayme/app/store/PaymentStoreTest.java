package dev.camelpayme.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import dev.camelpayme.app.payment.PaymentEvent;
import dev.camelpayme.app.payment.PaymentState;
import dev.camelpayme.app.store.PaymentStore.Claim;
import dev.camelpayme.app.store.PaymentStore.Row;
import dev.camelpayme.app.store.Transitions.Write;
import dev.camelpayme.testing.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The order store's promises, on the embedded default (H2); {@link PaymentStorePostgresTest} runs them on PostgreSQL. */
public class PaymentStoreTest {

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private DataSource database;
    private PaymentStore store;

    /** A fresh, empty database for one test. */
    protected DataSource freshDatabase() throws Exception {
        return TestDatabases.freshH2();
    }

    @BeforeEach
    void createStore() throws Exception {
        database = freshDatabase();
        store = new PaymentStore(database, fixedClock(now), 30_000);
        store.createSchema();
        store.createSchema();
    }

    public static Clock fixedClock(AtomicLong millis) {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis.get());
            }
        };
    }

    private Claim claim(String orderId, String outTradeNo) throws Exception {
        return store.claim(orderId, outTradeNo, "{\"txamt\":\"100\"}", false, row -> "{\"outcome\":\"PENDING\"}");
    }

    private Row apply(String orderId, PaymentEvent event, String outcome) throws Exception {
        return store.apply(orderId, event, Write.outcome(outcome)).orElseThrow();
    }

    @Test
    void firstClaimProceedsAndRecordsTheAttempt() throws Exception {
        Claim claim = claim("o-1", "o-1-a");

        assertThat(claim.kind()).isEqualTo(Claim.Kind.NEW);
        assertThat(claim.attempt()).isEqualTo(1);
        assertThat(store.attemptsOf("o-1")).containsExactly("o-1-a");
        assertThat(store.find("o-1").orElseThrow().state()).isEqualTo(PaymentState.IN_FLIGHT);
    }

    @Test
    void repeatOfALiveOrderGetsItsOutcomeAndCreatesNothing() throws Exception {
        claim("o-2", "o-2-a");
        apply("o-2", PaymentEvent.CREATED_AT_QFPAY, "{\"pay_url\":\"u\"}");

        Claim repeat = claim("o-2", "o-2-b");

        assertThat(repeat.kind()).isEqualTo(Claim.Kind.EXISTING);
        assertThat(repeat.existing().outcome()).isEqualTo("{\"pay_url\":\"u\"}");
        assertThat(store.attemptsOf("o-2")).containsExactly("o-2-a");
    }

    @Test
    void aTakenOverFirstAttemptIsParkedWithAnOutcomeTheRepeatAndTheSweepersCanRead() throws Exception {
        claim("o-3", "o-3-a");

        assertThat(claim("o-3", "o-3-b").kind()).isEqualTo(Claim.Kind.BUSY);
        now.addAndGet(30_001);
        assertThat(store.stale(10)).extracting(Row::orderId).containsExactly("o-3");
        Claim takeover = store.claim("o-3", "o-3-c", "{\"txamt\":\"100\"}", false,
                row -> "{\"out_trade_no\":\"" + row.outTradeNo() + "\"}");

        assertThat(takeover.kind()).isEqualTo(Claim.Kind.TAKEOVER);
        assertThat(takeover.existing().state()).isEqualTo(PaymentState.WAITING);
        assertThat(takeover.existing().outcome()).as("the interim outcome of the first attempt")
                .isEqualTo("{\"out_trade_no\":\"o-3-a\"}");
        Claim repeat = claim("o-3", "o-3-d");
        assertThat(repeat.kind()).as("a parked order is live").isEqualTo(Claim.Kind.EXISTING);
        assertThat(repeat.existing().outcome()).isNotNull();
        assertThat(store.attemptsOf("o-3")).containsExactly("o-3-a");
    }

    @Test
    void failedOrderMayBeSubmittedAgainWithAFreshAttempt() throws Exception {
        claim("o-4", "o-4-a");
        Row failed = apply("o-4", PaymentEvent.FAILED_AT_QFPAY, "{}");
        Claim undelivered = claim("o-4", "o-4-x");
        assertThat(undelivered.kind()).as("its outcome is not delivered yet").isEqualTo(Claim.Kind.EXISTING);
        assertThat(store.deliveryFailed(undelivered.existing(), false)).as("its owner may be delivering it now").isFalse();
        assertThat(store.deliveryFailed(undelivered.existing(), true)).as("a redelivered message brings it").isTrue();
        now.addAndGet(30_000);
        assertThat(store.deliveryFailed(claim("o-4", "o-4-y").existing(), false)).as("its delivery failed").isTrue();
        store.delivered("o-4", failed.version());

        Claim again = claim("o-4", "o-4-b");

        assertThat(again.kind()).isEqualTo(Claim.Kind.NEW);
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(again.existing().state()).isEqualTo(PaymentState.IN_FLIGHT);
        assertThat(store.attemptsOf("o-4")).containsExactly("o-4-a", "o-4-b");
    }

    @Test
    void aPaidOrderIsNeverMovedAgainAndARepeatCreatesNothing() throws Exception {
        claim("o-7", "o-7-a");
        Row polled = apply("o-7", PaymentEvent.POLL_PARKED, "{\"outcome\":\"PENDING\"}");
        apply("o-7", PaymentEvent.NOTIFIED_PAID, "{\"outcome\":\"PAID\"}");

        for (PaymentEvent late : List.of(PaymentEvent.EXPIRED_UNPAID, PaymentEvent.FAILED_AT_QFPAY,
                PaymentEvent.POLL_PARKED, PaymentEvent.POLLED, PaymentEvent.PARKED, PaymentEvent.QUERIED_PAID,
                PaymentEvent.NOTIFIED_PAID, PaymentEvent.RESUBMITTED)) {
            assertThat(store.apply("o-7", late, Write.outcome("{\"outcome\":\"EXPIRED\"}"))).as(late.name()).isEmpty();
        }
        assertThat(store.apply("o-7", PaymentEvent.POLLED, Write.of().ifVersion(polled.version()))).isEmpty();

        Row paid = store.find("o-7").orElseThrow();
        assertThat(paid.state()).isEqualTo(PaymentState.PAID);
        assertThat(paid.outcome()).isEqualTo("{\"outcome\":\"PAID\"}");
        store.delivered("o-7", paid.version());
        Claim repeat = claim("o-7", "o-7-b");
        assertThat(repeat.kind()).isEqualTo(Claim.Kind.EXISTING);
        assertThat(repeat.existing().state()).isEqualTo(PaymentState.PAID);
        assertThat(store.attemptsOf("o-7")).containsExactly("o-7-a");
    }

    @Test
    void aStepFencedByAnOlderVersionIsRefused() throws Exception {
        Row claimed = claim("o-9", "o-9-a").existing();
        Row parked = store.apply("o-9", PaymentEvent.PARKED, Write.outcome("{}").ifVersion(claimed.version())).orElseThrow();
        assertThat(parked.version()).isGreaterThan(claimed.version());

        assertThat(store.apply("o-9", PaymentEvent.RESUMED, Write.of().ifVersion(claimed.version())))
                .as("a message holding an old version").isEmpty();
        assertThat(store.apply("o-9", PaymentEvent.RESUMED, Write.of().ifVersion(parked.version()))).isPresent();
        assertThat(store.apply("o-9", PaymentEvent.RESUMED, Write.of().ifVersion(parked.version())))
                .as("the same message again").isEmpty();
    }

    @Test
    void deliveringAnOlderOutcomeDoesNotMarkANewerOneDelivered() throws Exception {
        claim("o-10", "o-10-a");
        Row created = apply("o-10", PaymentEvent.CREATED_AT_QFPAY, "{\"outcome\":\"CREATED\"}");
        Row paid = apply("o-10", PaymentEvent.NOTIFIED_PAID, "{\"outcome\":\"PAID\"}");

        store.delivered("o-10", created.version());

        assertThat(store.find("o-10").orElseThrow().delivered()).isFalse();
        store.delivered("o-10", paid.version());
        assertThat(store.find("o-10").orElseThrow().delivered()).isTrue();
    }

    @Test
    void deliveredMarksFromManyFlowsAreWrittenInTheBackgroundAndAnOlderVersionsMarkChangesNothing() throws Exception {
        List<Row> created = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            claim("m-" + i, "m-" + i + "-a");
            created.add(apply("m-" + i, PaymentEvent.CREATED_AT_QFPAY, "{\"outcome\":\"CREATED\"}"));
        }
        Row paid = apply("m-0", PaymentEvent.NOTIFIED_PAID, "{\"outcome\":\"PAID\"}");
        ExecutorService flows = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> marked = new ArrayList<>();
            for (Row row : created) {
                marked.add(flows.submit(() -> {
                    store.markDelivered(row.orderId(), row.version());
                    return null;
                }));
            }
            for (Future<?> mark : marked) {
                mark.get(10, TimeUnit.SECONDS);
            }
        } finally {
            flows.shutdown();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> created.stream().skip(1)
                .filter(row -> !delivered(row.orderId())).count() == 0);
        assertThat(delivered("m-0")).as("m-0 was paid after the CREATED outcome being marked").isFalse();
        store.markDelivered("m-0", paid.version());
        store.close();
        assertThat(delivered("m-0")).as("close writes what is still queued").isTrue();
        store.markDelivered("m-1", created.get(1).version());
        assertThat(delivered("m-1")).as("after close a mark is written at once").isTrue();
    }

    @Test
    void qfpaysAnswerToAnAttemptIsRecordedInTheCommitOfTheNextEventEvenWhenTheEventIsRefused() throws Exception {
        Row claimed = claim("n-1", "n-1-a").existing();
        assertThat(store.resultOf("n-1-a")).hasValue("no answer recorded");

        store.apply("n-1", PaymentEvent.CREATED_AT_QFPAY, Write.outcome("{\"outcome\":\"CREATED\"}")
                .ifVersion(claimed.version()), new PaymentStore.AttemptAnswer("n-1-a", "0000", null));
        assertThat(store.resultOf("n-1-a")).hasValue("respcd 0000");

        assertThat(store.apply("n-1", PaymentEvent.CREATED_AT_QFPAY, Write.outcome("{}").ifVersion(claimed.version()),
                new PaymentStore.AttemptAnswer("n-1-a", null, "unknown: timeout"))).as("a stale version").isEmpty();
        assertThat(store.resultOf("n-1-a")).hasValue("unknown: timeout");
    }

    private boolean delivered(String orderId) {
        try {
            return store.find(orderId).orElseThrow().delivered();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anUndeliveredOutcomeIsHandedToOneSweeperOnly() throws Exception {
        claim("o-8", "o-8-a");
        apply("o-8", PaymentEvent.FAILED_AT_QFPAY, "{\"outcome\":\"FAILED\"}");
        now.addAndGet(30_001);

        assertThat(store.takeUndelivered(10)).extracting(Row::outcome).containsExactly("{\"outcome\":\"FAILED\"}");
        assertThat(store.takeUndelivered(10)).as("claimed by the first sweeper").isEmpty();
        now.addAndGet(30_001);
        assertThat(store.takeUndelivered(10)).as("still undelivered a lease later").hasSize(1);
    }

    @Test
    void nextAttemptCountsAndRecordsAndIsRefusedOnceTheOrderMovedOn() throws Exception {
        Row claimed = claim("o-5", "o-5-a").existing();
        Row next = store.nextAttempt("o-5", "o-5-b", "{}", claimed.version()).orElseThrow();
        assertThat(next.attempts()).isEqualTo(2);
        assertThat(next.outTradeNo()).isEqualTo("o-5-b");

        apply("o-5", PaymentEvent.NOTIFIED_PAID, "{\"outcome\":\"PAID\"}");

        assertThat(store.nextAttempt("o-5", "o-5-c", "{}", next.version())).isEmpty();
        assertThat(store.attemptsOf("o-5")).containsExactly("o-5-a", "o-5-b");
    }

    @Test
    void aPaidOrderIsFoundByItsSyssn() throws Exception {
        claim("o-11", "o-11-a");
        store.apply("o-11", PaymentEvent.QUERIED_PAID, Write.outcome("{}").set("syssn", "S-11"));

        assertThat(store.paidOrderWithSyssn("S-11")).contains("o-11");
        assertThat(store.paidOrderWithSyssn("S-1%")).isEmpty();
    }

    @Test
    void aNotificationIsHandedOnUntilItWasRouted() throws Exception {
        assertThat(store.keepNotification("S1", "payment", "o-1-a", "{}", "SIGN-1")).isEqualTo(PaymentStore.Inbox.NEW);
        assertThat(store.keepNotification("S1", "payment", "o-1-a", "{}", "SIGN-1")).as("a resend before it was handed on")
                .isEqualTo(PaymentStore.Inbox.UNROUTED);
        now.addAndGet(30_001);
        assertThat(store.takeUnroutedNotifications(10)).extracting(PaymentStore.Unrouted::syssn).containsExactly("S1");
        assertThat(store.takeUnroutedNotifications(10)).as("taken by one sweeper").isEmpty();

        store.notificationRouted("S1", "payment");

        assertThat(store.keepNotification("S1", "payment", "o-1-a", "{}", "SIGN-1")).isEqualTo(PaymentStore.Inbox.ROUTED);
        now.addAndGet(30_001);
        assertThat(store.takeUnroutedNotifications(10)).isEmpty();
    }

    @Test
    void aNotificationIsHandedOnWithTheSignatureVerifiedWithItsBody() throws Exception {
        store.keepNotification("S2", "payment", "o-2-a", "{\"a\":1}", "SIGN-A");
        assertThat(store.keepNotification("S2", "payment", "o-2-a", "{\"a\": 1}", "SIGN-B"))
                .as("a resend before it was handed on").isEqualTo(PaymentStore.Inbox.UNROUTED);
        now.addAndGet(30_001);

        assertThat(store.takeUnroutedNotifications(10)).as("the pair verified last")
                .containsExactly(new PaymentStore.Unrouted("S2", "payment", "{\"a\": 1}", "SIGN-B"));
    }

    @Test
    void aNotificationKeptWithoutItsSignatureIsLeftToQfpaysResend() throws Exception {
        store.keepNotification("S3", "payment", "o-3-a", "{}", null);
        now.addAndGet(30_001);

        assertThat(store.takeUnroutedNotifications(10)).as("routing would refuse it").isEmpty();
        assertThat(store.keepNotification("S3", "payment", "o-3-a", "{}", "SIGN-3")).isEqualTo(PaymentStore.Inbox.UNROUTED);
        now.addAndGet(30_001);
        assertThat(store.takeUnroutedNotifications(10)).extracting(PaymentStore.Unrouted::signature)
                .containsExactly("SIGN-3");
    }

    @Test
    void theLifeCycleTableIsEnforcedForEveryStateAndEvent() throws Exception {
        for (PaymentState state : PaymentState.values()) {
            for (PaymentEvent event : PaymentEvent.values()) {
                if (event.from().isEmpty()) {
                    continue; // the claim creates the row
                }
                String orderId = "walk-" + state + "-" + event;
                insertRow(orderId, state);
                Row before = store.find(orderId).orElseThrow();

                boolean happened = store.apply(orderId, event, Write.outcome("{\"by\":\"" + event + "\"}")).isPresent();

                Row after = store.find(orderId).orElseThrow();
                if (event.from().contains(state)) {
                    assertThat(happened).as(event + " in " + state).isTrue();
                    assertThat(after.state()).as(event + " in " + state).isEqualTo(event.to());
                    assertThat(after.version()).isEqualTo(before.version() + 1);
                    assertThat(after.delivered()).as("the state reached has an outcome of its own").isFalse();
                } else {
                    assertThat(happened).as(event + " must be refused in " + state).isFalse();
                    assertThat(after).as(event + " in " + state + " changes nothing").isEqualTo(before);
                }
            }
        }
    }

    /** A row in any state, as the walk needs it: written directly, as no event of the table may bring every state. */
    private void insertRow(String orderId, PaymentState state) throws Exception {
        try (Connection c = database.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO payme_order (order_id, state, attempts, out_trade_no,"
                     + " outcome, delivered, park_seq, created_at, updated_at) VALUES (?, ?, 1, ?, '{}', 1, 7, ?, ?)")) {
            s.setString(1, orderId);
            s.setString(2, state.name());
            s.setString(3, orderId + "-a");
            s.setLong(4, now.get());
            s.setLong(5, now.get());
            s.executeUpdate();
        }
    }

    @Test
    void ofManyConcurrentClaimsExactlyOneProceeds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Claim.Kind>> claims = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String outTradeNo = "o-6-" + i;
                claims.add(() -> claim("o-6", outTradeNo).kind());
            }
            List<Claim.Kind> kinds = new ArrayList<>();
            for (Future<Claim.Kind> kind : pool.invokeAll(claims)) {
                kinds.add(kind.get());
            }
            assertThat(kinds).filteredOn(k -> k == Claim.Kind.NEW).hasSize(1);
            assertThat(kinds).filteredOn(k -> k == Claim.Kind.BUSY).hasSize(31);
            assertThat(store.attemptsOf("o-6")).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}

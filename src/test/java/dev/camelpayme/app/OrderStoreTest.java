package dev.camelpayme.app;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import dev.camelpayme.app.OrderStore.Claim;
import dev.camelpayme.app.OrderStore.State;
import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The order store's promises, on the embedded default (H2); {@link OrderStorePostgresTest} runs them on PostgreSQL. */
class OrderStoreTest {

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private OrderStore store;

    /** A fresh, empty database for one test. */
    protected DataSource freshDatabase() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    @BeforeEach
    void createStore() throws Exception {
        DataSource database = freshDatabase();
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
        store = new OrderStore(database, clock, 30_000);
        store.createSchema();
        store.createSchema();
    }

    @Test
    void firstClaimProceedsAndRecordsTheAttempt() throws Exception {
        Claim claim = store.claim("o-1", "o-1-a", "{}");

        assertThat(claim.kind()).isEqualTo(Claim.Kind.NEW);
        assertThat(claim.attempt()).isEqualTo(1);
        assertThat(store.attemptsOf("o-1")).containsExactly("o-1-a");
        assertThat(store.find("o-1").orElseThrow().state()).isEqualTo(State.IN_FLIGHT);
    }

    @Test
    void repeatOfALiveOrderGetsItsOutcomeAndCreatesNothing() throws Exception {
        store.claim("o-2", "o-2-a", "{}");
        store.settle("o-2", State.CREATED, "{\"pay_url\":\"u\"}");

        Claim repeat = store.claim("o-2", "o-2-b", "{}");

        assertThat(repeat.kind()).isEqualTo(Claim.Kind.EXISTING);
        assertThat(repeat.storedOutcome()).isEqualTo("{\"pay_url\":\"u\"}");
        assertThat(store.attemptsOf("o-2")).containsExactly("o-2-a");
    }

    @Test
    void repeatWhileAnAttemptIsInFlightIsBusyUntilTheLeaseExpires() throws Exception {
        store.claim("o-3", "o-3-a", "{}");

        assertThat(store.claim("o-3", "o-3-b", "{}").kind()).isEqualTo(Claim.Kind.BUSY);
        now.addAndGet(30_001);
        assertThat(store.staleInFlight(10)).containsExactly("o-3");
        Claim takeover = store.claim("o-3", "o-3-c", "{}");
        assertThat(takeover.kind()).isEqualTo(Claim.Kind.TAKEOVER);
        assertThat(takeover.previousOutTradeNo()).isEqualTo("o-3-a");
        assertThat(store.claim("o-3", "o-3-d", "{}").kind()).as("the takeover renews the lease").isEqualTo(Claim.Kind.BUSY);
        assertThat(store.attemptsOf("o-3")).containsExactly("o-3-a");
    }

    @Test
    void failedOrderMayBeSubmittedAgainWithAFreshAttempt() throws Exception {
        store.claim("o-4", "o-4-a", "{}");
        store.settle("o-4", State.FAILED, "{}");
        Claim undelivered = store.claim("o-4", "o-4-x", "{}");
        assertThat(undelivered.kind()).as("its outcome is not delivered yet").isEqualTo(Claim.Kind.EXISTING);
        assertThat(undelivered.redeliver()).as("its owner may be delivering it right now").isFalse();
        now.addAndGet(30_000);
        assertThat(store.claim("o-4", "o-4-y", "{}").redeliver()).as("its delivery failed").isTrue();
        store.delivered("o-4");

        Claim again = store.claim("o-4", "o-4-b", "{}");

        assertThat(again.kind()).isEqualTo(Claim.Kind.NEW);
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(store.attemptsOf("o-4")).containsExactly("o-4-a", "o-4-b");
    }

    @Test
    void anOrderPaidMeanwhileIsNotParkedAgain() throws Exception {
        store.claim("o-7", "o-7-a", "{}");
        int first = store.park("o-7", State.PENDING, "{\"outcome\":\"PENDING\"}");
        assertThat(first).as("a pending order is parked").isPositive();
        store.paid("o-7", previous -> "{\"outcome\":\"PAID\"}");

        int again = store.park("o-7", State.PENDING, "{\"outcome\":\"PENDING\"}");

        assertThat(again).as("nothing to park").isEqualTo(-1);
        assertThat(store.find("o-7").orElseThrow().state()).isEqualTo(State.PAID);
        assertThat(store.find("o-7").orElseThrow().outcome()).isEqualTo("{\"outcome\":\"PAID\"}");
    }

    @Test
    void anUndeliveredOutcomeIsHandedToOneSweeperOnly() throws Exception {
        store.claim("o-8", "o-8-a", "{}");
        store.settle("o-8", State.FAILED, "{\"outcome\":\"FAILED\"}");
        now.addAndGet(30_001);

        assertThat(store.staleUndeliveredOutcomes(10)).containsExactly("{\"outcome\":\"FAILED\"}");
        assertThat(store.staleUndeliveredOutcomes(10)).as("claimed by the first sweeper").isEmpty();
        now.addAndGet(30_001);
        assertThat(store.staleUndeliveredOutcomes(10)).as("still undelivered a lease later").hasSize(1);
    }

    @Test
    void nextAttemptCountsAndRecords() throws Exception {
        store.claim("o-5", "o-5-a", "{}");
        assertThat(store.nextAttempt("o-5", "o-5-b", "{}")).isEqualTo(2);
        store.noteAttempt("o-5-a", null, "unknown: timeout");
        assertThat(store.find("o-5").orElseThrow().outTradeNo()).isEqualTo("o-5-b");
    }

    @Test
    void ofManyConcurrentClaimsExactlyOneProceeds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Claim.Kind>> claims = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String outTradeNo = "o-6-" + i;
                claims.add(() -> store.claim("o-6", outTradeNo, "{}").kind());
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

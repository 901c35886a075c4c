package dev.camelpayme.app.store;

import static dev.camelpayme.app.store.PaymentStoreTest.fixedClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.camelpayme.app.refund.RefundEvent;
import dev.camelpayme.app.refund.RefundState;
import dev.camelpayme.testing.TestDatabases;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What makes the daily reconciliation run once per day across restarts and instances, and its bookings happen once:
 * the day's claim and the booking of a refund made elsewhere, on H2; {@link ReconciliationDaysOnPostgresTest} runs
 * them on PostgreSQL.
 */
class ReconciliationDaysTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);
    private static final long LEASE = 60_000;
    private static final long RETRY = 10_000;

    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private DataSource database;
    private ReconciliationDays days;

    protected DataSource freshDatabase() throws Exception {
        return TestDatabases.freshH2();
    }

    @BeforeEach
    void createStore() throws Exception {
        database = freshDatabase();
        days = new ReconciliationDays(database, fixedClock(now), LEASE, RETRY);
        days.createSchema();
        days.createSchema();
    }

    @Test
    void ofManyConcurrentClaimantsOfADayExactlyOneRunsIt() throws Exception {
        assertThat(concurrently(8, () -> days.claim(DAY))).containsOnlyOnce(true);
        assertThat(days.stateOf(DAY)).contains(ReconciliationDays.State.RUNNING);
        assertThat(days.runsOf(DAY)).isEqualTo(1);
    }

    @Test
    void aDoneDayIsNeverClaimedAgain() throws Exception {
        assertThat(days.claim(DAY)).isTrue();
        days.finish(DAY, true, null);

        now.addAndGet(10 * LEASE);

        assertThat(days.claim(DAY)).isFalse();
        assertThat(days.stateOf(DAY)).contains(ReconciliationDays.State.DONE);
        assertThat(days.claim(DAY.plusDays(1))).as("the next day is a day of its own").isTrue();
    }

    @Test
    void aRunWhoseInstanceDiedIsClaimedAgainOnlyAfterTheLease() throws Exception {
        assertThat(days.claim(DAY)).isTrue();

        now.addAndGet(LEASE - 1);
        assertThat(days.claim(DAY)).isFalse();
        now.addAndGet(2);
        assertThat(days.claim(DAY)).isTrue();

        assertThat(days.runsOf(DAY)).isEqualTo(2);
    }

    @Test
    void aFailedRunIsClaimedAgainAfterTheRetryDelayByOneClaimant() throws Exception {
        assertThat(days.claim(DAY)).isTrue();
        days.finish(DAY, false, "QFPay answered HTTP 503");

        assertThat(days.claim(DAY)).isFalse();
        now.addAndGet(RETRY + 1);
        assertThat(concurrently(8, () -> days.claim(DAY))).containsOnlyOnce(true);

        assertThat(days.stateOf(DAY)).contains(ReconciliationDays.State.RUNNING);
    }

    @Test
    void aRefundMadeElsewhereIsBookedOnceHoweverManyBookItAtOnce() throws Exception {
        new PaymentStore(database, fixedClock(now), LEASE).createSchema();
        RefundStore refunds = new RefundStore(database, fixedClock(now));
        refunds.createSchema();
        List<LifecycleEvent<?>> settled = Collections.synchronizedList(new ArrayList<>());
        refunds.listen(settled::add);

        List<Boolean> booked = concurrently(6, () -> refunds.bookMadeElsewhere("qfpay-2026120100000001", "shop-1",
                "2026120100000000", 1500, "portal-1", "2026-12-01 10:00:00", now.get() - 1000,
                "{\"outcome\":\"REFUNDED\"}"));

        assertThat(booked).containsOnlyOnce(true);
        assertThat(settled).as("counted once, like any refund settled").containsExactly(RefundEvent.REFUNDED_AT_QFPAY);
        RefundStore.Row row = refunds.find("qfpay-2026120100000001").orElseThrow();
        assertThat(row.state()).isEqualTo(RefundState.REFUNDED);
        assertThat(row.delivered()).isFalse();
        assertThat(refunds.refundedOf("shop-1")).isEqualTo(1500);
        assertThat(refunds.refundedBetween(now.get() - 2000, now.get())).extracting(RefundStore.Row::refundId)
                .containsExactly("qfpay-2026120100000001");
    }

    /** Runs {@code work} on {@code n} threads released at once; their answers. */
    private static <T> List<T> concurrently(int n, Callable<T> work) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return work.call();
                }));
            }
            start.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<T> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }
}

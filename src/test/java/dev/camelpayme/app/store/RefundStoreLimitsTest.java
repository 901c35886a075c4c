package dev.camelpayme.app.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import dev.camelpayme.app.refund.RefundEvent;
import dev.camelpayme.app.refund.RefundState;
import dev.camelpayme.app.store.RefundStore.Claim;
import dev.camelpayme.app.store.RefundStore.Limits;
import dev.camelpayme.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A refund_id belongs to one order and one amount, and the operator's limits hold: the largest single refund, and
 * the refunds of a Hong Kong day across all orders, even for claims that race. On the embedded default (H2);
 * {@link RefundStoreLimitsPostgresTest} runs the same on PostgreSQL.
 */
public class RefundStoreLimitsTest {

    private static final int CALLERS = 16;
    private static final long PAID = 5000;
    /** 23:59 on 1 January 2026 in Hong Kong (UTC+8). */
    private static final long LATE_EVENING = Instant.parse("2026-01-01T15:59:00Z").toEpochMilli();

    private final AtomicLong now = new AtomicLong(LATE_EVENING);
    private final ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    private DataSource database;
    private PaymentStore orders;

    /** A fresh, empty database for one test. */
    protected DataSource freshDatabase() throws Exception {
        return TestDatabases.freshH2();
    }

    @BeforeEach
    void createStores() throws Exception {
        database = freshDatabase();
        orders = new PaymentStore(database, PaymentStoreTest.fixedClock(now), 30_000);
        orders.createSchema();
    }

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    private RefundStore refunds(Limits limits) throws Exception {
        RefundStore refunds = new RefundStore(database, PaymentStoreTest.fixedClock(now), limits);
        refunds.createSchema();
        refunds.createSchema();
        return refunds;
    }

    /** A paid order's row, which every refund claim of it locks. */
    private String order(String orderId) throws Exception {
        orders.claim(orderId, orderId + "-a", "{}", false, row -> "{}");
        return orderId;
    }

    private static Claim claim(RefundStore refunds, String refundId, String orderId, long txamt) throws Exception {
        return refunds.claim(refundId, orderId, "syssn-" + orderId, txamt, PAID, refundId + "-1", "2026-01-01 23:59:00");
    }

    @Test
    void aRefundIdBelongsToOneOrderAndOneAmount() throws Exception {
        RefundStore refunds = refunds(Limits.NONE);
        String first = order("o-1");
        String other = order("o-2");
        assertThat(claim(refunds, "r-1", first, 1000).kind()).isEqualTo(Claim.Kind.NEW);
        assertThat(claim(refunds, "r-1", first, 1000).kind()).as("sent right now").isEqualTo(Claim.Kind.BUSY);
        refunds.settle("r-1", RefundEvent.REFUNDED_AT_QFPAY, null, "{\"outcome\":\"REFUNDED\"}");
        RefundStore.Row refunded = refunds.find("r-1").orElseThrow();

        Claim repeat = claim(refunds, "r-1", first, 1000);
        Claim anotherOrder = claim(refunds, "r-1", other, 1000);
        Claim anotherAmount = claim(refunds, "r-1", first, 2000);

        assertThat(repeat.kind()).isEqualTo(Claim.Kind.EXISTING);
        assertThat(repeat.existing().outcome()).isEqualTo("{\"outcome\":\"REFUNDED\"}");
        for (Claim conflict : List.of(anotherOrder, anotherAmount)) {
            assertThat(conflict.kind()).isEqualTo(Claim.Kind.CONFLICT);
            assertThat(conflict.existing()).as("nothing of the refund is handed out").isNull();
        }
        assertThat(refunds.find("r-1")).contains(refunded);
        assertThat(refunds.findByOrder(other)).isEmpty();
    }

    @Test
    void ofConcurrentClaimsOfOneRefundIdForSeveralOrdersOneProceedsAndTheOthersConflict() throws Exception {
        RefundStore refunds = refunds(Limits.NONE);
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            orderIds.add(order("same-id-" + i));
        }

        List<Claim> claims = claimTogether(orderIds, i -> claim(refunds, "r-shared", orderIds.get(i), 1000));

        assertThat(claims).extracting(Claim::kind).filteredOn(kind -> kind == Claim.Kind.NEW).hasSize(1);
        assertThat(claims).extracting(Claim::kind).filteredOn(kind -> kind != Claim.Kind.NEW)
                .containsOnly(Claim.Kind.CONFLICT);
    }

    @Test
    void aRefundLargerThanTheLargestAllowedIsRefusedAndNothingIsStored() throws Exception {
        RefundStore refunds = refunds(new Limits(3000L, null));
        String orderId = order("o-3");

        assertThat(claim(refunds, "r-3a", orderId, 3001).kind()).isEqualTo(Claim.Kind.OVER_MAX_AMOUNT);
        assertThat(refunds.findByOrder(orderId)).isEmpty();
        assertThat(claim(refunds, "r-3b", orderId, 3000).kind()).isEqualTo(Claim.Kind.NEW);
    }

    @Test
    void theDailyLimitCountsEveryOrdersRefundsThatDidNotFailOnTheHongKongDay() throws Exception {
        RefundStore refunds = refunds(new Limits(null, 5000L));
        assertThat(claim(refunds, "r-4a", order("o-4a"), 3000).kind()).isEqualTo(Claim.Kind.NEW);
        assertThat(claim(refunds, "r-4b", order("o-4b"), 2000).kind()).isEqualTo(Claim.Kind.NEW);
        String later = order("o-4c");
        assertThat(claim(refunds, "r-4c", later, 1).kind()).isEqualTo(Claim.Kind.OVER_MAX_PER_DAY);
        assertThat(refunds.findByOrder(later)).isEmpty();

        refunds.settle("r-4b", RefundEvent.FAILED_AT_QFPAY, null, "{\"outcome\":\"FAILED\"}");
        assertThat(claim(refunds, "r-4d", later, 2000).kind()).as("a FAILED refund does not count")
                .isEqualTo(Claim.Kind.NEW);
        assertThat(claim(refunds, "r-4e", later, 1).kind()).isEqualTo(Claim.Kind.OVER_MAX_PER_DAY);

        now.addAndGet(120_000);
        assertThat(claim(refunds, "r-4f", order("o-4f"), 5000).kind()).as("00:01 in Hong Kong: a new day")
                .isEqualTo(Claim.Kind.NEW);
    }

    @Test
    void concurrentRefundsOfManyOrdersNeverPassTheDailyLimit() throws Exception {
        RefundStore refunds = refunds(new Limits(null, 5000L));
        for (int day = 1; day <= 3; day++) {
            List<String> orderIds = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                orderIds.add(order("day-" + day + "-" + i));
            }

            List<Claim> claims = claimTogether(orderIds,
                    i -> claim(refunds, orderIds.get(i) + "-r", orderIds.get(i), 1000));

            assertThat(claims).as("day " + day).extracting(Claim::kind)
                    .containsOnly(Claim.Kind.NEW, Claim.Kind.OVER_MAX_PER_DAY)
                    .filteredOn(kind -> kind == Claim.Kind.NEW).hasSize(5);
            assertThat(orderIds.stream().mapToLong(id -> refundedOf(refunds, id)).sum()).isEqualTo(5000);
            now.addAndGet(24 * 3_600_000L);
        }
    }

    @Test
    void limitsAreReadFromTheirPropertiesAndAnInvalidOneNamesItsKey() {
        assertThat(Limits.of(null, " ")).isEqualTo(Limits.NONE);
        assertThat(Limits.of("3000", "100000")).isEqualTo(new Limits(3000L, 100000L));
        assertThatThrownBy(() -> Limits.of("0", null)).hasMessageContaining("payme.refunds.max-amount");
        assertThatThrownBy(() -> Limits.of(null, "HK$100")).hasMessageContaining("payme.refunds.max-per-day");
    }

    private static long refundedOf(RefundStore refunds, String orderId) {
        try {
            return refunds.findByOrder(orderId).stream().filter(row -> row.state() == RefundState.SENDING)
                    .mapToLong(RefundStore.Row::txamt).sum();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Claimant {
        Claim claim(int caller) throws Exception;
    }

    /** One claim per order in {@code orderIds}, released at once by a barrier. */
    private List<Claim> claimTogether(List<String> orderIds, Claimant claimant) throws Exception {
        CyclicBarrier start = new CyclicBarrier(orderIds.size());
        List<Future<Claim>> pending = new ArrayList<>();
        for (int i = 0; i < orderIds.size(); i++) {
            int caller = i;
            pending.add(callers.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return claimant.claim(caller);
            }));
        }
        List<Claim> claims = new ArrayList<>();
        for (Future<Claim> claim : pending) {
            claims.add(claim.get(60, TimeUnit.SECONDS));
        }
        return claims;
    }
}

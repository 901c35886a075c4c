package dev.camelpayme.app;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import dev.camelpayme.app.refund.RefundState;
import dev.camelpayme.app.store.PaymentStore;
import dev.camelpayme.app.store.RefundStore.Claim;
import dev.camelpayme.app.store.RefundStore;
import dev.camelpayme.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent refund claims of one order, released together: the claims add up to what was paid and never more. On
 * the embedded default (H2); {@link RefundStoreConcurrencyOnPostgresTest} runs the same on PostgreSQL.
 */
class RefundStoreConcurrencyTest {

    private static final int CALLERS = 16;
    private static final int ROUNDS = 5;
    private static final long PAID = 5000;
    private static final long EACH = 1000;

    private final ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    private PaymentStore orders;
    private RefundStore refunds;

    /** A fresh, empty database for one test. */
    protected DataSource freshDatabase() throws Exception {
        return TestDatabases.freshH2();
    }

    @BeforeEach
    void createStores() throws Exception {
        DataSource database = freshDatabase();
        orders = new PaymentStore(database, Clock.systemUTC(), 30_000);
        orders.createSchema();
        refunds = new RefundStore(database, Clock.systemUTC());
        refunds.createSchema();
    }

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void concurrentClaimsNeverAddUpToMoreThanWasPaid() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            String orderId = "o-" + round;
            // the order row exists, as for any paid order: the claims lock it
            orders.claim(orderId, orderId + "-a", "{}", false, row -> "{}");

            List<Claim> claims = claimTogether(orderId);

            assertThat(claims).as("round " + round).extracting(Claim::kind)
                    .containsOnly(Claim.Kind.NEW, Claim.Kind.OVER)
                    .filteredOn(kind -> kind == Claim.Kind.NEW).hasSize((int) (PAID / EACH));
            assertThat(claims).filteredOn(claim -> claim.kind() == Claim.Kind.OVER)
                    .extracting(Claim::remaining).containsOnly(0L);
            assertThat(refunds.findByOrder(orderId)).as("round " + round).hasSize((int) (PAID / EACH))
                    .allMatch(row -> row.state() == RefundState.SENDING && row.txamt() == EACH);
            assertThat(refunds.refundedOf(orderId)).isEqualTo(PAID);
        }
    }

    /** {@value #CALLERS} claims of {@value #EACH} each (distinct refund_ids), released at once by a barrier. */
    private List<Claim> claimTogether(String orderId) throws Exception {
        CyclicBarrier start = new CyclicBarrier(CALLERS);
        List<Future<Claim>> pending = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            String refundId = orderId + "-r" + i;
            pending.add(callers.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return refunds.claim(refundId, orderId, "syssn-" + orderId, EACH, PAID, refundId + "-1",
                        "2026-01-01 00:00:00");
            }));
        }
        List<Claim> claims = new ArrayList<>();
        for (Future<Claim> claim : pending) {
            claims.add(claim.get(60, TimeUnit.SECONDS));
        }
        return claims;
    }
}

package dev.camelpayme.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;

import dev.camelpayme.app.refund.RefundEvent;
import dev.camelpayme.app.refund.RefundState;
import dev.camelpayme.app.store.PaymentStore;
import dev.camelpayme.app.store.RefundStore.Row;
import dev.camelpayme.app.store.RefundStore;
import dev.camelpayme.testing.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refund life cycle is enforced by the store for every state and every event: what {@link RefundEvent} allows
 * happens, everything else is refused and changes nothing. {@link RefundLifecycleOnPostgresTest} runs it on PostgreSQL.
 */
class RefundLifecycleTest {

    private DataSource database;
    private RefundStore refunds;

    protected DataSource freshDatabase() throws Exception {
        return TestDatabases.freshH2();
    }

    @BeforeEach
    void createStore() throws Exception {
        database = freshDatabase();
        new PaymentStore(database, Clock.systemUTC(), 30_000).createSchema();
        refunds = new RefundStore(database, Clock.systemUTC());
        refunds.createSchema();
    }

    @Test
    void theRefundLifeCycleTableIsEnforcedForEveryStateAndEvent() throws Exception {
        for (RefundState state : RefundState.values()) {
            for (RefundEvent event : RefundEvent.values()) {
                if (event.from().isEmpty()) {
                    continue; // the claim creates the row
                }
                String refundId = "walk-" + state + "-" + event;
                insertRow(refundId, state);
                Row before = refunds.find(refundId).orElseThrow();

                boolean happened = refunds.settle(refundId, event, null, "{\"by\":\"" + event + "\"}");

                Row after = refunds.find(refundId).orElseThrow();
                if (event.from().contains(state)) {
                    assertThat(happened).as(event + " in " + state).isTrue();
                    assertThat(after.state()).as(event + " in " + state).isEqualTo(event.to());
                    assertThat(after.parkSeq()).isEqualTo(before.parkSeq() + 1);
                    assertThat(after.delivered()).isFalse();
                } else {
                    assertThat(happened).as(event + " must be refused in " + state).isFalse();
                    assertThat(after).as(event + " in " + state + " changes nothing").isEqualTo(before);
                }
            }
        }
    }

    @Test
    void aRefundedRefundStaysRefundedWhateverItsFlowOrTheSweeperLearnLater() throws Exception {
        insertRow("r-1", RefundState.SENDING);
        int held = refunds.find("r-1").orElseThrow().parkSeq();
        assertThat(refunds.settle("r-1", RefundEvent.NOTIFIED_REFUNDED, null, "{\"outcome\":\"REFUNDED\"}")).isTrue();

        assertThat(refunds.settle("r-1", RefundEvent.FAILED_AT_QFPAY, held, "{}")).isFalse();
        assertThat(refunds.settle("r-1", RefundEvent.GAVE_UP, held, "{}")).isFalse();
        assertThat(refunds.park("r-1", "{}", held)).isNegative();
        assertThat(refunds.nextAttempt("r-1", "r-1-b", "2026-01-01 00:00:00", held)).isFalse();
        assertThat(refunds.resume("r-1", held)).isEqualTo(Optional.empty());

        assertThat(refunds.find("r-1").orElseThrow().state()).isEqualTo(RefundState.REFUNDED);
        assertThat(refunds.find("r-1").orElseThrow().outcome()).isEqualTo("{\"outcome\":\"REFUNDED\"}");
    }

    /** A refund in any state, as the walk needs it: written directly, as no event of the table may bring every state. */
    private void insertRow(String refundId, RefundState state) throws Exception {
        try (Connection c = database.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO payme_refund (refund_id, order_id, orig_syssn, txamt,"
                     + " state, attempts, out_trade_no, txdtm, outcome, park_seq, delivered, created_at, updated_at)"
                     + " VALUES (?, 'o-1', 'S-1', 100, ?, 1, ?, '2026-01-01 00:00:00', '{}', 7, 1, 0, 0)")) {
            s.setString(1, refundId);
            s.setString(2, state.name());
            s.setString(3, refundId + "-a");
            s.executeUpdate();
        }
    }
}

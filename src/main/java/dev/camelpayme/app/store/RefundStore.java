package dev.camelpayme.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

import dev.camelpayme.app.refund.RefundEvent;
import dev.camelpayme.app.refund.RefundState;
import dev.camelpayme.app.store.Transitions.Write;

/**
 * The durable record of refunds. A refund is claimed under its refund_id, and in the same transaction the sum of the
 * order's refunds is checked against what was paid, with the order row locked: neither a repeat nor two concurrent
 * refunds can refund more than was paid. Attempts, parking (with a fencing number) and states mirror the payment
 * side ({@link PaymentStore}). Every change of state is a compare-and-set on the state the changer expects, so the
 * refund flow, the sweeper and QFPay's refund notification can never both settle one refund, and its outcome is
 * delivered once.
 */
public class RefundStore {

    /** The answer to a claim: for EXISTING and BUSY, the refund as it stands. */
    public record Claim(Kind kind, Row existing, long remaining) {
        public enum Kind { NEW, EXISTING, BUSY, OVER }
    }

    /** One refund row. */
    public record Row(String refundId, String orderId, String origSyssn, long txamt, RefundState state, int attempts,
                      String outTradeNo, String txdtm, String outcome, int parkSeq, boolean delivered,
                      long updatedAt) {
    }

    private static final String COLUMNS = "refund_id, order_id, orig_syssn, txamt, state, attempts, out_trade_no,"
            + " txdtm, outcome, park_seq, delivered, updated_at";

    private final DataSource dataSource;
    private final Clock clock;

    public RefundStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public void createSchema() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS payme_refund ("
                    + " refund_id VARCHAR(64) NOT NULL PRIMARY KEY,"
                    + " order_id VARCHAR(64) NOT NULL,"
                    + " orig_syssn VARCHAR(64) NOT NULL,"
                    + " txamt BIGINT NOT NULL,"
                    + " state VARCHAR(16) NOT NULL,"
                    + " attempts INT NOT NULL,"
                    + " out_trade_no VARCHAR(128) NOT NULL,"
                    + " txdtm VARCHAR(20) NOT NULL,"
                    + " outcome VARCHAR(65536),"
                    + " park_seq INT DEFAULT 0 NOT NULL,"
                    + " delivered INT DEFAULT 0 NOT NULL,"
                    + " created_at BIGINT NOT NULL,"
                    + " updated_at BIGINT NOT NULL)");
            // stores created before refunds were delivery-tracked
            s.execute("ALTER TABLE payme_refund ADD COLUMN IF NOT EXISTS delivered INT DEFAULT 0 NOT NULL");
            s.execute("CREATE INDEX IF NOT EXISTS payme_refund_order ON payme_refund (order_id)");
            s.execute("CREATE INDEX IF NOT EXISTS payme_refund_out_trade_no ON payme_refund (out_trade_no)");
        }
    }

    /**
     * Claims a refund of {@code txamt} of the paid order, which was paid {@code paid}. FAILED refunds do not count
     * against what is left; a repeat of a refund_id gets the refund as it stands.
     */
    public Claim claim(String refundId, String orderId, String origSyssn, long txamt, long paid, String outTradeNo,
                       String txdtm) throws SQLException {
        try {
            return Jdbc.inTransaction(dataSource, c -> {
                // the order row serialises the refunds of one order
                try (PreparedStatement lock = c.prepareStatement(
                        "SELECT order_id FROM payme_order WHERE order_id = ? FOR UPDATE")) {
                    lock.setString(1, orderId);
                    lock.executeQuery().close();
                }
                Optional<Row> existing = find(c, refundId);
                if (existing.isPresent()) {
                    Row row = existing.get();
                    return new Claim(row.state() == RefundState.SENDING ? Claim.Kind.BUSY : Claim.Kind.EXISTING, row, 0);
                }
                long refunded = refundedOf(c, orderId);
                if (refunded + txamt > paid) {
                    // nothing was written: the transaction only ends, releasing the order row
                    return new Claim(Claim.Kind.OVER, null, paid - refunded);
                }
                long now = clock.millis();
                try (PreparedStatement s = c.prepareStatement("INSERT INTO payme_refund (refund_id, order_id,"
                        + " orig_syssn, txamt, state, attempts, out_trade_no, txdtm, outcome, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, 1, ?, ?, NULL, ?, ?)")) {
                    s.setString(1, refundId);
                    s.setString(2, orderId);
                    s.setString(3, origSyssn);
                    s.setLong(4, txamt);
                    s.setString(5, RefundEvent.CLAIMED.to().name());
                    s.setString(6, outTradeNo);
                    s.setString(7, txdtm);
                    s.setLong(8, now);
                    s.setLong(9, now);
                    s.executeUpdate();
                }
                return new Claim(Claim.Kind.NEW, null, paid - refunded - txamt);
            });
        } catch (SQLException e) {
            if (Jdbc.DUPLICATE_KEY.equals(e.getSQLState())) {
                return new Claim(Claim.Kind.BUSY, null, 0);
            }
            throw e;
        }
    }

    /**
     * Records a further attempt (a fresh out_trade_no) of a refund this flow holds in SENDING at {@code version};
     * false when the refund was settled or taken over meanwhile (then nothing may be sent).
     */
    public boolean nextAttempt(String refundId, String outTradeNo, String txdtm, int version) throws SQLException {
        return Jdbc.inTransaction(dataSource, c -> {
            Optional<Row> row = find(c, refundId);
            return row.isPresent() && apply(c, refundId, RefundEvent.NEXT_ATTEMPT, Write.of()
                    .set("attempts", row.get().attempts() + 1).set("out_trade_no", outTradeNo).set("txdtm", txdtm)
                    .ifVersion(version));
        });
    }

    /**
     * Settles a refund by {@code event} with its outcome (not yet delivered), if the refund is still at the version
     * the settler read ({@code version}, or any when null); false when the table does not allow the event in the
     * refund's state or it moved on meanwhile (settled by a notification, or taken over by the sweeper).
     */
    public boolean settle(String refundId, RefundEvent event, Integer version, String outcomeJson) throws SQLException {
        Write write = Write.outcome(outcomeJson);
        return Jdbc.inTransaction(dataSource, c -> apply(c, refundId, event,
                version == null ? write : write.ifVersion(version)));
    }

    private boolean apply(Connection c, String refundId, RefundEvent event, Write write) throws SQLException {
        return Transitions.apply(c, Transitions.REFUNDS, refundId, event, write, clock.millis());
    }

    /** The settled refund's outcome reached its endpoint. */
    public void delivered(String refundId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE payme_refund SET delivered = 1 WHERE refund_id = ?")) {
            s.setString(1, refundId);
            s.executeUpdate();
        }
    }

    /**
     * True when a settled refund's outcome never reached its endpoint and this delivery should bring it: the message
     * comes again after a failed try, or the outcome has waited longer than the lease.
     */
    public boolean deliveryFailed(Row row, boolean redelivered, long leaseMillis) {
        return row.state().isSettled() && !row.delivered()
                && (redelivered || row.updatedAt() < clock.millis() - leaseMillis);
    }

    /**
     * Settled refunds whose outcome has waited undelivered longer than the lease (its delivery failed); each is
     * claimed (its clock restarted) so that one sweeper delivers it. Returns their stored outcomes.
     */
    public List<String> takeUndelivered(long leaseMillis) throws SQLException {
        List<String> outcomes = new ArrayList<>();
        long now = clock.millis();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT refund_id, outcome FROM payme_refund WHERE delivered = 0"
                     + " AND state IN (?, ?, ?) AND updated_at < ? ORDER BY updated_at")) {
            s.setString(1, RefundState.REFUNDED.name());
            s.setString(2, RefundState.FAILED.name());
            s.setString(3, RefundState.UNKNOWN.name());
            s.setLong(4, now - leaseMillis);
            s.setMaxRows(100);
            Map<String, String> found = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), rs.getString(2));
                }
            }
            for (Map.Entry<String, String> refund : found.entrySet()) {
                try (PreparedStatement claim = c.prepareStatement("UPDATE payme_refund SET updated_at = ?"
                        + " WHERE refund_id = ? AND delivered = 0 AND updated_at < ?")) {
                    claim.setLong(1, now);
                    claim.setString(2, refund.getKey());
                    claim.setLong(3, now - leaseMillis);
                    if (claim.executeUpdate() == 1) {
                        outcomes.add(refund.getValue());
                    }
                }
            }
        }
        return outcomes;
    }

    /**
     * Parks a refund this flow holds in SENDING as WAITING for a query; returns its new park number (see
     * {@link PaymentStore#apply}), or -1 when it was settled or taken over meanwhile.
     */
    public int park(String refundId, String outcomeJson, int version) throws SQLException {
        return Jdbc.inTransaction(dataSource, c -> apply(c, refundId, RefundEvent.PARKED,
                Write.outcome(outcomeJson).ifVersion(version))
                ? find(c, refundId).map(Row::parkSeq).orElse(-1) : -1);
    }

    /**
     * Resumes a parked refund if {@code seq} is still its park number, and returns it as it stands after that;
     * empty for a stale message.
     */
    public Optional<Row> resume(String refundId, int seq) throws SQLException {
        return Jdbc.inTransaction(dataSource, c -> apply(c, refundId, RefundEvent.RESUMED, Write.of().ifVersion(seq))
                ? find(c, refundId) : Optional.<Row>empty());
    }

    public Optional<Row> find(String refundId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return find(c, refundId);
        }
    }

    /** The refund whose current attempt has this out_trade_no. */
    public Optional<Row> findByOutTradeNo(String outTradeNo) throws SQLException {
        return rows("WHERE out_trade_no = ?", outTradeNo).stream().findFirst();
    }

    /** The refunds of one order. */
    public List<Row> findByOrder(String orderId) throws SQLException {
        return rows("WHERE order_id = ? ORDER BY created_at", orderId);
    }

    /** What counts as refunded of the order, as {@link #claim} counts it: its refunds that are not FAILED. */
    public long refundedOf(String orderId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return refundedOf(c, orderId);
        }
    }

    private static long refundedOf(Connection c, String orderId) throws SQLException {
        try (PreparedStatement sum = c.prepareStatement(
                "SELECT COALESCE(SUM(txamt), 0) FROM payme_refund WHERE order_id = ? AND state <> ?")) {
            sum.setString(1, orderId);
            sum.setString(2, RefundState.FAILED.name());
            try (ResultSet rs = sum.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Refunds nobody is carrying on: SENDING longer than {@code leaseMillis} (their process died mid-call), or
     * WAITING longer than {@code parkedLeaseMillis} (the message that should bring them back was lost, e.g. the
     * process died between parking the refund and sending that message). Each is parked WAITING again under a new
     * park number, for a query of its current attempt; returns their refund ids with the new park numbers.
     */
    public Map<String, Integer> takeOverStale(long leaseMillis, long parkedLeaseMillis) throws SQLException {
        Map<String, Integer> taken = new LinkedHashMap<>();
        long now = clock.millis();
        List<Row> stale = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM payme_refund WHERE"
                     + " (state = ? AND updated_at < ?) OR (state = ? AND updated_at < ?) ORDER BY updated_at")) {
            s.setString(1, RefundState.SENDING.name());
            s.setLong(2, now - leaseMillis);
            s.setString(3, RefundState.WAITING.name());
            s.setLong(4, now - parkedLeaseMillis);
            s.setMaxRows(100);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    stale.add(row(rs));
                }
            }
        }
        for (Row row : stale) {
            // fenced by the version read: of several sweepers one takes it, and a refund carried on since is left
            Optional<Row> parked = Jdbc.inTransaction(dataSource, c -> apply(c, row.refundId(), RefundEvent.TAKEN_OVER,
                    Write.of().ifVersion(row.parkSeq())) ? find(c, row.refundId()) : Optional.<Row>empty());
            parked.ifPresent(took -> taken.put(took.refundId(), took.parkSeq()));
        }
        return taken;
    }

    private List<Row> rows(String where, String value) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM payme_refund " + where)) {
            s.setString(1, value);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            return rows;
        }
    }

    private static Optional<Row> find(Connection c, String refundId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM payme_refund WHERE refund_id = ?")) {
            s.setString(1, refundId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), RefundState.valueOf(rs.getString(5)),
                rs.getInt(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getInt(10), rs.getInt(11) == 1,
                rs.getLong(12));
    }
}

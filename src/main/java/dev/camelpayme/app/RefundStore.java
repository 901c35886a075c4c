package dev.camelpayme.app;

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

/**
 * The durable record of refunds. A refund is claimed under its refund_id, and in the same transaction the sum of the
 * order's refunds is checked against what was paid, with the order row locked: neither a repeat nor two concurrent
 * refunds can refund more than was paid. Attempts, parking (with a fencing number) and states mirror the payment
 * side ({@link OrderStore}). Every change of state is a compare-and-set on the state the changer expects, so the
 * refund flow, the sweeper and QFPay's refund notification can never both settle one refund, and its outcome is
 * delivered once.
 */
public class RefundStore {

    /** Where a refund stands. */
    public enum State {
        /** An attempt is being sent (or its process died; then the sweeper takes it over after the lease). */
        SENDING,
        /** Parked until its current attempt is queried. */
        WAITING,
        REFUNDED,
        /** QFPay refused it, or it was never made: it does not count against what is left to refund. */
        FAILED,
        /** Given up while its result was still unknown: it counts against what is left, until a person settles it. */
        UNKNOWN;

        /** Its outcome is final, stored, and delivered once. */
        public boolean isSettled() {
            return this == REFUNDED || this == FAILED || this == UNKNOWN;
        }
    }

    /** The answer to a claim: for EXISTING and BUSY, the refund as it stands. */
    public record Claim(Kind kind, Row existing, long remaining) {
        public enum Kind { NEW, EXISTING, BUSY, OVER }
    }

    /** One refund row. */
    public record Row(String refundId, String orderId, String origSyssn, long txamt, State state, int attempts,
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
                    return new Claim(row.state() == State.SENDING ? Claim.Kind.BUSY : Claim.Kind.EXISTING, row, 0);
                }
                long refunded;
                try (PreparedStatement sum = c.prepareStatement(
                        "SELECT COALESCE(SUM(txamt), 0) FROM payme_refund WHERE order_id = ? AND state <> ?")) {
                    sum.setString(1, orderId);
                    sum.setString(2, State.FAILED.name());
                    try (ResultSet rs = sum.executeQuery()) {
                        rs.next();
                        refunded = rs.getLong(1);
                    }
                }
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
                    s.setString(5, State.SENDING.name());
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
     * Records a further attempt (a fresh out_trade_no) of a refund this flow holds in SENDING; false when the refund
     * was settled or taken over meanwhile (then nothing may be sent).
     */
    public boolean nextAttempt(String refundId, String outTradeNo, String txdtm) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE payme_refund SET attempts = attempts + 1,"
                     + " out_trade_no = ?, txdtm = ?, updated_at = ? WHERE refund_id = ? AND state = ?")) {
            s.setString(1, outTradeNo);
            s.setString(2, txdtm);
            s.setLong(3, clock.millis());
            s.setString(4, refundId);
            s.setString(5, State.SENDING.name());
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Settles a refund that is still in {@code expected} with its final state and outcome (not yet delivered);
     * false when it moved on meanwhile (settled by a notification, or taken over by the sweeper).
     */
    public boolean settle(String refundId, State expected, State state, String outcomeJson) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE payme_refund SET state = ?, outcome = ?, delivered = 0,"
                     + " park_seq = park_seq + 1, updated_at = ? WHERE refund_id = ? AND state = ?")) {
            s.setString(1, state.name());
            s.setString(2, outcomeJson);
            s.setLong(3, clock.millis());
            s.setString(4, refundId);
            s.setString(5, expected.name());
            return s.executeUpdate() == 1;
        }
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
            s.setString(1, State.REFUNDED.name());
            s.setString(2, State.FAILED.name());
            s.setString(3, State.UNKNOWN.name());
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
     * {@link OrderStore#park}), or -1 when it was settled or taken over meanwhile.
     */
    public int park(String refundId, String outcomeJson) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("UPDATE payme_refund SET state = ?, outcome = ?,"
                    + " park_seq = park_seq + 1, updated_at = ? WHERE refund_id = ? AND state = ?")) {
                s.setString(1, State.WAITING.name());
                s.setString(2, outcomeJson);
                s.setLong(3, clock.millis());
                s.setString(4, refundId);
                s.setString(5, State.SENDING.name());
                if (s.executeUpdate() == 0) {
                    return -1;
                }
            }
            return find(c, refundId).map(Row::parkSeq).orElse(-1);
        }
    }

    /**
     * Resumes a parked refund if {@code seq} is still its park number, and returns it as it stands after that (read
     * on the same connection, as {@link #park} does); empty for a stale message.
     */
    public Optional<Row> resume(String refundId, int seq) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("UPDATE payme_refund SET state = ?,"
                    + " park_seq = park_seq + 1, updated_at = ? WHERE refund_id = ? AND state = ? AND park_seq = ?")) {
                s.setString(1, State.SENDING.name());
                s.setLong(2, clock.millis());
                s.setString(3, refundId);
                s.setString(4, State.WAITING.name());
                s.setInt(5, seq);
                if (s.executeUpdate() != 1) {
                    return Optional.empty();
                }
            }
            return Optional.of(find(c, refundId).orElseThrow());
        }
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
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT COALESCE(SUM(txamt), 0) FROM payme_refund WHERE order_id = ? AND state <> ?")) {
            s.setString(1, orderId);
            s.setString(2, State.FAILED.name());
            try (ResultSet rs = s.executeQuery()) {
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
        String stale = "(state = '" + State.SENDING.name() + "' AND updated_at < ?)"
                + " OR (state = '" + State.WAITING.name() + "' AND updated_at < ?)";
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT refund_id FROM payme_refund WHERE " + stale + " ORDER BY updated_at")) {
            s.setLong(1, now - leaseMillis);
            s.setLong(2, now - parkedLeaseMillis);
            s.setMaxRows(100);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            for (String refundId : ids) {
                try (PreparedStatement claim = c.prepareStatement("UPDATE payme_refund SET state = ?,"
                        + " park_seq = park_seq + 1, updated_at = ? WHERE refund_id = ? AND (" + stale + ")")) {
                    claim.setString(1, State.WAITING.name());
                    claim.setLong(2, now);
                    claim.setString(3, refundId);
                    claim.setLong(4, now - leaseMillis);
                    claim.setLong(5, now - parkedLeaseMillis);
                    if (claim.executeUpdate() == 1) {
                        find(c, refundId).ifPresent(row -> taken.put(refundId, row.parkSeq()));
                    }
                }
            }
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
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), State.valueOf(rs.getString(5)),
                rs.getInt(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getInt(10), rs.getInt(11) == 1,
                rs.getLong(12));
    }
}

package dev.camelpayme.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The durable record of refunds. A refund is claimed under its refund_id, and in the same transaction the sum of the
 * order's refunds is checked against what was paid, with the order row locked: neither a repeat nor two concurrent
 * refunds can refund more than was paid. Attempts, parking (with a fencing number) and states mirror the payment
 * side ({@link OrderStore}).
 */
public class RefundStore {

    /** Where a refund stands. */
    public enum State { SENDING, WAITING, REFUNDED, FAILED }

    /** The answer to a claim. */
    public record Claim(Kind kind, String storedOutcome, long remaining) {
        public enum Kind { NEW, EXISTING, BUSY, OVER }
    }

    /** One refund row. */
    public record Row(String refundId, String orderId, String origSyssn, long txamt, State state, int attempts,
                      String outTradeNo, String txdtm, String outcome, int parkSeq) {
    }

    private static final String DUPLICATE_KEY = "23505";

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
                    + " created_at BIGINT NOT NULL,"
                    + " updated_at BIGINT NOT NULL)");
        }
    }

    /**
     * Claims a refund of {@code txamt} of the paid order, which was paid {@code paid}. FAILED refunds do not count
     * against what is left; a repeat of a refund_id gets the refund as it stands.
     */
    public Claim claim(String refundId, String orderId, String origSyssn, long txamt, long paid, String outTradeNo,
                       String txdtm) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // the order row serialises the refunds of one order
                try (PreparedStatement lock = c.prepareStatement(
                        "SELECT order_id FROM payme_order WHERE order_id = ? FOR UPDATE")) {
                    lock.setString(1, orderId);
                    lock.executeQuery().close();
                }
                Optional<Row> existing = find(c, refundId);
                if (existing.isPresent()) {
                    c.commit();
                    Row row = existing.get();
                    return new Claim(row.state() == State.SENDING ? Claim.Kind.BUSY : Claim.Kind.EXISTING,
                            row.outcome(), 0);
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
                    c.rollback();
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
                c.commit();
                return new Claim(Claim.Kind.NEW, null, paid - refunded - txamt);
            } catch (SQLException e) {
                c.rollback();
                if (DUPLICATE_KEY.equals(e.getSQLState())) {
                    return new Claim(Claim.Kind.BUSY, null, 0);
                }
                throw e;
            }
        }
    }

    /** Records a further attempt (a fresh out_trade_no); returns its number. */
    public int nextAttempt(String refundId, String outTradeNo, String txdtm) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE payme_refund SET state = ?, attempts = attempts + 1,"
                     + " out_trade_no = ?, txdtm = ?, updated_at = ? WHERE refund_id = ?")) {
            s.setString(1, State.SENDING.name());
            s.setString(2, outTradeNo);
            s.setString(3, txdtm);
            s.setLong(4, clock.millis());
            s.setString(5, refundId);
            s.executeUpdate();
        }
        return find(refundId).map(Row::attempts).orElse(0);
    }

    public void settle(String refundId, State state, String outcomeJson) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "UPDATE payme_refund SET state = ?, outcome = ?, updated_at = ? WHERE refund_id = ?")) {
            s.setString(1, state.name());
            s.setString(2, outcomeJson);
            s.setLong(3, clock.millis());
            s.setString(4, refundId);
            s.executeUpdate();
        }
    }

    /** Parks a refund WAITING for a query and returns its new park number (see {@link OrderStore#park}). */
    public int park(String refundId, String outcomeJson) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("UPDATE payme_refund SET state = ?, outcome = ?,"
                    + " park_seq = park_seq + 1, updated_at = ? WHERE refund_id = ?")) {
                s.setString(1, State.WAITING.name());
                s.setString(2, outcomeJson);
                s.setLong(3, clock.millis());
                s.setString(4, refundId);
                s.executeUpdate();
            }
            return find(c, refundId).map(Row::parkSeq).orElse(-1);
        }
    }

    /** Resumes a parked refund if {@code seq} is still its park number; false for a stale message. */
    public boolean resume(String refundId, int seq) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE payme_refund SET state = ?, park_seq = park_seq + 1,"
                     + " updated_at = ? WHERE refund_id = ? AND state = ? AND park_seq = ?")) {
            s.setString(1, State.SENDING.name());
            s.setLong(2, clock.millis());
            s.setString(3, refundId);
            s.setString(4, State.WAITING.name());
            s.setInt(5, seq);
            return s.executeUpdate() == 1;
        }
    }

    public Optional<Row> find(String refundId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return find(c, refundId);
        }
    }

    /**
     * Refunds whose attempt has been SENDING longer than {@code leaseMillis}: their process died mid-call. Each is
     * parked WAITING for a query of that attempt; returns their refund ids with the new park numbers.
     */
    public java.util.Map<String, Integer> takeOverStale(long leaseMillis) throws SQLException {
        java.util.Map<String, Integer> taken = new java.util.LinkedHashMap<>();
        long now = clock.millis();
        java.util.List<String> ids = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT refund_id FROM payme_refund WHERE state = ? AND updated_at < ? ORDER BY updated_at")) {
            s.setString(1, State.SENDING.name());
            s.setLong(2, now - leaseMillis);
            s.setMaxRows(100);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            for (String refundId : ids) {
                try (PreparedStatement claim = c.prepareStatement("UPDATE payme_refund SET state = ?,"
                        + " park_seq = park_seq + 1, updated_at = ? WHERE refund_id = ? AND state = ? AND updated_at < ?")) {
                    claim.setString(1, State.WAITING.name());
                    claim.setLong(2, now);
                    claim.setString(3, refundId);
                    claim.setString(4, State.SENDING.name());
                    claim.setLong(5, now - leaseMillis);
                    if (claim.executeUpdate() == 1) {
                        find(c, refundId).ifPresent(row -> taken.put(refundId, row.parkSeq()));
                    }
                }
            }
        }
        return taken;
    }

    private static Optional<Row> find(Connection c, String refundId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT refund_id, order_id, orig_syssn, txamt, state, attempts,"
                + " out_trade_no, txdtm, outcome, park_seq FROM payme_refund WHERE refund_id = ?")) {
            s.setString(1, refundId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        State.valueOf(rs.getString(5)), rs.getInt(6), rs.getString(7), rs.getString(8),
                        rs.getString(9), rs.getInt(10)));
            }
        }
    }
}

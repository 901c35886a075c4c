package dev.camelpayme.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
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
 * delivered once. A refund_id belongs to one order and one amount: a claim of it for another is a CONFLICT. The
 * operator's {@link Limits} are checked in the claim's transaction too, the daily one with a row of its own locked,
 * so concurrent refunds cannot pass it together.
 */
public class RefundStore {

    /** The answer to a claim: for EXISTING and BUSY, the refund as it stands. */
    public record Claim(Kind kind, Row existing, long remaining) {
        public enum Kind {
            NEW, EXISTING, BUSY,
            /** More than is left of the payment ({@code remaining} says what is). */
            OVER,
            /** The refund_id is another order's or another amount's: nothing of that refund is told. */
            CONFLICT,
            /** Larger than {@link Limits#maxAmount()}. */
            OVER_MAX_AMOUNT,
            /** Would take the refunds of the Hong Kong day past {@link Limits#maxPerDay()}. */
            OVER_MAX_PER_DAY
        }
    }

    /**
     * Limits an operator sets on refunds, in minor units; null is no limit. {@code maxPerDay} counts every refund
     * claimed in the Hong Kong calendar day, of any order, that did not fail (as what is left of a payment counts).
     */
    public record Limits(Long maxAmount, Long maxPerDay) {

        public static final Limits NONE = new Limits(null, null);

        public Limits {
            if (maxAmount != null && maxAmount < 1 || maxPerDay != null && maxPerDay < 1) {
                throw new IllegalArgumentException("refund limits must be positive, or none");
            }
        }

        /** From the texts of payme.refunds.max-amount and payme.refunds.max-per-day: null or blank is no limit. */
        public static Limits of(String maxAmount, String maxPerDay) {
            return new Limits(amount("payme.refunds.max-amount", maxAmount),
                    amount("payme.refunds.max-per-day", maxPerDay));
        }

        private static Long amount(String key, String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                long amount = Long.parseLong(text.trim());
                if (amount > 0) {
                    return amount;
                }
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            throw new IllegalArgumentException("Property " + key + " must be a positive whole number of minor units,"
                    + " or empty for no limit");
        }
    }

    /** One refund row. */
    public record Row(String refundId, String orderId, String origSyssn, long txamt, RefundState state, int attempts,
                      String outTradeNo, String txdtm, String outcome, int parkSeq, boolean delivered,
                      long updatedAt) {
    }

    private static final String COLUMNS = "refund_id, order_id, orig_syssn, txamt, state, attempts, out_trade_no,"
            + " txdtm, outcome, park_seq, delivered, updated_at";

    /** The daily limit counts the calendar day in Hong Kong, whatever the JVM's zone. */
    private static final ZoneId HONG_KONG = ZoneId.of("Asia/Hong_Kong");
    // the queries that run on a timer or per refund, each served by an index (StoreQueryPlansTest)
    private static final int STALE_PER_SWEEP = 100;
    static final String IN_STATE_SINCE =
            "WHERE state = ? AND updated_at < ? ORDER BY updated_at FETCH FIRST " + STALE_PER_SWEEP + " ROWS ONLY";
    static final String UNDELIVERED = "SELECT refund_id, outcome FROM payme_refund WHERE delivered = 0"
            + " AND updated_at < ? AND state IN (?, ?, ?) ORDER BY updated_at FETCH FIRST 100 ROWS ONLY";
    static final String DAY_TOTAL = "SELECT COALESCE(SUM(txamt), 0) FROM payme_refund"
            + " WHERE created_at >= ? AND created_at < ? AND state <> ?";
    // by the index on created_at; the state is checked on the rows read (nearly all refunds end REFUNDED)
    static final String CLAIMED_BETWEEN = "WHERE created_at >= ? AND created_at < ? ORDER BY created_at";
    /** The row of payme_refund_limit whose lock serialises the claims checked against the daily limit. */
    private static final String PER_DAY_LOCK = "max-per-day";

    private final DataSource dataSource;
    private final Clock clock;
    private final Limits limits;
    private volatile TransitionListener listener = TransitionListener.NONE;

    public RefundStore(DataSource dataSource, Clock clock) {
        this(dataSource, clock, Limits.NONE);
    }

    public RefundStore(DataSource dataSource, Clock clock, Limits limits) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
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
            s.execute("CREATE INDEX IF NOT EXISTS payme_refund_created ON payme_refund (created_at)");
            s.execute("CREATE INDEX IF NOT EXISTS payme_refund_state ON payme_refund (state, updated_at)");
            s.execute("CREATE INDEX IF NOT EXISTS payme_refund_undelivered ON payme_refund (delivered, state, updated_at)");
            s.execute("CREATE TABLE IF NOT EXISTS payme_refund_limit (limit_name VARCHAR(32) NOT NULL PRIMARY KEY)");
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO payme_refund_limit (limit_name) VALUES (?)")) {
            s.setString(1, PER_DAY_LOCK);
            s.executeUpdate();
        } catch (SQLException e) {
            // there already (an earlier start, or another instance starting now)
            if (!Jdbc.DUPLICATE_KEY.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    /**
     * Claims a refund of {@code txamt} of the paid order, which was paid {@code paid}. FAILED refunds do not count
     * against what is left; a repeat of a refund_id (same order, same amount) gets the refund as it stands, and a
     * claim of it for another order or amount is a CONFLICT. A new refund past the {@link Limits} is refused.
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
                    return repeatOf(existing.get(), orderId, txamt);
                }
                if (limits.maxAmount() != null && txamt > limits.maxAmount()) {
                    return new Claim(Claim.Kind.OVER_MAX_AMOUNT, null, 0);
                }
                long refunded = refundedOf(c, orderId);
                if (refunded + txamt > paid) {
                    // nothing was written: the transaction only ends, releasing the order row
                    return new Claim(Claim.Kind.OVER, null, paid - refunded);
                }
                long now = clock.millis();
                if (limits.maxPerDay() != null && refundedOnDayOf(c, now) + txamt > limits.maxPerDay()) {
                    return new Claim(Claim.Kind.OVER_MAX_PER_DAY, null, 0);
                }
                insertClaimed(c, "", refundId, orderId, origSyssn, txamt, outTradeNo, txdtm, now, now);
                return new Claim(Claim.Kind.NEW, null, paid - refunded - txamt);
            });
        } catch (SQLException e) {
            if (Jdbc.DUPLICATE_KEY.equals(e.getSQLState())) {
                // claimed at the same moment for another order (whose row this claim did not lock)
                Optional<Row> winner = find(refundId);
                return winner.isPresent() && repeatOf(winner.get(), orderId, txamt).kind() == Claim.Kind.CONFLICT
                        ? new Claim(Claim.Kind.CONFLICT, null, 0) : new Claim(Claim.Kind.BUSY, null, 0);
            }
            throw e;
        }
    }

    /** A claim of a refund_id that exists: the same refund again, or another order's or amount's (told nothing). */
    private static Claim repeatOf(Row row, String orderId, long txamt) {
        if (!row.orderId().equals(orderId) || row.txamt() != txamt) {
            return new Claim(Claim.Kind.CONFLICT, null, 0);
        }
        return new Claim(row.state() == RefundState.SENDING ? Claim.Kind.BUSY : Claim.Kind.EXISTING, row, 0);
    }

    /**
     * What counts against the daily limit on the Hong Kong day of {@code now}: the refunds claimed that day that are
     * not FAILED. It first locks the limit's own row, which every such check takes after its order row, so that of
     * two concurrent claims the second counts the first.
     */
    private static long refundedOnDayOf(Connection c, long now) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT limit_name FROM payme_refund_limit WHERE limit_name = ? FOR UPDATE")) {
            lock.setString(1, PER_DAY_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("payme_refund_limit has no row " + PER_DAY_LOCK + ": createSchema first");
                }
            }
        }
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(now), HONG_KONG);
        try (PreparedStatement sum = c.prepareStatement(DAY_TOTAL)) {
            sum.setLong(1, day.atStartOfDay(HONG_KONG).toInstant().toEpochMilli());
            sum.setLong(2, day.plusDays(1).atStartOfDay(HONG_KONG).toInstant().toEpochMilli());
            sum.setString(3, RefundState.FAILED.name());
            try (ResultSet rs = sum.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
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
        boolean settled = Jdbc.inTransaction(dataSource, c -> apply(c, refundId, event,
                version == null ? write : write.ifVersion(version)));
        if (settled) {
            listener.applied(event);
        }
        return settled;
    }

    /** Tells {@code listener} of every refund settled ({@link #settle}, {@link #bookMadeElsewhere}) once committed. */
    public void listen(TransitionListener listener) {
        this.listener = listener;
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
             PreparedStatement s = c.prepareStatement(UNDELIVERED)) {
            s.setLong(1, now - leaseMillis);
            s.setString(2, RefundState.REFUNDED.name());
            s.setString(3, RefundState.FAILED.name());
            s.setString(4, RefundState.UNKNOWN.name());
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

    /**
     * Books a refund QFPay made that was not requested here (in QFPay's portal, say), under {@code refundId}, which
     * the caller derives from QFPay's syssn of the refund: claimed and settled REFUNDED through the life cycle
     * ({@link RefundEvent#CLAIMED}, then {@link RefundEvent#REFUNDED_AT_QFPAY}) in one transaction, counted on the
     * day QFPay made it ({@code madeAt}). False, and nothing written, when it was booked before: a second
     * reconciliation or a notification echoing it never books it twice.
     */
    public boolean bookMadeElsewhere(String refundId, String orderId, String origSyssn, long txamt, String outTradeNo,
                                     String txdtm, long madeAt, String outcomeJson) throws SQLException {
        boolean booked = insertMadeElsewhere(refundId, orderId, origSyssn, txamt, outTradeNo, txdtm, madeAt,
                outcomeJson);
        if (booked) {
            listener.applied(RefundEvent.REFUNDED_AT_QFPAY);
        }
        return booked;
    }

    private boolean insertMadeElsewhere(String refundId, String orderId, String origSyssn, long txamt,
                                        String outTradeNo, String txdtm, long madeAt, String outcomeJson)
            throws SQLException {
        try {
            return Jdbc.inTransaction(dataSource, c -> {
                boolean postgres = c.getMetaData().getDatabaseProductName().equals("PostgreSQL");
                // on PostgreSQL a second booking inserts nothing; H2 refuses it as a duplicate key (caught below)
                if (insertClaimed(c, postgres ? " ON CONFLICT (refund_id) DO NOTHING" : "", refundId, orderId,
                        origSyssn, txamt, outTradeNo, txdtm, madeAt, clock.millis()) != 1) {
                    return false;
                }
                if (!apply(c, refundId, RefundEvent.REFUNDED_AT_QFPAY, Write.outcome(outcomeJson))) {
                    throw new SQLException("refund " + refundId + " moved while being booked");
                }
                return true;
            });
        } catch (SQLException e) {
            if (Jdbc.DUPLICATE_KEY.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** Inserts a refund row in CLAIMED (its first attempt recorded); the number of rows inserted. */
    private static int insertClaimed(Connection c, String onConflict, String refundId, String orderId,
                                     String origSyssn, long txamt, String outTradeNo, String txdtm, long createdAt,
                                     long updatedAt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO payme_refund (refund_id, order_id,"
                + " orig_syssn, txamt, state, attempts, out_trade_no, txdtm, outcome, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, 1, ?, ?, NULL, ?, ?)" + onConflict)) {
            s.setString(1, refundId);
            s.setString(2, orderId);
            s.setString(3, origSyssn);
            s.setLong(4, txamt);
            s.setString(5, RefundEvent.CLAIMED.to().name());
            s.setString(6, outTradeNo);
            s.setString(7, txdtm);
            s.setLong(8, createdAt);
            s.setLong(9, updatedAt);
            return s.executeUpdate();
        }
    }

    /** The REFUNDED refunds claimed (or, for one made elsewhere, made) in {@code [from, to)}, epoch millis. */
    public List<Row> refundedBetween(long from, long to) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM payme_refund " + CLAIMED_BETWEEN)) {
            s.setLong(1, from);
            s.setLong(2, to);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Row row = row(rs);
                    if (row.state() == RefundState.REFUNDED) {
                        rows.add(row);
                    }
                }
            }
            return rows;
        }
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
        // one indexed range per state (an OR of them would scan the table)
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM payme_refund " + IN_STATE_SINCE)) {
            for (Map.Entry<RefundState, Long> since : Map.of(RefundState.SENDING, now - leaseMillis,
                    RefundState.WAITING, now - parkedLeaseMillis).entrySet()) {
                s.setString(1, since.getKey().name());
                s.setLong(2, since.getValue());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        stale.add(row(rs));
                    }
                }
            }
        }
        stale.sort(Comparator.comparingLong(Row::updatedAt));
        for (Row row : stale.subList(0, Math.min(stale.size(), STALE_PER_SWEEP))) {
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

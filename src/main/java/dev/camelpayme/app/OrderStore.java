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
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The durable record of business orders and of every payment attempt sent for them. It is what makes "one live
 * QFPay order per business order" hold across redeliveries, retries, concurrent submissions, restarts and several
 * instances: the order row is claimed under its primary key, so exactly one claimant proceeds.
 * <p>
 * Plain JDBC with portable SQL (H2, PostgreSQL); times are epoch milliseconds. The schema is created on start.
 */
public class OrderStore {

    /** Where a business order stands in the store. */
    public enum State {
        /** An attempt is being sent, or was being sent when its process died (then the lease expires). */
        IN_FLIGHT,
        /** Parked for a later attempt or a query-first recovery. */
        WAITING,
        /** Created at QFPay and being polled. */
        PENDING,
        CREATED, PAID, FAILED, EXPIRED;

        /** A QFPay order exists or may exist for it: a repeat must not create another. */
        boolean isLive() {
            return this == WAITING || this == PENDING || this == CREATED || this == PAID;
        }
    }

    /** The answer to a claim. */
    public record Claim(Kind kind, int attempt, String storedOutcome, String previousOutTradeNo, boolean redeliver) {
        public enum Kind {
            /** Go ahead: this attempt's out_trade_no is recorded. */
            NEW,
            /** A live QFPay order exists: answer with its outcome, create nothing. */
            EXISTING,
            /** Another claimant is sending an attempt right now. */
            BUSY,
            /** An attempt was in flight when its process died: recover it by query before anything else. */
            TAKEOVER
        }
    }

    /** The columns of a {@link Row}, in its order. */
    private static final String ORDER_COLUMNS = "state, attempts, out_trade_no, outcome, updated_at, delivered, park_seq";
    private static final String SELECT_ROW = "SELECT " + ORDER_COLUMNS + " FROM payme_order WHERE order_id = ?";

    private final DataSource dataSource;
    private final Clock clock;
    private final long leaseMillis;
    private final long parkedLeaseMillis;

    public OrderStore(DataSource dataSource, Clock clock, long leaseMillis) {
        this(dataSource, clock, leaseMillis, leaseMillis);
    }

    /**
     * @param leaseMillis       how long an attempt may be in flight before its process counts as dead
     * @param parkedLeaseMillis how long a parked (PENDING or WAITING) order may go untouched before its parked
     *                          message counts as lost (each poll or resume touches the order)
     */
    public OrderStore(DataSource dataSource, Clock clock, long leaseMillis, long parkedLeaseMillis) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.leaseMillis = leaseMillis;
        this.parkedLeaseMillis = parkedLeaseMillis;
    }

    /** How long an attempt may be in flight before its process counts as dead. */
    public long leaseMillis() {
        return leaseMillis;
    }

    public void createSchema() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS payme_order ("
                    + " order_id VARCHAR(64) NOT NULL PRIMARY KEY,"
                    + " state VARCHAR(16) NOT NULL,"
                    + " attempts INT NOT NULL,"
                    + " out_trade_no VARCHAR(128) NOT NULL,"
                    + " outcome VARCHAR(65536),"
                    + " delivered INT NOT NULL,"
                    + " park_seq INT DEFAULT 0 NOT NULL,"
                    + " created_at BIGINT NOT NULL,"
                    + " updated_at BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS payme_attempt ("
                    + " out_trade_no VARCHAR(128) NOT NULL PRIMARY KEY,"
                    + " order_id VARCHAR(64) NOT NULL,"
                    + " attempt_no INT NOT NULL,"
                    + " respcd VARCHAR(16),"
                    + " note VARCHAR(512),"
                    + " request VARCHAR(65536) NOT NULL,"
                    + " created_at BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS payme_notification ("
                    + " syssn VARCHAR(64) NOT NULL,"
                    + " notify_type VARCHAR(16) NOT NULL,"
                    + " out_trade_no VARCHAR(128),"
                    + " body VARCHAR(65536) NOT NULL,"
                    + " received_at BIGINT NOT NULL,"
                    + " PRIMARY KEY (syssn, notify_type))");
        }
    }

    /**
     * Parks an order (PENDING: polled; WAITING: a retry or recovery follows) and returns its new park number. Only
     * the message carrying that number may resume the order (see {@link #resumeParked}): a message that was lost
     * and found again, or replaced by the sweeper, can never start a second chain of calls for the same order.
     * Only an order still on its way (IN_FLIGHT, PENDING or WAITING) is parked: one a notification settled
     * meanwhile (PAID) keeps its state, and -1 says so.
     */
    public int park(String orderId, State state, String outcomeJson) throws SQLException {
        return inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE payme_order SET state = ?, outcome = ?,"
                    + " park_seq = park_seq + 1, updated_at = ? WHERE order_id = ? AND state IN (?, ?, ?)")) {
                s.setString(1, state.name());
                s.setString(2, outcomeJson);
                s.setLong(3, clock.millis());
                s.setString(4, orderId);
                s.setString(5, State.IN_FLIGHT.name());
                s.setString(6, State.PENDING.name());
                s.setString(7, State.WAITING.name());
                if (s.executeUpdate() == 0) {
                    return -1;
                }
            }
            return row(c, orderId).map(Row::parkSeq).orElse(-1);
        });
    }

    /**
     * Resumes a parked order if it is still parked in {@code expected} under {@code seq}: moves it to {@code next}
     * with a new park number and returns the row as it now stands (read in the same transaction); empty when the
     * message is stale (another one owns the order).
     */
    public Optional<Row> resumeParked(String orderId, State expected, int seq, State next) throws SQLException {
        return inTransaction(c -> {
            int updated;
            try (PreparedStatement s = c.prepareStatement("UPDATE payme_order SET state = ?,"
                    + " park_seq = park_seq + 1, updated_at = ? WHERE order_id = ? AND state = ? AND park_seq = ?")) {
                s.setString(1, next.name());
                s.setLong(2, clock.millis());
                s.setString(3, orderId);
                s.setString(4, expected.name());
                s.setInt(5, seq);
                updated = s.executeUpdate();
            }
            return updated == 1 ? row(c, orderId) : Optional.<Row>empty();
        });
    }

    private <T> T inTransaction(Jdbc.Transaction<T> work) throws SQLException {
        return Jdbc.inTransaction(dataSource, work);
    }

    /**
     * Keeps a verified notification. Returns false when the same one (same syssn and notify_type) was kept before:
     * QFPay resends a notification for about a day until it hears SUCCESS.
     */
    public boolean acceptNotification(String syssn, String notifyType, String outTradeNo, String body)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO payme_notification"
                     + " (syssn, notify_type, out_trade_no, body, received_at) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, syssn);
            s.setString(2, notifyType);
            s.setString(3, outTradeNo);
            s.setString(4, body);
            s.setLong(5, clock.millis());
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (Jdbc.DUPLICATE_KEY.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** The business order an attempt belongs to, with the attempt's signed request (JSON). */
    public Optional<String[]> orderOfAttempt(String outTradeNo) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT order_id, request FROM payme_attempt WHERE out_trade_no = ?")) {
            s.setString(1, outTradeNo);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new String[] { rs.getString(1), rs.getString(2) }) : Optional.empty();
            }
        }
    }

    /**
     * Records that an order was paid, with the outcome {@code outcomeFor} makes from the state the order had (so a
     * late payment is stored as late). Returns that state, or empty when it was already PAID and its PAID outcome
     * delivered (nothing to route again).
     */
    public Optional<State> paid(String orderId, Function<State, String> outcomeFor) throws SQLException {
        return inTransaction(c -> {
            Row row = lockRow(c, orderId).orElseThrow(() -> new SQLException("unknown order " + orderId));
            if (row.state == State.PAID && row.delivered) {
                return Optional.<State>empty();
            }
            if (row.state != State.PAID) {
                try (PreparedStatement s = c.prepareStatement("UPDATE payme_order SET state = ?, outcome = ?,"
                        + " delivered = 0, updated_at = ? WHERE order_id = ?")) {
                    s.setString(1, State.PAID.name());
                    s.setString(2, outcomeFor.apply(row.state));
                    s.setLong(3, clock.millis());
                    s.setString(4, orderId);
                    s.executeUpdate();
                }
            }
            return Optional.of(row.state);
        });
    }

    /**
     * Claims a business order for an attempt with a freshly made out_trade_no. Exactly one of any number of
     * concurrent claimants of the same order gets {@link Claim.Kind#NEW} or {@link Claim.Kind#TAKEOVER}.
     */
    public Claim claim(String orderId, String outTradeNo, String request) throws SQLException {
        return claim(orderId, outTradeNo, request, false);
    }

    /**
     * As {@link #claim(String, String, String)}; {@code redelivered} says the same message comes again after a
     * failure, so an outcome it stored but could not deliver is delivered now rather than after the lease.
     */
    public Claim claim(String orderId, String outTradeNo, String request, boolean redelivered) throws SQLException {
        long now = clock.millis();
        try {
            return inTransaction(c -> {
                insertOrder(c, orderId, outTradeNo, now);
                insertAttempt(c, outTradeNo, orderId, 1, request, now);
                return new Claim(Claim.Kind.NEW, 1, null, null, false);
            });
        } catch (SQLException e) {
            if (!Jdbc.DUPLICATE_KEY.equals(e.getSQLState())) {
                throw e;
            }
        }
        return inTransaction(c -> claimExisting(c, orderId, outTradeNo, request, redelivered, now));
    }

    /** The order exists already: decides, with its row locked, how this claimant goes on. */
    private Claim claimExisting(Connection c, String orderId, String outTradeNo, String request, boolean redelivered,
                                long now) throws SQLException {
        Row row = lockRow(c, orderId).orElseThrow(() -> new SQLException("order " + orderId + " vanished"));
        // a final outcome stored but still undelivered after the lease: its delivery failed, deliver it again
        boolean redeliver = row.state != State.IN_FLIGHT && row.state != State.WAITING && row.state != State.PENDING
                && !row.delivered && (redelivered || row.updatedAt <= now - leaseMillis);
        if (row.state.isLive() || row.state != State.IN_FLIGHT && !row.delivered) {
            return new Claim(Claim.Kind.EXISTING, row.attempts, row.outcome, row.outTradeNo, redeliver);
        } else if (row.state == State.IN_FLIGHT && row.updatedAt > now - leaseMillis) {
            return new Claim(Claim.Kind.BUSY, row.attempts, row.outcome, row.outTradeNo, false);
        } else if (row.state == State.IN_FLIGHT) {
            touch(c, orderId, now);
            return new Claim(Claim.Kind.TAKEOVER, row.attempts, row.outcome, row.outTradeNo, false);
        } else {
            // FAILED or EXPIRED: nothing live at QFPay, a new submission makes a new attempt
            int attempt = row.attempts + 1;
            startAttempt(c, orderId, outTradeNo, attempt, request, now);
            return new Claim(Claim.Kind.NEW, attempt, null, null, false);
        }
    }

    /** Records a further attempt of an order this process holds; returns its number. */
    public int nextAttempt(String orderId, String outTradeNo, String request) throws SQLException {
        return inTransaction(c -> {
            Row row = lockRow(c, orderId).orElseThrow(() -> new SQLException("unknown order " + orderId));
            int attempt = row.attempts + 1;
            startAttempt(c, orderId, outTradeNo, attempt, request, clock.millis());
            return attempt;
        });
    }

    /** What became of one attempt (its respcd, or a note such as "unknown: timeout" or "orphaned"). */
    public void noteAttempt(String outTradeNo, String respcd, String note) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "UPDATE payme_attempt SET respcd = ?, note = ? WHERE out_trade_no = ?")) {
            s.setString(1, respcd);
            s.setString(2, note == null || note.length() <= 512 ? note : note.substring(0, 512));
            s.setString(3, outTradeNo);
            s.executeUpdate();
        }
    }

    /** Moves an order to a new state with its current outcome message (not yet delivered). */
    public void settle(String orderId, State state, String outcomeJson) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE payme_order SET state = ?, outcome = ?, delivered = 0,"
                     + " updated_at = ? WHERE order_id = ?")) {
            s.setString(1, state.name());
            s.setString(2, outcomeJson);
            s.setLong(3, clock.millis());
            s.setString(4, orderId);
            s.executeUpdate();
        }
    }

    /** The order's outcome reached its outcome endpoint. */
    public void delivered(String orderId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE payme_order SET delivered = 1 WHERE order_id = ?")) {
            s.setString(1, orderId);
            s.executeUpdate();
        }
    }

    /** What is known of an attempt's result: its respcd, or the note saying why it is unknown. */
    public Optional<String> resultOf(String outTradeNo) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT respcd, note FROM payme_attempt WHERE out_trade_no = ?")) {
            s.setString(1, outTradeNo);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String respcd = rs.getString(1);
                String note = rs.getString(2);
                return Optional.of(note != null && !"sending".equals(note) ? note
                        : respcd != null ? "respcd " + respcd : "no answer recorded");
            }
        }
    }

    /** The signed fields of an attempt, as recorded (JSON), to make a further attempt or query from. */
    public Optional<String> requestOf(String outTradeNo) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT request FROM payme_attempt WHERE out_trade_no = ?")) {
            s.setString(1, outTradeNo);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** One CREATED order being tracked until it is paid or expires. */
    public record Tracked(String orderId, String outcome, long createdAt) {
    }

    /** The CREATED orders (pay_url handed out, not paid yet), oldest first. */
    public List<Tracked> created(int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT order_id, outcome, created_at FROM payme_order"
                     + " WHERE state = ? ORDER BY created_at")) {
            s.setString(1, State.CREATED.name());
            s.setMaxRows(limit);
            List<Tracked> tracked = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tracked.add(new Tracked(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
            return tracked;
        }
    }

    /** The PAID order whose payment has this syssn (as its stored outcome says), if any. */
    public Optional<String> paidOrderWithSyssn(String syssn) throws SQLException {
        List<String> ids = column("SELECT order_id FROM payme_order WHERE state = ? AND outcome LIKE ?", 1,
                State.PAID.name(), "%\"syssn\":\"" + syssn.replace("%", "").replace("_", "\\_") + "\"%");
        return ids.stream().findFirst();
    }

    /** Moves a CREATED order to {@code next} (PAID or EXPIRED) with its outcome; false if it had moved already. */
    public boolean settleCreated(String orderId, State next, String outcomeJson) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE payme_order SET state = ?, outcome = ?, delivered = 0,"
                     + " updated_at = ? WHERE order_id = ? AND state = ?")) {
            s.setString(1, next.name());
            s.setString(2, outcomeJson);
            s.setLong(3, clock.millis());
            s.setString(4, orderId);
            s.setString(5, State.CREATED.name());
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Parked orders (PENDING or WAITING) untouched for longer than the parked lease: the message that should bring
     * them back was lost (for example the process died between storing the state and parking the message).
     * Each one returned has been touched, so no other sweeper takes it too.
     */
    public List<Row> takeOverStaleParked(int limit) throws SQLException {
        List<Row> taken = new ArrayList<>();
        List<String> ids = column("SELECT order_id FROM payme_order WHERE state IN (?, ?) AND updated_at < ?"
                + " ORDER BY updated_at", limit, State.PENDING.name(), State.WAITING.name(),
                clock.millis() - parkedLeaseMillis);
        for (String orderId : ids) {
            takeOverIf(orderId, "state IN ('PENDING', 'WAITING')", null, parkedLeaseMillis).ifPresent(taken::add);
        }
        return taken;
    }

    /** Orders whose attempt has been in flight longer than the lease: their process died mid-call. */
    public List<String> staleInFlight(int limit) throws SQLException {
        return column("SELECT order_id FROM payme_order WHERE state = ? AND updated_at < ? ORDER BY updated_at",
                limit, State.IN_FLIGHT.name(), clock.millis() - leaseMillis);
    }

    /**
     * The stored outcomes (JSON) of final orders stored longer than the lease ago but never delivered: their
     * delivery failed. Each is claimed (its clock restarted), so that of several sweepers one delivers it.
     */
    public List<String> staleUndeliveredOutcomes(int limit) throws SQLException {
        long now = clock.millis();
        List<String> outcomes = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT order_id, outcome FROM payme_order WHERE delivered = 0"
                     + " AND state IN ('CREATED', 'PAID', 'FAILED', 'EXPIRED') AND updated_at < ?"
                     + " AND outcome IS NOT NULL ORDER BY updated_at")) {
            s.setLong(1, now - leaseMillis);
            s.setMaxRows(limit);
            Map<String, String> found = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), rs.getString(2));
                }
            }
            for (Map.Entry<String, String> order : found.entrySet()) {
                try (PreparedStatement claim = c.prepareStatement("UPDATE payme_order SET updated_at = ?"
                        + " WHERE order_id = ? AND delivered = 0 AND updated_at < ?")) {
                    claim.setLong(1, now);
                    claim.setString(2, order.getKey());
                    claim.setLong(3, now - leaseMillis);
                    if (claim.executeUpdate() == 1) {
                        outcomes.add(order.getValue());
                    }
                }
            }
        }
        return outcomes;
    }

    public Optional<Row> find(String orderId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return row(c, orderId);
        }
    }

    public List<String> attemptsOf(String orderId) throws SQLException {
        return column("SELECT out_trade_no FROM payme_attempt WHERE order_id = ? ORDER BY attempt_no", 0, orderId);
    }

    /** The first column of a query's rows (at most {@code limit}, 0 for all). */
    private List<String> column(String sql, int limit, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.setMaxRows(limit);
            List<String> values = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }

    /** One order row. */
    public record Row(State state, int attempts, String outTradeNo, String outcome, long updatedAt,
                      boolean delivered, int parkSeq) {
    }

    /**
     * Takes over an order whose attempt outlived its lease (see {@link #staleInFlight}): parks it WAITING for a
     * recovery and returns its park number; empty if another process took it first.
     */
    public Optional<Integer> takeOver(String orderId) throws SQLException {
        return takeOverIf(orderId, "state = '" + State.IN_FLIGHT.name() + "'", State.WAITING, leaseMillis)
                .map(Row::parkSeq);
    }

    /**
     * Takes the order over if it meets {@code condition} and was last touched more than {@code olderThanMillis}
     * ago: moves it to {@code next} (null: keeps its state) with a new park number, and returns the row as it now
     * stands (read in the same transaction); empty if it did not qualify, or another process took it first.
     */
    private Optional<Row> takeOverIf(String orderId, String condition, State next, long olderThanMillis)
            throws SQLException {
        return inTransaction(c -> {
            long now = clock.millis();
            int updated;
            try (PreparedStatement s = c.prepareStatement("UPDATE payme_order SET state = COALESCE(?, state),"
                    + " park_seq = park_seq + 1, updated_at = ? WHERE order_id = ? AND " + condition
                    + " AND updated_at < ?")) {
                s.setString(1, next == null ? null : next.name());
                s.setLong(2, now);
                s.setString(3, orderId);
                s.setLong(4, now - olderThanMillis);
                updated = s.executeUpdate();
            }
            return updated == 1 ? row(c, orderId) : Optional.<Row>empty();
        });
    }

    /** The order's row, read on {@code c} (within its transaction, if it has one). */
    private static Optional<Row> row(Connection c, String orderId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT_ROW)) {
            s.setString(1, orderId);
            return read(s);
        }
    }

    /** The order's row, locked until {@code c}'s transaction ends. */
    private static Optional<Row> lockRow(Connection c, String orderId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT_ROW + " FOR UPDATE")) {
            s.setString(1, orderId);
            return read(s);
        }
    }

    private static Optional<Row> read(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new Row(State.valueOf(rs.getString(1)), rs.getInt(2), rs.getString(3),
                    rs.getString(4), rs.getLong(5), rs.getInt(6) == 1, rs.getInt(7)));
        }
    }

    private static void insertOrder(Connection c, String orderId, String outTradeNo, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO payme_order"
                + " (order_id, state, attempts, out_trade_no, outcome, delivered, created_at, updated_at)"
                + " VALUES (?, ?, 1, ?, NULL, 0, ?, ?)")) {
            s.setString(1, orderId);
            s.setString(2, State.IN_FLIGHT.name());
            s.setString(3, outTradeNo);
            s.setLong(4, now);
            s.setLong(5, now);
            s.executeUpdate();
        }
    }

    private static void insertAttempt(Connection c, String outTradeNo, String orderId, int attempt, String request,
                                      long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO payme_attempt (out_trade_no, order_id,"
                + " attempt_no, respcd, note, request, created_at) VALUES (?, ?, ?, NULL, ?, ?, ?)")) {
            s.setString(1, outTradeNo);
            s.setString(2, orderId);
            s.setInt(3, attempt);
            s.setString(4, "sending");
            s.setString(5, request);
            s.setLong(6, now);
            s.executeUpdate();
        }
    }

    private static void startAttempt(Connection c, String orderId, String outTradeNo, int attempt, String request,
                                     long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE payme_order SET state = ?, attempts = ?,"
                + " out_trade_no = ?, updated_at = ? WHERE order_id = ?")) {
            s.setString(1, State.IN_FLIGHT.name());
            s.setInt(2, attempt);
            s.setString(3, outTradeNo);
            s.setLong(4, now);
            s.setString(5, orderId);
            s.executeUpdate();
        }
        insertAttempt(c, outTradeNo, orderId, attempt, request, now);
    }

    private static void touch(Connection c, String orderId, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE payme_order SET updated_at = ? WHERE order_id = ?")) {
            s.setLong(1, now);
            s.setString(2, orderId);
            s.executeUpdate();
        }
    }
}

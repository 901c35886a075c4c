package dev.camelpayme.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

import dev.camelpayme.app.payment.OrderFingerprint;
import dev.camelpayme.app.payment.PaymentEvent;
import dev.camelpayme.app.payment.PaymentState;
import dev.camelpayme.app.store.Transitions.Write;

/**
 * The durable record of business orders, of every payment attempt sent for them, and of QFPay's notifications. It
 * is what makes "one live QFPay order per business order" hold across redeliveries, retries, concurrent submissions,
 * restarts and several instances: the order row is claimed under its primary key, so exactly one claimant proceeds,
 * and every later change of its state is an event of {@link PaymentEvent} applied as a compare-and-set.
 * <p>
 * Plain JDBC with portable SQL (H2, PostgreSQL); times are epoch milliseconds. The schema is created on start.
 */
public class PaymentStore {

    /** The answer to a claim. */
    public record Claim(Kind kind, int attempt, Row existing) {
        public enum Kind {
            /** Go ahead: this attempt's out_trade_no is recorded. */
            NEW,
            /** A QFPay order exists or an outcome is stored: answer with it, create nothing. */
            EXISTING,
            /** Another claimant is sending an attempt right now. */
            BUSY,
            /** An attempt was in flight when its process died: taken over, it is recovered by query first. */
            TAKEOVER,
            /** The order_id belongs to an order of other content: nothing of it is told ({@code existing} is null). */
            CONFLICT
        }
    }

    /** One order row; {@code version} grows with every transition (a parked message carries the one it saw). */
    public record Row(String orderId, PaymentState state, int attempts, String outTradeNo, String outcome,
                      long updatedAt, boolean delivered, int version, String syssn) {
    }

    private static final String ORDER_COLUMNS =
            "order_id, state, attempts, out_trade_no, outcome, updated_at, delivered, park_seq, syssn";
    private static final String SELECT_ROW = "SELECT " + ORDER_COLUMNS + " FROM payme_order WHERE order_id = ?";
    // the conditions of the queries that run on a timer, each served by an index (StoreQueryPlansTest): their cost
    // stays flat however many orders the store holds
    static final String CREATED_OLDEST_FIRST = "WHERE state = ? ORDER BY updated_at, order_id";
    static final String CREATED_AFTER = "WHERE state = ? AND updated_at >= ? AND NOT (updated_at = ? AND order_id <= ?)"
            + " ORDER BY updated_at, order_id";
    static final String PAID_WITH_SYSSN = "WHERE syssn = ? AND state = ?";
    static final String IN_STATE_SINCE = "WHERE state = ? AND updated_at < ? ORDER BY updated_at";
    static final String UNDELIVERED = "WHERE delivered = 0 AND updated_at < ? AND state IN (?, ?, ?, ?)"
            + " AND outcome IS NOT NULL ORDER BY updated_at";
    // the reconciliation's day: the attempts sent that day, by their index on created_at
    static final String ATTEMPTS_SENT_BETWEEN = "SELECT order_id, out_trade_no FROM payme_attempt"
            + " WHERE created_at >= ? AND created_at < ? ORDER BY created_at";
    static final String UNROUTED_NOTIFICATIONS = "SELECT syssn, notify_type, body, signature FROM payme_notification"
            + " WHERE routed = 0 AND touched_at < ? AND signature IS NOT NULL ORDER BY touched_at";

    private final DataSource dataSource;
    private final Clock clock;
    private final long leaseMillis;
    private final long parkedLeaseMillis;
    private final DeliveredMarks deliveredMarks;
    private volatile Boolean postgres;
    private volatile TransitionListener listener = TransitionListener.NONE;

    public PaymentStore(DataSource dataSource, Clock clock, long leaseMillis) {
        this(dataSource, clock, leaseMillis, leaseMillis);
    }

    /**
     * @param leaseMillis       how long an attempt may be in flight before its process counts as dead
     * @param parkedLeaseMillis how long a parked (PENDING or WAITING) order may go untouched before its parked
     *                          message counts as lost (each poll or resume touches the order)
     */
    public PaymentStore(DataSource dataSource, Clock clock, long leaseMillis, long parkedLeaseMillis) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.leaseMillis = leaseMillis;
        this.parkedLeaseMillis = parkedLeaseMillis;
        this.deliveredMarks = new DeliveredMarks(dataSource);
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
            // stores created before the syssn had a column of its own (it was only inside the outcome JSON)
            s.execute("ALTER TABLE payme_order ADD COLUMN IF NOT EXISTS syssn VARCHAR(64)");
            s.execute("CREATE INDEX IF NOT EXISTS payme_order_syssn ON payme_order (syssn)");
            // the order's content (OrderFingerprint); null in rows stored before it, taken from their last attempt
            s.execute("ALTER TABLE payme_order ADD COLUMN IF NOT EXISTS fingerprint VARCHAR(64)");
            s.execute("CREATE INDEX IF NOT EXISTS payme_order_state ON payme_order (state, updated_at)");
            // the undelivered sweep: delivered outcomes, nearly all rows, are never read by it
            s.execute("CREATE INDEX IF NOT EXISTS payme_order_undelivered ON payme_order (delivered, state, updated_at)");
            s.execute("CREATE TABLE IF NOT EXISTS payme_attempt ("
                    + " out_trade_no VARCHAR(128) NOT NULL PRIMARY KEY,"
                    + " order_id VARCHAR(64) NOT NULL,"
                    + " attempt_no INT NOT NULL,"
                    + " respcd VARCHAR(16),"
                    + " note VARCHAR(512),"
                    + " request VARCHAR(65536) NOT NULL,"
                    + " created_at BIGINT NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS payme_attempt_order ON payme_attempt (order_id)");
            // the daily reconciliation reads one day of attempts
            s.execute("CREATE INDEX IF NOT EXISTS payme_attempt_created ON payme_attempt (created_at)");
            s.execute("CREATE TABLE IF NOT EXISTS payme_notification ("
                    + " syssn VARCHAR(64) NOT NULL,"
                    + " notify_type VARCHAR(16) NOT NULL,"
                    + " out_trade_no VARCHAR(128),"
                    + " body VARCHAR(65536) NOT NULL,"
                    + " received_at BIGINT NOT NULL,"
                    + " PRIMARY KEY (syssn, notify_type))");
            // the notification outbox: routed once handed on to the routing queue; touched when last handed on
            s.execute("ALTER TABLE payme_notification ADD COLUMN IF NOT EXISTS routed INT DEFAULT 0 NOT NULL");
            s.execute("ALTER TABLE payme_notification ADD COLUMN IF NOT EXISTS touched_at BIGINT DEFAULT 0 NOT NULL");
            s.execute("CREATE INDEX IF NOT EXISTS payme_notification_unrouted ON payme_notification (routed, touched_at)");
            // QFPay's X-QF-SIGN over the body: handed on with it, so routing verifies the notification again
            s.execute("ALTER TABLE payme_notification ADD COLUMN IF NOT EXISTS signature VARCHAR(128)");
        }
    }

    /**
     * Applies a life-cycle event to the order (see {@link Transitions}); returns the row as it now stands, read in
     * the same transaction, or empty when the table does not allow the event in the order's state, or the order
     * moved on since the version or time the write is fenced by.
     */
    public Optional<Row> apply(String orderId, PaymentEvent event, Write write) throws SQLException {
        return apply(orderId, event, write, null);
    }

    /**
     * As {@link #apply(String, PaymentEvent, Write)}, recording in the same commit what QFPay answered to the attempt
     * just made ({@code answer}, may be null), whether or not the event is allowed: one commit per answer, not two.
     */
    public Optional<Row> apply(String orderId, PaymentEvent event, Write write, AttemptAnswer answer)
            throws SQLException {
        Optional<Row> moved = inTransaction(c -> {
            if (answer != null) {
                noteAttempt(c, answer);
            }
            return apply(c, orderId, event, write);
        });
        if (moved.isPresent()) {
            listener.applied(event);
        }
        return moved;
    }

    /** Tells {@code listener} of every event applied through {@link #apply} once it is committed. */
    public void listen(TransitionListener listener) {
        this.listener = listener;
    }

    private Optional<Row> apply(Connection c, String orderId, PaymentEvent event, Write write) throws SQLException {
        return Transitions.apply(c, Transitions.ORDERS, orderId, event, write, clock.millis())
                ? row(c, orderId) : Optional.empty();
    }

    /**
     * Claims a business order for an attempt with a freshly made out_trade_no. Exactly one of any number of
     * concurrent claimants of the same order gets {@link Claim.Kind#NEW} or {@link Claim.Kind#TAKEOVER}. A claimant
     * whose content ({@link OrderFingerprint} of {@code request}) differs from the order's gets
     * {@link Claim.Kind#CONFLICT}, unless the order ended unpaid and its outcome was delivered: then it is a new
     * submission, and its content becomes the order's.
     *
     * @param request        the attempt's signed fields (JSON)
     * @param interimOutcome the PENDING outcome stored when an attempt whose process died is taken over
     * @param redelivered    the same message comes again after a failure: an outcome it stored but could not deliver
     *                       is delivered now rather than after the lease
     */
    public Claim claim(String orderId, String outTradeNo, String request, boolean redelivered,
                       Function<Row, String> interimOutcome) throws SQLException {
        return claim(orderId, outTradeNo, request, OrderFingerprint.ofRecorded(orderId, request)
                .orElseThrow(() -> new IllegalArgumentException("the request of order " + orderId + " is not JSON")),
                redelivered, interimOutcome);
    }

    /** As above, with the request's {@link OrderFingerprint} already made from its fields (not parsed again). */
    public Claim claim(String orderId, String outTradeNo, String request, String fingerprint, boolean redelivered,
                       Function<Row, String> interimOutcome) throws SQLException {
        long now = clock.millis();
        try {
            Claim claimed = inTransaction(c -> {
                if (!insertOrder(c, isPostgres(c), orderId, outTradeNo, fingerprint, now)) {
                    return null;
                }
                insertAttempt(c, outTradeNo, orderId, 1, request, now);
                // the row as just inserted: nothing else can have touched it inside this transaction
                return new Claim(Claim.Kind.NEW, 1, new Row(orderId, PaymentEvent.CLAIMED.to(), 1, outTradeNo, null,
                        now, false, 0, null));
            });
            if (claimed != null) {
                return claimed;
            }
        } catch (SQLException e) {
            if (!Jdbc.DUPLICATE_KEY.equals(e.getSQLState())) {
                throw e;
            }
        }
        return inTransaction(c -> claimExisting(c, orderId, outTradeNo, request, fingerprint, redelivered,
                interimOutcome, now));
    }

    /** The order exists already: decides, with its row locked, how this claimant goes on. */
    private Claim claimExisting(Connection c, String orderId, String outTradeNo, String request, String fingerprint,
                                boolean redelivered, Function<Row, String> interimOutcome, long now)
            throws SQLException {
        Row row = lockRow(c, orderId).orElseThrow(() -> new SQLException("order " + orderId + " vanished"));
        // FAILED or EXPIRED, its outcome delivered: nothing live at QFPay, a new submission makes a new attempt
        boolean resubmission = (row.state() == PaymentState.FAILED || row.state() == PaymentState.EXPIRED)
                && row.delivered();
        // another order under this id: the claimant is told nothing of it, and nothing is sent
        if (!resubmission && !fingerprint.equals(fingerprintOf(c, row))) {
            return new Claim(Claim.Kind.CONFLICT, 0, null);
        }
        if (row.state() == PaymentState.IN_FLIGHT) {
            if (row.updatedAt() > now - leaseMillis) {
                return new Claim(Claim.Kind.BUSY, row.attempts(), row);
            }
            return apply(c, orderId, PaymentEvent.TAKEN_OVER, Write.outcome(interimOutcome.apply(row))
                    .ifVersion(row.version())).map(taken -> new Claim(Claim.Kind.TAKEOVER, taken.attempts(), taken))
                    .orElseThrow(() -> new SQLException("order " + orderId + " moved while locked"));
        }
        if (!resubmission) {
            return new Claim(Claim.Kind.EXISTING, row.attempts(), row);
        }
        int attempt = row.attempts() + 1;
        Row resubmitted = apply(c, orderId, PaymentEvent.RESUBMITTED, attemptWrite(outTradeNo, attempt)
                .set("outcome", null).set("fingerprint", fingerprint))
                .orElseThrow(() -> new SQLException("order " + orderId + " moved while locked"));
        insertAttempt(c, outTradeNo, orderId, attempt, request, now);
        return new Claim(Claim.Kind.NEW, attempt, resubmitted);
    }

    /**
     * The content the order was claimed with; for an order stored before fingerprints were kept, that of its last
     * attempt's recorded request, kept from now on. Null if even that cannot be read: then no content matches.
     */
    private static String fingerprintOf(Connection c, Row row) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT o.fingerprint, a.request FROM payme_order o"
                + " LEFT JOIN payme_attempt a ON a.out_trade_no = o.out_trade_no WHERE o.order_id = ?")) {
            s.setString(1, row.orderId());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                if (rs.getString(1) != null) {
                    return rs.getString(1);
                }
                String recorded = OrderFingerprint.ofRecorded(row.orderId(), rs.getString(2)).orElse(null);
                if (recorded != null) {
                    try (PreparedStatement keep = c.prepareStatement(
                            "UPDATE payme_order SET fingerprint = ? WHERE order_id = ?")) {
                        keep.setString(1, recorded);
                        keep.setString(2, row.orderId());
                        keep.executeUpdate();
                    }
                }
                return recorded;
            }
        }
    }

    /**
     * True when an existing order's stored outcome never reached its endpoint and this delivery should bring it: the
     * message comes again after a failed try, or the outcome has waited longer than the lease.
     */
    public boolean deliveryFailed(Row row, boolean redelivered) {
        return row.state().isDelivered() && !row.delivered()
                && (redelivered || row.updatedAt() <= clock.millis() - leaseMillis);
    }

    /**
     * Records a further attempt of an order this flow holds IN_FLIGHT at {@code version}; the order as it then
     * stands, or empty if it moved on meanwhile (nothing may be sent then).
     */
    public Optional<Row> nextAttempt(String orderId, String outTradeNo, String request, int version)
            throws SQLException {
        return inTransaction(c -> {
            Row row = lockRow(c, orderId).orElseThrow(() -> new SQLException("unknown order " + orderId));
            Optional<Row> next = apply(c, orderId, PaymentEvent.NEXT_ATTEMPT,
                    attemptWrite(outTradeNo, row.attempts() + 1).ifVersion(version));
            if (next.isPresent()) {
                insertAttempt(c, outTradeNo, orderId, row.attempts() + 1, request, clock.millis());
            }
            return next;
        });
    }

    private static Write attemptWrite(String outTradeNo, int attempt) {
        return Write.of().set("attempts", attempt).set("out_trade_no", outTradeNo);
    }

    /** What became of one attempt: its respcd, or a note such as "unknown: timeout" or "orphaned". */
    public record AttemptAnswer(String outTradeNo, String respcd, String note) {
    }

    /** What became of one attempt (its respcd, or a note such as "unknown: timeout" or "orphaned"). */
    public void noteAttempt(String outTradeNo, String respcd, String note) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            noteAttempt(c, new AttemptAnswer(outTradeNo, respcd, note));
        }
    }

    private static void noteAttempt(Connection c, AttemptAnswer answer) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE payme_attempt SET respcd = ?, note = ? WHERE out_trade_no = ?")) {
            String note = answer.note();
            s.setString(1, answer.respcd());
            s.setString(2, note == null || note.length() <= 512 ? note : note.substring(0, 512));
            s.setString(3, answer.outTradeNo());
            s.executeUpdate();
        }
    }

    /**
     * The outcome stored at {@code version} reached its endpoint: marked so within milliseconds, many marks in one
     * commit ({@link DeliveredMarks}); {@link #close()} writes what is still queued.
     */
    public void markDelivered(String orderId, int version) throws SQLException {
        deliveredMarks.mark(orderId, version);
    }

    /** Writes the delivered marks still queued; the store's data source closes after this. */
    public void close() throws InterruptedException {
        deliveredMarks.close();
    }

    /**
     * The outcome stored at {@code version} reached its endpoint (a newer state's outcome stays undelivered): marked
     * at once, in a commit of its own.
     */
    public void delivered(String orderId, int version) throws SQLException {
        deliveredMarks.writeNow(orderId, version);
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
        return orderOfAttempt(outTradeNo).map(attempt -> attempt[1]);
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

    /** The CREATED orders (pay_url handed out, not paid yet), oldest first, at most {@code limit}. */
    public List<Row> created(int limit) throws SQLException {
        return rows(CREATED_OLDEST_FIRST, limit, PaymentState.CREATED.name());
    }

    /** The CREATED orders after {@code after} in the same order (oldest first, then by id), at most {@code limit}. */
    public List<Row> createdAfter(Row after, int limit) throws SQLException {
        return rows(CREATED_AFTER, limit, PaymentState.CREATED.name(), after.updatedAt(), after.updatedAt(),
                after.orderId());
    }

    /**
     * The PAID orders whose current attempt was sent in {@code [from, to)}, epoch millis: what this store holds as
     * paid on one day, for the daily reconciliation.
     */
    public List<Row> paidWithAttemptBetween(long from, long to) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(ATTEMPTS_SENT_BETWEEN)) {
            s.setLong(1, from);
            s.setLong(2, to);
            List<String[]> attempts = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    attempts.add(new String[] { rs.getString(1), rs.getString(2) });
                }
            }
            // each order by its primary key: a join would let the planner scan every PAID order instead
            for (String[] attempt : attempts) {
                row(c, attempt[0]).filter(row -> row.state() == PaymentState.PAID
                        && attempt[1].equals(row.outTradeNo())).ifPresent(rows::add);
            }
        }
        return rows;
    }

    /** The PAID order whose payment has this syssn, if any (an indexed column, not a search of stored JSON). */
    public Optional<String> paidOrderWithSyssn(String syssn) throws SQLException {
        return rows(PAID_WITH_SYSSN, 1, syssn, PaymentState.PAID.name()).stream()
                .map(Row::orderId).findFirst();
    }

    /**
     * Orders nobody carries on: IN_FLIGHT past the lease (their process died mid-call), or WAITING or PENDING past
     * the parked lease (the message that should bring them back was lost). The caller takes each over with a
     * compare-and-set fenced by the row's version, so of several sweepers one wins.
     */
    public List<Row> stale(int limit) throws SQLException {
        long now = clock.millis();
        // one indexed range per state (an OR of them would scan the table)
        List<Row> stale = new ArrayList<>(rows(IN_STATE_SINCE, limit, PaymentState.IN_FLIGHT.name(), now - leaseMillis));
        for (PaymentState parked : List.of(PaymentState.WAITING, PaymentState.PENDING)) {
            stale.addAll(rows(IN_STATE_SINCE, limit, parked.name(), now - parkedLeaseMillis));
        }
        stale.sort(Comparator.comparingLong(Row::updatedAt));
        return stale.size() <= limit ? stale : new ArrayList<>(stale.subList(0, limit));
    }

    /**
     * Final outcomes stored longer than the lease ago but never delivered: their delivery failed. Each returned one
     * is claimed (its clock restarted, its version kept), so that of several sweepers one delivers it.
     */
    public List<Row> takeUndelivered(int limit) throws SQLException {
        long now = clock.millis();
        List<Row> taken = new ArrayList<>();
        for (Row row : rows(UNDELIVERED, limit, now - leaseMillis, PaymentState.CREATED.name(),
                PaymentState.PAID.name(), PaymentState.FAILED.name(), PaymentState.EXPIRED.name())) {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement claim = c.prepareStatement("UPDATE payme_order SET updated_at = ?"
                         + " WHERE order_id = ? AND delivered = 0 AND park_seq = ? AND updated_at < ?")) {
                claim.setLong(1, now);
                claim.setString(2, row.orderId());
                claim.setInt(3, row.version());
                claim.setLong(4, now - leaseMillis);
                if (claim.executeUpdate() == 1) {
                    taken.add(row);
                }
            }
        }
        return taken;
    }

    public Optional<Row> find(String orderId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return row(c, orderId);
        }
    }

    public List<String> attemptsOf(String orderId) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT out_trade_no FROM payme_attempt WHERE order_id = ? ORDER BY attempt_no")) {
            s.setString(1, orderId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    // --- notifications: the outbox ---------------------------------------------------------------------------

    /** Whether a verified notification still has to be handed on to routing. */
    public enum Inbox {
        /** Kept now for the first time: hand it on. */
        NEW,
        /** Kept before, but never handed on (its hand-over failed): hand it on now. */
        UNROUTED,
        /** Kept and handed on before: a resend, answered SUCCESS and routed no more. */
        ROUTED
    }

    /**
     * Keeps a verified notification with its signature, once per syssn and notify_type (QFPay resends one for about a
     * day until it hears SUCCESS), and says whether it must be handed on to routing. A resend of one not yet handed
     * on replaces the kept copy, so the body and signature kept are always the pair verified last.
     */
    public Inbox keepNotification(String syssn, String notifyType, String outTradeNo, String body, String signature)
            throws SQLException {
        long now = clock.millis();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO payme_notification (syssn, notify_type,"
                     + " out_trade_no, body, signature, received_at, routed, touched_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)")) {
            s.setString(1, syssn);
            s.setString(2, notifyType);
            s.setString(3, outTradeNo);
            s.setString(4, body);
            s.setString(5, signature);
            s.setLong(6, now);
            s.setLong(7, now);
            s.executeUpdate();
            return Inbox.NEW;
        } catch (SQLException e) {
            if (!Jdbc.DUPLICATE_KEY.equals(e.getSQLState())) {
                throw e;
            }
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE payme_notification SET touched_at = ?, body = ?,"
                     + " signature = ? WHERE syssn = ? AND notify_type = ? AND routed = 0")) {
            s.setLong(1, now);
            s.setString(2, body);
            s.setString(3, signature);
            s.setString(4, syssn);
            s.setString(5, notifyType);
            return s.executeUpdate() == 1 ? Inbox.UNROUTED : Inbox.ROUTED;
        }
    }

    /** The notification was handed on to routing (a durable queue): it is routed from there, never again from here. */
    public void notificationRouted(String syssn, String notifyType) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "UPDATE payme_notification SET routed = 1 WHERE syssn = ? AND notify_type = ?")) {
            s.setString(1, syssn);
            s.setString(2, notifyType);
            s.executeUpdate();
        }
    }

    /** A kept notification not yet handed on to routing, with QFPay's signature over its body. */
    public record Unrouted(String syssn, String notifyType, String body, String signature) {
    }

    /**
     * Notifications kept longer than the lease ago but never handed on (the hand-over failed, or the process died
     * before it): each returned one is claimed (its clock restarted), so that of several sweepers one hands it on.
     * One kept without its signature (by an earlier version) is left to QFPay's resend, which brings one: routing
     * would refuse it.
     */
    public List<Unrouted> takeUnroutedNotifications(int limit) throws SQLException {
        long now = clock.millis();
        List<Unrouted> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(UNROUTED_NOTIFICATIONS)) {
            s.setLong(1, now - leaseMillis);
            s.setMaxRows(limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(new Unrouted(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            List<Unrouted> taken = new ArrayList<>();
            for (Unrouted notification : found) {
                try (PreparedStatement claim = c.prepareStatement("UPDATE payme_notification SET touched_at = ?"
                        + " WHERE syssn = ? AND notify_type = ? AND routed = 0 AND touched_at < ?")) {
                    claim.setLong(1, now);
                    claim.setString(2, notification.syssn());
                    claim.setString(3, notification.notifyType());
                    claim.setLong(4, now - leaseMillis);
                    if (claim.executeUpdate() == 1) {
                        taken.add(notification);
                    }
                }
            }
            return taken;
        }
    }

    // --- rows -----------------------------------------------------------------------------------------------

    /** Whether the store is PostgreSQL, asked of the first connection only. */
    private boolean isPostgres(Connection c) throws SQLException {
        if (postgres == null) {
            postgres = c.getMetaData().getDatabaseProductName().equals("PostgreSQL");
        }
        return postgres;
    }

    private <T> T inTransaction(Jdbc.Transaction<T> work) throws SQLException {
        return Jdbc.inTransaction(dataSource, work);
    }

    private List<Row> rows(String where, int limit, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + ORDER_COLUMNS + " FROM payme_order " + where
                     + " FETCH FIRST " + limit + " ROWS ONLY")) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs));
                }
            }
            return rows;
        }
    }

    /** The order's row, read on {@code c} (within its transaction, if it has one). */
    private static Optional<Row> row(Connection c, String orderId) throws SQLException {
        return select(c, SELECT_ROW, orderId);
    }

    /** The order's row, locked until {@code c}'s transaction ends. */
    private static Optional<Row> lockRow(Connection c, String orderId) throws SQLException {
        return select(c, SELECT_ROW + " FOR UPDATE", orderId);
    }

    private static Optional<Row> select(Connection c, String sql, String orderId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, orderId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static Row read(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), PaymentState.valueOf(rs.getString(2)), rs.getInt(3), rs.getString(4),
                rs.getString(5), rs.getLong(6), rs.getInt(7) == 1, rs.getInt(8), rs.getString(9));
    }

    /**
     * Inserts the order's row; false when the order exists already. On PostgreSQL a repeat is no error there
     * (ON CONFLICT DO NOTHING): a duplicate key would log an ERROR in the server's log for every repeat. Elsewhere
     * the duplicate key's SQLState says so.
     */
    private static boolean insertOrder(Connection c, boolean postgres, String orderId, String outTradeNo,
                                       String fingerprint, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO payme_order (order_id, state, attempts,"
                + " out_trade_no, outcome, delivered, created_at, updated_at, fingerprint)"
                + " VALUES (?, ?, 1, ?, NULL, 0, ?, ?, ?)" + (postgres ? " ON CONFLICT (order_id) DO NOTHING" : ""))) {
            s.setString(1, orderId);
            s.setString(2, PaymentEvent.CLAIMED.to().name());
            s.setString(3, outTradeNo);
            s.setLong(4, now);
            s.setLong(5, now);
            s.setString(6, fingerprint);
            return s.executeUpdate() == 1;
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
}

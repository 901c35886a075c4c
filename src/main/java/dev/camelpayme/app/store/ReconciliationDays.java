package dev.camelpayme.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Which Hong Kong days the daily reconciliation has run for, so that a day runs once however many instances tick
 * and however often they restart: a day is claimed by inserting its row (one claimant wins the primary key), and
 * claimed again only by a compare-and-set when its run died (RUNNING past the lease) or failed (FAILED past the
 * retry delay).
 */
public class ReconciliationDays {

    /** Where a day's run stands. */
    public enum State { RUNNING, DONE, FAILED }

    private final DataSource dataSource;
    private final Clock clock;
    private final long leaseMillis;
    private final long retryMillis;
    private volatile Boolean postgres;

    /**
     * @param leaseMillis how long a run may take before its instance counts as dead and another may claim the day
     * @param retryMillis how long after a failed run the day may be claimed again
     */
    public ReconciliationDays(DataSource dataSource, Clock clock, long leaseMillis, long retryMillis) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.leaseMillis = leaseMillis;
        this.retryMillis = retryMillis;
    }

    public void createSchema() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS payme_reconciliation ("
                    + " recon_day VARCHAR(10) NOT NULL PRIMARY KEY,"
                    + " state VARCHAR(16) NOT NULL,"
                    + " runs INT NOT NULL,"
                    + " claimed_at BIGINT NOT NULL,"
                    + " finished_at BIGINT,"
                    + " summary VARCHAR(1024))");
        }
    }

    /** Claims the day for a run: true for exactly one of any number of concurrent claimants. */
    public boolean claim(LocalDate day) throws SQLException {
        long now = clock.millis();
        try (Connection c = dataSource.getConnection()) {
            if (insert(c, day, now)) {
                return true;
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE payme_reconciliation SET state = ?, runs = runs + 1,"
                    + " claimed_at = ?, finished_at = NULL WHERE recon_day = ?"
                    + " AND (state = ? AND claimed_at < ? OR state = ? AND claimed_at < ?)")) {
                s.setString(1, State.RUNNING.name());
                s.setLong(2, now);
                s.setString(3, day.toString());
                s.setString(4, State.RUNNING.name());
                s.setLong(5, now - leaseMillis);
                s.setString(6, State.FAILED.name());
                s.setLong(7, now - retryMillis);
                return s.executeUpdate() == 1;
            }
        }
    }

    /** The claimed run of the day ended: DONE, or FAILED (claimed again after the retry delay). */
    public void finish(LocalDate day, boolean done, String summary) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE payme_reconciliation SET state = ?, finished_at = ?,"
                     + " summary = ? WHERE recon_day = ? AND state = ?")) {
            s.setString(1, (done ? State.DONE : State.FAILED).name());
            s.setLong(2, clock.millis());
            s.setString(3, summary == null || summary.length() <= 1024 ? summary : summary.substring(0, 1024));
            s.setString(4, day.toString());
            s.setString(5, State.RUNNING.name());
            s.executeUpdate();
        }
    }

    /** Where the day's run stands, if it was ever claimed. */
    public Optional<State> stateOf(LocalDate day) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT state FROM payme_reconciliation WHERE recon_day = ?")) {
            s.setString(1, day.toString());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(State.valueOf(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** How many times the day was claimed. */
    public int runsOf(LocalDate day) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT runs FROM payme_reconciliation WHERE recon_day = ?")) {
            s.setString(1, day.toString());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** Inserts the day's row; false when it exists (no ERROR in PostgreSQL's log for a repeat: ON CONFLICT). */
    private boolean insert(Connection c, LocalDate day, long now) throws SQLException {
        if (postgres == null) {
            postgres = c.getMetaData().getDatabaseProductName().equals("PostgreSQL");
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO payme_reconciliation (recon_day, state, runs, claimed_at)"
                + " VALUES (?, ?, 1, ?)" + (postgres ? " ON CONFLICT (recon_day) DO NOTHING" : ""))) {
            s.setString(1, day.toString());
            s.setString(2, State.RUNNING.name());
            s.setLong(3, now);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            if (!Jdbc.DUPLICATE_KEY.equals(e.getSQLState())) {
                throw e;
            }
            return false;
        }
    }
}

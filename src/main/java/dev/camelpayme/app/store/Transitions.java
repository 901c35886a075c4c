package dev.camelpayme.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a state is written: applies a life-cycle event to a row as a compare-and-set in the database,
 * {@code UPDATE ... SET state = :to WHERE id = :id AND state IN (:from) [AND version = :seen] [AND updated_at < :stale]},
 * on H2 and PostgreSQL alike. Every applied event increments the row's version ({@code park_seq}), so a message
 * that carries the version it saw (a parked poll, retry or recovery) can never act on a row that moved on since.
 * An event the table does not allow in the row's current state is refused, logged and changes nothing.
 */
public final class Transitions {

    private static final Logger LOG = LoggerFactory.getLogger(Transitions.class);

    /** A table with a life cycle: its name, its id column, and what its rows are called in the log. */
    record Table(String name, String idColumn, String noun) {
    }

    static final Table ORDERS = new Table("payme_order", "order_id", "Order");
    static final Table REFUNDS = new Table("payme_refund", "refund_id", "Refund");

    /** What a transition writes besides the state, and the further conditions it is fenced by. */
    public static final class Write {
        private final Map<String, Object> columns = new LinkedHashMap<>();
        private Integer version;
        private Long staleBefore;

        public static Write of() {
            return new Write();
        }

        /** The outcome message of the state reached (not yet delivered). */
        public static Write outcome(String json) {
            return new Write().set("outcome", json);
        }

        /** Also sets {@code column} (a fixed column name of the table, never caller input). */
        public Write set(String column, Object value) {
            columns.put(column, value);
            return this;
        }

        /** Only if the row is still at this version: the one a parked message carries. */
        public Write ifVersion(int seen) {
            this.version = seen;
            return this;
        }

        /** Only if the row was last changed before {@code millis}: nobody has carried it on since (a lease ran out). */
        public Write ifUntouchedSince(long millis) {
            this.staleBefore = millis;
            return this;
        }
    }

    private Transitions() {
    }

    /**
     * Applies {@code event} to the row {@code id} on {@code c}: true if it happened. An applied event clears the
     * row's delivered mark (the state reached has an outcome of its own to deliver) and takes the time {@code now}.
     */
    static boolean apply(Connection c, Table table, String id, LifecycleEvent<?> event, Write write, long now)
            throws SQLException {
        if (event.from().isEmpty()) {
            throw new IllegalArgumentException(event.name() + " creates a row: it is an insert, not a transition");
        }
        List<Object> values = new ArrayList<>();
        StringBuilder sql = new StringBuilder("UPDATE ").append(table.name())
                .append(" SET state = ?, park_seq = park_seq + 1, delivered = 0, updated_at = ?");
        values.add(event.to().name());
        values.add(now);
        write.columns.forEach((column, value) -> {
            sql.append(", ").append(column).append(" = ?");
            values.add(value);
        });
        sql.append(" WHERE ").append(table.idColumn()).append(" = ? AND state IN (")
                .append(event.from().stream().map(s -> "?").collect(Collectors.joining(", "))).append(')');
        values.add(id);
        event.from().forEach(state -> values.add(state.name()));
        if (write.version != null) {
            sql.append(" AND park_seq = ?");
            values.add(write.version);
        }
        if (write.staleBefore != null) {
            sql.append(" AND updated_at < ?");
            values.add(write.staleBefore);
        }
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                s.setObject(i + 1, values.get(i));
            }
            if (s.executeUpdate() == 1) {
                return true;
            }
        }
        logRefusal(c, table, id, event, write);
        return false;
    }

    /** Says why an event did not happen: the row is in a state the table does not allow, or moved on meanwhile. */
    private static void logRefusal(Connection c, Table table, String id, LifecycleEvent<?> event, Write write)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT state, park_seq FROM " + table.name() + " WHERE "
                + table.idColumn() + " = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    LOG.warn("{} {}: {} refused, no such {}", table.noun(), id, event.name(), table.noun().toLowerCase());
                    return;
                }
                String state = rs.getString(1);
                int version = rs.getInt(2);
                if (event.from().stream().noneMatch(allowed -> allowed.name().equals(state))) {
                    LOG.info("{} {}: {} refused in state {} (it applies in {}); nothing changed", table.noun(), id,
                            event.name(), state, event.from());
                } else {
                    LOG.info("{} {}: {} refused in state {}: {}; nothing changed", table.noun(), id, event.name(), state,
                            write.version != null && write.version != version
                                    ? "a newer step owns it (version " + version + ", not " + write.version + ")"
                                    : "someone carried it on meanwhile");
                }
            }
        }
    }
}

package dev.camelpayme.app.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** What {@link PaymentStore} and {@link RefundStore} share of plain JDBC. */
final class Jdbc {

    /** The SQLState of a unique or primary key violation (H2 and PostgreSQL). */
    static final String DUPLICATE_KEY = "23505";

    private Jdbc() {
    }

    /** Work done in one transaction: committed when it returns, rolled back when it throws. */
    interface Transaction<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} on a connection of its own, in one transaction. */
    static <T> T inTransaction(DataSource dataSource, Transaction<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}

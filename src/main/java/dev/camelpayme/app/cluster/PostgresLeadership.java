package dev.camelpayme.app.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.camel.support.cluster.AbstractCamelClusterService;

/**
 * A Camel cluster service whose leadership, per namespace, is a PostgreSQL session advisory lock
 * ({@code pg_try_advisory_lock}) held on one connection of its own. PostgreSQL frees the lock when that connection
 * closes, so when the leader dies (kill -9 included) another instance takes the lock at its next try. The
 * {@code master:} component starts a route's consumer in the leader only.
 */
public class PostgresLeadership extends AbstractCamelClusterService<PostgresLeadershipView> {

    /** Opens a connection of its own to the shared database, outside any pool (a pool would recycle it). */
    public interface Connections {
        Connection open() throws SQLException;
    }

    private final Connections connections;
    private final long retryMillis;
    private ScheduledExecutorService executor;

    public PostgresLeadership(String memberId, Connections connections, long retryMillis) {
        super(memberId);
        if (retryMillis <= 0) {
            throw new IllegalArgumentException("payme.cluster.retry-ms must be positive");
        }
        this.connections = connections;
        this.retryMillis = retryMillis;
    }

    @Override
    protected PostgresLeadershipView createView(String namespace) {
        return new PostgresLeadershipView(this, namespace);
    }

    @Override
    protected void doStart() throws Exception {
        executor = getCamelContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                "PostgresLeadership");
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (executor != null) {
            getCamelContext().getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
    }

    Connections connections() {
        return connections;
    }

    long retryMillis() {
        return retryMillis;
    }

    ScheduledExecutorService executor() {
        return executor;
    }
}

package dev.camelpayme.app.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace's leadership: every {@code retryMillis} a follower tries {@code pg_try_advisory_lock} on its own
 * connection, and the leader checks that connection is still alive. A connection lost is leadership given up at
 * once (the server frees the lock with the session, and another instance may take it).
 */
public class PostgresLeadershipView extends LocalMemberView {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresLeadershipView.class);

    private final PostgresLeadership service;
    private final long lockKey;
    private Connection connection;
    private boolean everLed;
    private ScheduledFuture<?> task;

    PostgresLeadershipView(PostgresLeadership service, String namespace) {
        super(service, namespace);
        this.service = service;
        this.lockKey = lockKey(namespace);
    }

    /** The advisory lock's 64-bit key: stable across instances and releases, derived from the namespace. */
    static long lockKey(String namespace) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("camel-payme/leadership/" + namespace).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void doStart() {
        task = service.executor().scheduleWithFixedDelay(this::tick, 0, service.retryMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws InterruptedException {
        if (task != null) {
            task.cancel(false);
        }
        // the tick runs on the executor's one thread: releasing there keeps the connection used by one thread only
        try {
            service.executor().submit(this::release).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("Leadership of {} not released cleanly: {}", getNamespace(), e.toString());
            closeConnection();
        }
    }

    private void tick() {
        try {
            if (leader) {
                if (!connection.isValid((int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(service.retryMillis())))) {
                    throw new SQLException("the connection holding the leadership lock is gone");
                }
                return;
            }
            if (everLed) {
                // Camel's master consumer starts its route a second after leadership is taken, and a loss heard
                // before then would leave it started: told again at every try until this instance leads again
                fireLeadershipChangedEvent(Optional.empty());
            }
            if (connection == null) {
                connection = service.connections().open();
                connection.setAutoCommit(true);
                // a database that stops answering must not hold this thread: a read past this is a lost connection
                connection.setNetworkTimeout(Runnable::run, (int) Math.max(5000, 2 * service.retryMillis()));
            }
            if (tryLock()) {
                leader = true;
                everLed = true;
                LOG.info("Leadership of {} taken by {}", getNamespace(), localMember.getId());
                fireLeadershipChangedEvent(Optional.of(localMember));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Leadership of {}: the database is unreachable ({}); trying again in {} ms", getNamespace(),
                    e.getMessage(), service.retryMillis());
            loseLeadership();
        }
    }

    private boolean tryLock() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            s.setLong(1, lockKey);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    private void release() {
        if (leader && connection != null) {
            try (PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                s.setLong(1, lockKey);
                s.execute();
            } catch (SQLException e) {
                LOG.debug("Advisory lock not unlocked; closing its connection frees it", e);
            }
        }
        loseLeadership();
    }

    /** The connection closed (which frees the lock on the server) and, if this instance led, the routes told. */
    private void loseLeadership() {
        closeConnection();
        if (leader) {
            leader = false;
            LOG.info("Leadership of {} given up by {}", getNamespace(), localMember.getId());
            fireLeadershipChangedEvent(Optional.empty());
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the leadership connection failed", e);
            }
            connection = null;
        }
    }
}

package dev.camelpayme.app.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Delivered" marks of payment outcomes, written by one background thread, as many in one commit as have arrived
 * meanwhile: a flow marks its outcome delivered without a commit of its own, and under load hundreds of marks share
 * one. Nothing is promised less: an outcome is stored before it is delivered either way, and a mark not yet written
 * when the process dies leaves its outcome undelivered, so the sweeper delivers it again, as it would after a crash
 * between delivery and a commit of its own (delivery is at least once: README "Guarantees").
 */
final class DeliveredMarks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveredMarks.class);
    /** Marks written in one commit at most; the queue holds what a few seconds of the busiest load produce. */
    private static final int BATCH = 1_000;
    private static final int QUEUED = 100_000;
    private static final String MARK = "UPDATE payme_order SET delivered = 1 WHERE order_id = ? AND park_seq = ?";

    private record Mark(String orderId, int version) {
    }

    private final DataSource dataSource;
    private final BlockingQueue<Mark> queue = new LinkedBlockingQueue<>(QUEUED);
    private Thread writer;
    private volatile boolean closing;

    DeliveredMarks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Marks the outcome stored at {@code version} delivered, soon; at once, in the caller, if the queue is full. */
    void mark(String orderId, int version) throws SQLException {
        Mark mark = new Mark(orderId, version);
        if (closing || !startedWriter() || !queue.offer(mark)) {
            write(List.of(mark));
        }
    }

    /** Marks the outcome stored at {@code version} delivered now, in a commit of its own. */
    void writeNow(String orderId, int version) throws SQLException {
        write(List.of(new Mark(orderId, version)));
    }

    /** The writer starts with the first mark: a store that never delivers (or is closed first) holds no thread. */
    private synchronized boolean startedWriter() {
        if (writer == null && !closing) {
            writer = new Thread(this::writeUntilClosed, "payme-delivered-marks");
            writer.setDaemon(true);
            writer.start();
        }
        return writer != null;
    }

    /** Stops the writer once it has written what it holds, then writes every mark still queued. */
    @Override
    public void close() throws InterruptedException {
        Thread started;
        synchronized (this) {
            closing = true;
            started = writer;
        }
        if (started != null) {
            // never interrupted: an interrupt inside a JDBC write may close the database's file under it
            started.join(TimeUnit.SECONDS.toMillis(30));
        }
        List<Mark> rest = new ArrayList<>();
        queue.drainTo(rest);
        writeLogged(rest);
    }

    private void writeUntilClosed() {
        List<Mark> batch = new ArrayList<>(BATCH);
        while (!closing) {
            try {
                Mark first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException unexpected) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch, BATCH - 1);
            writeLogged(batch);
            batch.clear();
        }
    }

    private void writeLogged(List<Mark> marks) {
        if (marks.isEmpty()) {
            return;
        }
        try {
            write(marks);
        } catch (SQLException e) {
            // the outcomes stay undelivered in the store: the sweeper delivers them again past the lease
            LOG.warn("{} outcomes delivered but not marked so (they will be delivered again): {}", marks.size(),
                    e.getMessage());
        }
    }

    private void write(List<Mark> marks) throws SQLException {
        Jdbc.inTransaction(dataSource, c -> {
            try (PreparedStatement s = c.prepareStatement(MARK)) {
                for (Mark mark : marks) {
                    s.setString(1, mark.orderId());
                    s.setInt(2, mark.version());
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }
}

package be.belfort.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Runs a job on one node at a time, whatever the number of nodes on the database: each run first takes the
 * job's PostgreSQL advisory lock ({@code pg_try_advisory_lock}, keyed by the job's name) on a connection it holds
 * for the run, and a node that finds the lock taken skips its run. A node that dies mid-run loses its session and
 * so its lock: the next run, on any node, goes ahead.
 */
public final class ExclusiveRuns {
    private static final Logger LOG = LoggerFactory.getLogger(ExclusiveRuns.class);

    private final DataSource dataSource;

    public ExclusiveRuns(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code task} unless another node runs the job {@code job} now; true when it ran here. */
    public boolean run(String job, Runnable task) {
        try (Connection connection = dataSource.getConnection()) {
            if (!lock(connection, "pg_try_advisory_lock", job)) {
                return false;
            }
            try {
                task.run();
                return true;
            } finally {
                try {
                    lock(connection, "pg_advisory_unlock", job);
                } catch (SQLException e) {
                    // A connection that still held the lock must not go back to the pool: ending its session frees it.
                    LOG.warn("Could not free the lock of job '{}'; closing its connection: {}", job, e.toString());
                    connection.abort(Runnable::run);
                }
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    private static boolean lock(Connection connection, String function, String job) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + function + "(hashtextextended('belfort job ' || ?, 0))")) {
            statement.setString(1, job);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }
}

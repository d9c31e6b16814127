package be.belfort.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One node among those on the database holds this lock at a time, for work that must be done by one node
 * continuously (periodic notifications): a PostgreSQL session advisory lock on a connection of its own, checked
 * every second. When the holder dies, its session ends, the lock is free, and another node takes it within a
 * second or two; a holder that loses its connection stops holding at once.
 */
public final class LeaderLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderLock.class);
    private static final Duration CHECK = Duration.ofSeconds(1);

    private final String name;
    private final ChangeFeed.Connector connector;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("belfort-leader-lock").daemon().factory());
    private Connection connection;
    private volatile boolean held;
    /** Whether another node held the lock when this one last asked. */
    private boolean refused;

    public LeaderLock(String name, ChangeFeed.Connector connector) {
        this.name = name;
        this.connector = connector;
        check();
        checker.scheduleWithFixedDelay(this::check, CHECK.toMillis(), CHECK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether this node holds the lock now. */
    public boolean held() {
        return held;
    }

    private synchronized void check() {
        try {
            if (connection == null) {
                connection = connector.connect();
            }
            if (held) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1");
                }
            } else {
                try (PreparedStatement take = connection.prepareStatement(
                        "SELECT pg_try_advisory_lock(hashtextextended('belfort leader ' || ?, 0))")) {
                    take.setString(1, name);
                    try (ResultSet row = take.executeQuery()) {
                        held = row.next() && row.getBoolean(1);
                    }
                }
                if (held && refused) {
                    // Worth a line only when the work moves here from another node, not at every start.
                    LOG.info("This node now does the {}", name);
                }
                refused = !held;
            }
        } catch (SQLException | RuntimeException e) {
            if (held) {
                LOG.warn("This node no longer does the {} (lost its connection): {}", name, e.toString());
            }
            held = false;
            close(connection);
            connection = null;
        }
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Lost already.
            }
        }
    }

    @Override
    public synchronized void close() {
        checker.shutdownNow();
        held = false;
        close(connection);
        connection = null;
    }
}

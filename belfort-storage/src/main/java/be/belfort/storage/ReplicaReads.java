package be.belfort.storage;

import be.belfort.model.ReadRouting;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Reads sent to a streaming replica of the primary, where they may be: a client that has written gets the
 * primary until the replica has replayed the primary's write-ahead log past that write (compared by log
 * position, not by time), and every read falls back to the primary while the replica cannot be reached.
 *
 * <p>A write's position is the primary's log insert position after its commit, read once per write request;
 * the replica's replayed position is asked for only when a client with a pending write reads.
 */
public final class ReplicaReads implements ReadRouting, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaReads.class);
    /** How long reads stay on the primary after the replica failed to give a connection. */
    static final Duration RETRY_REPLICA_AFTER = Duration.ofSeconds(10);
    /** Clients' write positions kept before those the replica has passed are swept. */
    private static final int SWEEP_ABOVE = 10_000;
    // the insert position: the write position a session reads may lag behind commits other sessions flushed
    private static final String PRIMARY_POSITION = "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint";
    // null when the server is no replica (it then has every write): treated as having replayed everything
    private static final String REPLAYED_POSITION = "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint";

    private final DataSource primary;
    private final HikariDataSource replica;
    private final String description;
    private final LongSupplier nanoTime;
    private final ThreadLocal<String> client = new ThreadLocal<>();
    private final Map<String, Long> pendingWrites = new ConcurrentHashMap<>();
    private final AtomicLong replayed = new AtomicLong();
    private volatile long replicaUnavailableUntil;
    private final AtomicLong readsOnReplica = new AtomicLong();
    private final AtomicLong readsOnPrimary = new AtomicLong();

    ReplicaReads(DataSource primary, HikariDataSource replica, String description, LongSupplier nanoTime) {
        this.primary = primary;
        this.replica = replica;
        this.description = description;
        this.nanoTime = nanoTime;
        this.replicaUnavailableUntil = nanoTime.getAsLong();
    }

    /** The connections reads take: the replica's where they may, the primary's otherwise. */
    public DataSource dataSource() {
        return new RoutedDataSource();
    }

    public String description() {
        return description;
    }

    /** Reads answered by the replica, and by the primary (a client's own writes, or the replica unreachable). */
    public long readsOnReplica() {
        return readsOnReplica.get();
    }

    public long readsOnPrimary() {
        return readsOnPrimary.get();
    }

    @Override
    public void enter(String client) {
        this.client.set(client);
    }

    @Override
    public void wrote() {
        String writer = client.get();
        if (writer == null) {
            return;
        }
        try (Connection connection = primary.getConnection(); Statement statement = connection.createStatement();
             ResultSet position = statement.executeQuery(PRIMARY_POSITION)) {
            position.next();
            pendingWrites.merge(writer, position.getLong(1), Math::max);
        } catch (SQLException e) {
            // Without the position, this client's next reads cannot be routed safely: they go to the primary.
            pendingWrites.put(writer, Long.MAX_VALUE);
        }
        if (pendingWrites.size() > SWEEP_ABOVE) {
            long passed = replayed.get();
            pendingWrites.values().removeIf(position -> position <= passed);
        }
    }

    @Override
    public void leave() {
        client.remove();
    }

    private Connection connection() throws SQLException {
        if (!replicaMayAnswer()) {
            readsOnPrimary.incrementAndGet();
            return primary.getConnection();
        }
        try {
            Connection connection = replica.getConnection();
            readsOnReplica.incrementAndGet();
            return connection;
        } catch (SQLException e) {
            unavailable(e);
            readsOnPrimary.incrementAndGet();
            return primary.getConnection();
        }
    }

    private boolean replicaMayAnswer() {
        if (nanoTime.getAsLong() - replicaUnavailableUntil < 0) {
            return false;
        }
        String reader = client.get();
        Long written = reader == null ? null : pendingWrites.get(reader);
        if (written == null) {
            return true;
        }
        if (written > replayed.get() && !refreshReplayed()) {
            return false;
        }
        if (written <= replayed.get()) {
            pendingWrites.remove(reader, written);
            return true;
        }
        return false;
    }

    /** Asks the replica how far it has replayed; false when it cannot say. */
    private boolean refreshReplayed() {
        try (Connection connection = replica.getConnection(); Statement statement = connection.createStatement();
             ResultSet position = statement.executeQuery(REPLAYED_POSITION)) {
            position.next();
            long replayedNow = position.getLong(1);
            replayed.accumulateAndGet(position.wasNull() ? Long.MAX_VALUE : replayedNow, Math::max);
            return true;
        } catch (SQLException e) {
            unavailable(e);
            return false;
        }
    }

    private void unavailable(SQLException e) {
        boolean wasAvailable = nanoTime.getAsLong() - replicaUnavailableUntil >= 0;
        replicaUnavailableUntil = nanoTime.getAsLong() + RETRY_REPLICA_AFTER.toNanos();
        if (wasAvailable) {
            LOG.warn("The read replica ({}) cannot be reached ({}): reads go to the primary, the replica is tried"
                    + " again in {} s", description, e.getMessage(), RETRY_REPLICA_AFTER.toSeconds());
        }
    }

    @Override
    public void close() {
        replica.close();
    }

    /** The routing as a {@link DataSource}, so that the stores that read need not know of it. */
    private final class RoutedDataSource implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return connection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("The reads' connections come with the pool's credentials");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("Not a wrapper of " + type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}

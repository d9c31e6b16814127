package be.belfort.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This node's place among the Belfort nodes sharing the database: a row in {@code belfort_nodes} whose lease it
 * renews every second, on a thread of its own so that no busy job can delay it. A node whose lease ran out is
 * taken for dead: other nodes take over the notifications it was to deliver. Times are the database's, so the
 * nodes' clocks need not agree.
 */
public final class NodeLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLease.class);
    /** How long a node is taken for alive after its last renewal: the longest a dead node's notifications wait. */
    static final Duration TERM = Duration.ofSeconds(5);
    private static final Duration RENEWAL = Duration.ofSeconds(1);

    private final UUID id = UUID.randomUUID();
    private final DataSource dataSource;
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("belfort-node-lease").daemon().factory());
    private volatile java.util.function.Consumer<String> whenOthersJoin;
    private volatile boolean othersSeen;
    private volatile boolean failing;
    /** Since when this node's lease has been renewed without a gap (System.nanoTime), or -1 while it is not. */
    private volatile long steadySince;

    private NodeLease(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Joins the nodes on this database. {@code alone}: this node knows that no other runs (an embedded database,
     * held by one Belfort), so the rows of earlier nodes are those of this data directory's dead predecessors and
     * go at once: what they were to deliver is claimable now, not after their leases run out.
     */
    public static NodeLease join(DataSource dataSource, boolean alone) {
        NodeLease lease = new NodeLease(dataSource);
        // A node alone has no one whose lease could be running out; one among others waits a full term first.
        lease.steadySince = System.nanoTime() - (alone ? TERM.plus(RENEWAL).toNanos() : 0);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            if (alone) {
                try (PreparedStatement others = connection.prepareStatement("DELETE FROM belfort_nodes")) {
                    others.executeUpdate();
                }
            }
            lease.insert(connection);
            // Notifications of nodes that no longer have a row (ended before they could hand them back) are free.
            try (PreparedStatement orphans = connection.prepareStatement("""
                    UPDATE notification_outbox SET claimed_by = NULL
                    WHERE claimed_by IS NOT NULL AND claimed_by NOT IN (SELECT node_id FROM belfort_nodes)""")) {
                orphans.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
        lease.renewer.scheduleWithFixedDelay(lease::renew, RENEWAL.toMillis(), RENEWAL.toMillis(), TimeUnit.MILLISECONDS);
        return lease;
    }

    /**
     * Whether this node may take over the work of nodes whose lease ran out: only once its own lease has been
     * renewed without a gap for a full term. After the database was away, every node's lease has run out; the
     * nodes still alive renew theirs within a second of its return, and none of them is taken for dead.
     */
    public boolean steady() {
        long since = steadySince;
        return since != -1 && System.nanoTime() - since >= TERM.plus(RENEWAL).toNanos();
    }

    /**
     * What this node does, once, when it finds another live node on its database (within a second of its
     * renewal): for a node that keeps what only it should change, such as one that joined {@code alone} on an
     * embedded database that another node was then pointed at with {@code --db-url}. The other's host is given.
     */
    public void whenOthersJoin(java.util.function.Consumer<String> action) {
        this.whenOthersJoin = action;
    }

    /** This node's id, which its claims carry. */
    public UUID id() {
        return id;
    }

    private void insert(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO belfort_nodes (node_id, host, lease_until) VALUES (?, ?, now() + make_interval(secs => ?))
                ON CONFLICT (node_id) DO UPDATE SET lease_until = excluded.lease_until""")) {
            insert.setObject(1, id);
            insert.setString(2, hostName());
            insert.setDouble(3, TERM.toMillis() / 1000.0);
            insert.executeUpdate();
        }
    }

    private void renew() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("""
                     UPDATE belfort_nodes SET lease_until = now() + make_interval(secs => ?)
                     WHERE node_id = ? AND lease_until >= now()""")) {
            update.setDouble(1, TERM.toMillis() / 1000.0);
            update.setObject(2, id);
            if (update.executeUpdate() == 0) {
                LOG.warn("This node's lease had run out (no renewal for {}): other nodes may have taken over"
                        + " notifications it holds, which may then be delivered twice", TERM);
                insert(connection);
            }
            if (failing) {
                failing = false;
                steadySince = System.nanoTime();
                LOG.info("This node's lease is renewed again");
            }
            if (whenOthersJoin != null && !othersSeen) {
                lookForOthers(connection);
            }
        } catch (SQLException | RuntimeException e) {
            steadySince = -1;
            if (!failing) {
                failing = true;
                LOG.warn("Could not renew this node's lease: {}", e.toString());
            }
        }
    }

    private void lookForOthers(Connection connection) throws SQLException {
        try (PreparedStatement others = connection.prepareStatement(
                "SELECT host FROM belfort_nodes WHERE node_id <> ? AND lease_until >= now() LIMIT 1")) {
            others.setObject(1, id);
            try (java.sql.ResultSet other = others.executeQuery()) {
                if (other.next()) {
                    othersSeen = true;
                    whenOthersJoin.accept(other.getString(1));
                }
            }
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName() + " (pid " + ProcessHandle.current().pid() + ")";
        } catch (UnknownHostException e) {
            return "pid " + ProcessHandle.current().pid();
        }
    }

    /** Leaves: the row goes, so that no node waits for this one's lease to run out. */
    @Override
    public void close() {
        renewer.shutdownNow();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM belfort_nodes WHERE node_id = ?")) {
            delete.setObject(1, id);
            delete.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not remove this node's lease; it runs out by itself in {}: {}", TERM, e.toString());
        }
    }
}

package be.belfort.server;

import be.belfort.storage.ChangeFeed;
import be.belfort.storage.Database;
import be.belfort.storage.ExclusiveRuns;
import be.belfort.storage.LeaderLock;
import be.belfort.storage.NodeLease;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What lets several Belfort nodes share one database: this node's lease (which notifications it delivers), the
 * feed of other nodes' changes, the lock that makes jobs run on one node at a time, and the node that sends the
 * periodic notifications. An embedded database has one node, which these serve just the same.
 */
public record Nodes(NodeLease lease, ChangeFeed changes, ExclusiveRuns exclusive, LeaderLock periodicNotifications)
        implements AutoCloseable {

    public static Nodes join(Database database, ObjectMapper json) {
        NodeLease lease = NodeLease.join(database.dataSource(), database.isEmbedded());
        ChangeFeed changes = null;
        try {
            changes = new ChangeFeed(database::connectDirectly, json);
            return new Nodes(lease, changes, new ExclusiveRuns(database.dataSource()),
                    new LeaderLock("periodic notifications", database::connectDirectly));
        } catch (RuntimeException e) {
            if (changes != null) {
                changes.close();
            }
            lease.close();
            throw e;
        }
    }

    /** Leaves: after the dispatcher handed its notifications back, so that no node waits for this one's lease. */
    @Override
    public void close() {
        periodicNotifications.close();
        changes.close();
        lease.close();
    }
}

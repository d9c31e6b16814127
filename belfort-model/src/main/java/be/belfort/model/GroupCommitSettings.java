package be.belfort.model;

import java.time.Duration;

/**
 * How the entity service combines concurrent writes of one entity each into shared transactions.
 *
 * @param maxWrites the most writes one transaction takes; 1 gives each write a transaction of its own
 * @param lanes     transactions of combined writes under way at once (each holds a database connection)
 * @param queue     writes each lane holds before requests wait (up to 2 s) and are then answered 503
 */
public record GroupCommitSettings(int maxWrites, int lanes, int queue) {
    // One lane: on a small machine the groups of one committer are larger (7 writes at 16 clients, against 1.8 with
    // four lanes) and the work per write smaller; measured in docs/operations.md.
    public static final GroupCommitSettings DEFAULT = new GroupCommitSettings(64, 1, 1000);
    public static final GroupCommitSettings OFF = new GroupCommitSettings(1, 1, 1);

    public GroupCommitSettings {
        if (maxWrites < 1 || lanes < 1 || queue < 1) {
            throw new IllegalArgumentException("The group commit needs at least one write per transaction, one lane and"
                    + " room for one queued write");
        }
    }

    /** Whether writes are combined at all. */
    public boolean combines() {
        return maxWrites > 1;
    }

    /** No linger: a committer takes what has queued while the previous transaction ran, a lone write goes at once. */
    CommitGroups.Options options() {
        return new CommitGroups.Options(maxWrites, Duration.ZERO, lanes, queue);
    }
}

package be.belfort.storage.temporal;

import be.belfort.storage.SqlFailures;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Folds the observations that writes left in the backlog into the history rollups (V32), for many writes at once
 * and outside their transactions. Aggregations read the backlog beside the rollups, so how far behind this is
 * changes how fast they answer, never what.
 */
public final class RollupBacklog {
    private static final Logger LOG = LoggerFactory.getLogger(RollupBacklog.class);
    /** Rows per transaction: a backlog that grew while no node folded it is caught up in short transactions. */
    static final int BATCH = 20_000;

    private final DataSource dataSource;

    public RollupBacklog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Folds the whole backlog as it is now; returns how many observations it moved. */
    public long fold() {
        long folded = 0;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement fold = connection.prepareStatement("SELECT history_rollups_fold(?)")) {
            fold.setInt(1, BATCH);
            long moved;
            do {
                try (ResultSet row = fold.executeQuery()) {
                    row.next();
                    moved = row.getLong(1);
                }
                folded += moved;
            } while (moved == BATCH);
            if (folded > BATCH) {
                // more than a batch piles up only while no node folded (all stopped, or the database away)
                LOG.info("Folded a backlog of {} observations into the history rollups", folded);
            }
            return folded;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }
}

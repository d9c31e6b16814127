package be.belfort.storage.entities;

import be.belfort.model.Entity;
import be.belfort.model.EntityStore;
import be.belfort.storage.EntityCache;
import be.belfort.storage.EntityRows;
import be.belfort.storage.HistoryPartitions;
import be.belfort.storage.HistoryRows;
import be.belfort.storage.SqlFailures;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes of entities whose rows this process keeps as it wrote them ({@link EntityCache#keepWritten}), without
 * reading or locking them first ({@link EntityStore#writeUnchanged}): one statement, committed on its own (one round
 * trip), rewrites each row that is still at the version kept and that no other transaction holds, and appends the
 * history of those rows only. The version is the row's {@code xmin}, the transaction that wrote it: a row rewritten
 * by anyone since has another.
 */
final class KeptRowWrites {
    private final DataSource dataSource;
    private final EntityRows rows;
    private final EntityCache cache;
    private final HistoryPartitions partitions;

    KeptRowWrites(DataSource dataSource, EntityRows rows, EntityCache cache, HistoryPartitions partitions) {
        this.dataSource = dataSource;
        this.rows = rows;
        this.cache = cache;
        this.partitions = partitions;
    }

    Map<String, EntityStore.Versioned> kept(String tenant, Collection<String> ids) {
        Map<String, EntityStore.Versioned> kept = new HashMap<>();
        Instant now = Instant.now();
        for (String id : ids) {
            EntityCache.Kept row = cache.kept(tenant, id);
            if (row == null || row.version() == null || row.row().expiredAt(now)) {
                continue;
            }
            try {
                kept.put(id, new EntityStore.Versioned(rows.entity(row.row()), row.version()));
            } catch (SQLException e) {
                // not parsed: the locking path reads the row
            }
        }
        return kept;
    }

    Set<String> write(String tenant, List<EntityStore.Versioned> versioned) {
        List<EntityStore.Versioned> ordered = versioned.stream()
                .sorted(Comparator.comparing(written -> written.entity().id())).toList();
        List<Entity> entities = ordered.stream().map(EntityStore.Versioned::entity).toList();
        Map<String, Long> before = new HashMap<>();
        entities.forEach(entity -> before.put(entity.id(), cache.generation(tenant, entity.id())));
        RowRewrite rewrite = new RowRewrite(entities, rows);
        try (Connection connection = dataSource.getConnection()) {
            HistoryRows history = new HistoryRows(rows);
            PostgresEntityStore.gatherHistory(partitions, history, entities);
            String sql = history.isEmpty()
                    ? "WITH " + RowRewrite.REWRITE_UNCHANGED + " " + PostgresEntityStore.WRITTEN
                    : HistoryRows.insertOfWrittenBeside(RowRewrite.REWRITE_UNCHANGED, PostgresEntityStore.WRITTEN);
            try (PreparedStatement write = connection.prepareStatement(sql)) {
                write.setString(1, tenant);
                write.setArray(2, rewrite.ids(connection));
                int next = rewrite.bindRows(connection, write, 3);
                write.setArray(next, connection.createArrayOf("text",
                        ordered.stream().map(written -> String.valueOf(written.version())).toArray()));
                write.setString(next + 1, tenant);
                if (!history.isEmpty()) {
                    history.bind(write, next + 2, tenant);
                }
                Map<String, RowRewrite.Written> written;
                try (ResultSet answer = write.executeQuery()) {
                    written = rewrite.written(answer);
                }
                written.forEach((id, row) -> cache.keepWritten(tenant, row.row(), row.version(), before.get(id)));
                return written.keySet();
            }
        } catch (SQLException e) {
            // committed or not, no row stays kept that may be older than the database
            cache.forget(tenant, before.keySet());
            throw SqlFailures.translate(e);
        }
    }
}

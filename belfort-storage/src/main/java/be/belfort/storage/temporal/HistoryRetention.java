package be.belfort.storage.temporal;

import be.belfort.model.BackgroundJob;
import be.belfort.storage.EntityCache;
import be.belfort.storage.Parameters;
import be.belfort.storage.SqlFailures;
import be.belfort.temporal.RetentionRule;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes expired history in small batches, each its own short transaction: the rows it deletes are
 * old and never written again, so writers are not held up. Each rule is applied on its own: one that fails
 * is reported and tried again, and the others still run.
 */
public final class HistoryRetention {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryRetention.class);
    static final int BATCH = 5_000;

    private final DataSource dataSource;
    private final List<RetentionRule> rules;
    private final BackgroundJob job = new BackgroundJob("apply history retention");

    private final EntityCache entityCache;

    public HistoryRetention(DataSource dataSource, List<RetentionRule> rules) {
        this(dataSource, rules, EntityCache.NONE);
    }

    /** @param entityCache told after each batch that what was computed from history may have changed */
    public HistoryRetention(DataSource dataSource, List<RetentionRule> rules, EntityCache entityCache) {
        this.dataSource = dataSource;
        this.rules = List.copyOf(rules);
        this.entityCache = entityCache;
    }

    public boolean hasRules() {
        return !rules.isEmpty();
    }

    /** Applies every rule as of {@code now}; returns how many instances were removed. */
    public long apply(Instant now) {
        long removed = 0;
        for (RetentionRule rule : rules) {
            Instant cutoff = rule.cutoff(now);
            long[] byRule = {0};
            job.run(describe(rule), () -> byRule[0] = apply(rule, cutoff));
            if (byRule[0] > 0) {
                LOG.info("Retention removed {} history instances of {} older than {}", byRule[0], describe(rule), cutoff);
            }
            removed += byRule[0];
        }
        return removed;
    }

    /** The job, for its failure figures. */
    public BackgroundJob job() {
        return job;
    }

    private static String describe(RetentionRule rule) {
        return "tenant '" + rule.tenant() + "'" + (rule.entityType() == null ? "" : " type " + rule.entityType());
    }

    private long apply(RetentionRule rule, Instant cutoff) {
        String ofType = rule.entityType() == null ? ""
                : " AND entity_id IN (SELECT id FROM entities WHERE tenant = ? AND types @> ?)";
        String sql = "DELETE FROM attribute_instances WHERE (tenant, entity_id, instance_id) IN (SELECT tenant, entity_id,"
                + " instance_id FROM attribute_instances WHERE tenant = ? AND coalesce(observed_at, modified_at) < ?"
                + ofType + " LIMIT " + BATCH + ")";
        List<Object> parameters = new ArrayList<>(List.of(rule.tenant(), Timestamp.from(cutoff)));
        if (rule.entityType() != null) {
            parameters.add(rule.tenant());
            parameters.add(new String[] {rule.entityType()});
        }
        long removed = 0;
        try (Connection connection = dataSource.getConnection()) {
            int batch;
            do {
                try (PreparedStatement delete = connection.prepareStatement(sql)) {
                    Parameters.bind(connection, delete, parameters);
                    batch = delete.executeUpdate();
                } finally {
                    entityCache.everyHistoryChanged();
                }
                removed += batch;
            } while (batch == BATCH);
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
        return removed;
    }
}

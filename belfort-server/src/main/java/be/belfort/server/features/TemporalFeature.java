package be.belfort.server.features;

import be.belfort.api.Feature;
import be.belfort.api.temporal.TemporalRoutes;
import be.belfort.api.temporal.TemporalWriteRoutes;
import be.belfort.model.PeriodicTask;
import be.belfort.storage.EntityCache;
import be.belfort.storage.SqlFailures;
import be.belfort.storage.HistoryPartitions;
import be.belfort.storage.temporal.HistoryRetention;
import be.belfort.storage.temporal.KeptHistory;
import be.belfort.storage.temporal.PostgresHistoryStore;
import be.belfort.storage.temporal.RollupBacklog;
import be.belfort.temporal.TemporalReads;
import be.belfort.temporal.TemporalWrites;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * History: the temporal API (queries, aggregations, direct history writes), the retention rules applied every hour,
 * next month's history partition prepared long before the month begins, and the rollups kept up with the writes.
 */
public final class TemporalFeature {
    /**
     * How often the observations that writes left in the backlog are folded into the history rollups: often enough
     * that aggregations read a small backlog beside them, seldom enough that a fold takes many writes at once.
     */
    static final Duration ROLLUP_FOLD = Duration.ofMillis(500);

    private TemporalFeature() {
    }

    /**
     * The feature, its retention for operators' checks that apply it now, and its reads for other features that show
     * history (with the reader's scope, as the API).
     */
    public record Wired(Feature feature, HistoryRetention retention, TemporalReads reads) {
    }

    /**
     * @param distributed the registered context sources, asked by temporal reads they may help answer
     * @param writes      the registered context sources that take writes of history
     */
    public static Wired wire(Core core, be.belfort.query.DistributedReads distributed,
                             be.belfort.query.DistributedWrites writes) {
        PostgresHistoryStore history = new PostgresHistoryStore(core.dataSource(), core.json(), core.entityCache());
        HistoryRetention retention = new HistoryRetention(core.dataSource(), core.retentionRules(), core.entityCache());
        JobMetrics.register(core.metrics(), retention.job());
        HistoryPartitions partitions = new HistoryPartitions(core.dataSource());
        List<PeriodicTask> tasks = new ArrayList<>();
        tasks.add(new PeriodicTask("prepare history partitions", Duration.ofMinutes(12), Duration.ofHours(12),
                () -> prepare(partitions, core.clock().instant())));
        RollupBacklog backlog = new RollupBacklog(core.dataSource());
        tasks.add(new PeriodicTask("fold history into rollups", Duration.ofSeconds(1), ROLLUP_FOLD, backlog::fold));
        if (retention.hasRules()) {
            tasks.add(new PeriodicTask("apply history retention", Duration.ofMinutes(1), Duration.ofMinutes(60),
                    () -> retention.apply(core.clock().instant())));
        }
        KeptHistory kept = new KeptHistory(core.entityCache(), core.settings().historyCacheBytes());
        measure(core.metrics(), kept);
        TemporalReads reads = new TemporalReads(core.entities(), core.queries(),
                new PostgresHistoryStore(core.reads(), core.json(), EntityCache.NONE, kept),
                core.settings().maxHistoryInstances(), core.settings().maxHistoryValues());
        Feature feature = new Feature("temporal", List.of(
                new TemporalRoutes(reads, core.in(), core.out(), core.json(), Core.MAX_QUERY_LIMIT)
                        .readAccess(core.readAccess()).distributed(distributed),
                new TemporalWriteRoutes(new TemporalWrites(core.entities(), history, core.clock()), core.in())
                        .distributed(distributed, writes, (tenant, id) -> typesHere(core, tenant, id), core.out(),
                                core.json())),
                tasks, List.of());
        return new Wired(feature, retention, reads);
    }

    private static void measure(MeterRegistry metrics, KeptHistory kept) {
        FunctionCounter.builder("belfort.history.cache.reads", kept, KeptHistory::hits).tag("result", "hit")
                .description("Entities whose part of a history answer came from memory (bounded by --history-cache-mb)")
                .register(metrics);
        FunctionCounter.builder("belfort.history.cache.reads", kept, KeptHistory::misses).tag("result", "miss")
                .description("Entities whose part of a history answer the database computed while kept answers are on")
                .register(metrics);
        Gauge.builder("belfort.history.cache.bytes", kept, KeptHistory::weight)
                .description("Memory of the kept history answers and their renderings, as counted against --history-cache-mb")
                .register(metrics);
    }

    /** The types an entity has here, none when it is not here. */
    private static List<String> typesHere(Core core, String tenant, String id) {
        try {
            return core.entities().retrieve(tenant, id).types();
        } catch (be.belfort.model.NgsiLdException e) {
            return List.of();
        }
    }

    private static void prepare(HistoryPartitions partitions, Instant now) {
        try {
            partitions.ensure(now);
            partitions.ensure(now.plus(Duration.ofDays(32)));
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }
}

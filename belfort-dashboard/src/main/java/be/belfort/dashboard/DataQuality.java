package be.belfort.dashboard;

import be.belfort.datamodels.DataModels;
import be.belfort.model.Entity;
import be.belfort.model.ReadScope;
import be.belfort.opendata.Dataset;
import be.belfort.opendata.Datasets;
import be.belfort.temporal.AggregateMethod;
import be.belfort.temporal.AggregatedPeriod;
import be.belfort.temporal.Aggregation;
import be.belfort.temporal.EntityHistory;
import be.belfort.temporal.HistoryRequest;
import be.belfort.temporal.TemporalQuery;
import be.belfort.temporal.TemporalReads;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The quality of a city's datasets as the viewer may read them: how many entities each has, how fresh they are
 * against the declared update frequency, how complete against their model, how many are valid against its Smart
 * Data Model schema, and how deep their history goes.
 * Read through the query service and the temporal reads with the viewer's scope, as the API reads.
 */
public final class DataQuality {
    /** The most stale entities a page lists (the count says how many there are). */
    public static final int MAX_STALE_SHOWN = 50;
    /** The most entities of a dataset checked against its model's schema (the first, in id order). */
    public static final int MAX_VALIDATED = 1000;

    private final Datasets datasets;
    private final Entities entities;
    private final TemporalReads history;
    private final UnaryOperator<String> compact;
    private final DataModels models;
    private final Clock clock;

    public DataQuality(Datasets datasets, Entities entities, TemporalReads history, UnaryOperator<String> compact,
                       DataModels models, Clock clock) {
        this.datasets = datasets;
        this.entities = entities;
        this.history = history;
        this.compact = compact;
        this.models = models;
        this.clock = clock;
    }

    /**
     * The figures of one dataset, measured at {@code measuredAt}.
     *
     * @param validity against the type's Smart Data Model schema, or null when the platform holds none for it
     */
    public record Report(Dataset dataset, int entities, Freshness freshness, Completeness completeness,
                         SchemaValidity validity, HistoryDepth depth, Instant measuredAt) {
        public String anchor() {
            return "quality-" + dataset.typeName();
        }
    }

    /** The reports of the datasets of a city the viewer may read, by type name. */
    public List<Report> of(String tenant, ReadScope scope) {
        List<Report> reports = new ArrayList<>();
        datasets.all().stream().filter(dataset -> dataset.tenant().equals(tenant) && scope.allowsType(dataset.type()))
                .sorted(Comparator.comparing(Dataset::typeName))
                .forEach(dataset -> reports.add(report(dataset, scope)));
        return reports;
    }

    private Report report(Dataset dataset, ReadScope scope) {
        Instant now = clock.instant();
        List<Entity> members = entities.ofType(dataset.tenant(), dataset.type(), scope, CityMap.MAX_PER_LAYER);
        List<Freshness.Observed> observed = new ArrayList<>();
        List<Set<String>> present = new ArrayList<>();
        for (Entity entity : members) {
            observed.add(new Freshness.Observed(entity.id(), Attributes.name(entity, compact), newestObservation(entity)));
            Set<String> names = new HashSet<>();
            entity.attributes().forEach((iri, instances) -> {
                if (!instances.isEmpty()) {
                    names.add(compact.apply(iri));
                }
            });
            present.add(names);
        }
        return new Report(dataset, members.size(),
                Freshness.of(UpdateFrequency.allowedAge(dataset.metadata().updateFrequency()), observed, now),
                Completeness.of(ModelAttributes.of(dataset.typeName()), present),
                SchemaValidity.of(models, dataset.typeName(), members.subList(0, Math.min(members.size(), MAX_VALIDATED)),
                        compact),
                depth(dataset, scope, members.size()), now);
    }

    /** The newest observedAt of any attribute; when no attribute says when it was observed, the last change. */
    static Instant newestObservation(Entity entity) {
        Instant newest = null;
        for (List<ObjectNode> instances : entity.attributes().values()) {
            for (ObjectNode instance : instances) {
                String observedAt = instance.path("observedAt").asText(null);
                if (observedAt != null) {
                    try {
                        Instant at = Instant.parse(observedAt);
                        newest = newest == null || at.isAfter(newest) ? at : newest;
                    } catch (java.time.format.DateTimeParseException unreadable) {
                        // an unreadable time is no observation
                    }
                }
            }
        }
        return newest != null ? newest : entity.modifiedAt();
    }

    /** The whole recorded history counted in the database, one page of entities at a time. */
    private HistoryDepth depth(Dataset dataset, ReadScope scope, int members) {
        HistoryRequest everything = new HistoryRequest(new TemporalQuery(TemporalQuery.TimeRelation.AFTER,
                Instant.EPOCH, null, TemporalQuery.TimeProperty.OBSERVED_AT, null), null,
                new Aggregation(Set.of(AggregateMethod.TOTAL_COUNT), 0, null));
        List<HistoryDepth.Recorded> recorded = new ArrayList<>();
        for (int offset = 0; offset < members; offset += Entities.PAGE) {
            List<EntityHistory> page;
            try {
                page = history.query(dataset.tenant(), entities.typeQuery(dataset.type(), scope, Entities.PAGE, offset),
                        everything).history().entities();
            } catch (be.belfort.model.NgsiLdException e) {
                if (e.type() != be.belfort.model.ErrorType.NONEXISTENT_TENANT) {
                    throw e;
                }
                // A city whose data its own broker holds: the region keeps no history of it.
                break;
            }
            for (EntityHistory entity : page) {
                Instant oldest = null;
                long values = 0;
                for (AggregatedPeriod period : entity.periods()) {
                    Double count = period.values().get(AggregateMethod.TOTAL_COUNT);
                    values += count == null ? 0 : count.longValue();
                    oldest = oldest == null || period.start().isBefore(oldest) ? period.start() : oldest;
                }
                recorded.add(new HistoryDepth.Recorded(oldest, values));
            }
        }
        return HistoryDepth.of(recorded);
    }

    /** Per type name, the reports as a map: for pages that show one dataset. */
    public static Map<String, Report> byType(List<Report> reports) {
        Map<String, Report> byType = new java.util.LinkedHashMap<>();
        reports.forEach(report -> byType.put(report.dataset().typeName(), report));
        return byType;
    }
}

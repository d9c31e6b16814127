package be.belfort.temporal;

import be.belfort.model.Entity;
import be.belfort.model.EntityService;
import be.belfort.model.ReadScope;
import be.belfort.query.EntityQuery;
import be.belfort.query.QueryService;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reading history (clauses 6.18-6.20): one entity's, or that of a page of entities matching a query, with one
 * history query for all of them — as instances (at most {@code maxInstances} per attribute and answer) or
 * aggregated in the database — without the history of attributes hidden from the reader.
 */
public final class TemporalReads {
    private final EntityService entities;
    private final QueryService queries;
    private final HistoryStore history;
    private final int maxInstances;

    public TemporalReads(EntityService entities, QueryService queries, HistoryStore history, int maxInstances) {
        this.entities = entities;
        this.queries = queries;
        this.history = history;
        this.maxInstances = maxInstances;
    }

    /** One entity's history; 404 when it does not exist or the reader may not read it. */
    public HistoryAnswer retrieve(String tenant, String id, HistoryRequest request, ReadScope scope) {
        Entity current = scope.require(entities.retrieve(tenant, id));
        return historyOf(tenant, List.of(current), request, scope);
    }

    /**
     * The page of entities the query selects (limited to what its reader may see) and their history; with a time
     * window (timerel), only the entities that have instances in it.
     */
    public Queried query(String tenant, EntityQuery query, HistoryRequest request) {
        EntityQuery.Page page = queries.query(tenant, request.time().window() == null ? query
                : query.withHistoryIn(request.time().window()));
        return new Queried(page, historyOf(tenant, page.entities(), request, query.readable()));
    }

    /** A page of a temporal query: the entities' page (for paging headers and counts) and their history. */
    public record Queried(EntityQuery.Page page, HistoryAnswer history) {
    }

    private HistoryAnswer historyOf(String tenant, List<Entity> current, HistoryRequest request, ReadScope scope) {
        if (current.isEmpty()) {
            return new HistoryAnswer(List.of(), null, null);
        }
        List<String> ids = current.stream().map(Entity::id).toList();
        if (request.aggregated()) {
            Map<String, List<AggregatedPeriod>> periods = history.aggregate(tenant, ids, request.attributes(),
                    request.time(), request.aggregation());
            return new HistoryAnswer(current.stream().map(entity -> new EntityHistory(entity, List.of(),
                    visible(periods.getOrDefault(entity.id(), List.of()), AggregatedPeriod::attribute, entity, scope)))
                    .toList(), null, null);
        }
        Set<String> attributes = request.attributes();
        TemporalQuery time = request.time();
        boolean backwards = time.lastN() != null;
        if (attributes == null && backwards) {
            // lastN reads each attribute's index backwards, so it needs the names: those the entities have now
            attributes = new TreeSet<>();
            for (Entity entity : current) {
                attributes.addAll(entity.attributes().keySet());
            }
        }
        if (backwards && time.lastN() > maxInstances) {
            time = new TemporalQuery(time.relation(), time.timeAt(), time.endTimeAt(), time.timeProperty(), maxInstances);
        }
        // one more than an answer holds tells whether there is more
        Map<String, List<RecordedInstance>> instances = history.instances(tenant, ids, attributes, time,
                backwards ? maxInstances : maxInstances + 1);
        InstancePage page = new InstancePage(time.timeProperty(), maxInstances,
                backwards && request.time().lastN() > maxInstances);
        List<EntityHistory> answer = new ArrayList<>();
        for (Entity entity : current) {
            answer.add(new EntityHistory(entity, page.cut(visible(instances.getOrDefault(entity.id(), List.of()),
                    RecordedInstance::attribute, entity, scope)), List.of()));
        }
        return new HistoryAnswer(answer, page.start(), page.end());
    }

    private static <T> List<T> visible(List<T> history, Function<T, String> attribute, Entity entity, ReadScope scope) {
        Set<String> hidden = scope.hiddenIn(entity);
        return hidden.isEmpty() ? history : history.stream().filter(item -> !hidden.contains(attribute.apply(item))).toList();
    }
}

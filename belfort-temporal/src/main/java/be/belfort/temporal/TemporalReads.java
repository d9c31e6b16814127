package be.belfort.temporal;

import be.belfort.model.Entity;
import be.belfort.model.EntityService;
import be.belfort.model.ReadScope;
import be.belfort.query.EntityQuery;
import be.belfort.query.QueryService;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reading history (clauses 6.18-6.20): one entity's, or that of a page of entities matching a query, with one
 * history query for all of them — as instances or aggregated in the database — without the history of attributes
 * hidden from the reader.
 * <p>
 * One answer holds at most {@code maxInstances} instances or periods per attribute of an entity, and at most
 * {@code maxValues} in all: each attribute of each entity gets an equal share. Past either, the answer is partial
 * (206 with the time range it covers completely, clause 6.3.10), so that no request can hold more history in memory
 * than that, whatever the page of entities and the window it asks for.
 */
public final class TemporalReads {
    private final EntityService entities;
    private final QueryService queries;
    private final HistoryStore history;
    private final int maxInstances;
    private final int maxValues;

    /**
     * @param maxInstances the most instances (or aggregated periods) of one attribute of one entity in an answer
     * @param maxValues    the most instances (or aggregated periods) in an answer, over all its entities and attributes
     */
    public TemporalReads(EntityService entities, QueryService queries, HistoryStore history, int maxInstances,
                         int maxValues) {
        if (maxInstances < 1 || maxValues < 1) {
            throw new IllegalArgumentException("An answer must hold at least one instance");
        }
        this.entities = entities;
        this.queries = queries;
        this.history = history;
        this.maxInstances = maxInstances;
        this.maxValues = maxValues;
    }

    /** One entity's history; 404 when it does not exist or the reader may not read it. */
    public HistoryAnswer retrieve(String tenant, String id, HistoryRequest request, ReadScope scope) {
        Entity current = scope.require(entities.retrieve(tenant, id));
        return historyOf(tenant, List.of(current), request, scope);
    }

    /**
     * One entity's history, rendered: for a question of named attributes (instances or an aggregation) the store may
     * keep what it read and {@code render}'s result with it (see {@link HistoryStore#aggregateKept} and
     * {@link HistoryStore#instancesKept}), and answer the same question about an unchanged history in the same
     * {@code form} with it. {@code form} must name whatever else the rendering depends on besides the entity and the
     * reader's scope (added here). Otherwise as {@link #retrieve}, rendered.
     */
    public <T> T retrieveAs(String tenant, String id, HistoryRequest request, ReadScope scope, Object form,
                            Function<HistoryAnswer, T> render) {
        if (request.attributes() == null) {
            return render.apply(retrieve(tenant, id, request, scope));
        }
        // the share follows from the names alone, so the question is known before the entity is read
        int share = share(request.attributes().size());
        if (!request.aggregated()) {
            InstanceRead read = instanceRead(request, request.attributes(), share);
            Kept<List<RecordedInstance>> kept = history.instancesKept(tenant, List.of(id), read.attributes(), read.time(),
                    read.limit()).get(id);
            // read after the instances: at least as new as they are
            Entity current = scope.require(entities.retrieve(tenant, id));
            return kept.rendered(new EntityForm(form, scope, current.modifiedAt(), current.types()),
                    () -> render.apply(instanceAnswer(List.of(current), Map.of(id, kept.value()), scope, read)));
        }
        Window window = window(request.time(), request.aggregation(), share);
        Kept<List<AggregatedPeriod>> kept = history.aggregateKept(tenant, List.of(id), request.attributes(),
                window.time(), request.aggregation(), window.limit()).get(id);
        // read after the periods: at least as new as they are
        Entity current = scope.require(entities.retrieve(tenant, id));
        return kept.rendered(new EntityForm(form, scope, current.modifiedAt(), current.types()),
                () -> render.apply(aggregatedAnswer(List.of(current), Map.of(id, kept.value()), scope, share, window)));
    }

    /**
     * The page of entities the query selects (limited to what its reader may see) and their history; with a time
     * window (timerel), only the entities that have instances in it.
     */
    public Queried query(String tenant, EntityQuery query, HistoryRequest request) {
        EntityQuery.Page page = page(tenant, query, request);
        return new Queried(page, historyOf(tenant, page.entities(), request, query.readable()));
    }

    /**
     * As {@link #query}, each entity's part rendered by {@code renderEach}: for an aggregation of named attributes
     * kept with the entity's periods under {@code form} (see {@link #retrieveAs}), so that a page of unchanged
     * entities renders nothing again.
     */
    public <T> QueriedAs<T> queryAs(String tenant, EntityQuery query, HistoryRequest request, Object form,
                                    Function<EntityHistory, T> renderEach) {
        if (!keepsAggregations(request)) {
            Queried queried = query(tenant, query, request);
            return new QueriedAs<>(queried.page(), queried.history(),
                    queried.history().entities().stream().map(renderEach).toList());
        }
        EntityQuery.Page page = page(tenant, query, request);
        List<Entity> current = page.entities();
        if (current.isEmpty()) {
            return new QueriedAs<>(page, new HistoryAnswer(List.of(), null, null), List.of());
        }
        ReadScope scope = query.readable();
        Aggregated aggregated = aggregated(tenant, current, request, scope, share(current, request.attributes()));
        HistoryAnswer answer = aggregated.answer();
        Map<String, Kept<List<AggregatedPeriod>>> kept = aggregated.kept();
        List<T> rendered = new ArrayList<>();
        // an entity read before a change the periods already hold is rendered under its own modifiedAt, which the
        // next read of the entity no longer has: such a rendering is never taken again
        for (EntityHistory part : answer.entities()) {
            Entity entity = part.entity();
            rendered.add(kept.get(entity.id()).rendered(new EntityForm(form, scope, entity.modifiedAt(), entity.types()),
                    () -> renderEach.apply(part)));
        }
        return new QueriedAs<>(page, answer, rendered);
    }

    /** A page of a temporal query with each entity's part rendered, in the page's order. */
    public record QueriedAs<T>(EntityQuery.Page page, HistoryAnswer history, List<T> rendered) {
    }

    /** With a time window (timerel), only the entities that have instances in it. */
    private EntityQuery.Page page(String tenant, EntityQuery query, HistoryRequest request) {
        return queries.query(tenant, request.time().window() == null ? query : query.withHistoryIn(request.time().window()));
    }

    /**
     * Renderings of a page's entities are kept with aggregations of named attributes, whose question is known before
     * the entities. (A page of instances is cut where its earliest series is, so an entity's part depends on the
     * others'.)
     */
    private static boolean keepsAggregations(HistoryRequest request) {
        return request.aggregated() && request.attributes() != null;
    }

    /** What a kept rendering of an entity's periods depends on besides them. */
    private record EntityForm(Object form, ReadScope scope, Instant modifiedAt, List<String> types) {
    }

    /** A page of a temporal query: the entities' page (for paging headers and counts) and their history. */
    public record Queried(EntityQuery.Page page, HistoryAnswer history) {
    }

    private HistoryAnswer historyOf(String tenant, List<Entity> current, HistoryRequest request, ReadScope scope) {
        if (current.isEmpty()) {
            return new HistoryAnswer(List.of(), null, null);
        }
        List<String> ids = current.stream().map(Entity::id).toList();
        int share = share(current, request.attributes());
        if (request.aggregated()) {
            return aggregated(tenant, current, request, scope, share).answer();
        }
        Set<String> attributes = request.attributes();
        if (attributes == null && request.time().lastN() != null) {
            // lastN reads each attribute's index backwards, so it needs the names: those the entities have now
            attributes = new TreeSet<>();
            for (Entity entity : current) {
                attributes.addAll(entity.attributes().keySet());
            }
        }
        InstanceRead read = instanceRead(request, attributes, share);
        return instanceAnswer(current, history.instances(tenant, ids, read.attributes(), read.time(), read.limit()),
                scope, read);
    }

    /** What the store is asked for the instances of a question, and how the answer is cut from them. */
    private record InstanceRead(Set<String> attributes, TemporalQuery time, int limit, int share, boolean lastNCapped) {
    }

    private static InstanceRead instanceRead(HistoryRequest request, Set<String> attributes, int share) {
        TemporalQuery time = request.time();
        boolean backwards = time.lastN() != null;
        if (backwards && time.lastN() > share) {
            time = new TemporalQuery(time.relation(), time.timeAt(), time.endTimeAt(), time.timeProperty(), share);
        }
        // one more than an answer holds tells whether there is more
        return new InstanceRead(attributes, time, backwards ? share : share + 1, share,
                backwards && request.time().lastN() > share);
    }

    private static HistoryAnswer instanceAnswer(List<Entity> current, Map<String, List<RecordedInstance>> instances,
                                                ReadScope scope, InstanceRead read) {
        InstancePage page = new InstancePage(read.time().timeProperty(), read.share(), read.lastNCapped());
        List<EntityHistory> answer = new ArrayList<>();
        for (Entity entity : current) {
            answer.add(new EntityHistory(entity, page.cut(visible(instances.getOrDefault(entity.id(), List.of()),
                    RecordedInstance::attribute, entity, scope)), List.of()));
        }
        return new HistoryAnswer(answer, page.start(), page.end());
    }

    /**
     * The instances or periods each attribute of each entity may have in the answer: an equal share of
     * {@code maxValues}, at most {@code maxInstances}, at least one. The attributes are those asked for, or else
     * those the entities have now (the history of a deleted attribute comes on top, within its own share).
     */
    private int share(List<Entity> current, Set<String> attributes) {
        long series = 0;
        for (Entity entity : current) {
            series += attributes != null ? attributes.size() : Math.max(1, entity.attributes().size());
        }
        return share(series);
    }

    private int share(long series) {
        return (int) Math.max(1, Math.min(maxInstances, maxValues / Math.max(1, series)));
    }

    /**
     * Aggregated periods, at most {@code share} per attribute of an entity. Where every series' periods start at
     * timeAt and have a fixed length, a window longer than the share is shortened before the database computes it
     * (only that page is computed); otherwise the database returns one period more than the share and the answer
     * covers up to the earliest cut series.
     */
    private Aggregated aggregated(String tenant, List<Entity> current, HistoryRequest request, ReadScope scope,
                                  int share) {
        Window window = window(request.time(), request.aggregation(), share);
        Map<String, Kept<List<AggregatedPeriod>>> kept = history.aggregateKept(tenant,
                current.stream().map(Entity::id).toList(), request.attributes(), window.time(), request.aggregation(),
                window.limit());
        Map<String, List<AggregatedPeriod>> periods = new java.util.HashMap<>();
        kept.forEach((id, entity) -> periods.put(id, entity.value()));
        return new Aggregated(aggregatedAnswer(current, periods, scope, share, window), kept);
    }

    /** An aggregated answer and each entity's periods as the store keeps them (with their renderings). */
    private record Aggregated(HistoryAnswer answer, Map<String, Kept<List<AggregatedPeriod>>> kept) {
    }

    /**
     * The window the database computes and the most periods per series it returns: a window shortened to the share,
     * all of whose periods are in the answer, or the window asked for and one period more than the share, which
     * tells whether there is more.
     */
    private record Window(TemporalQuery time, Instant shortenedEnd, int limit) {
    }

    private static Window window(TemporalQuery time, Aggregation aggregation, int share) {
        Instant pageEnd = shortenedEnd(time, aggregation, share);
        if (pageEnd == null) {
            return new Window(time, null, share + 1);
        }
        // the shortened window holds no more than the share: nothing to count in the database
        return new Window(new TemporalQuery(TemporalQuery.TimeRelation.BETWEEN, time.timeAt(), pageEnd, time.timeProperty(),
                time.lastN()), pageEnd, Integer.MAX_VALUE);
    }

    private static HistoryAnswer aggregatedAnswer(List<Entity> current, Map<String, List<AggregatedPeriod>> periods,
                                                  ReadScope scope, int share, Window window) {
        PeriodPage page = new PeriodPage(share);
        List<EntityHistory> answer = new ArrayList<>();
        for (Entity entity : current) {
            answer.add(new EntityHistory(entity, List.of(), page.cut(visible(periods.getOrDefault(entity.id(), List.of()),
                    AggregatedPeriod::attribute, entity, scope))));
        }
        if (window.shortenedEnd() != null) {
            return new HistoryAnswer(answer, window.time().timeAt(), window.shortenedEnd());
        }
        return new HistoryAnswer(answer, page.start(), page.end());
    }

    /**
     * The end of a window of {@code share} periods from timeAt, when the window asked for holds more than that and
     * every series' periods start at timeAt with a fixed length; null otherwise.
     */
    private static Instant shortenedEnd(TemporalQuery time, Aggregation aggregation, int share) {
        if (aggregation.wholeRange() || aggregation.months() > 0 || !RollupPlan.startsAtTimeAt(time)) {
            return null;
        }
        Instant end;
        try {
            end = time.timeAt().plus(aggregation.exact().multipliedBy(share));
        } catch (ArithmeticException | java.time.DateTimeException beyond) {
            return null;
        }
        boolean longer = time.relation() == TemporalQuery.TimeRelation.AFTER || time.endTimeAt().isAfter(end);
        // after timeAt: only where the shorter window ends before now, so that it never hides an instance yet to come
        return longer && (time.relation() == TemporalQuery.TimeRelation.BETWEEN || end.isBefore(Instant.now())) ? end : null;
    }

    private static <T> List<T> visible(List<T> history, Function<T, String> attribute, Entity entity, ReadScope scope) {
        Set<String> hidden = scope.hiddenIn(entity);
        return hidden.isEmpty() ? history : history.stream().filter(item -> !hidden.contains(attribute.apply(item))).toList();
    }
}

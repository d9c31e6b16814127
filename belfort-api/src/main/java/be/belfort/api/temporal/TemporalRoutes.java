package be.belfort.api.temporal;

import static be.belfort.api.ApiServer.BASE;

import be.belfort.access.DatasetReadAccess;
import be.belfort.api.AccessControl;
import be.belfort.api.MediaTypes;
import be.belfort.api.Paging;
import be.belfort.api.QueryParams;
import be.belfort.api.RepresentationParams;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.api.RouteGroup;
import be.belfort.jsonld.LdContext;
import be.belfort.model.Entity;
import be.belfort.model.EntityService;
import be.belfort.model.NgsiLdException;
import be.belfort.model.ReadScope;
import be.belfort.query.EntityQuery;
import be.belfort.query.QueryService;
import be.belfort.temporal.AggregatedPeriod;
import be.belfort.temporal.Aggregation;
import be.belfort.temporal.HistoryStore;
import be.belfort.temporal.RecordedInstance;
import be.belfort.temporal.TemporalQuery;
import be.belfort.temporal.TemporalRenderer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The temporal representation of entities (clause 6.18-6.20): one entity's history
 * ({@code GET /temporal/entities/{id}}) and queries over the history of many
 * ({@code GET /temporal/entities}, {@code POST /temporal/entityOperations/query}), as instances,
 * {@code temporalValues} or {@code aggregatedValues} computed in the database.
 */
public final class TemporalRoutes implements RouteGroup {
    private static final Set<String> BODY_TYPES = Set.of(MediaTypes.JSON, MediaTypes.JSON_LD);

    private final EntityService entities;
    private final QueryService queries;
    private final HistoryStore history;
    private final RequestReader in;
    private final ResponseWriter out;
    private final ObjectMapper json;
    private final int maxInstances;
    private final int maxEntities;
    private final TemporalRenderer renderer = new TemporalRenderer();

    private DatasetReadAccess readAccess;

    /** Limits reads to what each reader may see. */
    public TemporalRoutes readAccess(DatasetReadAccess access) {
        this.readAccess = access;
        return this;
    }

    public TemporalRoutes(EntityService entities, QueryService queries, HistoryStore history, RequestReader in,
                          ResponseWriter out, ObjectMapper json, int maxInstances, int maxEntities) {
        this.entities = entities;
        this.queries = queries;
        this.history = history;
        this.in = in;
        this.out = out;
        this.json = json;
        this.maxInstances = maxInstances;
        this.maxEntities = maxEntities;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get(BASE + "/temporal/entities/{entityId}", this::retrieve);
        app.get(BASE + "/temporal/entities", this::queryByUrl);
        app.post(BASE + "/temporal/entityOperations/query", this::queryByBody);
    }

    /** What to show of the history, from the request: the time window, the attributes and the format. */
    private record Request(TemporalQuery time, Set<String> attributes, TemporalFormat format,
                           Aggregation aggregation) {
    }

    private enum TemporalFormat { INSTANCES, INSTANCES_WITH_SYS_ATTRS, TEMPORAL_VALUES, AGGREGATED_VALUES }

    private static Request request(Context ctx, TemporalQuery time, Set<String> attributes) {
        List<String> options = RepresentationParams.commaList(ctx.queryParam("options"));
        String formatParam = ctx.queryParam("format");
        boolean aggregated = options.contains("aggregatedValues") || "aggregatedValues".equals(formatParam);
        boolean temporalValues = options.contains("temporalValues") || "temporalValues".equals(formatParam);
        if (aggregated && temporalValues) {
            throw NgsiLdException.badData("Choose temporalValues or aggregatedValues, not both");
        }
        TemporalFormat format = aggregated ? TemporalFormat.AGGREGATED_VALUES
                : temporalValues ? TemporalFormat.TEMPORAL_VALUES
                : options.contains("sysAttrs") ? TemporalFormat.INSTANCES_WITH_SYS_ATTRS : TemporalFormat.INSTANCES;
        Aggregation aggregation = aggregated
                ? Aggregation.of(ctx.queryParam("aggrMethods"), ctx.queryParam("aggrPeriodDuration")) : null;
        if (!aggregated && (ctx.queryParam("aggrMethods") != null || ctx.queryParam("aggrPeriodDuration") != null)) {
            throw NgsiLdException.badData("aggrMethods and aggrPeriodDuration go with options=aggregatedValues");
        }
        return new Request(time, attributes, format, aggregation);
    }

    private static TemporalQuery timeOf(Context ctx) {
        return TemporalQuery.of(ctx.queryParam("timerel"), ctx.queryParam("timeAt"), ctx.queryParam("endTimeAt"),
                ctx.queryParam("timeproperty"), ctx.queryParam("lastN"));
    }

    private void retrieve(Context ctx) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        String tenant = in.tenant(ctx);
        String id = RequestReader.entityId(ctx);
        LdContext context = in.context(ctx);
        Request request = request(ctx, timeOf(ctx), shownAttributes(ctx, context));
        Entity current = entities.retrieve(tenant, id);
        ReadScope scope = readAccess.scope(AccessControl.principal(ctx), tenant);
        current = scope.require(current);
        Rendered rendered = render(tenant, List.of(current), request, context, jsonLd, scope);
        omit(ctx, context, rendered);
        out.write(ctx, rendered.status(), rendered.bodies().get(0), context, jsonLd);
        rendered.contentRange(ctx);
    }

    private void queryByUrl(Context ctx) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        LdContext context = in.context(ctx);
        QueryParams.Filter filter = QueryParams.fromUrl(ctx, context);
        if (filter.isEmpty()) {
            throw NgsiLdException.badData("A temporal query needs at least one of type, id, idPattern, attrs, q,"
                    + " scopeQ or a geo-query");
        }
        answer(ctx, filter, request(ctx, timeOf(ctx), shownAttributes(ctx, context)), context, jsonLd);
    }

    /** The attributes named by attrs or pick; null for all (omit then applies when rendering). */
    private static Set<String> shownAttributes(Context ctx, LdContext context) {
        return RepresentationParams.projection(ctx, context).attributes();
    }

    private void queryByBody(Context ctx) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        RequestReader.Payload payload = in.payload(ctx, BODY_TYPES);
        LdContext context = payload.context();
        QueryParams.Filter filter = QueryParams.fromBody(payload.body(), context);
        JsonNode temporalQ = payload.body().path("temporalQ");
        TemporalQuery time = temporalQ.isMissingNode() || temporalQ.isNull() ? timeOf(ctx)
                : TemporalQuery.of(QueryParams.text(temporalQ, "timerel"), QueryParams.text(temporalQ, "timeAt"),
                QueryParams.text(temporalQ, "endTimeAt"), QueryParams.text(temporalQ, "timeproperty"),
                temporalQ.has("lastN") ? temporalQ.get("lastN").asText() : null);
        Set<String> attributes = filter.attributes().isEmpty() ? null : Set.copyOf(filter.attributes());
        answer(ctx, filter, request(ctx, time, attributes), context, jsonLd);
    }

    private void answer(Context ctx, QueryParams.Filter filter, Request request, LdContext context, boolean jsonLd) {
        String tenant = in.tenant(ctx);
        Paging paging = Paging.of(ctx, maxEntities);
        EntityQuery query = filter.toQuery(paging).readableBy(readAccess.scope(AccessControl.principal(ctx), tenant));
        EntityQuery.Page page = queries.query(tenant, query);
        List<String> links = paging.headers(ctx, page, null);
        ArrayNode body = json.createArrayNode();
        Rendered rendered = render(tenant, page.entities(), request, context, jsonLd, query.readable());
        omit(ctx, context, rendered);
        rendered.bodies().forEach(body::add);
        out.write(ctx, rendered.status(), body, context, jsonLd);
        rendered.contentRange(ctx);
        if (!links.isEmpty()) {
            String contextLink = jsonLd ? "" : MediaTypes.contextLink(context.linkUrl()) + ", ";
            ctx.header("Link", contextLink + String.join(", ", links));
        }
    }

    private static <T> List<T> visible(List<T> history, java.util.function.Function<T, String> attribute, Entity entity,
                                       ReadScope scope) {
        Set<String> hidden = scope.hiddenIn(entity);
        return hidden.isEmpty() ? history : history.stream().filter(item -> !hidden.contains(attribute.apply(item))).toList();
    }

    private static void omit(Context ctx, LdContext context, Rendered rendered) {
        Set<String> omitted = RepresentationParams.projection(ctx, context).omitted();
        rendered.bodies().forEach(body -> omitted.forEach(iri -> body.remove(context.compact(iri))));
    }

    /**
     * The temporal representations, and the time range they cover when some attribute had more instances
     * than one answer holds (then the answer is 206 Partial Content with that range in Content-Range).
     */
    private record Rendered(List<ObjectNode> bodies, Instant rangeStart, Instant rangeEnd) {
        int status() {
            return rangeEnd == null ? 200 : 206;
        }

        void contentRange(Context ctx) {
            if (rangeEnd != null) {
                ctx.header("Content-Range", "date-time " + rangeStart + "-" + rangeEnd + "/*");
            }
        }
    }

    /**
     * The temporal representation of each entity, with one history query for all of them, without the
     * history of attributes hidden from the reader ({@code scope}; null: it sees everything).
     */
    private Rendered render(String tenant, List<Entity> current, Request request, LdContext context, boolean jsonLd,
                            ReadScope scope) {
        List<String> ids = current.stream().map(Entity::id).toList();
        if (current.isEmpty()) {
            return new Rendered(List.of(), null, null);
        }
        if (request.format() == TemporalFormat.AGGREGATED_VALUES) {
            Map<String, List<AggregatedPeriod>> periods = history.aggregate(tenant, ids, request.attributes(),
                    request.time(), request.aggregation());
            return new Rendered(current.stream().map(entity -> renderer.aggregated(entity,
                    visible(periods.getOrDefault(entity.id(), List.of()), AggregatedPeriod::attribute, entity, scope),
                    request.aggregation(), context, jsonLd)).toList(), null, null);
        }
        Set<String> attributes = request.attributes();
        if (attributes == null && request.time().lastN() != null) {
            // lastN reads each attribute's index backwards, so it needs the names: those the entities have now
            attributes = new java.util.TreeSet<>();
            for (Entity entity : current) {
                attributes.addAll(entity.attributes().keySet());
            }
        }
        TemporalQuery time = request.time();
        boolean backwards = time.lastN() != null;
        if (backwards && time.lastN() > maxInstances) {
            time = new TemporalQuery(time.relation(), time.timeAt(), time.endTimeAt(), time.timeProperty(), maxInstances);
        }
        // one more than an answer holds tells whether there is more
        Map<String, List<RecordedInstance>> instances = history.instances(tenant, ids, attributes, time,
                backwards ? maxInstances : maxInstances + 1);
        Page page = new Page(time.timeProperty(), maxInstances, backwards && request.time().lastN() > maxInstances);
        List<ObjectNode> bodies = new ArrayList<>();
        for (Entity entity : current) {
            List<RecordedInstance> recorded = page.cut(visible(instances.getOrDefault(entity.id(), List.of()),
                    RecordedInstance::attribute, entity, scope));
            bodies.add(request.format() == TemporalFormat.TEMPORAL_VALUES
                    ? renderer.temporalValues(entity, recorded, context, time.timeProperty(), jsonLd)
                    : renderer.normalized(entity, recorded, context,
                    request.format() == TemporalFormat.INSTANCES_WITH_SYS_ATTRS, jsonLd));
        }
        return new Rendered(bodies, page.start, page.end);
    }

    /** Cuts each attribute's instances to what one answer holds and keeps the range that is complete. */
    private static final class Page {
        private final TemporalQuery.TimeProperty timeProperty;
        private final int max;
        private final boolean lastNCapped;
        private Instant start;
        private Instant end;

        Page(TemporalQuery.TimeProperty timeProperty, int max, boolean lastNCapped) {
            this.timeProperty = timeProperty;
            this.max = max;
            this.lastNCapped = lastNCapped;
        }

        List<RecordedInstance> cut(List<RecordedInstance> instances) {
            Map<String, List<RecordedInstance>> byAttribute = new LinkedHashMap<>();
            instances.forEach(instance -> byAttribute.computeIfAbsent(instance.attribute(), a -> new ArrayList<>())
                    .add(instance));
            List<RecordedInstance> kept = new ArrayList<>();
            byAttribute.forEach((attribute, series) -> {
                boolean more = series.size() > max || (lastNCapped && series.size() == max);
                List<RecordedInstance> page = series.size() > max ? series.subList(0, max) : series;
                kept.addAll(page);
                if (more && !page.isEmpty()) {
                    Instant first = at(page.get(0));
                    Instant last = at(page.get(page.size() - 1));
                    // complete for every series: forwards up to the earliest cut, backwards from the latest
                    if (lastNCapped) {
                        start = start == null || first.isAfter(start) ? first : start;
                        end = end == null || last.isAfter(end) ? last : end;
                    } else {
                        start = start == null || first.isBefore(start) ? first : start;
                        end = end == null || last.isBefore(end) ? last : end;
                    }
                }
            });
            return kept;
        }

        private Instant at(RecordedInstance instance) {
            JsonNode time = instance.instance().get(timeProperty.parameterName());
            if (time == null) {
                time = instance.instance().get(be.belfort.model.Members.MODIFIED_AT);
            }
            return OffsetDateTime.parse(time.asText()).toInstant();
        }
    }
}

package be.belfort.api;

import be.belfort.jsonld.LdContext;
import be.belfort.model.Entity;
import be.belfort.model.EntityService;
import be.belfort.model.NgsiLdException;
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
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The temporal representation of entities (clause 6.18-6.20): one entity's history
 * ({@code GET /temporal/entities/{id}}) and queries over the history of many
 * ({@code GET /temporal/entities}, {@code POST /temporal/entityOperations/query}), as instances,
 * {@code temporalValues} or {@code aggregatedValues} computed in the database.
 */
public final class TemporalRoutes {
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

    public void register(Javalin app, String base) {
        app.get(base + "/temporal/entities/{entityId}", this::retrieve);
        app.get(base + "/temporal/entities", this::queryByUrl);
        app.post(base + "/temporal/entityOperations/query", this::queryByBody);
    }

    /** What to show of the history, from the request: the time window, the attributes and the representation. */
    private record Request(TemporalQuery time, Set<String> attributes, Representation representation,
                           Aggregation aggregation) {
    }

    private enum Representation { INSTANCES, INSTANCES_WITH_SYS_ATTRS, TEMPORAL_VALUES, AGGREGATED_VALUES }

    private static Request request(Context ctx, LdContext context, TemporalQuery time, Set<String> attributes) {
        List<String> options = RepresentationParams.commaList(ctx.queryParam("options"));
        String format = ctx.queryParam("format");
        boolean aggregated = options.contains("aggregatedValues") || "aggregatedValues".equals(format);
        boolean temporalValues = options.contains("temporalValues") || "temporalValues".equals(format);
        if (aggregated && temporalValues) {
            throw NgsiLdException.badData("Choose temporalValues or aggregatedValues, not both");
        }
        Representation representation = aggregated ? Representation.AGGREGATED_VALUES
                : temporalValues ? Representation.TEMPORAL_VALUES
                : options.contains("sysAttrs") ? Representation.INSTANCES_WITH_SYS_ATTRS : Representation.INSTANCES;
        Aggregation aggregation = aggregated
                ? Aggregation.of(ctx.queryParam("aggrMethods"), ctx.queryParam("aggrPeriodDuration")) : null;
        if (!aggregated && (ctx.queryParam("aggrMethods") != null || ctx.queryParam("aggrPeriodDuration") != null)) {
            throw NgsiLdException.badData("aggrMethods and aggrPeriodDuration go with options=aggregatedValues");
        }
        return new Request(time, attributes, representation, aggregation);
    }

    private static TemporalQuery timeOf(Context ctx) {
        return TemporalQuery.of(ctx.queryParam("timerel"), ctx.queryParam("timeAt"), ctx.queryParam("endTimeAt"),
                ctx.queryParam("timeproperty"), ctx.queryParam("lastN"));
    }

    private void retrieve(Context ctx) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        String tenant = in.tenant(ctx);
        String id = EntityRoutes.entityId(ctx);
        LdContext context = in.context(ctx);
        String attrs = ctx.queryParam("attrs");
        Request request = request(ctx, context, timeOf(ctx),
                attrs == null ? null : RepresentationParams.attributeNames(attrs, context));
        Entity current = entities.retrieve(tenant, id);
        ObjectNode body = render(tenant, List.of(current), request, context, jsonLd).get(0);
        out.write(ctx, 200, body, context, jsonLd);
    }

    private void queryByUrl(Context ctx) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        LdContext context = in.context(ctx);
        QueryParams.Filter filter = QueryParams.fromUrl(ctx, context);
        if (filter.isEmpty()) {
            throw NgsiLdException.badData("A temporal query needs at least one of type, id, idPattern, attrs, q,"
                    + " scopeQ or a geo-query");
        }
        String attrs = ctx.queryParam("attrs");
        answer(ctx, filter, request(ctx, context, timeOf(ctx),
                attrs == null ? null : RepresentationParams.attributeNames(attrs, context)), context, jsonLd);
    }

    private void queryByBody(Context ctx) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        RequestReader.Payload payload = in.payload(ctx, BODY_TYPES);
        LdContext context = payload.context();
        QueryParams.Filter filter = QueryParams.fromBody(payload.body(), context);
        JsonNode temporalQ = payload.body().path("temporalQ");
        TemporalQuery time = temporalQ.isMissingNode() || temporalQ.isNull() ? timeOf(ctx)
                : TemporalQuery.of(text(temporalQ, "timerel"), text(temporalQ, "timeAt"), text(temporalQ, "endTimeAt"),
                text(temporalQ, "timeproperty"), temporalQ.has("lastN") ? temporalQ.get("lastN").asText() : null);
        Set<String> attributes = filter.attributes().isEmpty() ? null : Set.copyOf(filter.attributes());
        answer(ctx, filter, request(ctx, context, time, attributes), context, jsonLd);
    }

    private static String text(JsonNode object, String member) {
        JsonNode value = object.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }

    private void answer(Context ctx, QueryParams.Filter filter, Request request, LdContext context, boolean jsonLd) {
        String tenant = in.tenant(ctx);
        Paging paging = Paging.of(ctx, maxEntities);
        EntityQuery.Page page = queries.query(tenant, filter.toQuery(paging));
        List<String> links = QueryRoutes.pageHeaders(ctx, page, paging, null);
        ArrayNode body = json.createArrayNode();
        render(tenant, page.entities(), request, context, jsonLd).forEach(body::add);
        out.write(ctx, 200, body, context, jsonLd);
        if (!links.isEmpty()) {
            String contextLink = jsonLd ? "" : MediaTypes.contextLink(context.linkUrl()) + ", ";
            ctx.header("Link", contextLink + String.join(", ", links));
        }
    }

    /** The temporal representation of each entity, with one history query for all of them. */
    private List<ObjectNode> render(String tenant, List<Entity> current, Request request, LdContext context,
                                    boolean jsonLd) {
        List<String> ids = current.stream().map(Entity::id).toList();
        if (current.isEmpty()) {
            return List.of();
        }
        if (request.representation() == Representation.AGGREGATED_VALUES) {
            Map<String, List<AggregatedPeriod>> periods = history.aggregate(tenant, ids, request.attributes(),
                    request.time(), request.aggregation());
            return current.stream().map(entity -> renderer.aggregated(entity, periods.getOrDefault(entity.id(), List.of()),
                    request.aggregation(), context, jsonLd)).toList();
        }
        Set<String> attributes = request.attributes();
        if (attributes == null && request.time().lastN() != null) {
            // lastN reads each attribute's index backwards, so it needs the names: those the entities have now
            attributes = new java.util.TreeSet<>();
            for (Entity entity : current) {
                attributes.addAll(entity.attributes().keySet());
            }
        }
        Map<String, List<RecordedInstance>> instances = history.instances(tenant, ids, attributes, request.time(),
                maxInstances);
        return current.stream().map(entity -> {
            List<RecordedInstance> recorded = instances.getOrDefault(entity.id(), List.of());
            return request.representation() == Representation.TEMPORAL_VALUES
                    ? renderer.temporalValues(entity, recorded, context, request.time().timeProperty(), jsonLd)
                    : renderer.normalized(entity, recorded, context,
                    request.representation() == Representation.INSTANCES_WITH_SYS_ATTRS, jsonLd);
        }).toList();
    }
}

package be.belfort.api.temporal;

import static be.belfort.api.ApiServer.BASE;

import be.belfort.access.DatasetReadAccess;
import be.belfort.api.AccessControl;
import be.belfort.api.DistributedDocuments;
import be.belfort.api.MediaTypes;
import be.belfort.api.Paging;
import be.belfort.api.QueryParams;
import be.belfort.api.RenderedBody;
import be.belfort.api.RepresentationParams;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.api.RouteGroup;
import be.belfort.jsonld.LdContext;
import be.belfort.model.Keepable;
import be.belfort.model.NgsiLdException;
import be.belfort.model.ReadScope;
import be.belfort.query.DistributedReads;
import be.belfort.query.EntityQuery;
import be.belfort.temporal.Aggregation;
import be.belfort.temporal.EntityHistory;
import be.belfort.temporal.HistoryAnswer;
import be.belfort.temporal.HistoryRequest;
import be.belfort.temporal.TemporalQuery;
import be.belfort.temporal.TemporalReads;
import be.belfort.temporal.TemporalRenderer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.http.Context;

import java.util.List;
import java.util.Set;

/**
 * The temporal representation of entities (clause 6.18-6.20): one entity's history
 * ({@code GET /temporal/entities/{id}}) and queries over the history of many
 * ({@code GET /temporal/entities}, {@code POST /temporal/entityOperations/query}), as instances,
 * {@code temporalValues} or {@code aggregatedValues} computed in the database.
 */
public final class TemporalRoutes implements RouteGroup {
    private static final Set<String> BODY_TYPES = Set.of(MediaTypes.JSON, MediaTypes.JSON_LD);

    private final TemporalReads reads;
    private final RequestReader in;
    private final ResponseWriter out;
    private final ObjectMapper json;
    private final int maxEntities;
    private final TemporalRenderer renderer = new TemporalRenderer();

    private DatasetReadAccess readAccess;
    private DistributedReads distributed = DistributedReads.LOCAL;

    /** Asks the registered context sources that serve temporal reads too, and merges their answers. */
    public TemporalRoutes distributed(DistributedReads reads) {
        this.distributed = reads;
        return this;
    }

    /** Limits reads to what each reader may see. */
    public TemporalRoutes readAccess(DatasetReadAccess access) {
        this.readAccess = access;
        return this;
    }

    public TemporalRoutes(TemporalReads reads, RequestReader in, ResponseWriter out, ObjectMapper json, int maxEntities) {
        this.reads = reads;
        this.in = in;
        this.out = out;
        this.json = json;
        this.maxEntities = maxEntities;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get(BASE + "/temporal/entities/{entityId}", this::retrieve);
        app.get(BASE + "/temporal/entities", this::queryByUrl);
        app.post(BASE + "/temporal/entityOperations/query", this::queryByBody);
    }

    /** What to show of the history, from the request: what to read of it, and in which format. */
    private record Request(HistoryRequest history, TemporalFormat format) {
    }

    private enum TemporalFormat { INSTANCES, INSTANCES_WITH_SYS_ATTRS, TEMPORAL_VALUES, AGGREGATED_VALUES }

    private static Request request(Context ctx, TemporalQuery time, Set<String> attributes) {
        return request(ctx, time, attributes, ctx.queryParam("aggrMethods"), ctx.queryParam("aggrPeriodDuration"), false);
    }

    /**
     * @param aggrMethods from the URL or the Query body (a comma list)
     * @param aggregatedByBody the Query body asks for an aggregation itself (its aggrMethods)
     */
    private static Request request(Context ctx, TemporalQuery time, Set<String> attributes, String aggrMethods,
                                   String aggrPeriodDuration, boolean aggregatedByBody) {
        List<String> options = RepresentationParams.commaList(ctx.queryParam("options"));
        String formatParam = ctx.queryParam("format");
        boolean aggregated = options.contains("aggregatedValues") || "aggregatedValues".equals(formatParam)
                || aggregatedByBody;
        boolean temporalValues = options.contains("temporalValues") || "temporalValues".equals(formatParam);
        if (aggregated && temporalValues) {
            throw NgsiLdException.badData("Choose temporalValues or aggregatedValues, not both");
        }
        TemporalFormat format = aggregated ? TemporalFormat.AGGREGATED_VALUES
                : temporalValues ? TemporalFormat.TEMPORAL_VALUES
                : options.contains("sysAttrs") ? TemporalFormat.INSTANCES_WITH_SYS_ATTRS : TemporalFormat.INSTANCES;
        Aggregation aggregation = aggregated ? Aggregation.of(aggrMethods, aggrPeriodDuration) : null;
        if (!aggregated && (aggrMethods != null || aggrPeriodDuration != null)) {
            throw NgsiLdException.badData("aggrMethods and aggrPeriodDuration go with options=aggregatedValues");
        }
        return new Request(new HistoryRequest(time, attributes, aggregation), format);
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
        ReadScope scope = readAccess.scope(AccessControl.principal(ctx), tenant);
        DistributedReads.DocumentRead read = new DistributedReads.DocumentRead(
                DistributedReads.DocumentKind.TEMPORAL_ENTITY, ctx.path(), null, id, scope, context::expand);
        if (request.history().attributes() != null && !distributed.concerns(tenant, read)) {
            // the bytes of the answer, kept with the instances or periods while the entity's history is unchanged
            Set<String> omitted = omitted(ctx, context);
            Rendered rendered = reads.retrieveAs(tenant, id, request.history(), scope,
                    new AnswerForm(ctx.queryString(), null, jsonLd, context), answer -> new Rendered(status(answer), ResponseWriter.keepable(ctx,
                            rendered(answer.entities().get(0), request, context, jsonLd, omitted)), contentRangeOf(answer)));
            out.writeRendered(ctx, rendered.status(), rendered.body(), context, jsonLd);
            if (rendered.contentRange() != null) {
                ctx.header("Content-Range", rendered.contentRange());
            }
            return;
        }
        HistoryAnswer[] local = new HistoryAnswer[1];
        java.util.function.Supplier<JsonNode> localBody = () -> {
            local[0] = reads.retrieve(tenant, id, request.history(), scope);
            List<ObjectNode> bodies = render(local[0], request, context, jsonLd);
            omit(ctx, context, bodies);
            return bodies.get(0);
        };
        DistributedReads.Document merged = DistributedDocuments.read(ctx, distributed, tenant, context, read, jsonLd,
                () -> new DistributedReads.Document(localBody.get(), null));
        JsonNode body = merged != null ? merged.body() : localBody.get();
        if (body == null) {
            throw NgsiLdException.notFound("No entity " + id + " here or at the registered context sources");
        }
        out.write(ctx, local[0] != null ? status(local[0]) : 200, body, context, jsonLd);
        if (local[0] != null) {
            contentRange(ctx, local[0]);
        }
    }

    private void queryByUrl(Context ctx) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        LdContext context = in.context(ctx);
        QueryParams.Filter filter = QueryParams.fromUrl(ctx, context).withoutLinks("A temporal query");
        if (filter.isEmpty()) {
            throw NgsiLdException.badData("A temporal query needs at least one of type, id, idPattern, attrs, q,"
                    + " scopeQ or a geo-query");
        }
        answer(ctx, filter, request(ctx, timeOf(ctx), shownAttributes(ctx, context)), context, jsonLd, null);
    }

    /** The attributes named by attrs or pick; null for all (omit then applies when rendering). */
    private static Set<String> shownAttributes(Context ctx, LdContext context) {
        return RepresentationParams.projection(ctx, context).attributes();
    }

    private void queryByBody(Context ctx) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        RequestReader.Payload payload = in.payload(ctx, BODY_TYPES);
        LdContext context = payload.context();
        QueryParams.Filter filter = QueryParams.fromBody(payload.body(), context).withoutLinks("A temporal query");
        JsonNode temporalQ = payload.body().path("temporalQ");
        TemporalQuery time = temporalQ.isMissingNode() || temporalQ.isNull() ? timeOf(ctx)
                : TemporalQuery.of(QueryParams.text(temporalQ, "timerel"), QueryParams.text(temporalQ, "timeAt"),
                QueryParams.text(temporalQ, "endTimeAt"), QueryParams.text(temporalQ, "timeproperty"),
                temporalQ.has("lastN") ? temporalQ.get("lastN").asText() : null);
        Set<String> attributes = filter.attributes().isEmpty() ? null : Set.copyOf(filter.attributes());
        // the aggregation may be asked in the body, beside temporalQ or in it, as an array or a comma list
        String aggrMethods = bodyText(payload.body(), temporalQ, "aggrMethods");
        String aggrPeriodDuration = bodyText(payload.body(), temporalQ, "aggrPeriodDuration");
        answer(ctx, filter, request(ctx, time, attributes,
                aggrMethods != null ? aggrMethods : ctx.queryParam("aggrMethods"),
                aggrPeriodDuration != null ? aggrPeriodDuration : ctx.queryParam("aggrPeriodDuration"),
                aggrMethods != null), context, jsonLd, payload.body());
    }

    /** A member of the Query body or of its temporalQ: a string, or an array of strings joined by commas. */
    private static String bodyText(JsonNode body, JsonNode temporalQ, String member) {
        JsonNode value = body.has(member) ? body.get(member) : temporalQ.path(member);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isArray() && !value.isEmpty()) {
            List<String> parts = new java.util.ArrayList<>();
            for (JsonNode element : value) {
                if (!element.isTextual()) {
                    throw NgsiLdException.badData(member + " must be a string or an array of strings");
                }
                parts.add(element.asText());
            }
            return String.join(",", parts);
        }
        throw NgsiLdException.badData(member + " must be a string or an array of strings");
    }

    /** @param queryBody the Query of a query by POST (which the sources are sent in turn), null for a GET */
    private void answer(Context ctx, QueryParams.Filter filter, Request request, LdContext context, boolean jsonLd,
                        JsonNode queryBody) {
        String tenant = in.tenant(ctx);
        Paging paging = Paging.of(ctx, maxEntities);
        ReadScope scope = readAccess.scope(AccessControl.principal(ctx), tenant);
        EntityQuery query = filter.toQuery(paging).readableBy(scope);
        DistributedReads.DocumentRead read = new DistributedReads.DocumentRead(
                DistributedReads.DocumentKind.TEMPORAL_ENTITIES, ctx.path(), query, null, scope, context::expand);
        if (distributed.concerns(tenant, read)) {
            HistoryAnswer[] local = new HistoryAnswer[1];
            DistributedReads.Document merged = DistributedDocuments.read(ctx, distributed, tenant, context, read, jsonLd,
                    queryBody, () -> {
                        TemporalReads.Queried queried = reads.query(tenant, query.firstPages(), request.history());
                        local[0] = queried.history();
                        ArrayNode bodies = json.createArrayNode();
                        List<ObjectNode> rendered = render(queried.history(), request, context, jsonLd);
                        omit(ctx, context, rendered);
                        rendered.forEach(bodies::add);
                        return new DistributedReads.Document(bodies, queried.page().total());
                    });
            if (merged != null) {
                if (merged.total() != null) {
                    ctx.header(Paging.RESULTS_COUNT_HEADER, Long.toString(merged.total()));
                }
                List<String> links = paging.links(ctx, merged.body().size(), merged.total());
                out.write(ctx, local[0] != null ? status(local[0]) : 200, merged.body(), context, jsonLd);
                if (local[0] != null) {
                    contentRange(ctx, local[0]);
                }
                if (!links.isEmpty()) {
                    String contextLink = jsonLd ? "" : MediaTypes.contextLink(context.linkUrl()) + ", ";
                    ctx.header("Link", contextLink + String.join(", ", links));
                }
                return;
            }
        }
        // each entity's part rendered on its own and joined: an aggregation keeps it with the entity's periods
        Set<String> omitted = omitted(ctx, context);
        TemporalReads.QueriedAs<RenderedBody> queried = reads.queryAs(tenant, query, request.history(),
                new AnswerForm(ctx.queryString(), queryBody, jsonLd, context),
                part -> ResponseWriter.keepable(ctx, rendered(part, request, context, jsonLd, omitted)));
        List<String> links = paging.headers(ctx, queried.page(), null);
        out.writeRenderedArray(ctx, status(queried.history()), queried.rendered(), context, jsonLd);
        contentRange(ctx, queried.history());
        if (!links.isEmpty()) {
            String contextLink = jsonLd ? "" : MediaTypes.contextLink(context.linkUrl()) + ", ";
            ctx.header("Link", contextLink + String.join(", ", links));
        }
    }

    private static void omit(Context ctx, LdContext context, List<ObjectNode> bodies) {
        Set<String> omitted = omitted(ctx, context);
        bodies.forEach(body -> omit(body, omitted, context));
    }

    /** The attributes the request's omit parameter names (read once per request, not once per entity). */
    private static Set<String> omitted(Context ctx, LdContext context) {
        return RepresentationParams.projection(ctx, context).omitted();
    }

    private static ObjectNode omit(ObjectNode body, Set<String> omitted, LdContext context) {
        omitted.forEach(iri -> body.remove(context.compact(iri)));
        return body;
    }

    /** 206 Partial Content when some attribute had more instances than one answer holds. */
    private static int status(HistoryAnswer answer) {
        return answer.partial() ? 206 : 200;
    }

    private static void contentRange(Context ctx, HistoryAnswer answer) {
        String range = contentRangeOf(answer);
        if (range != null) {
            ctx.header("Content-Range", range);
        }
    }

    /** The time range a partial answer covers completely (clause 6.3.10); null for a whole answer. */
    private static String contentRangeOf(HistoryAnswer answer) {
        return answer.partial() ? "date-time " + answer.rangeStart() + "-" + answer.rangeEnd() + "/*" : null;
    }

    /**
     * What a kept rendering depends on besides the instances or periods and the entity: every URL parameter (projection,
     * options, format...), the Query body of a query by POST, the media type and the processed @context it is
     * compacted with (one object per URL).
     */
    private record AnswerForm(String query, JsonNode queryBody, boolean jsonLd, LdContext context) {
    }

    /** A rendered answer: its status, body and Content-Range (null for a whole answer). */
    private record Rendered(int status, RenderedBody body, String contentRange) implements Keepable {
        @Override
        public long keep() {
            return 64 + body.keep();
        }
    }

    /** The temporal representation of each entity in the requested format. */
    private List<ObjectNode> render(HistoryAnswer answer, Request request, LdContext context, boolean jsonLd) {
        return answer.entities().stream().map(history -> render(history, request, context, jsonLd)).toList();
    }

    private ObjectNode render(EntityHistory history, Request request, LdContext context, boolean jsonLd) {
        TemporalFormat format = request.format();
        return switch (format) {
            case AGGREGATED_VALUES -> renderer.aggregated(history.entity(), history.periods(), request.history().aggregation(), context,
                    jsonLd);
            case TEMPORAL_VALUES -> renderer.temporalValues(history.entity(), history.instances(), context,
                    request.history().time().timeProperty(), jsonLd);
            case INSTANCES, INSTANCES_WITH_SYS_ATTRS -> renderer.normalized(history.entity(), history.instances(), context,
                    format == TemporalFormat.INSTANCES_WITH_SYS_ATTRS, jsonLd);
        };
    }

    /** One entity's part of an answer: {@link #render}ed, without the omitted attributes. */
    private byte[] rendered(EntityHistory history, Request request, LdContext context, boolean jsonLd,
                            Set<String> omitted) {
        return out.render(omit(render(history, request, context, jsonLd), omitted, context));
    }
}

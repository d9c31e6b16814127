package be.belfort.api.entities;

import static be.belfort.api.ApiServer.BASE;

import be.belfort.access.DatasetReadAccess;
import be.belfort.api.AccessControl;
import be.belfort.api.MediaTypes;
import be.belfort.api.Paging;
import be.belfort.api.Projection;
import be.belfort.api.QueryParams;
import be.belfort.api.RepresentationParams;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.api.RouteGroup;
import be.belfort.api.VersionPreference;
import be.belfort.jsonld.EntityRenderer;
import be.belfort.jsonld.GeoJsonRenderer;
import be.belfort.jsonld.LdContext;
import be.belfort.jsonld.Representation;
import be.belfort.model.Entity;
import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import be.belfort.query.DistributedReads;
import be.belfort.query.EntityQuery;
import be.belfort.query.GeoQuery;
import be.belfort.query.Join;
import be.belfort.model.ReadScope;
import java.util.Map;
import be.belfort.query.Ordering;
import be.belfort.query.QueryService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Query entities: {@code GET /entities} (clause 6.4.3.2) and {@code POST /entityOperations/query}
 * (clause 6.23.3.1), answered as JSON, JSON-LD or GeoJSON, paged with Link next/prev and the total in
 * NGSILD-Results-Count on request; with {@code entityMap=true} or the {@code NGSILD-EntityMap} header, paged through
 * an entity map (clause 5.5.14: 201 when the map was made by the request, its path in the header).
 */
public final class QueryRoutes implements RouteGroup {
    private static final Set<String> BODY_TYPES = Set.of(MediaTypes.JSON, MediaTypes.JSON_LD);

    private final QueryService service;
    private final RequestReader in;
    private final ResponseWriter out;
    private final ObjectMapper json;
    private final int maxLimit;
    private final EntityRenderer renderer = new EntityRenderer();
    private final GeoJsonRenderer geoJson = new GeoJsonRenderer();

    private DatasetReadAccess readAccess;
    private DistributedReads distributed = DistributedReads.LOCAL;

    /** Limits reads to what each reader may see. */
    public QueryRoutes readAccess(DatasetReadAccess access) {
        this.readAccess = access;
        return this;
    }

    /** The URL parameters of Query Entities (GET /entities), those Belfort does not act on included. */
    static final Set<String> QUERY_PARAMETERS = Set.of("id", "type", "idPattern", "attrs", "pick", "omit", "q", "csf",
            "georel", "geometry", "coordinates", "geoproperty", "geometryProperty", "lang", "scopeQ", "options", "format",
            "limit", "offset", "count", "local", "via", "datasetId", "expandValues", "entityMap", "entityMapLifetime",
            "containedBy", "join", "joinLevel", "orderBy", "orderFrom", "orderGeometry", "collation");

    /** Asks the registered context sources too, for queries they may help answer. */
    public QueryRoutes distributed(DistributedReads reads) {
        this.distributed = reads;
        return this;
    }

    public QueryRoutes(QueryService service, RequestReader in, ResponseWriter out, ObjectMapper json, int maxLimit) {
        this.service = service;
        this.in = in;
        this.out = out;
        this.json = json;
        this.maxLimit = maxLimit;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get(BASE + "/entities", this::queryByUrl);
        app.post(BASE + "/entityOperations/query", this::queryByBody);
        app.get(BASE + "/entityMaps", ctx -> makeMap(ctx, false));
        app.post(BASE + "/entityMaps", ctx -> makeMap(ctx, true));
    }

    private void queryByUrl(Context ctx) {
        QueryParams.requireKnown(ctx, QUERY_PARAMETERS);
        String mediaType = out.negotiate(ctx, true);
        LdContext context = in.context(ctx);
        QueryParams.Filter filter = narrowUrlFilter(ctx, context);
        answer(ctx, mediaType, context, filter, OrderingParams.fromUrl(ctx, context), RepresentationParams.of(ctx, context),
                null);
    }

    private void queryByBody(Context ctx) {
        String mediaType = out.negotiate(ctx, true);
        RequestReader.Payload payload = in.payload(ctx, BODY_TYPES);
        LdContext context = payload.context();
        QueryParams.Filter filter = QueryParams.fromBody(payload.body(), context);
        Projection projection = QueryParams.projection(payload.body(), context);
        JsonNode lang = payload.body().get("lang");
        Representation representation = RepresentationParams.of(ctx, context, projection,
                lang == null || lang.isNull() ? ctx.queryParam("lang") : lang.asText());
        answer(ctx, mediaType, context, filter, OrderingParams.fromBody(payload.body(), context), representation,
                payload.body());
    }

    private static QueryParams.Filter narrowUrlFilter(Context ctx, LdContext context) {
        QueryParams.Filter filter = QueryParams.fromUrl(ctx, context);
        // local=true alone asks for every entity the broker holds itself (no context sources)
        if (filter.isEmpty() && !"true".equals(ctx.queryParam("local"))) {
            throw NgsiLdException.badData("A query needs at least one of type, id, idPattern, attrs, q, scopeQ or a"
                    + " geo-query (georel, geometry, coordinates)");
        }
        return filter;
    }

    /**
     * Create EntityMap for Query Entities (clause 5.14.4; {@code GET /entityMaps} with the parameters of Query
     * Entities, {@code POST /entityMaps} with a Query): a new map of every match, answered {@code 201} with the map
     * itself and its path in {@code NGSILD-EntityMap}; paging, representation and a map the request names are ignored.
     */
    private void makeMap(Context ctx, boolean byBody) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        String tenant = in.tenant(ctx);
        LdContext context;
        QueryParams.Filter filter;
        Ordering ordering;
        JsonNode queryBody = null;
        if (byBody) {
            RequestReader.Payload payload = in.payload(ctx, BODY_TYPES);
            context = payload.context();
            queryBody = payload.body();
            filter = QueryParams.fromBody(queryBody, context);
            ordering = OrderingParams.fromBody(queryBody, context);
        } else {
            QueryParams.requireKnown(ctx, QUERY_PARAMETERS);
            context = in.context(ctx);
            filter = narrowUrlFilter(ctx, context);
            ordering = OrderingParams.fromUrl(ctx, context);
        }
        String lifetime = ctx.queryParam("entityMapLifetime");
        DistributedReads.MapRequest map = new DistributedReads.MapRequest(null,
                lifetime == null ? null : EntityMapParams.duration(lifetime), AccessControl.principal(ctx).id(),
                Distribution.localOnly(ctx, distributed));
        ReadScope readable = readAccess.scope(AccessControl.principal(ctx), tenant);
        EntityQuery query = filter.toQuery(new Paging(0, 0, false)).ordered(ordering).readableBy(readable);
        DistributedReads.MappedAnswer made = distributed.query(Distribution.forward(ctx, tenant, context, queryBody),
                query, map, local(tenant));
        if (made.map() == null) {
            throw new NgsiLdException(be.belfort.model.ErrorType.OPERATION_NOT_SUPPORTED,
                    "This platform keeps no entity maps");
        }
        Distribution.warn(ctx, made.answer().warnings());
        ctx.header(EntityMapParams.HEADER, EntityMapParams.location(made.mapId()));
        com.fasterxml.jackson.databind.node.ObjectNode shown = made.map().deepCopy();
        if (jsonLd) {
            shown.set("@context", context.reference());
        }
        out.write(ctx, 201, shown, context, jsonLd);
    }

    /** Reads local matches; a tenant that exists only at the sources has none here. */
    private java.util.function.Function<EntityQuery, EntityQuery.Page> local(String tenant) {
        return asked -> Distribution.orEmpty(() -> service.query(tenant, asked),
                new EntityQuery.Page(List.of(), asked.count() ? 0L : null));
    }

    /** @param queryBody the Query of a query by POST (passed on to the sources as it is), null for one by URL */
    private void answer(Context ctx, String mediaType, LdContext context, QueryParams.Filter filter, Ordering ordering,
                        Representation representation, JsonNode queryBody) {
        String tenant = in.tenant(ctx);
        Paging paging = Paging.of(ctx, maxLimit);
        String geometryProperty = context.expand(Names.requireName("geometryProperty",
                ctx.queryParamAsClass("geometryProperty", String.class).getOrDefault(GeoQuery.DEFAULT_GEOPROPERTY)));

        Join join = queryBody == null ? Joins.fromUrl(ctx) : Joins.fromBody(ctx, queryBody);
        Joins.requireServes(join, representation);
        Joins.requireServes(join, filter);
        ReadScope readable = readAccess.scope(AccessControl.principal(ctx), tenant);
        EntityQuery query = filter.toQuery(paging).ordered(ordering).readableBy(readable);
        EntityQuery.Page page;
        int status = 200;
        DistributedReads.MapRequest map = EntityMapParams.of(ctx.queryParam("entityMap"),
                ctx.queryParam("entityMapLifetime"), ctx.header(EntityMapParams.HEADER),
                AccessControl.principal(ctx).id(), Distribution.localOnly(ctx, distributed));
        if (map != null) {
            // Pages cut from an entity map: each entity on exactly one page, whatever the sources do meanwhile.
            DistributedReads.MappedAnswer mapped = distributed.query(Distribution.forward(ctx, tenant, context, queryBody),
                    query, map, local(tenant));
            Distribution.warn(ctx, mapped.answer().warnings());
            page = new EntityQuery.Page(mapped.answer().entities(), mapped.answer().total());
            if (mapped.mapId() != null) {
                ctx.header(EntityMapParams.HEADER, EntityMapParams.location(mapped.mapId()));
                status = mapped.created() ? 201 : 200;
            }
        } else if (distributed.concerns(tenant, query) && !Distribution.localOnly(ctx, distributed)) {
            // The local matches up to the end of the page, merged with every source's, make the page.
            DistributedReads.Answer answer = distributed.query(Distribution.forward(ctx, tenant, context, queryBody), query,
                    () -> Distribution.orEmpty(() -> service.query(tenant, query.firstPages()),
                            new EntityQuery.Page(List.of(), query.count() ? 0L : null)));
            Distribution.warn(ctx, answer.warnings());
            page = new EntityQuery.Page(answer.entities(), answer.total());
        } else {
            page = service.query(tenant, query);
        }
        List<String> links = paging.headers(ctx, page, mediaType.equals(MediaTypes.JSON) ? context : null);
        if (mediaType.equals(MediaTypes.GEO_JSON)) {
            out.writeGeoJson(ctx, status, geoJson.collection(page.entities(), geometryProperty, context, representation));
        } else {
            boolean jsonLd = mediaType.equals(MediaTypes.JSON_LD);
            ArrayNode body = json.createArrayNode().addAll(Joins.render(service, renderer, tenant, page.entities(), join,
                    readable, context, representation, jsonLd));
            VersionPreference.apply(ctx, body);
            out.write(ctx, status, body, null, jsonLd);
        }
        if (!links.isEmpty()) {
            ctx.header("Link", String.join(", ", links));
        }
    }
}

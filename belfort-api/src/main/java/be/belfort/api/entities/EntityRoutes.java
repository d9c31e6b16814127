package be.belfort.api.entities;

import static be.belfort.api.ApiServer.BASE;

import be.belfort.access.DatasetReadAccess;
import be.belfort.api.AccessControl;
import be.belfort.api.DistributedWriting;
import be.belfort.api.MediaTypes;
import be.belfort.api.Projection;
import be.belfort.api.RepresentationParams;
import be.belfort.api.QueryParams;
import be.belfort.api.RenderedBody;
import be.belfort.api.RequestReader;
import be.belfort.query.GeoQuery;
import be.belfort.jsonld.GeoJsonRenderer;
import be.belfort.api.ResponseWriter;
import be.belfort.api.RouteGroup;
import be.belfort.api.VersionPreference;
import be.belfort.jsonld.EntityReader;
import be.belfort.jsonld.EntityRenderer;
import be.belfort.jsonld.LdContext;
import be.belfort.jsonld.Representation;
import be.belfort.model.Entity;
import be.belfort.query.DistributedReads;
import be.belfort.query.Join;
import be.belfort.query.QueryService;
import be.belfort.model.ReadScope;
import be.belfort.query.DistributedWrites;
import be.belfort.model.EntityService;
import be.belfort.model.Members;
import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import be.belfort.model.ScopePatch;
import be.belfort.model.UpdateResult;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The NGSI-LD entity and attribute resources (clauses 6.4 - 6.7). */
public final class EntityRoutes implements RouteGroup {
    /** The URL parameters of Retrieve Entity (GET /entities/{id}), those Belfort does not act on included. */
    static final Set<String> RETRIEVE_PARAMETERS = Set.of("attrs", "pick", "omit", "type", "options", "format", "lang",
            "geometryProperty", "local", "via", "datasetId", "expandValues", "entityMap", "containedBy", "join",
            "joinLevel");

    private final GeoJsonRenderer geoJson = new GeoJsonRenderer();
    private static final Set<String> MERGE_TYPES = Set.of(MediaTypes.JSON, MediaTypes.JSON_LD, MediaTypes.MERGE_PATCH);

    private final EntityService service;
    private final RequestReader in;
    private final ResponseWriter out;
    private final EntityReader reader = new EntityReader();
    private final EntityRenderer renderer = new EntityRenderer();
    private final ObjectMapper json;

    private DatasetReadAccess readAccess;
    private DistributedReads distributed = DistributedReads.LOCAL;
    private QueryService linkedEntities;

    /** Follows relationships to the entities they link (join) with these queries. */
    public EntityRoutes linkedEntities(QueryService queries) {
        this.linkedEntities = queries;
        return this;
    }

    /** Asks the registered context sources too, for entities they may hold. */
    public EntityRoutes distributed(DistributedReads reads) {
        this.distributed = reads;
        return this;
    }

    private DistributedWrites writes = DistributedWrites.LOCAL;

    /** Forwards the writes that registered context sources take (exclusive, redirect, inclusive). */
    public EntityRoutes distributed(DistributedWrites writes) {
        this.writes = writes;
        return this;
    }

    /** Limits reads to what each reader may see. */
    public EntityRoutes readAccess(DatasetReadAccess access) {
        this.readAccess = access;
        return this;
    }

    public EntityRoutes(EntityService service, RequestReader in, ResponseWriter out, ObjectMapper json) {
        this.service = service;
        this.in = in;
        this.out = out;
        this.json = json;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.post(BASE + "/entities", this::create);
        app.get(BASE + "/entities/{entityId}", this::retrieve);
        app.delete(BASE + "/entities/{entityId}", this::delete);
        app.put(BASE + "/entities/{entityId}", this::replace);
        app.patch(BASE + "/entities/{entityId}", this::merge);
        app.post(BASE + "/entities/{entityId}/attrs", this::append);
        app.patch(BASE + "/entities/{entityId}/attrs", this::updateAttributes);
        app.patch(BASE + "/entities/{entityId}/attrs/{attrId}", this::partialUpdate);
        app.put(BASE + "/entities/{entityId}/attrs/{attrId}", this::replaceAttribute);
        app.delete(BASE + "/entities/{entityId}/attrs/{attrId}", this::deleteAttribute);
    }

    private void create(Context ctx) {
        String tenant = in.tenant(ctx);
        RequestReader.Payload payload = in.payload(ctx);
        Entity entity = reader.readEntity(payload.body(), payload.context(), null);
        DistributedWrites.Outcome outcome = write(ctx, tenant, DistributedWrites.Operation.CREATE, entity.id(),
                entity.types(), payload, part -> service.create(tenant, reader.readEntity(part, payload.context(), null)));
        ctx.header("Location", ctx.path() + "/" + entity.id());
        echoTenant(ctx, tenant);
        if (!partly(ctx, outcome, payload.context(), null)) {
            ctx.status(201);
        }
    }

    /** See {@link DistributedWriting#write}; the entity's types, when the write names none, are those it has here. */
    private DistributedWrites.Outcome write(Context ctx, String tenant, DistributedWrites.Operation operation, String id,
                                            List<String> types, RequestReader.Payload payload,
                                            java.util.function.Consumer<JsonNode> local) {
        return DistributedWriting.write(ctx, distributed, writes, in, tenant, operation, id, types,
                () -> Distribution.orEmpty(() -> service.retrieve(tenant, id).types(), List.of()), payload, local);
    }

    private boolean partly(Context ctx, DistributedWrites.Outcome outcome, LdContext context, UpdateResult local) {
        return DistributedWriting.partly(ctx, out, json, outcome, context, local);
    }

    private void retrieve(Context ctx) {
        QueryParams.requireKnown(ctx, RETRIEVE_PARAMETERS);
        String mediaType = out.negotiate(ctx, true);
        boolean jsonLd = mediaType.equals(MediaTypes.JSON_LD);
        String tenant = in.tenant(ctx);
        String id = RequestReader.entityId(ctx);
        LdContext context = in.context(ctx);
        Projection projection = RepresentationParams.projection(ctx, context);
        Representation representation = RepresentationParams.of(ctx, context, projection, ctx.queryParam("lang"));
        Join join = Joins.fromUrl(ctx);
        Joins.requireServes(join, representation);
        ReadScope readable = readAccess.scope(AccessControl.principal(ctx), tenant);
        if (answersAsKept(ctx, mediaType, tenant, id)) {
            RenderedBody body = service.retrieveAs(tenant, id, new AnswerForm(mediaType, context, readable),
                    entity -> new RenderedBody(out.render(rendered(readable.require(entity), tenant, readable, context,
                            representation, join, jsonLd).get(0))));
            out.writeRendered(ctx, 200, body, context, jsonLd);
            return;
        }
        Entity entity = readable.require(retrieved(ctx, tenant, id, context));
        String type = ctx.queryParam("type");
        if (type != null && RepresentationParams.commaList(type).stream()
                .noneMatch(name -> entity.hasType(context.expand(name)))) {
            throw NgsiLdException.notFound("Entity " + id + " is not of type " + type);
        }
        if (projection.namesAttributesOnly()
                && projection.attributes().stream().noneMatch(entity.attributes()::containsKey)) {
            throw NgsiLdException.notFound("Entity " + id + " has none of the attributes " + ctx.queryParam("attrs"));
        }
        if (mediaType.equals(MediaTypes.GEO_JSON)) {
            // A GeoJSON Feature, its geometry from geometryProperty (location by default), as queries answer
            String geometryProperty = context.expand(Names.requireName("geometryProperty",
                    ctx.queryParamAsClass("geometryProperty", String.class).getOrDefault(GeoQuery.DEFAULT_GEOPROPERTY)));
            out.writeGeoJson(ctx, 200, geoJson.feature(entity, geometryProperty, context, representation));
            return;
        }
        List<ObjectNode> graph = rendered(entity, tenant, readable, context, representation, join, jsonLd);
        if (graph.size() > 1) {
            // v1.8.1 join=flat: the entity first, then every entity its links reach, as one array (an entity whose
            // links reach nothing stays one entity)
            ArrayNode all = json.createArrayNode().addAll(graph);
            VersionPreference.apply(ctx, all);
            out.write(ctx, 200, all, context, jsonLd);
            return;
        }
        ObjectNode body = graph.get(0);
        VersionPreference.apply(ctx, body);
        out.write(ctx, 200, body, context, jsonLd);
    }

    /**
     * What an answer kept with the entity depends on besides the entity: how it is written, the @context it is
     * compacted with (one processed context object per URL) and what the reader may see.
     */
    private record AnswerForm(String mediaType, LdContext context, ReadScope readable) {
    }

    /**
     * Whether the answer may come from, and be kept with, the entity as last committed: a plain retrieval (no URL
     * parameter, no version preference, JSON or JSON-LD) of an entity that no registered source shares, which is
     * what most reusers and dashboards ask again and again.
     */
    private boolean answersAsKept(Context ctx, String mediaType, String tenant, String id) {
        String query = ctx.queryString();
        return (query == null || query.isEmpty()) && ctx.header("Prefer") == null
                && !mediaType.equals(MediaTypes.GEO_JSON) && !distributed.concerns(tenant, id);
    }

    /** The entity and, as the join asks, the entities its links reach; 404 when the projection leaves nothing. */
    private List<ObjectNode> rendered(Entity entity, String tenant, ReadScope readable, LdContext context,
                                      Representation representation, Join join, boolean jsonLd) {
        List<ObjectNode> graph = Joins.render(linkedEntities, renderer, tenant, List.of(entity), join, readable, context,
                representation, jsonLd);
        if (graph.get(0).size() == (jsonLd ? 1 : 0)) {
            throw NgsiLdException.notFound("Entity " + entity.id() + " has nothing that the projection asks for");
        }
        return graph;
    }

    /** The entity as held here, merged with what the registered sources that may hold it answer. */
    private Entity retrieved(Context ctx, String tenant, String id, LdContext context) {
        if (!distributed.concerns(tenant, id) || Distribution.localOnly(ctx, distributed)) {
            return service.retrieve(tenant, id);
        }
        DistributedReads.Answer answer = distributed.retrieve(Distribution.forward(ctx, tenant, context), id,
                () -> Distribution.orEmpty(() -> service.retrieve(tenant, id), null));
        Distribution.warn(ctx, answer.warnings());
        if (answer.entities().isEmpty()) {
            throw NgsiLdException.notFound("Entity not found: " + id);
        }
        return answer.entities().get(0);
    }

    private void delete(Context ctx) {
        String tenant = in.tenant(ctx);
        String id = RequestReader.entityId(ctx);
        DistributedWrites.Outcome outcome = write(ctx, tenant, DistributedWrites.Operation.DELETE, id, List.of(), null,
                none -> service.delete(tenant, id));
        if (!partly(ctx, outcome, in.context(ctx), null)) {
            ctx.status(204);
        }
    }

    private void replace(Context ctx) {
        String tenant = in.tenant(ctx);
        RequestReader.Payload payload = in.payload(ctx);
        String id = RequestReader.entityId(ctx);
        Entity entity = reader.readEntity(payload.body(), payload.context(), id);
        DistributedWrites.Outcome outcome = write(ctx, tenant, DistributedWrites.Operation.REPLACE, id, entity.types(),
                payload, part -> service.replace(tenant, reader.readEntity(part, payload.context(), id)));
        if (!partly(ctx, outcome, payload.context(), null)) {
            ctx.status(204);
        }
    }

    private void merge(Context ctx) {
        String tenant = in.tenant(ctx);
        String id = RequestReader.entityId(ctx);
        RequestReader.Payload payload = in.payload(ctx, MERGE_TYPES);
        reader.readPatch(payload.body(), payload.context(), id);
        DistributedWrites.Outcome outcome = write(ctx, tenant, DistributedWrites.Operation.MERGE, id,
                reader.readTypes(payload.body(), payload.context()), payload,
                part -> service.merge(tenant, reader.readPatch(part, payload.context(), id),
                        reader.readScopePatch(part, EntityReader.Nulls.ALLOW)));
        if (!partly(ctx, outcome, payload.context(), null)) {
            ctx.status(204);
        }
    }

    private void append(Context ctx) {
        String tenant = in.tenant(ctx);
        String id = RequestReader.entityId(ctx);
        RequestReader.Payload payload = in.payload(ctx);
        boolean noOverwrite = RepresentationParams.commaList(ctx.queryParam("options")).contains("noOverwrite");
        reader.readAttributes(payload.body(), payload.context(), id, EntityReader.Nulls.REJECT);
        List<String> types = reader.readTypes(payload.body(), payload.context());
        UpdateResult[] local = new UpdateResult[1];
        DistributedWrites.Outcome outcome = write(ctx, tenant, DistributedWrites.Operation.APPEND_ATTRS, id, types,
                payload, part -> local[0] = service.appendAttributes(tenant, id,
                        reader.readAttributes(part, payload.context(), id, EntityReader.Nulls.REJECT),
                        reader.readScopePatch(part, EntityReader.Nulls.REJECT), types, noOverwrite));
        if (!partly(ctx, outcome, payload.context(), local[0])) {
            writeUpdateResult(ctx, local[0], payload.context());
        }
    }

    private void updateAttributes(Context ctx) {
        String tenant = in.tenant(ctx);
        String id = RequestReader.entityId(ctx);
        RequestReader.Payload payload = in.payload(ctx);
        reader.readAttributes(payload.body(), payload.context(), id, EntityReader.Nulls.ALLOW);
        List<String> types = reader.readTypes(payload.body(), payload.context());
        UpdateResult[] local = new UpdateResult[1];
        DistributedWrites.Outcome outcome = write(ctx, tenant, DistributedWrites.Operation.UPDATE_ATTRS, id, types,
                payload, part -> local[0] = service.updateAttributes(tenant, id,
                        reader.readAttributes(part, payload.context(), id, EntityReader.Nulls.ALLOW),
                        reader.readScopePatch(part, EntityReader.Nulls.ALLOW), types));
        if (!partly(ctx, outcome, payload.context(), local[0])) {
            writeUpdateResult(ctx, local[0], payload.context());
        }
    }

    private void partialUpdate(Context ctx) {
        String tenant = in.tenant(ctx);
        String id = RequestReader.entityId(ctx);
        RequestReader.Payload payload = in.payload(ctx);
        String name = ctx.pathParam("attrId");
        String attribute = reader.attributeName(name, payload.context());
        ObjectNode patch = reader.readAttributePatch(name, payload.body(), payload.context());
        DistributedWrites.Outcome outcome = write(ctx, tenant, DistributedWrites.Operation.UPDATE_ATTR, id, List.of(),
                oneAttribute(name, payload), part -> service.partialAttributeUpdate(tenant, id, attribute, patch));
        if (!partly(ctx, outcome, payload.context(), null)) {
            ctx.status(204);
        }
    }

    private void replaceAttribute(Context ctx) {
        String tenant = in.tenant(ctx);
        String id = RequestReader.entityId(ctx);
        RequestReader.Payload payload = in.payload(ctx);
        String name = ctx.pathParam("attrId");
        String attribute = reader.attributeName(name, payload.context());
        List<ObjectNode> replacement = reader.readAttribute(name, payload.body(), payload.context(),
                EntityReader.Nulls.REJECT);
        DistributedWrites.Outcome outcome = write(ctx, tenant, DistributedWrites.Operation.REPLACE_ATTR, id, List.of(),
                oneAttribute(name, payload), part -> service.replaceAttribute(tenant, id, attribute, replacement));
        if (!partly(ctx, outcome, payload.context(), null)) {
            ctx.status(204);
        }
    }

    /**
     * The payload of a write of one attribute as {@code {"name": fragment}} (with the client's @context, if it sent
     * one), so that the sources that hold the attribute are found like for other writes.
     */
    private RequestReader.Payload oneAttribute(String name, RequestReader.Payload payload) {
        ObjectNode named = json.createObjectNode();
        JsonNode fragment = payload.body();
        if (fragment instanceof ObjectNode object && object.has("@context")) {
            fragment = object.deepCopy();
            named.set("@context", ((ObjectNode) fragment).remove("@context"));
        }
        named.set(name, fragment);
        return new RequestReader.Payload(named, payload.context(), payload.contexts());
    }

    private void deleteAttribute(Context ctx) {
        String tenant = in.tenant(ctx);
        String id = RequestReader.entityId(ctx);
        if (ctx.pathParam("attrId").equals(Members.SCOPE)) {
            service.deleteScope(tenant, id);
            ctx.status(204);
            return;
        }
        LdContext context = in.context(ctx);
        String attribute = reader.attributeName(ctx.pathParam("attrId"), context);
        String datasetId = ctx.queryParam("datasetId");
        if (datasetId != null) {
            Names.requireUri("datasetId", datasetId);
        }
        String deleteAll = ctx.queryParam("deleteAll");
        if (deleteAll != null && !deleteAll.equals("true") && !deleteAll.equals("false")) {
            throw NgsiLdException.badData("deleteAll must be true or false");
        }
        // The payload only names the attribute, so that the sources that hold it are found like for other writes.
        ObjectNode names = json.createObjectNode().putNull(ctx.pathParam("attrId"));
        DistributedWrites.Outcome outcome = write(ctx, tenant, DistributedWrites.Operation.DELETE_ATTRS, id, List.of(),
                new RequestReader.Payload(names, context, null),
                none -> service.deleteAttribute(tenant, id, attribute, datasetId, "true".equals(deleteAll)));
        if (!partly(ctx, outcome, context, null)) {
            ctx.status(204);
        }
    }

    private void writeUpdateResult(Context ctx, UpdateResult result, LdContext context) {
        if (result == null || result.isComplete()) {
            ctx.status(204);
            return;
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode updated = body.putArray("updated");
        result.updated().forEach(name -> updated.add(context.compact(name)));
        ArrayNode notUpdated = body.putArray("notUpdated");
        result.notUpdated().forEach(entry -> notUpdated.addObject()
                .put("attributeName", context.compact(entry.attributeName()))
                .put("reason", entry.reason()));
        out.writePlain(ctx, 207, body);
    }

    private static void echoTenant(Context ctx, String tenant) {
        if (!tenant.isEmpty()) {
            ctx.header(RequestReader.TENANT_HEADER, tenant);
        }
    }
}

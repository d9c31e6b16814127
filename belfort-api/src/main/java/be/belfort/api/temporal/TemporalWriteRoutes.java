package be.belfort.api.temporal;

import static be.belfort.api.ApiServer.BASE;

import be.belfort.api.DistributedWriting;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.api.RouteGroup;
import be.belfort.jsonld.EntityReader;
import be.belfort.jsonld.LdContext;
import be.belfort.model.Entity;
import be.belfort.model.Members;
import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import be.belfort.query.DistributedReads;
import be.belfort.query.DistributedWrites;
import be.belfort.temporal.TemporalWrites;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writing history directly (clause 6.18-6.22): create a temporal entity or add instances to it, append
 * instances, modify or delete one instance, delete an attribute's history or the whole temporal entity.
 */
public final class TemporalWriteRoutes implements RouteGroup {
    private static final String INSTANCE_PREFIX = "urn:ngsi-ld:attribute:instance:";

    private final TemporalWrites writes;
    private final RequestReader in;
    private final EntityReader reader = new EntityReader();

    private DistributedReads reads = DistributedReads.LOCAL;
    private DistributedWrites sources = DistributedWrites.LOCAL;
    private java.util.function.BiFunction<String, String, List<String>> localTypes = (tenant, id) -> List.of();
    private ResponseWriter out;
    private ObjectMapper json;

    public TemporalWriteRoutes(TemporalWrites writes, RequestReader in) {
        this.writes = writes;
        this.in = in;
    }

    /**
     * Forwards the history writes that registered context sources take (upsertTemporal, appendAttrsTemporal,
     * deleteTemporal, deleteAttrsTemporal).
     *
     * @param localTypes the types an entity has here (tenant, id), empty when it is not here
     */
    public TemporalWriteRoutes distributed(DistributedReads reads, DistributedWrites sources,
                                           java.util.function.BiFunction<String, String, List<String>> localTypes,
                                           ResponseWriter out, ObjectMapper json) {
        this.reads = reads;
        this.sources = sources;
        this.localTypes = localTypes;
        this.out = out;
        this.json = json;
        return this;
    }

    /** Writes here and at the sources that take the write; answers 207 and returns true when a source failed. */
    private boolean distributedWrite(Context ctx, String tenant, DistributedWrites.Operation operation, String id,
                                     List<String> types, RequestReader.Payload payload, LdContext context,
                                     java.util.function.Consumer<JsonNode> local) {
        DistributedWrites.Outcome outcome = DistributedWriting.write(ctx, reads, sources, in, tenant, operation, id,
                types, () -> localTypes.apply(tenant, id), payload, local);
        return DistributedWriting.partly(ctx, out, json, outcome, context, null);
    }

    /** The payload naming only the attribute of the path, so that the sources holding it are found. */
    private RequestReader.Payload naming(Context ctx, LdContext context) {
        ObjectNode names = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        names.putNull(ctx.pathParam("attrId"));
        return new RequestReader.Payload(names, context, null);
    }

    private static boolean hasAttributes(JsonNode part) {
        for (String name : (Iterable<String>) part::fieldNames) {
            if (!Members.ENTITY_MEMBERS.contains(name) && !name.startsWith("@")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        String entity = BASE + "/temporal/entities/{entityId}";
        app.post(BASE + "/temporal/entities", this::createOrAdd);
        app.delete(entity, this::deleteEntity);
        app.post(entity + "/attrs", this::append);
        app.delete(entity + "/attrs/{attrId}", this::deleteAttribute);
        app.patch(entity + "/attrs/{attrId}/{instanceId}", this::modifyInstance);
        app.delete(entity + "/attrs/{attrId}/{instanceId}", this::deleteInstance);
    }

    /** A new temporal entity is created (201); for an existing entity the instances are added (204). */
    private void createOrAdd(Context ctx) {
        String tenant = in.tenant(ctx);
        RequestReader.Payload payload = in.payload(ctx);
        if (!(payload.body() instanceof ObjectNode body)) {
            throw NgsiLdException.badData("A temporal entity must be a JSON object");
        }
        ObjectNode identity = body.objectNode();
        for (String member : List.of(Members.ID, Members.TYPE, Members.SCOPE)) {
            if (body.has(member)) {
                identity.set(member, body.get(member));
            }
        }
        Entity named = reader.readEntity(identity, payload.context(), null);
        instances(body, payload.context());
        // Created, unless the history was there already; a source that takes all of it answers for itself.
        boolean[] created = {true};
        if (distributedWrite(ctx, tenant, DistributedWrites.Operation.UPSERT_TEMPORAL, named.id(), named.types(),
                payload, payload.context(), part -> {
                    if (hasAttributes(part)) {
                        created[0] = writes.createOrAdd(tenant, named, instances((ObjectNode) part, payload.context()));
                    }
                })) {
            return;
        }
        if (created[0]) {
            ctx.status(201).header("Location", ctx.path() + "/" + named.id());
        } else {
            ctx.status(204);
        }
    }

    private void append(Context ctx) {
        String tenant = in.tenant(ctx);
        String id = RequestReader.entityId(ctx);
        RequestReader.Payload payload = in.payload(ctx);
        if (!(payload.body() instanceof ObjectNode body)) {
            throw NgsiLdException.badData("The attributes to append must be a JSON object");
        }
        instances(body, payload.context());
        if (!distributedWrite(ctx, tenant, DistributedWrites.Operation.APPEND_TEMPORAL, id, List.of(), payload,
                payload.context(), part -> {
                    if (hasAttributes(part)) {
                        writes.append(tenant, id, instances((ObjectNode) part, payload.context()));
                    }
                })) {
            ctx.status(204);
        }
    }

    private void modifyInstance(Context ctx) {
        String tenant = in.tenant(ctx);
        String id = RequestReader.entityId(ctx);
        RequestReader.Payload payload = in.payload(ctx);
        String attribute = reader.attributeName(ctx.pathParam("attrId"), payload.context());
        List<ObjectNode> read = reader.readAttribute(ctx.pathParam("attrId"), payload.body(), payload.context(),
                EntityReader.Nulls.REJECT);
        if (!writes.modifyInstance(tenant, id, attribute, instanceId(ctx), read.get(0))) {
            throw noInstance(ctx, id);
        }
        ctx.status(204);
    }

    private void deleteInstance(Context ctx) {
        String tenant = in.tenant(ctx);
        String id = RequestReader.entityId(ctx);
        String attribute = reader.attributeName(ctx.pathParam("attrId"), in.context(ctx));
        if (!writes.deleteInstance(tenant, id, attribute, instanceId(ctx))) {
            throw noInstance(ctx, id);
        }
        ctx.status(204);
    }

    private void deleteAttribute(Context ctx) {
        String tenant = in.tenant(ctx);
        String id = RequestReader.entityId(ctx);
        String attribute = reader.attributeName(ctx.pathParam("attrId"), in.context(ctx));
        String datasetId = ctx.queryParam("datasetId");
        if (datasetId != null) {
            Names.requireUri("datasetId", datasetId);
        }
        boolean all = "true".equals(ctx.queryParam("deleteAll"));
        LdContext context = in.context(ctx);
        if (!distributedWrite(ctx, tenant, DistributedWrites.Operation.DELETE_ATTRS_TEMPORAL, id, List.of(),
                naming(ctx, context), context, none -> {
                    if (writes.deleteAttribute(tenant, id, attribute, datasetId, all) == 0) {
                        throw NgsiLdException.notFound("No history of " + ctx.pathParam("attrId")
                                + (datasetId == null ? "" : " with datasetId " + datasetId) + " for " + id);
                    }
                })) {
            ctx.status(204);
        }
    }

    private void deleteEntity(Context ctx) {
        String tenant = in.tenant(ctx);
        String id = RequestReader.entityId(ctx);
        if (!distributedWrite(ctx, tenant, DistributedWrites.Operation.DELETE_TEMPORAL, id, List.of(), null,
                in.context(ctx), none -> {
                    if (!writes.deleteEntity(tenant, id)) {
                        throw NgsiLdException.notFound("Temporal entity not found: " + id);
                    }
                })) {
            ctx.status(204);
        }
    }

    /** The instances of each attribute of a temporal fragment: an array of instances, or one instance. */
    private Map<String, List<ObjectNode>> instances(ObjectNode body, LdContext context) {
        Map<String, List<ObjectNode>> instances = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> members = body.fields(); members.hasNext(); ) {
            Map.Entry<String, JsonNode> member = members.next();
            if (Members.ENTITY_MEMBERS.contains(member.getKey())) {
                continue;
            }
            String attribute = reader.attributeName(member.getKey(), context);
            List<ObjectNode> list = instances.computeIfAbsent(attribute, name -> new ArrayList<>());
            JsonNode value = member.getValue();
            for (JsonNode instance : value.isArray() ? value : List.of(value)) {
                list.addAll(reader.readAttribute(member.getKey(), instance, context, EntityReader.Nulls.REJECT));
            }
            if (list.isEmpty()) {
                throw NgsiLdException.badData("Attribute '" + member.getKey() + "' has no instances");
            }
        }
        if (instances.isEmpty()) {
            throw NgsiLdException.badData("A temporal fragment needs at least one attribute with instances");
        }
        return instances;
    }

    private static NgsiLdException noInstance(Context ctx, String id) {
        return NgsiLdException.notFound("No instance " + ctx.pathParam("instanceId") + " of " + ctx.pathParam("attrId")
                + " in the history of " + id);
    }

    private static UUID instanceId(Context ctx) {
        String text = ctx.pathParam("instanceId");
        String uuid = text.startsWith(INSTANCE_PREFIX) ? text.substring(INSTANCE_PREFIX.length()) : text;
        try {
            return UUID.fromString(uuid);
        } catch (IllegalArgumentException e) {
            throw NgsiLdException.badData("'" + text + "' is not an instance id (" + INSTANCE_PREFIX + "<uuid>)");
        }
    }
}

package be.belfort.api.entities;

import static be.belfort.api.ApiServer.BASE;

import be.belfort.access.DatasetReadAccess;
import be.belfort.api.AccessControl;
import be.belfort.api.DistributedDocuments;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.api.RouteGroup;
import be.belfort.jsonld.LdContext;
import be.belfort.model.Members;
import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import be.belfort.model.ReadScope;
import be.belfort.query.DistributedReads;
import be.belfort.query.DistributedReads.DocumentKind;
import be.belfort.query.EntityFinder;
import be.belfort.query.QueryService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.http.Context;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Discovery of what a tenant holds (clause 6.25-6.28): {@code /types}, {@code /types/{type}},
 * {@code /attributes}, {@code /attributes/{attrId}}, with names compacted against the request's @context.
 */
public final class DiscoveryRoutes implements RouteGroup {
    private final QueryService service;
    private final RequestReader in;
    private final ResponseWriter out;
    private final ObjectMapper json;

    private DatasetReadAccess readAccess;
    private DistributedReads distributed = DistributedReads.LOCAL;

    /** Asks the registered context sources that serve discovery too, and merges their answers. */
    public DiscoveryRoutes distributed(DistributedReads reads) {
        this.distributed = reads;
        return this;
    }

    /** Limits discovery to the types (and their attributes) each reader may see. */
    public DiscoveryRoutes readAccess(DatasetReadAccess access) {
        this.readAccess = access;
        return this;
    }

    public DiscoveryRoutes(QueryService service, RequestReader in, ResponseWriter out, ObjectMapper json) {
        this.service = service;
        this.in = in;
        this.out = out;
        this.json = json;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get(BASE + "/types", this::types);
        app.get(BASE + "/types/{type}", this::type);
        app.get(BASE + "/attributes", this::attributes);
        app.get(BASE + "/attributes/{attrId}", this::attribute);
    }

    private void types(Context ctx) {
        String tenant = in.tenant(ctx);
        ReadScope scope = scope(ctx, tenant);
        if (details(ctx)) {
            respond(ctx, DocumentKind.ENTITY_TYPE_DETAILS, scope, context -> details(ctx, context,
                    service.types(tenant, null).stream().filter(t -> scope.allowsType(t.type())).toList(),
                    (entityType, type) -> {
                        entityType.put(Members.ID, type.type()).put(Members.TYPE, "EntityType")
                                .put("typeName", context.compact(type.type()));
                        entityType.set("attributeNames", compacted(type.attributeTypes().keySet().stream()
                                .filter(attribute -> !scope.hides(type.type(), attribute)).toList(), context));
                    }));
        } else {
            respond(ctx, DocumentKind.ENTITY_TYPES, scope, context -> list(ctx, context, "EntityTypeList", "typeList",
                    service.typeNames(tenant).stream().filter(scope::allowsType).toList()));
        }
    }

    private void type(Context ctx) {
        String tenant = in.tenant(ctx);
        ReadScope scope = scope(ctx, tenant);
        String asked = Names.requireName("Entity type", ctx.pathParam("type"));
        JsonNode body = respond(ctx, DocumentKind.ENTITY_TYPE, scope, context -> {
            List<EntityFinder.TypeInfo> found = service.types(tenant, context.expand(asked));
            if (found.isEmpty() || !scope.allowsType(found.get(0).type())) {
                return null;
            }
            EntityFinder.TypeInfo type = found.get(0);
            ObjectNode info = json.createObjectNode();
            withContext(info, context, out.wantsJsonLd(ctx));
            info.put(Members.ID, type.type()).put(Members.TYPE, "EntityTypeInfo")
                    .put("typeName", context.compact(type.type())).put("entityCount", type.entityCount());
            ArrayNode details = info.putArray("attributeDetails");
            for (Map.Entry<String, Set<String>> attribute : type.attributeTypes().entrySet()) {
                if (scope.hides(type.type(), attribute.getKey())) {
                    continue;
                }
                ObjectNode detail = details.addObject().put(Members.ID, attribute.getKey()).put(Members.TYPE, "Attribute")
                        .put("attributeName", context.compact(attribute.getKey()));
                detail.set("attributeTypes", json.valueToTree(attribute.getValue()));
            }
            return info;
        });
        if (body == null) {
            throw NgsiLdException.notFound("No entity has the type " + asked);
        }
    }

    private void attributes(Context ctx) {
        String tenant = in.tenant(ctx);
        ReadScope scope = scope(ctx, tenant);
        if (details(ctx)) {
            respond(ctx, DocumentKind.ATTRIBUTE_DETAILS, scope, context -> details(ctx, context,
                    service.attributes(tenant, null, scope), (node, attribute) -> describe(node, attribute, context)));
        } else {
            respond(ctx, DocumentKind.ATTRIBUTES, scope, context -> list(ctx, context, "AttributeList", "attributeList",
                    scope.seesEverything() ? service.attributeNames(tenant) : service.attributes(tenant, null, scope)
                            .stream().map(EntityFinder.AttributeInfo::attribute).toList()));
        }
    }

    private void attribute(Context ctx) {
        String tenant = in.tenant(ctx);
        ReadScope scope = scope(ctx, tenant);
        String asked = Names.requireName("Attribute name", ctx.pathParam("attrId"));
        JsonNode body = respond(ctx, DocumentKind.ATTRIBUTE, scope, context -> {
            List<EntityFinder.AttributeInfo> found = service.attributes(tenant, context.expand(asked), scope);
            if (found.isEmpty()) {
                return null;
            }
            ObjectNode info = json.createObjectNode();
            withContext(info, context, out.wantsJsonLd(ctx));
            describe(info, found.get(0), context);
            return info;
        });
        if (body == null) {
            throw NgsiLdException.notFound("No entity has the attribute " + asked);
        }
    }

    /**
     * Answers the local document, merged with the registered sources' when any serves this discovery; returns
     * what was answered, or null (nothing answered) when neither has it.
     */
    private JsonNode respond(Context ctx, DocumentKind kind, ReadScope scope,
                             java.util.function.Function<LdContext, JsonNode> local) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        LdContext context = in.context(ctx);
        String tenant = in.tenant(ctx);
        DistributedReads.Document merged = DistributedDocuments.read(ctx, distributed, tenant, context,
                new DistributedReads.DocumentRead(kind, ctx.path(), null, null, scope, context::expand), jsonLd,
                () -> new DistributedReads.Document(local.apply(context), null));
        JsonNode body = merged != null ? merged.body() : local.apply(context);
        if (body != null) {
            out.write(ctx, 200, body, context, jsonLd);
        }
        return body;
    }

    /** An EntityTypeList or AttributeList: a fresh id, the type and the compacted names. */
    private ObjectNode list(Context ctx, LdContext context, String type, String member, List<String> iris) {
        ObjectNode body = json.createObjectNode();
        withContext(body, context, out.wantsJsonLd(ctx));
        body.put(Members.ID, "urn:ngsi-ld:" + type + ":" + UUID.randomUUID()).put(Members.TYPE, type);
        body.set(member, compacted(iris, context));
        return body;
    }

    /** An array with one described object per item. */
    private <T> ArrayNode details(Context ctx, LdContext context, List<T> items,
                                  java.util.function.BiConsumer<ObjectNode, T> describer) {
        ArrayNode body = json.createArrayNode();
        for (T item : items) {
            ObjectNode node = body.addObject();
            withContext(node, context, out.wantsJsonLd(ctx));
            describer.accept(node, item);
        }
        return body;
    }

    private void describe(ObjectNode node, EntityFinder.AttributeInfo attribute, LdContext context) {
        node.put(Members.ID, attribute.attribute()).put(Members.TYPE, "Attribute")
                .put("attributeName", context.compact(attribute.attribute()))
                .put("attributeCount", attribute.attributeCount());
        node.set("attributeTypes", json.valueToTree(attribute.attributeTypes()));
        node.set("typeNames", compacted(attribute.entityTypes(), context));
    }

    private static boolean details(Context ctx) {
        String details = ctx.queryParam("details");
        if (details != null && !details.equals("true") && !details.equals("false")) {
            throw NgsiLdException.badData("details must be true or false, not '" + details + "'");
        }
        return "true".equals(details);
    }

    private void withContext(ObjectNode node, LdContext context, boolean jsonLd) {
        if (jsonLd) {
            node.set(Members.CONTEXT, context.reference());
        }
    }

    private JsonNode compacted(Collection<String> iris, LdContext context) {
        ArrayNode names = json.createArrayNode();
        iris.forEach(iri -> names.add(context.compact(iri)));
        return names;
    }

    private ReadScope scope(Context ctx, String tenant) {
        return readAccess.scope(AccessControl.principal(ctx), tenant);
    }
}

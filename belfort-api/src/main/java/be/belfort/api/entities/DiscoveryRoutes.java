package be.belfort.api.entities;

import static be.belfort.api.ApiServer.BASE;

import be.belfort.access.DatasetReadAccess;
import be.belfort.api.AccessControl;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.api.RouteGroup;
import be.belfort.jsonld.LdContext;
import be.belfort.model.Members;
import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import be.belfort.model.ReadScope;
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
        if (details(ctx)) {
            ReadScope scope = scope(ctx, tenant);
            writeDetails(ctx, service.types(tenant, null).stream().filter(t -> scope.allowsType(t.type()))
                    .toList(), (entityType, type, context) -> {
                entityType.put(Members.ID, type.type()).put(Members.TYPE, "EntityType")
                        .put("typeName", context.compact(type.type()));
                entityType.set("attributeNames", compacted(type.attributeTypes().keySet().stream()
                        .filter(attribute -> !scope.hides(type.type(), attribute)).toList(), context));
            });
        } else {
            ReadScope scope = scope(ctx, tenant);
            writeList(ctx, "EntityTypeList", "typeList", service.typeNames(tenant).stream()
                    .filter(type -> scope.allowsType(type)).toList());
        }
    }

    private void type(Context ctx) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        LdContext context = in.context(ctx);
        String name = context.expand(Names.requireName("Entity type", ctx.pathParam("type")));
        ReadScope scope = scope(ctx, in.tenant(ctx));
        List<EntityFinder.TypeInfo> found = service.types(in.tenant(ctx), name);
        if (found.isEmpty() || scope != null && !scope.allowsType(found.get(0).type())) {
            throw NgsiLdException.notFound("No entity has the type " + ctx.pathParam("type"));
        }
        EntityFinder.TypeInfo type = found.get(0);
        ObjectNode body = json.createObjectNode();
        withContext(body, context, jsonLd);
        body.put(Members.ID, type.type()).put(Members.TYPE, "EntityTypeInfo")
                .put("typeName", context.compact(type.type())).put("entityCount", type.entityCount());
        ArrayNode details = body.putArray("attributeDetails");
        for (Map.Entry<String, Set<String>> attribute : type.attributeTypes().entrySet()) {
            if (scope != null && scope.hides(type.type(), attribute.getKey())) {
                continue;
            }
            ObjectNode detail = details.addObject().put(Members.ID, attribute.getKey()).put(Members.TYPE, "Attribute")
                    .put("attributeName", context.compact(attribute.getKey()));
            detail.set("attributeTypes", json.valueToTree(attribute.getValue()));
        }
        out.write(ctx, 200, body, context, jsonLd);
    }

    private void attributes(Context ctx) {
        String tenant = in.tenant(ctx);
        ReadScope scope = scope(ctx, tenant);
        if (details(ctx)) {
            writeDetails(ctx, service.attributes(tenant, null, scope), this::describe);
        } else if (scope.seesEverything()) {
            writeList(ctx, "AttributeList", "attributeList", service.attributeNames(tenant));
        } else {
            writeList(ctx, "AttributeList", "attributeList", service.attributes(tenant, null, scope).stream()
                    .map(EntityFinder.AttributeInfo::attribute).toList());
        }
    }

    /** An EntityTypeList or AttributeList: a fresh id, the type and the compacted names. */
    private void writeList(Context ctx, String type, String member, List<String> iris) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        LdContext context = in.context(ctx);
        ObjectNode body = json.createObjectNode();
        withContext(body, context, jsonLd);
        body.put(Members.ID, "urn:ngsi-ld:" + type + ":" + UUID.randomUUID()).put(Members.TYPE, type);
        body.set(member, compacted(iris, context));
        out.write(ctx, 200, body, context, jsonLd);
    }

    /** An array with one described object per item. */
    private <T> void writeDetails(Context ctx, List<T> items, Describer<T> describer) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        LdContext context = in.context(ctx);
        ArrayNode body = json.createArrayNode();
        for (T item : items) {
            ObjectNode node = body.addObject();
            withContext(node, context, jsonLd);
            describer.describe(node, item, context);
        }
        out.write(ctx, 200, body, context, jsonLd);
    }

    private interface Describer<T> {
        void describe(ObjectNode node, T item, LdContext context);
    }

    private void attribute(Context ctx) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        LdContext context = in.context(ctx);
        String name = context.expand(Names.requireName("Attribute name", ctx.pathParam("attrId")));
        ReadScope scope = scope(ctx, in.tenant(ctx));
        List<EntityFinder.AttributeInfo> found = service.attributes(in.tenant(ctx), name, scope);
        if (found.isEmpty()) {
            throw NgsiLdException.notFound("No entity has the attribute " + ctx.pathParam("attrId"));
        }
        ObjectNode body = json.createObjectNode();
        withContext(body, context, jsonLd);
        describe(body, found.get(0), context);
        out.write(ctx, 200, body, context, jsonLd);
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

package be.belfort.api;

import be.belfort.jsonld.LdContext;
import be.belfort.model.ErrorType;
import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import be.belfort.query.EntityQuery;
import be.belfort.query.EntitySelector;
import be.belfort.query.GeoQuery;
import be.belfort.query.QueryExpression;
import be.belfort.query.QueryTerms;
import be.belfort.query.ScopeQuery;
import be.belfort.query.TypeExpression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads what an entity query asks for, from the URL of {@code GET /entities} or from the Query body
 * of {@code POST /entityOperations/query} (clause 5.2.23), into expanded form. Every mistake is a
 * BadRequestData that names the parameter.
 */
public final class QueryParams {
    private QueryParams() {
    }

    /** The filtering part of a query: everything except paging. */
    public record Filter(List<EntitySelector> selectors, List<String> attributes, QueryExpression q, GeoQuery geo,
                  ScopeQuery scope) {
        public boolean isEmpty() {
            return selectors.isEmpty() && attributes.isEmpty() && q == null && geo == null && scope == null;
        }

        /** How many relationships deep the terms of q over linked entities ({@code rel{attr}}) reach: 0 without any. */
        public int linkDepth() {
            return QueryExpression.linkDepth(q);
        }

        /** Refuses q over linked entities where the operation has no linked entity retrieval (join). */
        public Filter withoutLinks(String operation) {
            if (linkDepth() > 0) {
                throw NgsiLdException.badData(operation + " has no linked entity retrieval (join): q cannot name the"
                        + " attributes of linked entities (rel{attr})");
            }
            return this;
        }

        public EntityQuery toQuery(Paging paging) {
            return new EntityQuery(selectors, attributes, q, geo, scope, paging.limit(), paging.offset(), paging.count());
        }
    }

    public static Filter fromUrl(Context ctx, LdContext context) {
        List<String> ids = RepresentationParams.commaList(ctx.queryParam("id"));
        ids.forEach(id -> Names.requireUri("An id in 'id'", id));
        EntitySelector selector = new EntitySelector(ids, idPattern(ctx.queryParam("idPattern")),
                type(ctx.queryParam("type"), context));
        String coordinates = ctx.queryParam("coordinates");
        // type=* selects every entity: a selector that names nothing else matches all
        boolean anyType = QueryTerms.ANY_TYPE.equals(ctx.queryParam("type"));
        return new Filter(selector.isEmpty() && !anyType ? List.of() : List.of(selector),
                attributes(ctx.queryParam("attrs"), context),
                q(ctx.queryParam("q"), context),
                geo(ctx.queryParam("georel"), ctx.queryParam("geometry"),
                        coordinates == null ? null : TextNode.valueOf(coordinates), ctx.queryParam("geoproperty"), context),
                scope(ctx.queryParam("scopeQ")));
    }

    public static Filter fromBody(JsonNode body, LdContext context) {
        if (!body.isObject()) {
            throw NgsiLdException.badData("A query is a JSON object of type Query");
        }
        if (!"Query".equals(body.path("type").asText())) {
            throw NgsiLdException.badData("A query body needs \"type\": \"Query\"");
        }
        List<EntitySelector> selectors = QueryTerms.selectors(body.get("entities"), context::expand);
        List<String> attributes = new ArrayList<>();
        JsonNode attrs = body.get("attrs");
        if (attrs != null) {
            if (!attrs.isArray() || attrs.isEmpty()) {
                throw NgsiLdException.badData("attrs must be a non-empty array of attribute names");
            }
            attrs.forEach(name -> attributes.add(context.expand(Names.requireName("Attribute name", name.asText()))));
        }
        GeoQuery geo = QueryTerms.geoQ(body.get("geoQ"), context::expand);
        return new Filter(selectors, attributes, q(text(body, "q"), context), geo, scope(text(body, "scopeQ")));
    }

    /** The projection of a Query body: its attrs, pick or omit, each an array of names (pick and omit: or a string). */
    public static Projection projection(JsonNode body, LdContext context) {
        return Projection.of(names(body, "attrs"), names(body, "pick"), names(body, "omit"), context::expand);
    }

    private static List<String> names(JsonNode body, String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual() && !member.equals("attrs")) {
            return List.of(value.asText());
        }
        if (value.isArray()) {
            List<String> names = new ArrayList<>();
            for (JsonNode name : value) {
                if (!name.isTextual()) {
                    throw NgsiLdException.badData(member + " must be an array of names");
                }
                names.add(name.asText());
            }
            return names;
        }
        throw NgsiLdException.badData(member + " must be an array of names");
    }

    public static String text(JsonNode object, String member) {
        return QueryTerms.text(object, member);
    }

    public static List<String> attributes(String attrs, LdContext context) {
        return new ArrayList<>(RepresentationParams.attributeNames(attrs, context));
    }

    private static String idPattern(String idPattern) {
        return QueryTerms.idPattern(idPattern);
    }

    private static TypeExpression type(String type, LdContext context) {
        return QueryTerms.type(type, context::expand);
    }

    /** q of Query Entities, with terms over linked entities (rel{attr}); other operations refuse those. */
    private static QueryExpression q(String q, LdContext context) {
        return QueryTerms.qOverLinks(q, context::expand);
    }

    private static ScopeQuery scope(String scopeQ) {
        return QueryTerms.scope(scopeQ);
    }

    private static GeoQuery geo(String georel, String geometry, JsonNode coordinates, String geoproperty,
                                LdContext context) {
        return QueryTerms.geo(georel, geometry, coordinates, geoproperty, context::expand);
    }

    public static int number(Context ctx, String name, int fallback) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw NgsiLdException.badData(name + " must be a whole number of 0 or more, not '" + value + "'");
    }

    public static void checkPaging(int limit, int maxLimit, boolean count) {
        if (limit > maxLimit) {
            throw new NgsiLdException(ErrorType.TOO_MANY_RESULTS, "limit may be at most " + maxLimit);
        }
        if (limit == 0 && !count) {
            throw NgsiLdException.badData("limit=0 only makes sense with count=true");
        }
    }

    /**
     * Refuses a URL parameter the operation does not define: a misspelt {@code tpye=} must not silently widen a
     * query to something else. Parameters of the specification that Belfort does not act on are listed in
     * docs/conformance.md.
     */
    public static void requireKnown(Context ctx, Set<String> known) {
        for (String name : ctx.queryParamMap().keySet()) {
            // an empty name comes from a stray separator ("?type=T&&q=…"), not from a parameter; the tenant may be
            // named in the query as the catalogue publishes the API's URL (TenantInQuery)
            if (!name.isEmpty() && !known.contains(name) && !name.equalsIgnoreCase(RequestReader.TENANT_HEADER)) {
                throw NgsiLdException.invalidRequest("Unknown URL parameter '" + name + "'; this operation takes "
                        + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
    }
}

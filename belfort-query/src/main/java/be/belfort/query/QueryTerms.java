package be.belfort.query;

import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Reads the query terms that several payloads share (a Query body, a Subscription): entity selectors,
 * {@code q}, {@code geoQ}, {@code scopeQ}, into expanded form. Names are expanded with the given
 * expander (the payload's @context); every mistake is a BadRequestData that names the member.
 */
public final class QueryTerms {
    private QueryTerms() {
    }

    /** The members of an {@code entities} array; each needs a type, as clause 5.2.33 says. */
    public static List<EntitySelector> selectors(JsonNode entities, UnaryOperator<String> expander) {
        if (entities == null || entities.isNull()) {
            return List.of();
        }
        if (!entities.isArray()) {
            throw NgsiLdException.badData("entities must be an array of EntitySelector objects");
        }
        List<EntitySelector> selectors = new ArrayList<>();
        for (JsonNode entity : entities) {
            if (!entity.isObject()) {
                throw NgsiLdException.badData("Each member of entities must be an object");
            }
            String id = text(entity, "id");
            if (id != null) {
                Names.requireUri("id in entities", id);
            }
            String type = text(entity, "type");
            if (type == null) {
                throw NgsiLdException.badData("Each member of entities needs a type");
            }
            selectors.add(new EntitySelector(id == null ? List.of() : List.of(id),
                    idPattern(text(entity, "idPattern")), type(type, expander)));
        }
        return selectors;
    }

    /** A {@code geoQ} object, or null when absent. */
    public static GeoQuery geoQ(JsonNode geoQ, UnaryOperator<String> expander) {
        if (geoQ == null || geoQ.isNull()) {
            return null;
        }
        if (!geoQ.isObject()) {
            throw NgsiLdException.badData("geoQ must be an object with geometry, coordinates and georel");
        }
        GeoQuery geo = geo(text(geoQ, "georel"), text(geoQ, "geometry"), geoQ.get("coordinates"),
                text(geoQ, "geoproperty"), expander);
        if (geo == null) {
            throw NgsiLdException.badData("geoQ needs georel, geometry and coordinates");
        }
        return geo;
    }

    /** A geo-query from its four parameters, or null when none is given. */
    public static GeoQuery geo(String georel, String geometry, JsonNode coordinates, String geoproperty,
                               UnaryOperator<String> expander) {
        if (georel == null && geometry == null && coordinates == null && geoproperty == null) {
            return null;
        }
        GeoQuery query = GeoQuery.of(georel, geometry, coordinates, geoproperty);
        return query.withGeoproperty(expander.apply(Names.requireName("geoproperty", query.geoproperty())));
    }

    public static String idPattern(String idPattern) {
        if (idPattern == null) {
            return null;
        }
        try {
            ClientPattern.check(idPattern);
        } catch (ClientPattern.Refused e) {
            throw NgsiLdException.badData("idPattern cannot be used: " + e.getMessage());
        }
        return idPattern;
    }

    /** The type that selects entities of any type ({@code type=*}, as clients of v1.8 brokers send it). */
    public static final String ANY_TYPE = "*";

    /** The type expression, expanded; null for none and for {@link #ANY_TYPE}. */
    public static TypeExpression type(String type, UnaryOperator<String> expander) {
        return type == null || type.trim().equals(ANY_TYPE) ? null : TypeExpression.parse(type).expand(expander);
    }

    public static QueryExpression q(String q, UnaryOperator<String> expander) {
        return q == null ? null : QueryParser.parse(q).expand(expander);
    }

    /** As {@link #q(String, UnaryOperator)}, with terms over linked entities ({@code rel{attr}}, Query Entities). */
    public static QueryExpression qOverLinks(String q, UnaryOperator<String> expander) {
        return q == null ? null : QueryParser.parse("q", q, true).expand(expander);
    }

    public static ScopeQuery scope(String scopeQ) {
        return scopeQ == null ? null : ScopeQuery.parse(scopeQ);
    }

    /** A string member of a payload, or null; any other JSON type is a BadRequestData. */
    public static String text(JsonNode object, String member) {
        JsonNode value = object.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw NgsiLdException.badData(member + " must be a string");
        }
        return value.asText();
    }
}

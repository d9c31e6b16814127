package be.belfort.api.entities;

import be.belfort.jsonld.LdContext;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import be.belfort.query.Ordering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the order of query results (v1.9.1 entity ordering): {@code orderBy} in the URL, or the
 * {@code ordering} member of a Query body with its {@code orderBy} (a string or an array of keys); the
 * geometry a distance ordering measures from is {@code orderGeometry} and {@code orderFrom} in the URL,
 * {@code geometry} and {@code coordinates} in the body. Collation is not supported: asking for one is 422
 * OperationNotSupported.
 */
final class OrderingParams {
    private static final Set<String> BODY_MEMBERS = Set.of("orderBy", "geometry", "coordinates");

    private OrderingParams() {
    }

    /** The URL's orderBy, or null for id order. */
    static Ordering fromUrl(Context ctx, LdContext context) {
        if (ctx.queryParam("collation") != null) {
            throw unsupported("collation");
        }
        String orderBy = ctx.queryParam("orderBy");
        String geometry = ctx.queryParam("orderGeometry");
        String from = ctx.queryParam("orderFrom");
        if (orderBy == null) {
            if (geometry != null || from != null) {
                throw NgsiLdException.badData("orderGeometry and orderFrom go with orderBy …;dist-asc or …;dist-desc");
            }
            return null;
        }
        return Ordering.parse(orderBy, context::expand).from(geometry, from == null ? null : TextNode.valueOf(from));
    }

    /** The Query body's ordering, or null for id order. */
    static Ordering fromBody(JsonNode body, LdContext context) {
        JsonNode ordering = body.get("ordering");
        if (ordering == null || ordering.isNull()) {
            return null;
        }
        if (!ordering.isObject()) {
            throw NgsiLdException.badData("ordering must be an object with an orderBy member");
        }
        ordering.fieldNames().forEachRemaining(name -> {
            if (name.equals("collation")) {
                throw unsupported("ordering.collation");
            }
            if (!BODY_MEMBERS.contains(name)) {
                throw NgsiLdException.badData("ordering has an unknown member '" + name + "'");
            }
        });
        JsonNode orderBy = ordering.get("orderBy");
        if (orderBy == null) {
            throw NgsiLdException.badData("ordering needs an orderBy member");
        }
        JsonNode geometry = ordering.get("geometry");
        if (geometry != null && !geometry.isTextual()) {
            throw NgsiLdException.badData("ordering.geometry must be a GeoJSON geometry type such as Point");
        }
        String geometryType = geometry == null ? null : geometry.asText();
        if (orderBy.isTextual()) {
            return Ordering.parse(orderBy.asText(), context::expand).from(geometryType, ordering.get("coordinates"));
        }
        if (!orderBy.isArray()) {
            throw NgsiLdException.badData("ordering.orderBy must be a string or an array of strings");
        }
        List<String> keys = new ArrayList<>();
        for (JsonNode key : orderBy) {
            if (!key.isTextual()) {
                throw NgsiLdException.badData("ordering.orderBy must be a string or an array of strings");
            }
            keys.add(key.asText());
        }
        return Ordering.parse(keys, context::expand).from(geometryType, ordering.get("coordinates"));
    }

    private static NgsiLdException unsupported(String name) {
        return new NgsiLdException(ErrorType.OPERATION_NOT_SUPPORTED, "'" + name + "' is not supported: strings are"
                + " ordered by the database collation");
    }
}

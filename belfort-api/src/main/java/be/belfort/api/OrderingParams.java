package be.belfort.api;

import be.belfort.jsonld.LdContext;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import be.belfort.query.Ordering;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the order of query results (v1.9.1 entity ordering): {@code orderBy} in the URL, or the
 * {@code ordering} member of a Query body with its {@code orderBy} (a string or an array of keys). Ordering
 * by distance and by collation is not supported: asking for it is 422 OperationNotSupported.
 */
final class OrderingParams {
    private static final List<String> UNSUPPORTED_URL = List.of("orderFrom", "orderGeometry", "collation");
    private static final Set<String> UNSUPPORTED_BODY = Set.of("geometry", "coordinates", "collation");

    private OrderingParams() {
    }

    /** The URL's orderBy, or null for id order. */
    static Ordering fromUrl(Context ctx, LdContext context) {
        for (String name : UNSUPPORTED_URL) {
            if (ctx.queryParam(name) != null) {
                throw unsupported(name);
            }
        }
        String orderBy = ctx.queryParam("orderBy");
        return orderBy == null ? null : Ordering.parse(orderBy, context::expand);
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
            if (UNSUPPORTED_BODY.contains(name)) {
                throw unsupported("ordering." + name);
            }
            if (!name.equals("orderBy")) {
                throw NgsiLdException.badData("ordering has an unknown member '" + name + "'");
            }
        });
        JsonNode orderBy = ordering.get("orderBy");
        if (orderBy == null) {
            throw NgsiLdException.badData("ordering needs an orderBy member");
        }
        if (orderBy.isTextual()) {
            return Ordering.parse(orderBy.asText(), context::expand);
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
        return Ordering.parse(keys, context::expand);
    }

    private static NgsiLdException unsupported(String name) {
        return new NgsiLdException(ErrorType.OPERATION_NOT_SUPPORTED, "'" + name + "' is not supported: results are"
                + " ordered by attribute values (orderBy with asc or desc), not by distance or collation");
    }
}

package be.belfort.query;

import be.belfort.model.ErrorType;
import be.belfort.model.Members;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;
import org.locationtech.jts.geom.Geometry;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The order of query results (ETSI GS CIM 009 v1.9.1, entity ordering: the {@code orderBy} parameter and
 * the {@code ordering} member of a Query): keys, each an attribute path in the syntax of q (clause 4.9:
 * {@code a}, {@code a.b}, {@code a[k]}, {@code a.observedAt}) or one of the entity members {@code id},
 * {@code type}, {@code createdAt}, {@code modifiedAt}, followed by {@code ;asc} (the default) or
 * {@code ;desc}. Entities without a key's value come after all others, and ties are broken by id.
 * Ordering by distance is one GeoProperty with {@code ;dist-asc} or {@code ;dist-desc} and the geometry to
 * measure from ({@code orderGeometry} and {@code orderFrom} in the URL, {@code geometry} and
 * {@code coordinates} in a Query's ordering): the geodesic distance between the nearest points.
 *
 * @param keys the keys in order of precedence, at least one
 * @param from the geometry distances are measured from, or null when no key orders by distance
 */
public record Ordering(List<Key> keys, Geometry from) {
    public static final int MAX_KEYS = 16;
    private static final Set<String> ENTITY_MEMBERS = Set.of(Members.ID, Members.TYPE, Members.CREATED_AT,
            Members.MODIFIED_AT);

    public Ordering {
        keys = List.copyOf(keys);
    }

    public Ordering(List<Key> keys) {
        this(keys, null);
    }

    /** The key that orders by distance, or null. */
    public Key distanceKey() {
        return keys.stream().filter(Key::byDistance).findFirst().orElse(null);
    }

    /**
     * The same ordering measuring distances from the geometry given as GeoJSON type and coordinates (JSON text
     * in the URL, a JSON array in a body); both must be given exactly when a key orders by distance.
     */
    public Ordering from(String geometry, JsonNode coordinates) {
        boolean given = geometry != null || coordinates != null && !coordinates.isNull();
        if (distanceKey() == null) {
            if (given) {
                throw NgsiLdException.badData("A geometry to order from is only used with orderBy …;dist-asc or …;dist-desc");
            }
            return this;
        }
        if (keys.size() > 1) {
            throw NgsiLdException.badData("Ordering by distance takes one key: the GeoProperty");
        }
        if (!given) {
            throw NgsiLdException.badData("Ordering by distance needs the geometry to measure from"
                    + " (orderGeometry and orderFrom)");
        }
        // The geo-query reads and checks a geometry exactly as georel's does; its relation is not used.
        return new Ordering(keys, GeoQuery.of("intersects", geometry, coordinates, null).reference());
    }

    /** What a key orders by: an entity member (id, type, createdAt, modifiedAt) or an attribute path. */
    public sealed interface Target {
    }

    /** One of the entity's own members: {@code id}, {@code type}, {@code createdAt} or {@code modifiedAt}. */
    public record EntityMember(String name) implements Target {
    }

    /** An attribute path, with expanded names. */
    public record Attribute(AttributePath path) implements Target {
    }

    /** @param byDistance order by the distance of the GeoProperty {@code target} from the ordering's geometry */
    public record Key(Target target, boolean descending, boolean byDistance) {
        public Key(Target target, boolean descending) {
            this(target, descending, false);
        }
    }

    /** Parses a comma-separated {@code orderBy} value. */
    public static Ordering parse(String orderBy, UnaryOperator<String> expand) {
        if (orderBy == null || orderBy.isBlank()) {
            throw NgsiLdException.badData("orderBy is empty");
        }
        return parse(List.of(orderBy.split(",", -1)), expand);
    }

    /** Parses the keys one by one, as given in an array of a Query's {@code ordering.orderBy}. */
    public static Ordering parse(List<String> items, UnaryOperator<String> expand) {
        if (items.isEmpty()) {
            throw NgsiLdException.badData("orderBy names no attribute");
        }
        if (items.size() > MAX_KEYS) {
            throw new NgsiLdException(ErrorType.TOO_COMPLEX_QUERY, "orderBy has more than " + MAX_KEYS + " keys");
        }
        List<Key> keys = new ArrayList<>();
        for (String item : items) {
            keys.add(key(item.strip(), expand));
        }
        return new Ordering(keys);
    }

    private static Key key(String item, UnaryOperator<String> expand) {
        int separator = item.indexOf(';');
        String path = separator < 0 ? item : item.substring(0, separator);
        String direction = separator < 0 ? "asc" : item.substring(separator + 1);
        if (path.isEmpty()) {
            throw NgsiLdException.badData("orderBy has an empty key in '" + item + "'");
        }
        boolean descending = switch (direction) {
            case "asc", "dist-asc" -> false;
            case "desc", "dist-desc" -> true;
            default -> throw NgsiLdException.badData("orderBy direction must be asc, desc, dist-asc or dist-desc, not '"
                    + direction + "'");
        };
        boolean byDistance = direction.startsWith("dist-");
        if (ENTITY_MEMBERS.contains(path)) {
            if (byDistance) {
                throw NgsiLdException.badData("Only a GeoProperty can be ordered by distance, not " + path);
            }
            return new Key(new EntityMember(path), descending);
        }
        AttributePath attribute = attributePath(path).expand(expand);
        if (byDistance && (!attribute.subAttributes().isEmpty() || !attribute.jsonKeys().isEmpty())) {
            throw NgsiLdException.badData("Ordering by distance takes a GeoProperty name, not the path " + path);
        }
        return new Key(new Attribute(attribute), descending, byDistance);
    }

    /** An attribute path as q writes one: the query parser reads it as a term that asks for its presence. */
    private static AttributePath attributePath(String text) {
        QueryExpression parsed = text.contains("(") ? null : QueryParser.parse("orderBy", text);
        if (parsed instanceof QueryExpression.Presence presence && !presence.negated()) {
            return presence.path();
        }
        throw NgsiLdException.badData("orderBy key '" + text + "' is not an attribute path");
    }
}

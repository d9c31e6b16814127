package be.belfort.query;

import be.belfort.model.Entity;
import be.belfort.model.Members;
import com.fasterxml.jackson.databind.JsonNode;
import org.locationtech.jts.geom.Geometry;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * An {@link Ordering} over entities held in memory, as the store orders them: each key's first value, entities
 * without it last, ties by id; values of different JSON kinds in PostgreSQL's jsonb order (strings before numbers
 * before booleans before arrays before objects), numbers by value, strings by their characters. Used where
 * entities from several places are merged into one ordered page.
 */
public final class EntityOrder {
    private EntityOrder() {
    }

    /** The comparator of the ordering; id order for none. */
    public static Comparator<Entity> of(Ordering ordering) {
        Comparator<Entity> byId = Comparator.comparing(Entity::id);
        if (ordering == null) {
            return byId;
        }
        Comparator<Entity> order = null;
        for (Ordering.Key key : ordering.keys()) {
            Comparator<Entity> next = key(key, ordering.from());
            order = order == null ? next : order.thenComparing(next);
        }
        return order.thenComparing(byId);
    }

    private static Comparator<Entity> key(Ordering.Key key, Geometry from) {
        if (key.byDistance()) {
            String property = ((Ordering.Attribute) key.target()).path().attribute();
            return nullsLast(entity -> distance(entity, property, from), Double::compare, key.descending());
        }
        return switch (key.target()) {
            case Ordering.EntityMember member -> switch (member.name()) {
                case Members.ID -> nullsLast(Entity::id, String::compareTo, key.descending());
                case Members.TYPE -> nullsLast(entity -> String.join(",", entity.types()), String::compareTo,
                        key.descending());
                case Members.CREATED_AT -> nullsLast(Entity::createdAt, Instant::compareTo, key.descending());
                default -> nullsLast(Entity::modifiedAt, Instant::compareTo, key.descending());
            };
            case Ordering.Attribute attribute -> nullsLast(entity -> EntityMatcher.firstValue(entity, attribute.path()),
                    EntityOrder::compareJson, key.descending());
        };
    }

    /** Compares the keys, the direction applying to present values only: a missing one comes last either way. */
    private static <T> Comparator<Entity> nullsLast(java.util.function.Function<Entity, T> extract,
                                                    Comparator<T> compare, boolean descending) {
        Comparator<T> direction = descending ? compare.reversed() : compare;
        return (a, b) -> {
            T left = extract.apply(a);
            T right = extract.apply(b);
            if (left == null || right == null) {
                return left == null ? (right == null ? 0 : 1) : -1;
            }
            return direction.compare(left, right);
        };
    }

    private static Double distance(Entity entity, String property, Geometry from) {
        List<com.fasterxml.jackson.databind.node.ObjectNode> instances = entity.attributes().get(property);
        if (instances == null) {
            return null;
        }
        double nearest = Double.POSITIVE_INFINITY;
        for (JsonNode instance : instances) {
            JsonNode value = instance.get(Members.VALUE);
            if (value != null && value.isObject()) {
                try {
                    nearest = Math.min(nearest, Geometries.geodesicDistance(Geometries.read(value), from));
                } catch (RuntimeException notAGeometry) {
                    // A value that is no geometry has no distance.
                }
            }
        }
        return Double.isInfinite(nearest) ? null : nearest;
    }

    private static int compareJson(JsonNode a, JsonNode b) {
        int kinds = Integer.compare(rank(a), rank(b));
        if (kinds != 0) {
            return kinds;
        }
        if (a.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        if (a.isTextual()) {
            return a.asText().compareTo(b.asText());
        }
        if (a.isBoolean()) {
            return Boolean.compare(a.asBoolean(), b.asBoolean());
        }
        return a.toString().compareTo(b.toString());
    }

    /** jsonb's order of kinds: null < string < number < boolean < array < object. */
    private static int rank(JsonNode value) {
        if (value.isNull()) {
            return 0;
        }
        if (value.isTextual()) {
            return 1;
        }
        if (value.isNumber()) {
            return 2;
        }
        if (value.isBoolean()) {
            return 3;
        }
        return value.isArray() ? 4 : 5;
    }
}

package be.belfort.query;

import be.belfort.model.ErrorType;
import be.belfort.model.Members;
import be.belfort.model.NgsiLdException;

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
 *
 * @param keys the keys in order of precedence, at least one
 */
public record Ordering(List<Key> keys) {
    public static final int MAX_KEYS = 16;
    private static final Set<String> ENTITY_MEMBERS = Set.of(Members.ID, Members.TYPE, Members.CREATED_AT,
            Members.MODIFIED_AT);

    public Ordering {
        keys = List.copyOf(keys);
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

    public record Key(Target target, boolean descending) {
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
            case "asc" -> false;
            case "desc" -> true;
            case "dist-asc", "dist-desc" -> throw new NgsiLdException(ErrorType.OPERATION_NOT_SUPPORTED,
                    "Ordering by distance (" + direction + ") is not supported; order by an attribute with asc or desc");
            default -> throw NgsiLdException.badData("orderBy direction must be asc or desc, not '" + direction + "'");
        };
        if (ENTITY_MEMBERS.contains(path)) {
            return new Key(new EntityMember(path), descending);
        }
        return new Key(new Attribute(attributePath(path).expand(expand)), descending);
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

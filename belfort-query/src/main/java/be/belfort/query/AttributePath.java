package be.belfort.query;

import be.belfort.model.Members;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The left-hand side of a q term (clause 4.9): an attribute, optionally a path of sub-attributes
 * ({@code a.b.c}) and a path of keys into a JSON value ({@code a[b][c]}). The last sub-attribute may be a
 * core member such as {@code observedAt} or {@code unitCode}.
 *
 * @param attribute     the attribute name (as written, or expanded to an IRI after {@link #expand})
 * @param subAttributes sub-attribute names, outermost first
 * @param jsonKeys      member names inside the value, outermost first; never expanded
 */
public record AttributePath(String attribute, List<String> subAttributes, List<String> jsonKeys) {

    public AttributePath {
        subAttributes = List.copyOf(subAttributes);
        jsonKeys = List.copyOf(jsonKeys);
    }

    /** The same path with attribute and sub-attribute names expanded; core member names stay as they are. */
    public AttributePath expand(UnaryOperator<String> expander) {
        return new AttributePath(expander.apply(attribute),
                subAttributes.stream().map(name -> isCoreMember(name) ? name : expander.apply(name)).toList(),
                jsonKeys);
    }

    /** True when the path ends in a core member of an attribute (observedAt, unitCode, ...) rather than a value. */
    public boolean endsInCoreMember() {
        return !subAttributes.isEmpty() && isCoreMember(subAttributes.get(subAttributes.size() - 1));
    }

    static boolean isCoreMember(String name) {
        return !Members.isSubAttribute(name) && !name.equals(Members.TYPE);
    }
}
